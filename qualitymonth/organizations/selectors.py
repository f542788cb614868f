"""Reads of units and people, already narrowed to what the viewer may see."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from qualitymonth.organizations.models import (
    STAFF_ROLES,
    Membership,
    Position,
    Role,
    Unit,
    UnitKind,
    User,
)
from qualitymonth.organizations.search import query_terms


def units_below(unit_ids: set[int]) -> set[int]:
    """`unit_ids` and every unit under them, one query per level of the tree."""
    found, frontier = set(unit_ids), set(unit_ids)
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier -= found
        found |= frontier
    return found


# --- which units a person acts for ---------------------------------------------------------
#
# The one answer every app's rules and selectors ask. It is memoised on the user object:
# Django builds `request.user` afresh for each request (from the session or the API token),
# so an attribute on it lives exactly as long as the request, is never shared between
# requests, threads or processes, and needs no cache invalidation across servers. Django's
# own ModelBackend keeps its permission cache (`_perm_cache`) the same way. A request asks
# the database once for the person's positions and walks the unit tree below them once,
# however many permissions its views and templates check. Code that changes someone's
# positions and then asks about the same user object again calls `forget_acting_for`.

_ACTING_FOR = "_acting_for_cache"


@dataclass(frozen=True)
class HeldPosition:
    role: str
    unit_id: int
    unit_kind: str
    unit_active: bool


def _memo(user) -> dict:
    memo = getattr(user, _ACTING_FOR, None)
    if memo is None:
        memo = {}
        setattr(user, _ACTING_FOR, memo)
    return memo


def forget_acting_for(user) -> None:
    """Drop what was memoised about `user`'s positions (after they changed)."""
    if getattr(user, _ACTING_FOR, None) is not None:
        setattr(user, _ACTING_FOR, None)


def held_positions(user) -> tuple[HeldPosition, ...]:
    """The person's positions (role, unit, the unit's kind and state); one query a request."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return ()
    memo = _memo(user)
    if "positions" not in memo:
        remember_positions(user, held_positions_query(user))
    return memo["positions"]


def held_positions_query(user) -> QuerySet:
    """The rows `held_positions` reads: for a caller that sends the query along with others
    in one round trip and hands the rows to `remember_positions`."""
    return (
        Position.objects.filter(user_id=user.pk)
        .order_by()
        .values_list("role", "unit_id", "unit__kind", "unit__is_active")
    )


def remember_positions(user, rows) -> None:
    """`held_positions_query`'s rows as the user's positions for the rest of the request."""
    _memo(user)["positions"] = tuple(HeldPosition(*row) for row in rows)


def _with_units_below(user, roots: set[int]) -> set[int]:
    """`roots` and every unit under them. Each unit's children are fetched at most once a
    request (one query per level of what is not known yet), so asking again, or for other
    roles whose units overlap, costs nothing more."""
    children: dict[int, list[int]] = _memo(user).setdefault("children", {})
    found, frontier = set(roots), set(roots)
    while frontier:
        unknown = {pk for pk in frontier if pk not in children}
        if unknown:
            for pk in unknown:
                children[pk] = []
            rows = Unit.objects.filter(parent_id__in=unknown).values_list("pk", "parent_id")
            for pk, parent_id in rows:
                children[parent_id].append(pk)
        frontier = {child for pk in frontier for child in children[pk]} - found
        found |= frontier
    return found


def units_acted_for(
    user, roles: str | Iterable[str] | None = None, *, below: bool
) -> frozenset[int]:
    """Ids of the units `user` acts for in one of `roles` (any role when None).

    `below=True` adds every unit under those units (a district's staff act for its streets
    and bureaus); `below=False` means only the units where the position is held. Each
    caller states which. Anonymous visitors act for no unit.
    """
    if isinstance(roles, str):
        roles = (roles,)
    positions = held_positions(user)
    if not positions:
        return frozenset()
    wanted = None if roles is None else frozenset(roles)
    key = ("units", wanted, below)
    memo = _memo(user)
    if key in memo:
        return memo[key]
    direct = {held.unit_id for held in positions if wanted is None or held.role in wanted}
    if below and direct:
        direct = _with_units_below(user, direct)
    memo[key] = frozenset(direct)
    return memo[key]


def staff_unit_ids(user) -> frozenset[int]:
    """Units the user acts for as staff (unit admin or reporter): theirs and the units below."""
    return units_acted_for(user, STAFF_ROLES, below=True)


def unit_directory(
    *,
    query: str = "",
    kind: str = "",
    level: str = "",
    parent_id: int | None = None,
    district_id: int | None = None,
) -> QuerySet[Unit]:
    units = Unit.objects.filter(is_active=True).select_related("parent", "district")
    for term in query_terms(query):
        units = units.filter(search_text__contains=term)
    if kind:
        units = units.filter(kind=kind)
    if level:
        units = units.filter(memberships__level=level)
    if parent_id:
        units = units.filter(parent_id=parent_id)
    if district_id:
        units = units.filter(district_id=district_id)
    return units.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("industry_group"))
    ).distinct()


def directory_counts() -> dict[str, int]:
    return Unit.objects.filter(is_active=True).aggregate(
        units=Count("pk"), districts=Count("pk", filter=Q(kind=UnitKind.DISTRICT))
    )


def get_unit(pk) -> Unit:
    try:
        return Unit.objects.select_related("parent").get(pk=pk, is_active=True)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def children_of(unit: Unit) -> QuerySet[Unit]:
    return unit.children.filter(is_active=True)


def memberships_of(unit: Unit) -> QuerySet[Membership]:
    return unit.memberships.select_related("association", "industry_group")


def people_of(unit: Unit) -> QuerySet[Position]:
    return unit.positions.select_related("user").filter(user__is_active=True)


def people_visible_to(viewer, *, query: str = "") -> QuerySet[User]:
    """Everyone for the secretariat; otherwise the people of the viewer's units."""
    from qualitymonth.organizations.rules import is_secretariat

    people = User.objects.filter(is_active=True)
    if not is_secretariat(viewer):
        units = units_acted_for(viewer, below=True)
        people = people.filter(Q(positions__unit_id__in=units) | Q(pk=viewer.pk))
    for term in query_terms(query):
        people = people.filter(
            Q(username__icontains=term)
            | Q(display_name__icontains=term)
            | Q(email__icontains=term)
            | Q(positions__unit__search_text__contains=term)
        )
    return (
        people.prefetch_related(
            Prefetch("positions", queryset=Position.objects.select_related("unit"))
        )
        .distinct()
        .order_by("display_name", "username")
    )


def get_person_for(viewer, pk) -> User:
    """A person the viewer may see; anyone else answers 404, as if they did not exist."""
    try:
        person = User.objects.get(pk=pk, is_active=True)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not viewer.has_perm("organizations.view_user", person):
        raise Http404
    return person


def positions_of(person: User) -> QuerySet[Position]:
    return person.positions.select_related("unit")


def secretariat_people() -> QuerySet[User]:
    return User.objects.filter(positions__role=Role.SECRETARIAT).distinct()
