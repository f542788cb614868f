"""Reads for the staff desk: a unit's cases, their deadlines, one case's file, the routing grid.

A unit's case handlers see the cases of their units (and of units below them); the
secretariat sees all. Another unit's case is not "forbidden" but absent: it answers 404.
"""

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from qualitymonth.core.collation import sort_key
from qualitymonth.core.masking import mask_name
from qualitymonth.core.permissions import require_perm_or_404
from qualitymonth.enquiries.models import Case, Category, Clock, ReplyTemplate, RoutingRule
from qualitymonth.enquiries.rules import handling_unit_ids
from qualitymonth.enquiries.selectors_clocks import (
    near_deadline,
    on_time_rate,
    overdue,
)
from qualitymonth.enquiries.statuses import FINAL, next_statuses
from qualitymonth.organizations.models import Position, Role, Unit, UnitKind
from qualitymonth.organizations.selectors import units_below

PAGE_SIZE = 50


def desk_scope(user) -> frozenset[int] | None:
    """The unit ids whose cases the user handles; None for the secretariat (every unit)."""
    if user.has_perm("enquiries.manage"):
        return None
    return handling_unit_ids(user)


def cases_for(user) -> QuerySet[Case]:
    units = desk_scope(user)
    cases = Case.objects.all()
    return cases if units is None else cases.filter(unit_id__in=units)


