"""Reads of memberships: who is a member in good standing on a day, for every app that asks
(member-only events, segments, figures)."""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from qualitymonth.members.models import (
    FollowUp,
    GroupOfficer,
    Invoice,
    MemberProfile,
    MembershipType,
    ParticipationEntry,
    ParticipationRun,
    StatusRules,
    Term,
)
from qualitymonth.organizations.models import Membership, Unit

SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai_today(now: datetime.datetime | None = None) -> datetime.date:
    """The date in Shanghai at `now` (the present by default): statuses turn at midnight
    there, whatever the server's clock zone."""
    return timezone.localdate(now or timezone.now(), timezone=SHANGHAI)


def current_rules() -> StatusRules:
    """The secretariat's status rules (the defaults until it saved its own)."""
    return StatusRules.objects.order_by("pk").first() or StatusRules()


def _covering(day: datetime.date, rules: StatusRules) -> Q:
    """Terms whose status on `day` may give rights: started, not cancelled by then, and not
    past their end (plus the grace when the rules keep rights in grace)."""
    grace = datetime.timedelta(days=rules.grace_days if rules.rights_in_grace else 0)
    return Q(starts_on__lte=day, ends_on__gte=day - grace) & (
        Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=day)
    )


def member_unit_ids(
    on: datetime.date | None = None,
    *,
    with_right: str | None = None,
    type_keys: list[str] | None = None,
    group_id: int | None = None,
) -> frozenset[int]:
    """Units in good standing on `on` (today in Shanghai by default), one query.

    `with_right` narrows to types carrying a right ("members_only_events",
    "reduced_training_fees")."""
    day = on or shanghai_today()
    terms = Term.objects.filter(_covering(day, current_rules()), membership__unit__is_active=True)
    if with_right:
        terms = terms.filter(**{f"type__{with_right}": True})
    if type_keys:
        terms = terms.filter(type__key__in=type_keys)
    if group_id:
        terms = terms.filter(membership__industry_group_id=group_id)
    return frozenset(terms.values_list("membership__unit_id", flat=True))


def is_member_in_good_standing(
    unit: Unit | int | None, on: datetime.date | None = None, *, with_right: str | None = None
) -> bool:
    if unit is None:
        return False
    unit_id = unit if isinstance(unit, int) else unit.pk
    day = on or shanghai_today()
    terms = Term.objects.filter(_covering(day, current_rules()), membership__unit_id=unit_id)
    if with_right:
        terms = terms.filter(**{f"type__{with_right}": True})
    return terms.exists()


def terms_of(unit: Unit) -> QuerySet[Term]:
    return (
        Term.objects.filter(membership__unit=unit)
        .select_related("type", "membership__association")
        .prefetch_related("changes__actor")
        .order_by("-starts_on")
    )


def invoices_of(unit: Unit) -> QuerySet[Invoice]:
    return (
        Invoice.objects.filter(term__membership__unit=unit)
        .select_related("term__type")
        .prefetch_related("payments")
        .order_by("-year")
    )


def membership_types() -> QuerySet[MembershipType]:
    return MembershipType.objects.filter(is_active=True)


def open_follow_ups_of(user) -> QuerySet[FollowUp]:
    """The person's follow-ups from visits not yet done, the nearest due first: they stay on
    the owner's "my work" until marked done."""
    return (
        FollowUp.objects.filter(owner=user, done_on__isnull=True)
        .select_related("visit")
        .order_by("due_on", "pk")
    )


# --- segments: sets of member units, for newsletters and member-only access ------------------
# Each answers a queryset of unit ids, to be used as a subquery (`unit_id__in=...`).


def _latest_term() -> QuerySet[Term]:
    return Term.objects.filter(membership=OuterRef("pk")).order_by("-starts_on", "-pk")


def units_with_status(statuses: list[str]) -> QuerySet:
    """Members whose latest term has one of `statuses` (as stored each midnight: the status
    the member list shows)."""
    return (
        Membership.objects.annotate(latest_status=Subquery(_latest_term().values("status")[:1]))
        .filter(latest_status__in=statuses)
        .values("unit_id")
    )


def units_of_type(type_keys: list[str]) -> QuerySet:
    """Members whose latest term is of one of these types."""
    return (
        Membership.objects.annotate(latest_type=Subquery(_latest_term().values("type__key")[:1]))
        .filter(latest_type__in=type_keys)
        .values("unit_id")
    )


def units_in_industry(industries: list[str]) -> QuerySet:
    return MemberProfile.objects.filter(industry__in=industries).values("unit_id")


def industries() -> list[str]:
    """The industries members gave, for choosing a segment."""
    return list(
        MemberProfile.objects.exclude(industry="")
        .order_by("industry")
        .values_list("industry", flat=True)
        .distinct()
    )


def _latest_runs(years) -> QuerySet[ParticipationRun]:
    latest = ParticipationRun.objects.filter(year=OuterRef("year")).order_by("-computed_at", "-pk")
    return ParticipationRun.objects.filter(
        year__in=[int(year) for year in years], pk=Subquery(latest.values("pk")[:1])
    )


def units_by_participation(years: list[int], *, took_part: bool) -> QuerySet:
    """Members that took part (or, with took_part=False, were members but did not) in any of
    `years`, as the latest computed figures of those years say: the same records the rate's
    page links to, so a segment and the published rate never disagree."""
    return ParticipationEntry.objects.filter(
        run__in=_latest_runs(years), took_part=took_part
    ).values("unit_id")


def participation_years() -> list[int]:
    return list(
        ParticipationRun.objects.order_by("-year").values_list("year", flat=True).distinct()
    )


def _ids(values) -> list[int]:
    kept = []
    for value in values:
        try:
            kept.append(int(value))
        except (TypeError, ValueError):
            continue  # an id that is not a number matches nothing
    return kept


def units_in_group(group_ids: list) -> QuerySet:
    """Members of these industry groups."""
    return Membership.objects.filter(industry_group_id__in=_ids(group_ids)).values("unit_id")


def units_in_district(district_ids: list) -> QuerySet:
    """Members located in these districts or directly under them (as newsletters count a
    district)."""
    ids = _ids(district_ids)
    return Membership.objects.filter(
        Q(unit__district_id__in=ids) | Q(unit__parent_id__in=ids)
    ).values("unit_id")


SEGMENT_UNITS = {
    "member_status": units_with_status,
    "member_type": units_of_type,
    "industry": units_in_industry,
    "industry_group": units_in_group,
    "district": units_in_district,
    "took_part": lambda years: units_by_participation(years, took_part=True),
    "did_not_take_part": lambda years: units_by_participation(years, took_part=False),
}


def units_in_segment(segment: dict) -> QuerySet[Unit]:
    """Units in every filter given (any one of a filter's values): {"industry": ["汽车制造"],
    "took_part": [2025], "member_status": ["current"], "industry_group": [group id],
    "district": [district id]}. Unknown filters are ignored; no
    filter answers every unit."""
    units = Unit.objects.all()
    for name, values in (segment or {}).items():
        if name in SEGMENT_UNITS and values:
            units = units.filter(pk__in=SEGMENT_UNITS[name](list(values)))
    return units


def groups_officered_by(user) -> QuerySet[GroupOfficer]:
    """The industry groups the person leads or serves as an officer (their group's page)."""
    return (
        GroupOfficer.objects.filter(person=user, group__is_active=True)
        .select_related("group")
        .order_by("group__sort_key", "pk")
    )
