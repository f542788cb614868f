"""Reads of units and people, already narrowed to what the viewer may see."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from qualitymonth.organizations.models import Membership, Position, Role, Unit, UnitKind, User
from qualitymonth.organizations.search import query_terms


def units_below(unit_ids: set[int]) -> set[int]:
    """`unit_ids` and every unit under them, one query per level of the tree."""
    found, frontier = set(unit_ids), set(unit_ids)
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier -= found
        found |= frontier
    return found


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
        direct = set(viewer.positions.values_list("unit_id", flat=True))
        people = people.filter(Q(positions__unit_id__in=units_below(direct)) | Q(pk=viewer.pk))
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
