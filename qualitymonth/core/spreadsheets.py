"""Tables written as XLSX (XlsxWriter) or CSV, for every download of the platform."""

import csv
import datetime
import io

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def to_xlsx(header: list[str], rows: list[list], *, sheet: str = "Sheet1", notes=None) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True, "bg_color": "#E8F1FB"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    worksheet = book.add_worksheet(sheet[:31])
    worksheet.write_row(0, 0, header, bold)
    worksheet.freeze_panes(1, 0)
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, datetime.datetime):
                worksheet.write_datetime(index, column, local_naive(value), moment)
            elif hasattr(value, "isoformat"):
                worksheet.write_datetime(index, column, _as_datetime(value), day)
            else:
                worksheet.write(index, column, value)
    worksheet.set_column(0, len(header) - 1, 16)
    if notes:
        extra = book.add_worksheet(_("Allowed values")[:31])
        for column, (title, values) in enumerate(notes):
            extra.write(0, column, title, bold)
            for index, value in enumerate(values, start=1):
                extra.write(index, column, value)
        extra.set_column(0, len(notes) - 1, 24)
    book.close()
    return output.getvalue()


def _as_datetime(value):
    return datetime.datetime.combine(value, datetime.time())


def local_naive(value: datetime.datetime) -> datetime.datetime:
    """An aware date-time as the wall-clock time in Asia/Shanghai (Excel has no time zones)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def to_csv(header: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens Chinese text correctly."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else _safe(value) for value in row])
    return ("\ufeff" + output.getvalue()).encode("utf-8")


# OWASP's list for CSV injection: a cell starting with one of these may run as a formula in a
# spreadsheet program (TAB and CR are skipped before the formula; Excel and WPS read the
# full-width ＝ ＋ － ＠ that Chinese input methods type as the half-width ones).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, datetime.datetime):
        # Local wall-clock time, as in the XLSX, not "…+00:00" in UTC.
        return local_naive(value).isoformat(sep=" ", timespec="seconds")
    return value
