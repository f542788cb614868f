"""Figures broken down by district: what a district's dashboard shows.

A figure declares the breakdown itself (`dimensions` with "district" and `by(year,
"district")` answering {district key: number}); until its app does, this map gives the
breakdown for figures the figures app can count from the app's public entrances, with the
same rule as the app's own `compute` so that the districts add up to the city's number
(records without a district count for the city only). An app that declares one replaces
the entry here."""

import datetime

from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from qualitymonth.campaigns.models import ActivityReport, ReportState
from qualitymonth.core.figures import Figure, Number
from qualitymonth.enquiries.models import Case
from qualitymonth.events.models import EventUnit, UnitRole
from qualitymonth.organizations.models import UnitKind

DISTRICT = "district"


def _by_district_key(rows) -> dict[str, Number]:
    return {key: count for key, count in rows if key}


def activity_reports(year: int) -> dict[str, Number]:
    """Accepted activity reports of the year's Quality Month, by the activity's district."""
    rows = (
        ActivityReport.objects.filter(campaign__year=year, state=ReportState.ACCEPTED)
        .order_by()
        .values_list("district__key")
        .annotate(n=Count("pk"))
    )
    return _by_district_key(rows)


def cases_received(year: int) -> dict[str, Number]:
    """Citizen cases received in the year, by the district the case concerns."""
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    rows = (
        Case.objects.filter(received_at__gte=start, received_at__lt=end)
        .order_by()
        .values_list("district__key")
        .annotate(n=Count("pk"))
    )
    return _by_district_key(rows)


def events_held(year: int) -> dict[str, Number]:
    """The year's published events that have started, in the district of each organising
    unit (the district itself, where the unit is located, or the district it belongs to);
    an event organised in two districts counts in each, once."""
    rows = EventUnit.objects.filter(
        role__in=(UnitRole.ORGANISER, UnitRole.CO_ORGANISER),
        event__is_published=True,
        event__starts_at__year=year,
        event__starts_at__lte=timezone.now(),
    ).values_list(
        "event_id",
        "unit__kind",
        "unit__key",
        "unit__district__key",
        "unit__parent__kind",
        "unit__parent__key",
    )
    pairs = set()
    for event, kind, key, located_in, parent_kind, parent in rows:
        if kind == UnitKind.DISTRICT:
            district = key
        else:
            district = located_in or (parent if parent_kind == UnitKind.DISTRICT else None)
        if district:
            pairs.add((event, district))
    counts: dict[str, Number] = {}
    for _event, district in pairs:
        counts[district] = counts.get(district, 0) + 1
    return counts


KNOWN = {
    "events.held": events_held,
    "campaigns.activity_reports": activity_reports,
    "enquiries.received": cases_received,
}


def by_district(figure: Figure):
    """year -> {district key: number} for a figure broken down by district, else None."""
    if DISTRICT in figure.dimensions and figure.by is not None:
        return lambda year: figure.by(year, DISTRICT)
    return KNOWN.get(figure.key)


def dimension_of(district_key: str) -> str:
    """How a district's value is stored beside the city's (whose dimension is "")."""
    return f"{DISTRICT}:{district_key}"


def _activities_of(year: int, district) -> str:
    return f"{reverse('campaigns:activity_list', args=[year])}?district={district.pk}"


# The list of one district's records, where the records' list can be narrowed to a district.
DISTRICT_RECORDS = {"campaigns.activity_reports": _activities_of}


def district_records_url(figure: Figure, year: int, district) -> str:
    make = DISTRICT_RECORDS.get(figure.key)
    if make is None:
        return ""
    try:
        return make(year, district)
    except NoReverseMatch:  # the app's pages are not installed here
        return ""
