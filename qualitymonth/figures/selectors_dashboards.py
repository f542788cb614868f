"""Reads of the city's and the districts' dashboards: the registry's figures for the
current year with the previous one beside it, from stored values only (the worker computes
them, with each district's share of the figures broken down by district)."""

from dataclasses import dataclass
from decimal import Decimal

from qualitymonth.core.figures import Figure
from qualitymonth.figures.breakdowns import by_district, dimension_of, district_records_url
from qualitymonth.figures.models import FigureValue
from qualitymonth.figures.record_lists import records_url
from qualitymonth.figures.registry import all_figures
from qualitymonth.figures.selectors import _shown
from qualitymonth.organizations.models import STAFF_ROLES, Unit, UnitKind
from qualitymonth.organizations.selectors import units_acted_for


@dataclass
class Number:
    figure: Figure
    value: Decimal | None
    previous: Decimal | None
    records_url: str = ""

    @property
    def change(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


def districts() -> list[Unit]:
    return list(Unit.objects.filter(kind=UnitKind.DISTRICT, is_active=True))


def get_district(pk: int) -> Unit | None:
    return Unit.objects.filter(pk=pk, kind=UnitKind.DISTRICT).first()


def districts_acted_for(user) -> frozenset[int]:
    """Districts whose staff the person is: staff of the district or of a unit under it
    (its bureaus and streets). Walks up from the person's units, one query per level."""
    found: set[int] = set()
    frontier = set(units_acted_for(user, STAFF_ROLES, below=False))
    seen: set[int] = set()
    while frontier:
        seen |= frontier
        rows = Unit.objects.filter(pk__in=frontier).values_list("pk", "kind", "parent_id")
        found |= {pk for pk, kind, _parent in rows if kind == UnitKind.DISTRICT}
        frontier = {parent for _pk, _kind, parent in rows if parent} - seen
    return frozenset(found)


def district_figures() -> list[Figure]:
    return [f for f in all_figures() if by_district(f) is not None]


def _stored(year: int, dimensions=None) -> dict[str, dict]:
    """{dimension: {(key, year, frozen): value}} for the year and the one before."""
    values = FigureValue.objects.filter(year__in=(year, year - 1))
    if dimensions is not None:
        values = values.filter(dimension__in=dimensions)
    by_dimension: dict[str, dict] = {}
    for v in values:
        by_dimension.setdefault(v.dimension, {})[(v.key, v.year, v.frozen)] = v
    return by_dimension


def _number(stored: dict, figure: Figure, year: int, dimension: str, url) -> Number:
    """The value shown (the published one when frozen) this year and the year before. A
    district without records counts zero once the city's figure is computed."""

    def of(y):
        shown, _later = _shown(stored.get(dimension, {}), figure.key, y)
        if shown is not None:
            return shown.value
        city, _later = _shown(stored.get("", {}), figure.key, y)
        return Decimal(0) if dimension and city is not None else None

    value = of(year)
    return Number(figure, value, of(year - 1), url() if value is not None else "")


def city_dashboard(year: int) -> dict:
    figures = all_figures()
    broken = district_figures()
    stored = _stored(year)
    units = districts()
    rows = [_number(stored, f, year, "", lambda f=f: records_url(f, year)) for f in figures]
    return {
        "year": year,
        "has_data": any(row.value is not None for row in rows),
        "rows": rows,
        "district_figures": broken,
        "districts": [
            (
                district,
                [_number(stored, f, year, dimension_of(district.key), str) for f in broken],
            )
            for district in units
        ],
    }


def district_dashboard(district: Unit, year: int) -> dict:
    dimension = dimension_of(district.key)
    stored = _stored(year, ("", dimension))
    rows = [
        _number(stored, f, year, dimension, lambda f=f: district_records_url(f, year, district))
        for f in district_figures()
    ]
    return {
        "year": year,
        "district": district,
        "has_data": any(row.value is not None for row in rows),
        "rows": rows,
    }


def dashboards_for(user) -> dict:
    """Which dashboards the figures pages link to for this person."""
    if not getattr(user, "is_authenticated", False):
        return {"city_dashboard": False, "district_dashboards": []}
    if user.has_perm("figures.view_city_dashboard"):
        return {"city_dashboard": True, "district_dashboards": []}  # listed on the city's
    acted = districts_acted_for(user)
    own = [d for d in districts() if d.pk in acted] if acted else []
    return {"city_dashboard": False, "district_dashboards": own}
