"""Figures of citizens' cases for a period: volumes, on-time rates, satisfaction, products.

Everything is counted in the database (GROUP BY through the ORM); Python only lays the
grouped rows out as tables. The same tables feed the page, its charts and the XLSX download.
No personal data: categories, districts, sectors, products, statuses, clocks and ratings only.

Who sees what is the desk's rule: the secretariat the whole city, a unit's case handlers the
cases of their units (`handling_unit_ids`). A period is a year, optionally narrowed to a run of
months, and counts the cases received in it (clocks and ratings are those of these cases).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qualitymonth.enquiries.models import Case, Category, Clock, Sector
from qualitymonth.enquiries.rules import handling_unit_ids
from qualitymonth.enquiries.statuses import FINAL, TRANSITIONS, Kind, Status, Step
from qualitymonth.organizations.models import Unit, UnitKind

TOP_PRODUCTS = 10


@dataclass(frozen=True)
class Period:
    year: int
    first_month: int = 1
    last_month: int = 12

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        start = datetime.datetime(self.year, self.first_month, 1)
        end = (
            datetime.datetime(self.year + 1, 1, 1)
            if self.last_month == 12
            else datetime.datetime(self.year, self.last_month + 1, 1)
        )
        return timezone.make_aware(start), timezone.make_aware(end)

    @property
    def months(self) -> list[datetime.date]:
        return [
            datetime.date(self.year, m, 1) for m in range(self.first_month, self.last_month + 1)
        ]


@dataclass
class Table:
    """A titled table; `keys` name its rows (for tests and links), `chart` how it is drawn."""

    key: str
    title: str
    header: list[str]
    rows: list[list]
    keys: list[str]
    chart: str = "bar"  # bar (vertical), hbar (horizontal), line, map, pie or "" for none
    series: tuple[int, ...] = (1,)  # the columns the chart draws
    stacked: bool = False
    percent: tuple[int, ...] = ()  # columns holding a percentage
    codes: list[str] = field(default_factory=list)  # division codes of the rows, for the map

    @property
    def lines(self) -> list[tuple[str, list]]:
        return list(zip(self.keys, self.rows, strict=True))

    @property
    def wide(self) -> bool:
        """Too many columns to sit beside its chart: the table goes below it."""
        return len(self.header) > 3

    @property
    def height(self) -> int | None:
        """Horizontal bars need room for every label."""
        return max(320, 26 * len(self.rows) + 60) if self.chart == "hbar" else None


def sees_city(user) -> bool:
    """Memoised on the user object (it lives as long as the request): the figures ask it for
    each part of the page."""
    found = getattr(user, "_sees_city", None)
    if found is None:
        found = user._sees_city = user.has_perm("enquiries.manage")
    return found


def scope_key(user) -> tuple:
    """What the user's figures depend on besides the period: the whole city, or the units."""
    return ("city",) if sees_city(user) else tuple(sorted(handling_unit_ids(user)))


def visible_cases(user) -> QuerySet[Case]:
    """The desk's visibility: the whole city for the secretariat, else the user's units."""
    if sees_city(user):
        return Case.objects.all()
    return Case.objects.filter(unit_id__in=handling_unit_ids(user))


def years(user) -> list[int]:
    found = visible_cases(user).order_by().datetimes("received_at", "year")
    return sorted({moment.year for moment in found} | {timezone.localdate().year}, reverse=True)


def cases_in(user, period: Period) -> QuerySet[Case]:
    start, end = period.bounds
    return visible_cases(user).filter(received_at__gte=start, received_at__lt=end)


def scope(user) -> list[Unit]:
    """The units whose cases the user's figures count; empty for the whole city."""
    if sees_city(user):
        return []
    return list(Unit.objects.filter(pk__in=handling_unit_ids(user)).order_by("sort_key"))


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def statuses_of(kind: str) -> list[str]:
    """A track's statuses in the order they are declared (which is the order of the steps)."""
    steps = TRANSITIONS[kind]
    used = set(steps) | {after for nexts in steps.values() for after in nexts}
    return [status for status in Status.values if status in used]


def _by_track(cases) -> Table:
    counts = dict(cases.order_by().values_list("kind").annotate(n=Count("pk")))
    kinds = list(Kind)
    return Table(
        key="tracks",
        title=_("Cases by track"),
        header=[_("Track"), _("Cases")],
        rows=[[str(kind.label), counts.get(kind.value, 0)] for kind in kinds],
        keys=[kind.value for kind in kinds],
        chart="pie",
    )


def _track_header(first: str) -> list[str]:
    return [first] + [str(kind.label) for kind in Kind] + [_("Total")]


def _split(counts: dict, key) -> list[int]:
    row = [counts.get((key, kind.value), 0) for kind in Kind]
    return [*row, sum(row)]


