"""Reads for the members pages: lists narrowed and shaped for one screen, flat in queries."""

import datetime

from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from qualitymonth.events.models import RUNNING_ROLES, Event, EventUnit
from qualitymonth.members.models import (
    Committee,
    CouncilTerm,
    FollowUp,
    GroupOfficer,
    Invoice,
    JoinApplication,
    Need,
    NeedTag,
    Payment,
    Seat,
    Term,
    Visit,
)
from qualitymonth.members.selectors import open_follow_ups_of, shanghai_today
from qualitymonth.organizations.models import STAFF_ROLES, Membership, Role, Unit, UnitKind
from qualitymonth.organizations.search import query_terms
from qualitymonth.organizations.selectors import units_acted_for


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def association_of(user) -> Unit:
    """The association the secretariat member works for."""
    association = Unit.objects.filter(
        kind=UnitKind.ASSOCIATION, pk__in=units_acted_for(user, Role.SECRETARIAT, below=False)
    ).first()
    if association is None:
        raise Http404
    return association


def applications() -> QuerySet[JoinApplication]:
    return JoinApplication.objects.select_related("type", "group", "unit")


def get_application(pk) -> JoinApplication:
    return _get(applications(), pk)


def latest_terms() -> Subquery:
    return Term.objects.filter(membership=OuterRef("pk")).order_by("-starts_on")


def member_list(*, query="", status="", type=None, group=None, district=None):
    """Memberships with their latest term's type, dates and status, one query."""
    latest = latest_terms()
    rows = (
        Membership.objects.filter(unit__is_active=True)
        .select_related("unit__district", "industry_group")
        .annotate(
            term_status=Subquery(latest.values("status")[:1]),
            term_type=Subquery(latest.values("type__name")[:1]),
            term_type_id=Subquery(latest.values("type_id")[:1]),
            term_ends=Subquery(latest.values("ends_on")[:1]),
        )
        .order_by("unit__sort_key", "pk")
    )
    for term in query_terms(query):
        rows = rows.filter(unit__search_text__contains=term)
    if status:
        rows = rows.filter(term_status=status)
    if type is not None:
        rows = rows.filter(term_type_id=type.pk)
    if group is not None:
        rows = rows.filter(industry_group=group)
    if district is not None:
        rows = rows.filter(unit__district=district)
    return rows


def own_member_unit(user) -> int | None:
    """The first member unit the person is staff of (their unit's page), if any."""
    units = units_acted_for(user, STAFF_ROLES, below=False)
    if not units:
        return None
    return (
        Membership.objects.filter(unit_id__in=units, unit__is_active=True)
        .order_by("unit__sort_key")
        .values_list("unit_id", flat=True)
        .first()
    )


def get_member_unit(pk) -> Unit:
    """A unit that is or was a member; any other answers 404."""
    units = Unit.objects.filter(is_active=True, memberships__isnull=False).distinct()
    return _get(units.select_related("district", "parent"), pk)


def dues_of_year(year: int) -> QuerySet[Invoice]:
    paid = (
        Payment.objects.filter(invoice=OuterRef("pk"))
        .order_by()
        .values("invoice")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = DecimalField(max_digits=12, decimal_places=2)
    return (
        Invoice.objects.filter(year=year)
        .select_related("term__membership__unit", "term__type")
        .annotate(paid=Coalesce(Subquery(paid, output_field=money), Value(0, output_field=money)))
        .order_by("term__membership__unit__sort_key", "pk")
    )


# --- visits ----------------------------------------------------------------------------------


def may_see_visit_of(user, unit_ids) -> bool:
    """The secretariat, or staff of one of the units met."""
    if user.has_perm("members.manage"):
        return True
    return bool(set(unit_ids) & units_acted_for(user, STAFF_ROLES, below=True))


def visits_visible_to(user) -> QuerySet[Visit]:
    """Every visit for the secretariat; the staff of a unit see the visits to their units."""
    visits = Visit.objects.all()
    if not user.has_perm("members.manage"):
        units = units_acted_for(user, STAFF_ROLES, below=True)
        visits = visits.filter(pk__in=Visit.objects.filter(units__in=units).values("pk"))
    return visits.prefetch_related("units", "visitors").order_by("-day", "-pk")


def get_visit_for(user, pk) -> Visit:
    visits = (
        visits_visible_to(user)
        .select_related("event")
        .prefetch_related(
            Prefetch(
                "needs", queryset=Need.objects.select_related("unit").prefetch_related("tags")
            ),
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner")),
        )
    )
    return _get(visits, pk)


def need_counts(year: int | None = None) -> list[NeedTag]:
    needs = Q(need__isnull=False)
    if year:
        needs &= Q(need__visit__day__year=year)
    return list(
        NeedTag.objects.annotate(needs=Count("need", filter=needs))
        .filter(needs__gt=0)
        .order_by("-needs", "name")
    )


def follow_ups_of(user) -> QuerySet[FollowUp]:
    """The person's open follow-ups, the nearest due first (also a block of their "my work")."""
    return open_follow_ups_of(user)


def overdue(follow_up: FollowUp) -> bool:
    return follow_up.done_on is None and follow_up.due_on < shanghai_today()


# --- groups, councils, committees --------------------------------------------------------------


def industry_groups() -> QuerySet[Unit]:
    return (
        Unit.objects.filter(kind=UnitKind.INDUSTRY_GROUP, is_active=True)
        .annotate(member_count=Count("group_members", distinct=True))
        .prefetch_related(
            Prefetch("group_officers", queryset=GroupOfficer.objects.select_related("person"))
        )
    )


def get_group(pk) -> Unit:
    return _get(industry_groups(), pk)


def group_members(group: Unit) -> QuerySet[Membership]:
    return group.group_members.select_related("unit").order_by("unit__sort_key")


def group_visits(group: Unit) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(units__in=group.group_members.values("unit"))
        .distinct()
        .order_by("-day")
    )


def group_events(group: Unit) -> QuerySet[Event]:
    """The events the group organises (its calendar), the earliest first."""
    return (
        Event.objects.filter(
            pk__in=EventUnit.objects.filter(unit=group, role__in=RUNNING_ROLES).values("event")
        )
        .prefetch_related("venues")
        .order_by("starts_at", "pk")
    )


def council_terms() -> QuerySet[CouncilTerm]:
    return CouncilTerm.objects.prefetch_related("meetings__resolutions", "units")


def committees() -> QuerySet[Committee]:
    return Committee.objects.prefetch_related(
        Prefetch("seats", queryset=Seat.objects.select_related("person", "unit"))
    )


def default_year() -> int:
    return shanghai_today().year


def year_from(text, default: int | None = None) -> int:
    try:
        year = int(text)
    except (TypeError, ValueError):
        return default or default_year()
    return year if 2000 <= year <= 2100 else (default or default_year())


def date_or_none(text) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(text))
    except ValueError:
        return None
