"""A member unit's whole story on one timeline: its terms and dues, events, activity
reports, award applications, survey responses, visits, and the cases about it the viewer
may see. Other apps are read through their selectors only."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitymonth.awards.selectors import applications_of_units
from qualitymonth.campaigns.selectors import activity_reports_of_units
from qualitymonth.enquiries.selectors import cases_about_unit, published_cases_about_unit
from qualitymonth.events.selectors import registrations_of_units
from qualitymonth.members.models import Invoice, Term
from qualitymonth.members.selectors_pages import visits_visible_to
from qualitymonth.organizations.models import Unit
from qualitymonth.surveys.selectors import responses_at_units
from qualitymonth.training.selectors import class_attendance_of_units

KINDS = {
    "term": _("Membership"),
    "dues": _("Dues"),
    "event": _("Events"),
    "report": _("Activity reports"),
    "award": _("Recognition"),
    "survey": _("Surveys"),
    "training": _("Training"),
    "visit": _("Visits"),
    "case": _("Citizens' cases"),
}


@dataclass(frozen=True)
class Item:
    kind: str
    day: datetime.date
    title: str
    detail: str = ""
    url: str = ""

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.kind])


def _day(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


def _terms(unit: Unit) -> list[Item]:
    terms = Term.objects.filter(membership__unit=unit).select_related("type")
    return [
        Item(
            "term",
            term.starts_on,
            str(term.type),
            f"{term.starts_on.isoformat()}–{term.ends_on.isoformat()} · "
            f"{term.get_status_display()}",
        )
        for term in terms
    ]


def _dues(unit: Unit) -> list[Item]:
    invoices = Invoice.objects.filter(term__membership__unit=unit).prefetch_related("payments")
    items = []
    for invoice in invoices:
        paid = sum((p.amount for p in invoice.payments.all()), start=0)
        items.append(
            Item(
                "dues",
                invoice.issued_on,
                str(_("Invoice %(number)s") % {"number": invoice.number}),
                str(
                    _("%(paid)s of %(amount)s yuan paid") % {"paid": paid, "amount": invoice.amount}
                ),
            )
        )
    return items


def _events(unit: Unit) -> list[Item]:
    return [
        Item(
            "event",
            _day(row["at"]),
            row["title"],
            str(_("attended") if row["attended"] else _("registered")),
            row["url"],
        )
        for row in registrations_of_units([unit.pk])
    ]


def _reports(unit: Unit) -> list[Item]:
    return [
        Item(
            "report",
            row["day"],
            row["title"],
            "",
            reverse("campaigns:report_detail", args=[row["pk"]]),
        )
        for row in activity_reports_of_units([unit.pk])
    ]


def _awards(unit: Unit) -> list[Item]:
    return [
        Item(
            "award",
            _day(row["at"]),
            row["title"],
            f"{row['round']} · {row['status']}",
            reverse("awards:application", args=[row["pk"]]),
        )
        for row in applications_of_units([unit.pk])
    ]


def _surveys(viewer, unit: Unit) -> list[Item]:
    # The response's record is the survey managers' page; others see the round only.
    linked = viewer.has_perm("surveys.manage")
    return [
        Item(
            "survey",
            _day(row["at"]),
            row["round"],
            str(_("response recorded at its site")),
            reverse("surveys:response", args=[row["round_id"], row["pk"]]) if linked else "",
        )
        for row in responses_at_units([unit.pk])
    ]


def _training(unit: Unit) -> list[Item]:
    return [
        Item(
            "training",
            _day(row["at"]),
            row["title"],
            str(_("attended")),
            reverse("training:class", args=[row["class_key"]]),
        )
        for row in class_attendance_of_units([unit.pk])
    ]


def _visits(viewer, unit: Unit) -> list[Item]:
    visits = visits_visible_to(viewer).filter(units=unit)
    return [
        Item(
            "visit",
            visit.day,
            visit.title,
            visit.get_kind_display(),
            reverse("members:visit_detail", args=[visit.pk]),
        )
        for visit in visits
    ]


def _cases(viewer, unit: Unit) -> list[Item]:
    """The cases the viewer handles, linked to the desk; besides them, those the citizen
    agreed to publish, linked to their public form (Open311). An enterprise never sees the
    others about itself."""
    handled = list(cases_about_unit(viewer, unit))
    seen = {case.pk for case in handled}
    items = [
        Item(
            "case",
            _day(case.received_at),
            case.number,
            case.get_status_display(),
            reverse("enquiries:desk_case", args=[case.number]),
        )
        for case in handled
    ]
    items += [
        Item(
            "case",
            _day(case.received_at),
            case.number,
            f"{case.get_status_display()} · {_('published')}",
            reverse("open311:request", kwargs={"number": case.number, "fmt": "json"}),
        )
        for case in published_cases_about_unit(unit)
        if case.pk not in seen
    ]
    return items


def timeline(viewer, unit: Unit, *, kind: str = "", year: int | None = None) -> list[Item]:
    """Every record, newest first; `kind` and `year` narrow it."""
    items = (
        _terms(unit)
        + _dues(unit)
        + _events(unit)
        + _reports(unit)
        + _awards(unit)
        + _surveys(viewer, unit)
        + _training(unit)
        + _visits(viewer, unit)
        + _cases(viewer, unit)
    )
    if kind:
        items = [item for item in items if item.kind == kind]
    if year:
        items = [item for item in items if item.day.year == year]
    return sorted(items, key=lambda item: (item.day, item.kind), reverse=True)


def counts_per_year(items: list[Item]) -> list[tuple[int, dict[str, int], int]]:
    """(year, {kind: count}, total), newest year first."""
    by_year: dict[int, Counter] = {}
    for item in items:
        by_year.setdefault(item.day.year, Counter())[item.kind] += 1
    return [
        (year, {kind: counts.get(kind, 0) for kind in KINDS}, sum(counts.values()))
        for year, counts in sorted(by_year.items(), reverse=True)
    ]