def with_running_due(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Each case with `running_due`: the due date of its running clock (None when none runs)."""
    running = Clock.objects.filter(case=OuterRef("pk"), stopped_on__isnull=True).order_by("due_on")
    return cases.annotate(running_due=Subquery(running.values("due_on")[:1]))


def filter_cases(cases: QuerySet[Case], data: dict, today: datetime.date) -> QuerySet[Case]:
    """The desk's filters; `data` is the filter form's cleaned data."""
    for field in ("kind", "status"):
        if data.get(field):
            cases = cases.filter(**{field: data[field]})
    for field in ("category", "district", "unit"):
        if data.get(field):
            cases = cases.filter(**{field: data[field]})
    if data.get("open_only"):
        cases = cases.exclude(status__in=FINAL)
    if data.get("overdue"):
        cases = cases.filter(pk__in=overdue(today).values("case_id"))
    if data.get("near"):
        cases = cases.filter(pk__in=near_deadline(today).values("case_id"))
    if data.get("attention"):
        cases = cases.filter(needs_attention=True)
    query = (data.get("q") or "").strip()
    if query:
        cases = cases.filter(
            Q(number__icontains=query) | Q(submission__business_name__icontains=query)
        )
    return cases


def desk_list(user, data: dict, today: datetime.date) -> QuerySet[Case]:
    cases = filter_cases(cases_for(user), data, today)
    return (
        with_running_due(cases)
        .select_related("submission", "category", "district", "unit")
        .order_by("-received_at", "-pk")
    )


def counters(user, today: datetime.date) -> dict:
    """The figures at the top of the desk, over the cases (and clocks) the user handles."""
    units = desk_scope(user)
    cases = cases_for(user)
    clocks = Clock.objects.all() if units is None else Clock.objects.filter(case__unit_id__in=units)
    rate = on_time_rate(clocks)
    return {
        "open": cases.exclude(status__in=FINAL).count(),
        "overdue": overdue(today, units).values("case_id").distinct().count(),
        "near": near_deadline(today, units).values("case_id").distinct().count(),
        "attention": cases.filter(needs_attention=True).count(),
        "on_time": None if rate is None else round(rate * 100),
    }


def units_in_scope(user) -> QuerySet[Unit]:
    """Units that have cases the user sees, for the list's unit filter."""
    units = Unit.objects.filter(pk__in=cases_for(user).values("unit_id"))
    return units.order_by("kind", "name")


# Kinds of unit that handle citizens' cases, in the order the hand-over list shows them.
HANDLING_KINDS = [UnitKind.ASSOCIATION, UnitKind.GOVERNMENT, UnitKind.OTHER]


def case_handling_units() -> list[Unit]:
    """Active public bodies and associations that handle cases: someone there (or above)
    handles cases at the desk, or the routing table sends cases there; and always the association.
    Sorted by kind, then by name as the reader's language sorts it (pinyin for Chinese)."""
    staffed = units_below(
        set(Position.objects.filter(role=Role.CASE_HANDLER).values_list("unit_id", flat=True))
    )
    units = Unit.objects.filter(is_active=True, kind__in=HANDLING_KINDS).filter(
        Q(pk__in=staffed)
        | Q(pk__in=RoutingRule.objects.values("unit_id"))
        | Q(kind=UnitKind.ASSOCIATION)
    )
    return sorted(
        units, key=lambda unit: (HANDLING_KINDS.index(unit.kind), sort_key(unit.display_name))
    )


def transfer_targets(case: Case) -> list[Unit]:
    """Units a case can be handed to: those that handle cases, except its own."""
    return [unit for unit in case_handling_units() if unit.pk != case.unit_id]


# --- one case -----------------------------------------------------------------------------


def get_case_for(user, number: str) -> Case:
    """The case by its number, for staff who may see it; anyone else gets 404."""
    case = (
        Case.objects.select_related("submission", "category", "district", "unit")
        .filter(number=(number or "").strip().upper())
        .first()
    )
    if case is None:
        raise Http404
    require_perm_or_404(user, "enquiries.view_case", case)
    return case


def get_case_to_handle(user, number: str) -> Case:
    case = get_case_for(user, number)
    require_perm_or_404(user, "enquiries.handle_case", case)
    return case


@dataclass
class ClockRow:
    clock: Clock
    state: str  # "stopped-on-time", "stopped-late", "overdue", "near", "running"


def clock_rows(case: Case, today: datetime.date, near: datetime.date) -> list[ClockRow]:
    rows = []
    for clock in case.clocks.all():
        if clock.stopped_on is not None:
            state = "stopped-on-time" if clock.on_time else "stopped-late"
        elif clock.due_on < today:
            state = "overdue"
        elif clock.due_on <= near:
            state = "near"
        else:
            state = "running"
        rows.append(ClockRow(clock, state))
    return rows


def staff_history(case: Case):
    """Everything: replies and notes, transfers and citizens' additions, oldest first."""
    return case.events.select_related("actor", "from_unit", "to_unit").prefetch_related(
        "attachments"
    )


def linked_cases(user, case: Case) -> list[Case]:
    """The other tracks of the same submission that the user may open."""
    others = case.submission.cases.exclude(pk=case.pk).select_related("unit").order_by("number")
    return [other for other in others if user.has_perm("enquiries.view_case", other)]


def fill_template(body: str, case: Case, name: str) -> str:
    """{number} and {name} filled; any other braces are left as written."""
    return body.replace("{number}", case.number).replace("{name}", name)


def reply_templates(case: Case, show_personal: bool) -> list[dict]:
    """Templates for the statuses the case can go to next, filled for this case."""
    targets = next_statuses(case.kind, case.status)
    name = case.submission.name if show_personal else mask_name(case.submission.name)
    templates = ReplyTemplate.objects.filter(kind=case.kind, status__in=targets)
    return [
        {
            "id": template.pk,
            "status": template.status,
            "title": template.title,
            "text": fill_template(template.body, case, name),
        }
        for template in templates
    ]


# --- the routing table --------------------------------------------------------------------

# How a cell found its unit, in the order `services.intake.route` tries them.
EXACT, BY_CATEGORY, BY_DISTRICT, CATCH_ALL, ASSOCIATION = (
    "exact",
    "category",
    "district",
    "any",
    "association",
)


@dataclass
class Cell:
    category: Category | None
    district: Unit | None
    unit: Unit | None
    source: str  # one of EXACT … ASSOCIATION; "" when nothing at all handles it

    @property
    def fallback(self) -> bool:
        return self.source != EXACT


def routing_grid() -> dict:
    """Categories × districts (plus "any"), each cell with the unit `route` would choose."""
    rules = {
        (rule.category_id, rule.district_id): rule.unit
        for rule in RoutingRule.objects.select_related("unit")
    }
    association = (
        Unit.objects.filter(kind=UnitKind.ASSOCIATION, is_active=True).order_by("pk").first()
    )
    districts = list(
        Unit.objects.filter(kind=UnitKind.DISTRICT, is_active=True).order_by(
            "division_code", "name"
        )
    )
    columns = [*districts, None]

    def cell(category, district) -> Cell:
        cat, dist = getattr(category, "pk", None), getattr(district, "pk", None)
        for key in ((cat, dist), (cat, None), (None, dist), (None, None)):
            if key in rules:
                return Cell(category, district, rules[key], _source(key, (cat, dist)))
        return Cell(category, district, association, ASSOCIATION if association else "")

    rows = [
        (category, [cell(category, district) for district in columns])
        for category in Category.objects.order_by("position", "code")
    ]
    rows.append((None, [cell(None, district) for district in columns]))
    return {"districts": districts, "rows": rows, "rule_count": len(rules)}


def _source(key: tuple, wanted: tuple) -> str:
    if key == wanted:
        return EXACT
    if key == (None, None):
        return CATCH_ALL
    return BY_CATEGORY if key[1] is None else BY_DISTRICT