def _by_category(cases) -> Table:
    counts = {
        (row["category"], row["kind"]): row["n"]
        for row in cases.order_by().values("category", "kind").annotate(n=Count("pk"))
    }
    categories = Category.objects.filter(pk__in={key for key, _kind in counts})
    rows = sorted(
        ((c, _split(counts, c.pk)) for c in categories), key=lambda r: (-r[1][-1], r[0].position)
    )
    return Table(
        key="categories",
        title=_("Cases by category"),
        header=_track_header(_("Category")),
        rows=[[category.display_name, *numbers] for category, numbers in rows],
        keys=[category.code for category, _numbers in rows],
        chart="hbar",
        series=(1, 2, 3),
        stacked=True,
    )


def _by_district(cases) -> Table:
    counts = dict(cases.order_by().values_list("district").annotate(n=Count("pk")))
    districts = sorted(
        Unit.objects.filter(kind=UnitKind.DISTRICT, is_active=True),
        key=lambda d: (-counts.get(d.pk, 0), d.division_code, d.name),
    )
    rows = [[d.display_name, counts.get(d.pk, 0)] for d in districts]
    keys = [d.key for d in districts]
    codes = [d.division_code[:6] for d in districts]
    if counts.get(None):
        rows.append([_("district not given"), counts[None]])
        keys.append("none")
        codes.append("")
    return Table(
        key="districts",
        title=_("Cases by district"),
        header=[_("District"), _("Cases")],
        rows=rows,
        keys=keys,
        chart="map",
        codes=codes,
    )


def _by_sector(cases) -> Table:
    counts = dict(cases.order_by().values_list("submission__sector").annotate(n=Count("pk")))
    rows = [[str(s.label), counts.get(s.value, 0)] for s in Sector]
    keys = list(Sector.values)
    if counts.get(""):
        rows.append([_("sector not given"), counts[""]])
        keys.append("none")
    return Table(
        key="sectors",
        title=_("Cases by business sector"),
        header=[_("Sector"), _("Cases")],
        rows=rows,
        keys=keys,
        chart="hbar",
    )


def _by_month(cases, period: Period) -> Table:
    grouped = (
        cases.order_by()
        .annotate(month=TruncMonth("received_at"))
        .values("month", "kind")
        .annotate(n=Count("pk"))
    )
    counts = {(_as_date(row["month"]), row["kind"]): row["n"] for row in grouped}
    return Table(
        key="months",
        title=_("Cases by month"),
        header=_track_header(_("Month")),
        rows=[[f"{m:%Y-%m}", *_split(counts, m)] for m in period.months],
        keys=[f"{m:%Y-%m}" for m in period.months],
        chart="line",
        series=(1, 2, 3, 4),
    )


def _as_date(moment) -> datetime.date:
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        return moment.date()
    return moment


def _by_status(cases) -> Table:
    counts = {
        (row["kind"], row["status"]): row["n"]
        for row in cases.order_by().values("kind", "status").annotate(n=Count("pk"))
    }
    pairs = [(kind, status) for kind in Kind for status in statuses_of(kind)]
    return Table(
        key="statuses",
        title=_("Cases by status"),
        header=[_("Track"), _("Status"), _("Cases")],
        rows=[[str(k.label), str(Status(s).label), counts.get((k.value, s), 0)] for k, s in pairs],
        keys=[f"{k.value}-{s}" for k, s in pairs],
        chart="",
    )


def _clock_counts(clocks, group: str, today: datetime.date) -> dict:
    grouped = (
        clocks.order_by()
        .values(group)
        .annotate(
            stopped=Count("pk", filter=Q(stopped_on__isnull=False)),
            on_time=Count("pk", filter=Q(stopped_on__lte=F("due_on"))),
            running=Count("pk", filter=Q(stopped_on__isnull=True)),
            overdue=Count("pk", filter=Q(stopped_on__isnull=True, due_on__lt=today)),
        )
    )
    return {row[group]: row for row in grouped}


CLOCK_COLUMNS = (1, 2, 3, 4, 5)


def _clock_row(label: str, row: dict | None) -> list:
    row = row or {"stopped": 0, "on_time": 0, "running": 0, "overdue": 0}
    rate = _rate(row["on_time"], row["stopped"])
    return [label, row["stopped"], row["on_time"], rate, row["running"], row["overdue"]]


def _clock_header(first: str) -> list[str]:
    return [
        first,
        _("Stopped clocks"),
        _("Stopped by the due date"),
        _("On time (%)"),
        _("Running"),
        _("Running past the due date"),
    ]


def _on_time_by_step(clocks, today) -> Table:
    counts = _clock_counts(clocks, "step", today)
    steps = [step for step in Step if step.value in counts] or list(Step)
    return Table(
        key="on_time_steps",
        title=_("On time by step"),
        header=_clock_header(_("Step")),
        rows=[_clock_row(str(step.label), counts.get(step.value)) for step in steps],
        keys=[step.value for step in steps],
        series=(3,),
        percent=(3,),
    )


