"""Figures of citizens' cases for staff: the page with its charts and tables, and the same
tables as an XLSX workbook (one sheet each). The desk's visibility applies."""

import io
from urllib.parse import urlencode

import xlsxwriter
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core import perms_cache
from qualitymonth.core.cache import fragment
from qualitymonth.core.permissions import permission_required
from qualitymonth.core.spreadsheets import XLSX
from qualitymonth.core.text import join_list
from qualitymonth.enquiries import selectors_figures
from qualitymonth.enquiries.selectors_figures import Period

FORBIDDEN_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})


def _number(value, low: int, high: int, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


def period_from(query) -> Period:
    year = _number(query.get("year"), 2000, 2100, timezone.localdate().year)
    first = _number(query.get("from"), 1, 12, 1)
    last = _number(query.get("to"), 1, 12, 12)
    return Period(year, *sorted((first, last)))


def _charts(tables) -> list[dict]:
    """What the page's script draws: for each table, its labels and the chosen columns."""
    charts = []
    for table in tables:
        if not table.chart or not table.rows:
            continue
        charts.append(
            {
                "id": f"chart-{table.key}",
                "type": table.chart,
                "stacked": table.stacked,
                "percent": all(i in table.percent for i in table.series),
                "labels": [str(row[0]) for row in table.rows],
                "codes": table.codes,
                "series": [
                    {"name": str(table.header[i]), "data": [row[i] for row in table.rows]}
                    for i in table.series
                ],
            }
        )
    return charts


@permission_required("enquiries.desk")
def figures(request):
    period = period_from(request.GET)
    user = request.user

    def compute():
        data = selectors_figures.figures(user, period)
        # The whole page body rendered once (the period form too: it is built from the period,
        # not from the address typed): rendering it took three quarters of the page's time.
        # Nothing in it is personal (no form token, no one's name).
        return render_to_string(
            "enquiries/_figures_page.html",
            {
                "period": period,
                "data": data,
                "tables": data["tables"],
                "charts": _charts(data["tables"]),
                "years": selectors_figures.years(user),
                "months": range(1, 13),
                "scope": selectors_figures.scope(user),
                "query": urlencode(
                    {"year": period.year, "from": period.first_month, "to": period.last_month}
                ),
            },
        )

    # Counted cases, no one's personal data: the same for everyone with the same scope, kept
    # until a case (or a unit) changes, or the day does (steps on time count to today).
    rendered = fragment(
        "enquiry-figures-body",
        ("enquiries", "organizations"),
        compute,
        # Which cases the reader sees, kept with their permissions (a query of their
        # positions otherwise).
        perms_cache.reader(request).kept(
            "enquiries.figures-scope", lambda: selectors_figures.scope_key(user)
        ),
        period,
        timezone.localdate(),
    )
    return render(request, "enquiries/figures.html", {"period": period, "figures_html": rendered})


def _sheet_name(title: str, used: set[str]) -> str:
    name = str(title).translate(FORBIDDEN_IN_SHEET_NAMES).strip()[:31] or "Sheet"
    base, n = name, 2
    while name.lower() in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name.lower())
    return name


def workbook(tables, about: list[tuple]) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True, "bg_color": "#E8F1FB"})
    used: set[str] = set()
    sheet = book.add_worksheet(_sheet_name(_("About"), used))
    for index, (label, value) in enumerate(about):
        sheet.write(index, 0, label, bold)
        sheet.write(index, 1, value)
    sheet.set_column(0, 1, 30)
    for table in tables:
        sheet = book.add_worksheet(_sheet_name(table.title, used))
        sheet.write_row(0, 0, [str(cell) for cell in table.header], bold)
        sheet.freeze_panes(1, 0)
        for index, row in enumerate(table.rows, start=1):
            for column, value in enumerate(row):
                if value is not None:
                    sheet.write(index, column, value)
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, max(len(table.header) - 1, 1), 14)
    book.close()
    return output.getvalue()


@permission_required("enquiries.desk")
def figures_xlsx(request):
    period = period_from(request.GET)
    data = selectors_figures.figures(request.user, period)
    units = selectors_figures.scope(request.user)
    about = [
        (_("Figures of citizens' cases"), ""),
        (_("Year"), period.year),
        (_("Months"), f"{period.first_month}–{period.last_month}"),
        (
            _("Cases of"),
            join_list(unit.display_name for unit in units) if units else _("the whole city"),
        ),
        (_("Cases received"), data["total"]),
        (_("Made"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ]
    response = HttpResponse(workbook(data["tables"], about), content_type=XLSX)
    name = f"enquiry-figures-{period.year}-{period.first_month:02d}-{period.last_month:02d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
