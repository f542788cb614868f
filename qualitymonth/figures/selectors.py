"""Reads of the year's figures: only stored values, never a computation."""

from dataclasses import dataclass
from decimal import Decimal

from qualitymonth.core.figures import Figure
from qualitymonth.figures.models import FigureValue, HandEntry, OpenDataExport, PublishedYear
from qualitymonth.figures.record_lists import records_url
from qualitymonth.figures.registry import all_datasets, all_figures
from qualitymonth.figures.selectors_trends import trend_charts

TREND_YEARS = 10  # the year page's charts: this year and the nine before


@dataclass
class Row:
    figure: Figure
    value: Decimal | None  # the published value when frozen, else the current one
    current: Decimal | None  # a later recompute that differs from the frozen value
    previous: Decimal | None
    computed_at: object = None
    entry: HandEntry | None = None
    records_url: str = ""  # the list of the records counted, where one is offered

    @property
    def changed_since_publication(self) -> bool:
        return self.current is not None

    @property
    def change(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def change_percent(self) -> Decimal | None:
        if self.change is None or not self.previous:
            return None
        return (self.change * 100 / self.previous).quantize(Decimal("0.1"))


def _shown(stored: dict, key: str, year: int) -> tuple[FigureValue | None, FigureValue | None]:
    """(the value shown, a differing current value) for one figure and year."""
    frozen = stored.get((key, year, True))
    current = stored.get((key, year, False))
    if frozen is None:
        return current, None
    if current is not None and current.fingerprint != frozen.fingerprint:
        return frozen, current
    return frozen, None


def year_page(year: int, *, public: bool) -> dict:
    figures = [f for f in all_figures() if f.public or not public]
    stored = {
        (v.key, v.year, v.frozen): v
        for v in FigureValue.objects.filter(year__in=(year, year - 1), dimension="")
    }
    entries = {}
    for entry in HandEntry.objects.filter(year=year).select_related("entered_by"):
        entries.setdefault(entry.key, entry)  # newest first
    published = PublishedYear.objects.filter(year=year).first()
    rows = []
    for figure in figures:
        shown, later = _shown(stored, figure.key, year)
        before, _later = _shown(stored, figure.key, year - 1)
        rows.append(
            Row(
                figure=figure,
                value=shown.value if shown else None,
                current=later.value if later else None,
                previous=before.value if before else None,
                computed_at=shown.computed_at if shown else None,
                entry=entries.get(figure.key),
                # A value entered from a report has no records here to open.
                records_url="" if figure.key in entries or not shown else records_url(figure, year),
            )
        )
    times = [r.computed_at for r in rows if r.computed_at]
    return {
        "year": year,
        "rows": rows,
        "has_data": any(r.value is not None for r in rows),
        "computed_at": max(times) if times else None,
        "published": published,
        "changed": any(r.changed_since_publication for r in rows),
        "charts": trend_charts(figures, list(range(year - TREND_YEARS + 1, year + 1))),
    }


def hand_entered_choices() -> list[tuple[str, str]]:
    return [(f.key, f.name) for f in all_figures() if f.hand_entered]


def latest_export() -> OpenDataExport | None:
    """The open-data download the worker built last; None before its first run."""
    return OpenDataExport.objects.defer("data").first()


def export_rows(key: str) -> tuple[OpenDataExport, dict, list] | None:
    """(export, the dataset's manifest entry, its rows) from the latest export."""
    export = OpenDataExport.objects.first()
    if export is None:
        return None
    entry = next((e for e in export.manifest if e["key"] == key), None)
    if entry is None:
        return None
    return export, entry, export.data.get(key, [])


def open_data_listing(export: OpenDataExport | None) -> list[dict]:
    """The export's datasets described in the reader's language (the ZIP's READMEs are in
    the platform's)."""
    if export is None:
        return []
    declared = {dataset.key: dataset for dataset in all_datasets()}
    listing = []
    for entry in export.manifest:
        dataset = declared.get(entry["key"])
        columns = (
            [(c.name, c.description) for c in dataset.columns] if dataset else entry["columns"]
        )
        listing.append(
            {
                "key": entry["key"],
                "name": dataset.name if dataset else entry["name"],
                "description": dataset.description if dataset else entry["description"],
                "columns": columns,
                "rows": entry["rows"],
            }
        )
    return listing
