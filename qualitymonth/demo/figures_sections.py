"""Handlers for the figures sections of the demo fixtures: figures of past years entered from
the council's work reports (with the report as source), published and frozen; and the
open-data download, built as the worker builds it once every other section is loaded; and the
current year's figures, computed by the worker's own service so the dashboards show them."""

from collections import Counter
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from qualitymonth.demo.loader import FixtureError, section
from qualitymonth.figures.models import HandEntry, PublishedYear, Report
from qualitymonth.figures.registry import get_figure
from qualitymonth.figures.selectors import latest_export
from qualitymonth.figures.services import publish_year, recompute_year
from qualitymonth.figures.services_open_data import build_open_data
from qualitymonth.figures.services_reports import create_report
from qualitymonth.organizations.models import User

# A one-page PDF standing in for the printed report.
REPORT_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _source_name(source: str, year: int) -> str:
    """The report's file, written once and shared by its entries."""
    existing = HandEntry.objects.filter(source_name=source).exclude(source="").first()
    if existing is not None:
        return existing.source.name
    entry = HandEntry(year=year)
    entry.source.save("demo-report.pdf", ContentFile(REPORT_PDF), save=False)
    return entry.source.name


@section("figures_history")
def load_figures_history(rows: list[dict]) -> Counter:
    counts = Counter()
    secretariat = User.objects.filter(username="secretariat").first()
    for row in rows:
        years = row["years"]
        for key, values in row["figures"].items():
            if get_figure(key) is None:
                raise FixtureError(f"figures_history: no figure {key!r}")
            if len(values) != len(years):
                raise FixtureError(f"figures_history: {key} needs one value per year")
            for year, value in zip(years, values, strict=True):
                if HandEntry.objects.filter(key=key, year=year).exists():
                    counts["unchanged"] += 1
                    continue
                HandEntry.objects.create(
                    key=key,
                    year=year,
                    value=Decimal(value),
                    source=_source_name(row["source"], year),
                    source_name=row["source"],
                    content_type="application/pdf",
                    entered_by=secretariat,
                    entered_at=timezone.now(),
                    is_demo=True,
                )
                counts["created"] += 1
        computed = row.get("computed", {})
        for year in years:
            keys = set(row["figures"]) | set(computed.get(year, ()))
            if PublishedYear.objects.filter(year=year).exists():
                continue
            recompute_year(year, keys, demo=True)
            publish_year(actor=secretariat, year=year, demo=True)
    return counts


@section("figure_reports")
def load_figure_reports(rows: list[dict]) -> Counter:
    counts = Counter()
    author = User.objects.get(username="secretariat")
    for row in rows:
        if Report.objects.filter(title=row["title"]).exists():
            counts["unchanged"] += 1
            continue
        report = create_report(actor=author, title=row["title"], kind=row["kind"], year=row["year"])
        report.is_demo = True
        report.save(update_fields=["is_demo"])
        texts = report.sections.filter(kind="text")
        for part, text in zip(texts, row["texts"], strict=False):
            part.text = text
            part.save(update_fields=["text"])
        counts["created"] += 1
    return counts


@section("current_figures")
def load_current_figures(rows: list[dict]) -> Counter:
    """The current year's figures, city and districts, stored as the worker stores them
    (the same service), so the dashboards open on this year's numbers."""
    year = timezone.localdate().year
    if PublishedYear.objects.filter(year=year).exists():
        return Counter({"unchanged": 1})  # a published year keeps its frozen values
    return Counter({"computed": recompute_year(year, demo=True)})


@section("open_data")
def load_open_data(rows: list[dict]) -> Counter:
    before = latest_export()
    export = build_open_data()  # unchanged records keep the latest download
    return Counter({"unchanged" if before and export.pk == before.pk else "created": 1})