def _unit_label(unit: Unit) -> str:
    """The short name in Chinese (上海市黄浦区市场监督管理局 is long for a chart)."""
    language = get_language() or ""
    return unit.display_name if language.startswith("en") else unit.short_name or unit.name


def _on_time_by_unit(clocks, today) -> Table:
    counts = _clock_counts(clocks, "case__unit", today)
    units = Unit.objects.filter(pk__in=counts).order_by("sort_key")
    return Table(
        key="on_time_units",
        title=_("On time by handling unit"),
        header=_clock_header(_("Handling unit")),
        rows=[_clock_row(_unit_label(unit), counts[unit.pk]) for unit in units],
        keys=[unit.key for unit in units],
        chart="hbar",
        series=(3,),
        percent=(3,),
    )


def _satisfaction(cases) -> tuple[Table, Table, dict]:
    closed = cases.filter(status__in=FINAL)
    summary = closed.aggregate(closed=Count("pk"), rated=Count("rating"), mean=Avg("rating"))
    summary["mean"] = None if summary["mean"] is None else round(summary["mean"], 2)
    summary["share_rated"] = _rate(summary["rated"], summary["closed"])
    measures = [
        ("closed", _("Closed cases"), summary["closed"]),
        ("rated", _("Rated"), summary["rated"]),
        ("share_rated", _("Share rated (%)"), summary["share_rated"]),
        ("mean", _("Mean rating (1–5)"), summary["mean"]),
    ]
    overview = Table(
        key="satisfaction",
        title=_("Satisfaction with the handling"),
        header=[_("Measure"), _("Value")],
        rows=[[label, value] for _key, label, value in measures],
        keys=[key for key, _label, _value in measures],
        chart="",
    )
    counts = dict(
        closed.filter(rating__isnull=False).order_by().values_list("rating").annotate(n=Count("pk"))
    )
    spread = Table(
        key="ratings",
        title=_("Ratings of the handling"),
        header=[_("Rating (1 poor – 5 very good)"), _("Cases"), _("Share (%)")],
        rows=[
            [r, counts.get(r, 0), _rate(counts.get(r, 0), summary["rated"])] for r in range(1, 6)
        ],
        keys=[str(r) for r in range(1, 6)],
        percent=(2,),
    )
    return overview, spread, summary


def _top_products(cases) -> Table:
    grouped = (
        cases.filter(kind=Kind.COMPLAINT)
        .exclude(submission__product="")
        .order_by()
        .values("submission__product")
        .annotate(n=Count("pk"))
        .order_by("-n", "submission__product")[:TOP_PRODUCTS]
    )
    rows = [[row["submission__product"], row["n"]] for row in grouped]
    return Table(
        key="products",
        title=_("Products most complained about"),
        header=[_("Product or service"), _("Complaints")],
        rows=rows,
        keys=[str(n) for n in range(1, len(rows) + 1)],
        chart="hbar",
    )


def figures(user, period: Period, today: datetime.date | None = None) -> dict:
    """The headline numbers and every table of the period, as the user may see them."""
    today = today or timezone.localdate()
    cases = cases_in(user, period)
    clocks = Clock.objects.filter(case__in=cases)
    overall = clocks.aggregate(
        stopped=Count("pk", filter=Q(stopped_on__isnull=False)),
        on_time=Count("pk", filter=Q(stopped_on__lte=F("due_on"))),
    )
    overview, spread, satisfaction = _satisfaction(cases)
    tables = [
        _by_track(cases),
        _by_month(cases, period),
        _by_category(cases),
        _by_district(cases),
        _by_sector(cases),
        _by_status(cases),
        _on_time_by_step(clocks, today),
        _on_time_by_unit(clocks, today),
        overview,
        spread,
        _top_products(cases),
    ]
    return {
        "total": cases.count(),
        "open": cases.exclude(status__in=FINAL).count(),
        "on_time": _rate(overall["on_time"], overall["stopped"]),
        "satisfaction": satisfaction,
        "tables": tables,
    }


def city_totals(year: int) -> dict:
    """For the year's figures: the whole city's cases received in the year and the share of
    their finished clocks that stopped in time (the same counts as the desk's figures)."""
    start, end = Period(year).bounds
    cases = Case.objects.filter(received_at__gte=start, received_at__lt=end)
    clocks = Clock.objects.filter(case__in=cases).aggregate(
        stopped=Count("pk", filter=Q(stopped_on__isnull=False)),
        on_time=Count("pk", filter=Q(stopped_on__lte=F("due_on"))),
    )
    return {"received": cases.count(), "on_time": _rate(clocks["on_time"], clocks["stopped"])}
