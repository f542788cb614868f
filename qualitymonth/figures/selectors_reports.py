"""Reads of the report composer: a report's sections with their figures filled in from the
stored values, and what stops it from being exported."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from qualitymonth.figures.models import Report, Section, SectionKind
from qualitymonth.figures.registry import get_figure
from qualitymonth.figures.selectors_report_parts import FROM_MODULES, Block, compose_module_part
from qualitymonth.figures.selectors_trends import shown_values


def reports():
    return Report.objects.select_related("created_by")


def get_report(pk: int) -> Report:
    return get_object_or_404(Report, pk=pk)


def chinese_number(value: Decimal | None, in_wan: bool) -> str:
    """12345 → 1.23万 and 123456789 → 1.23亿 when the report chooses so; else as stored."""
    if value is None:
        return "—"
    for size, unit in ((Decimal(100_000_000), "亿"), (Decimal(10_000), "万")):
        if in_wan and abs(value) >= size:
            short = (value / size).quantize(Decimal("0.01")).normalize()
            return f"{short:f}{unit}"
    return f"{value.normalize():f}"


@dataclass
class Composed:
    section: Section
    errors: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    items: list[tuple[str, str, str]] = field(default_factory=list)  # name, value, unit
    years: list[int] = field(default_factory=list)
    rows: list[tuple[str, str, list[str]]] = field(default_factory=list)  # name, unit, values
    series: list[tuple[int, float]] = field(default_factory=list)  # a chart's points
    tables: list[Block] = field(default_factory=list)  # a module's section's tables
    notes: list[str] = field(default_factory=list)  # e.g. a year that holds nothing yet

    @property
    def from_module(self) -> bool:
        return self.section.kind in FROM_MODULES


def _years(report: Report, section: Section) -> list[int]:
    first = section.first_year or report.year - 4
    return list(range(min(first, report.year), report.year + 1))


def compose(report: Report) -> list[Composed]:
    """Every section ready to show or export; a section naming a figure that is no longer
    declared, or a campaign or round deleted since, carries a message saying so."""
    sections = list(report.sections.all())
    years = sorted({y for s in sections for y in _years(report, s)} | {report.year})
    shown = shown_values(years)
    composed = []
    for section in sections:
        part = Composed(section=section, paragraphs=[p for p in section.text.splitlines() if p])
        figures = []
        for key in section.figures:
            figure = get_figure(key)
            if figure is None:
                part.errors.append(
                    _(
                        "The section “%(section)s” refers to the figure “%(key)s”, which no "
                        "longer exists: remove it from the section or choose another figure."
                    )
                    % {"section": section.heading, "key": key}
                )
            else:
                figures.append(figure)
        if section.kind == SectionKind.FIGURES:
            part.items = [
                (
                    str(f.name),
                    chinese_number(shown.get((f.key, report.year)), report.in_wan),
                    str(f.unit),
                )
                for f in figures
            ]
        elif section.kind in (SectionKind.TABLE, SectionKind.CHART):
            part.years = _years(report, section)
            part.rows = [
                (
                    str(f.name),
                    str(f.unit),
                    [chinese_number(shown.get((f.key, y)), report.in_wan) for y in part.years],
                )
                for f in figures
            ]
            if section.kind == SectionKind.CHART and figures:
                part.series = [
                    (y, float(shown[(figures[0].key, y)]))
                    for y in part.years
                    if (figures[0].key, y) in shown
                ]
        elif section.kind in FROM_MODULES:
            compose_module_part(
                report, section, part, shown, lambda v: chinese_number(v, report.in_wan)
            )
        composed.append(part)
    return composed


def export_errors(composed: list[Composed]) -> list[str]:
    return [message for part in composed for message in part.errors]
