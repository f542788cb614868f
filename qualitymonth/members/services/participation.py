"""The participation rate of a year, computed by the worker and stored with the records
behind every number: a member took part when it has a record of a kind the rule counts."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from qualitymonth.awards.selectors import applications_of_units
from qualitymonth.campaigns.selectors import activity_reports_of_units
from qualitymonth.events.selectors import registrations_of_units
from qualitymonth.members.models import (
    PARTS,
    ParticipationEntry,
    ParticipationRule,
    ParticipationRun,
    Term,
    Visit,
)
from qualitymonth.surveys.selectors import responses_at_units
from qualitymonth.training.selectors import class_attendance_of_units


def current_rule() -> ParticipationRule:
    return ParticipationRule.objects.order_by("pk").first() or ParticipationRule.objects.create()


def members_in(year: int) -> dict[int, Term]:
    """Each unit that was a member at some time in `year`, with its last term of that year."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    terms = (
        Term.objects.filter(starts_on__lte=last, ends_on__gte=first)
        .filter(Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=first))
        .select_related("membership__unit", "membership")
        .order_by("starts_on")
    )
    return {term.membership.unit_id: term for term in terms}


def _events(ids, year):
    for row in registrations_of_units(ids, year=year):
        if row["attended"]:
            yield row["unit_id"], row["title"], row["url"]


def _reports(ids, year):
    for row in activity_reports_of_units(ids, year=year):
        yield row["unit_id"], row["title"], reverse("campaigns:report_detail", args=[row["pk"]])


def _applications(ids, year):
    for row in applications_of_units(ids, year=year):
        yield row["unit_id"], row["title"], reverse("awards:application", args=[row["pk"]])


def _surveys(ids, year):
    for row in responses_at_units(ids, year=year):
        yield (
            row["unit_id"],
            row["round"],
            reverse("surveys:response", args=[row["round_id"], row["pk"]]),
        )


def _training(ids, year):
    for row in class_attendance_of_units(ids, year=year):
        yield row["unit_id"], row["title"], reverse("training:class", args=[row["class_key"]])


def _visits(ids, year):
    visits = Visit.objects.filter(day__year=year, units__in=ids).values_list("pk", "title", "units")
    named = set()
    for pk, title, unit_id in visits:
        if unit_id in ids:
            named.add((unit_id, pk))
            yield unit_id, title, reverse("members:visit_detail", args=[pk])
    # Round tables held as events: a unit whose people were checked in took part too.
    tables = {
        event_id: (pk, title)
        for pk, title, event_id in Visit.objects.filter(
            day__year=year, event__isnull=False
        ).values_list("pk", "title", "event_id")
    }
    if not tables:
        return
    for row in registrations_of_units(ids, year=year):
        table = tables.get(row["event_id"])
        if table and row["attended"] and (row["unit_id"], table[0]) not in named:
            named.add((row["unit_id"], table[0]))
            yield row["unit_id"], table[1], reverse("members:visit_detail", args=[table[0]])


SOURCES = {
    "events": _events,
    "reports": _reports,
    "applications": _applications,
    "surveys": _surveys,
    "training": _training,
    "visits": _visits,
}
assert set(SOURCES) == set(PARTS)


def records_by_unit(year: int, unit_ids: set[int], parts: list[str]) -> dict[int, dict]:
    """{unit id: {part: [[label, url], ...]}} for the parts the rule counts."""
    found: dict[int, dict] = {}
    for part in parts:
        for unit_id, label, url in SOURCES[part](unit_ids, year):
            found.setdefault(unit_id, {}).setdefault(part, []).append([label, url])
    return found


@transaction.atomic
def compute(
    *, year: int, requested_by_id: int | None = None, rule: ParticipationRule | None = None
) -> ParticipationRun:
    rule = rule or current_rule()
    parts = rule.parts()
    members = members_in(year)
    records = records_by_unit(year, set(members), parts)
    run = ParticipationRun.objects.create(year=year, rule=parts, requested_by_id=requested_by_id)
    entries = [
        ParticipationEntry(
            run=run,
            unit_id=unit_id,
            took_part=bool(records.get(unit_id)),
            records=records.get(unit_id, {}),
            group_id=term.membership.industry_group_id,
            district_id=term.membership.unit.district_id,
            type_id=term.type_id,
        )
        for unit_id, term in members.items()
    ]
    ParticipationEntry.objects.bulk_create(entries)
    run.members = len(entries)
    run.participants = sum(1 for entry in entries if entry.took_part)
    run.save(update_fields=["members", "participants"])
    return run
