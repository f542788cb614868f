"""XLSX downloads of the members pages (core.spreadsheets writes every download)."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from qualitymonth.core.spreadsheets import XLSX, to_xlsx
from qualitymonth.members.models import Status

STATUS = dict(Status.choices)


def xlsx_response(name: str, header: list, rows: list, sheet: str) -> HttpResponse:
    response = HttpResponse(
        to_xlsx([str(h) for h in header], rows, sheet=str(sheet)), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def members_rows(memberships) -> tuple[list, list]:
    header = [
        _("Unit"),
        _("Unified social credit code"),
        _("District"),
        _("Industry group"),
        _("Type"),
        _("Status"),
        _("Term ends"),
        _("Date joined"),
    ]
    rows = [
        [
            m.unit.name,
            m.unit.credit_code,
            m.unit.district.name if m.unit.district else "",
            m.industry_group.name if m.industry_group else "",
            m.term_type or "",
            str(STATUS.get(m.term_status, "")) if m.term_status else "",
            m.term_ends or "",
            m.joined_on or "",
        ]
        for m in memberships
    ]
    return header, rows


def dues_rows(invoices) -> tuple[list, list]:
    header = [
        _("Unit"),
        _("Invoice number"),
        _("Year"),
        _("Type"),
        _("Amount (yuan)"),
        _("Paid (yuan)"),
        _("Owed (yuan)"),
        _("Due on"),
    ]
    rows = [
        [
            i.term.membership.unit.name,
            i.number,
            i.year,
            i.term.type.name,
            float(i.amount),
            float(i.paid),
            float(i.amount - i.paid),
            i.due_on,
        ]
        for i in invoices
    ]
    return header, rows


def timeline_rows(items) -> tuple[list, list]:
    header = [_("Date"), _("Kind"), _("Record"), _("Detail")]
    return header, [[i.day, i.kind_label, i.title, i.detail] for i in items]
