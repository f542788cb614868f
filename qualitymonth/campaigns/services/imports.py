"""Many activity reports at once from an XLSX or CSV file, all-or-nothing unless asked otherwise."""

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from qualitymonth.campaigns.models import ActivityKind, ActivityReport, Campaign, ReportState
from qualitymonth.campaigns.services.activities import activity_errors, file_activity
from qualitymonth.core.models import AuditEntry
from qualitymonth.core.services import log_action

# (field, column heading); headings are matched in any of the three languages.
COLUMNS = [
    ("title", pgettext_lazy("import column", "activity name")),
    ("starts_on", pgettext_lazy("import column", "start date")),
    ("ends_on", pgettext_lazy("import column", "end date")),
    ("place", pgettext_lazy("import column", "place")),
    ("organisers", pgettext_lazy("import column", "organisers")),
    ("category", pgettext_lazy("import column", "category")),
    ("kind", pgettext_lazy("import column", "kind")),
    ("action", pgettext_lazy("import column", "plan action number")),
    ("participants", pgettext_lazy("import column", "participants on site")),
    ("online_viewers", pgettext_lazy("import column", "online viewers")),
    ("teams", pgettext_lazy("import column", "teams")),
    ("enterprises", pgettext_lazy("import column", "enterprises")),
    ("sub_activities", pgettext_lazy("import column", "sub-activities")),
    ("description", pgettext_lazy("import column", "description")),
]
REQUIRED = ["title", "starts_on", "ends_on", "kind"]
NUMBERS = ["participants", "online_viewers", "teams", "enterprises", "sub_activities"]
LANGUAGES = ["zh-hans", "zh-hant", "en"]
MAX_ROWS = 5000
DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            return _("Row %(row)s, %(column)s: %(message)s") % vars(self)
        return _("Row %(row)s: %(message)s") % vars(self)


# What to do with rows the unit already imported into the campaign (a corrected file sent again).
ASK, SKIP, AGAIN = "ask", "skip", "again"


@dataclass
class Duplicate:
    """A row whose activity the unit already reported: same title and dates."""

    row: int
    activity: ActivityReport

    def __str__(self):
        activity = self.activity
        return _(
            "Row %(row)s: “%(title)s” (%(starts_on)s – %(ends_on)s) is already there, "
            "filed on %(filed)s (%(state)s)."
        ) % {
            "row": self.row,
            "title": activity.title,
            "starts_on": date_format(activity.starts_on, "SHORT_DATE_FORMAT"),
            "ends_on": date_format(activity.ends_on, "SHORT_DATE_FORMAT"),
            "filed": date_format(timezone.localtime(activity.created_at), "SHORT_DATE_FORMAT"),
            "state": activity.get_state_display(),
        }


@dataclass
class ImportResult:
    rows: int = 0
    created: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    skipped_duplicates: bool = False
    # When this very file was imported before for the same unit and campaign.
    same_file_imported_at: datetime.datetime | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_errors and not self.waiting

    @property
    def waiting(self) -> bool:
        """Nothing was imported because rows are already there and nobody said what to do."""
        return bool(self.duplicates) and not self.created and not self.skipped_duplicates

    @property
    def bad_rows(self) -> int:
        return len({error.row for error in self.errors})


def _in_every_language(text) -> set[str]:
    found = set()
    for language in LANGUAGES:
        with translation.override(language):
            found.add(str(text).strip().lower())
    return found


def column_heading(name: str) -> str:
    return str(dict(COLUMNS)[name])


def read_table(upload) -> list[list]:
    """Rows of cells from an .xlsx or .csv upload; raises ValidationError for unreadable files."""
    name = (getattr(upload, "name", "") or "").lower()
    upload.seek(0)
    data = upload.read()
    if data.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            # Read-only workbooks parse lazily: a damaged sheet fails here, not above.
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        except Exception:  # openpyxl raises many kinds for a damaged file
            raise ValidationError(_("The spreadsheet cannot be read.")) from None
    if name.endswith(".xlsx"):
        raise ValidationError(_("The spreadsheet cannot be read."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("The file is neither UTF-8 nor GB18030 text."))
    if "\x00" in text:
        raise ValidationError(_("Upload an .xlsx or .csv file."))
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error:
        raise ValidationError(_("The file is not a readable CSV table.")) from None


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _parse_date(cell):
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    match = DATE.match(str(cell).strip())
    if match:
        try:
            return datetime.date(*map(int, match.groups()))
        except ValueError:
            pass
    raise ValueError(_("%(value)s is not a date; write it as 2020-09-15.") % {"value": cell})


def _parse_number(cell) -> int:
    if _blank(cell):
        return 0
    text = str(cell).strip().replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value != value.to_integral_value():
        raise ValueError(_("%(value)s is not a whole number.") % {"value": cell})
    if value < 0:
        raise ValueError(_("A figure cannot be negative."))
    return int(value)


class RowParser:
    """Turns one row's cells into the values `file_activity` takes."""

    def __init__(self, campaign: Campaign):
        self.campaign = campaign
        self.categories = {}
        for category in campaign.categories.all():
            for name in (category.name, category.name_zh_hant, category.name_en):
                if name:
                    self.categories[name.strip().lower()] = category
        self.kinds = {}
        for kind in ActivityKind:
            self.kinds[kind.value] = kind.value
            for label in _in_every_language(kind.label):
                self.kinds[label] = kind.value
        self.actions = {action.number: action for action in campaign.actions.all()}

    def parse(self, cells: dict) -> tuple[dict, dict[str, str]]:
        values, errors = {}, {}
        for name, _heading in COLUMNS:
            cell = cells.get(name)
            try:
                values[name] = self._value(name, cell)
            except ValueError as error:
                errors[name] = str(error)
        for name, message in activity_errors(self.campaign, values).items():
            errors.setdefault(name, message)
        return values, errors

    def _value(self, name: str, cell):
        if name in REQUIRED and _blank(cell):
            raise ValueError(_("This column must be filled in."))
        if name in ("starts_on", "ends_on"):
            return _parse_date(cell)
        if name in NUMBERS:
            return _parse_number(cell)
        text = "" if _blank(cell) else str(cell).strip()
        if name == "kind":
            if text.lower() not in self.kinds:
                raise ValueError(_("%(value)s is not a kind of activity.") % {"value": text})
            return self.kinds[text.lower()]
        if name == "category":
            if not text:
                return None
            if text.lower() not in self.categories:
                raise ValueError(
                    _("%(value)s is not a category of this campaign.") % {"value": text}
                )
            return self.categories[text.lower()]
        if name == "action":
            if not text:
                return None
            number = text[:-2] if text.endswith(".0") else text  # Excel turns 3 into 3.0
            if number not in self.actions:
                raise ValueError(_("The plan has no action %(value)s.") % {"value": text})
            return self.actions[number]
        return text


def _columns_of(header: list) -> tuple[dict[str, int], list[str]]:
    wanted = {}
    for name, heading in COLUMNS:
        for alias in {name, *_in_every_language(heading)}:
            wanted[alias] = name
    found = {}
    for index, cell in enumerate(header):
        name = wanted.get(str(cell or "").strip().lower())
        if name and name not in found:
            found[name] = index
    missing = [column_heading(name) for name in REQUIRED if name not in found]
    return found, missing


def check_activity_file(
    *, campaign: Campaign, upload
) -> tuple[ImportResult, list[tuple[int, dict]]]:
    """Read and check every row; nothing is stored. Good rows come with their row numbers."""
    result = ImportResult()
    try:
        table = read_table(upload)
    except ValidationError as error:
        result.file_errors.extend(error.messages)
        return result, []
    while table and all(_blank(cell) for cell in table[0]):
        table.pop(0)
    if not table:
        result.file_errors.append(_("The file has no rows of activities."))
        return result, []
    columns, missing = _columns_of(table[0])
    if missing:
        result.file_errors.append(
            _("The file has no column %(columns)s; use the template.")
            % {"columns": "、".join(missing)}
        )
        return result, []
    parser = RowParser(campaign)
    good = []
    for number, row in enumerate(table[1:], start=2):
        if all(_blank(cell) for cell in row):
            continue
        result.rows += 1
        if result.rows > MAX_ROWS:
            result.file_errors.append(
                _("The file has more than %(limit)s rows; split it.") % {"limit": MAX_ROWS}
            )
            return result, []
        cells = {name: row[index] if index < len(row) else None for name, index in columns.items()}
        values, errors = parser.parse(cells)
        for name, message in errors.items():
            result.errors.append(RowError(number, column_heading(name), message))
        if not errors:
            good.append((number, values))
    if result.rows == 0:
        result.file_errors.append(_("The file has no rows of activities."))
    return result, good


def _identity(title: str, starts_on, ends_on) -> tuple:
    return (" ".join((title or "").split()).casefold(), starts_on, ends_on)


def find_duplicates(*, campaign: Campaign, unit, good: list[tuple[int, dict]]) -> list[Duplicate]:
    """Good rows whose activity (title and dates) the unit already reported in the campaign."""
    existing = {}
    for activity in ActivityReport.objects.filter(campaign=campaign, unit=unit).order_by("pk"):
        existing.setdefault(
            _identity(activity.title, activity.starts_on, activity.ends_on), activity
        )
    found = []
    for number, values in good:
        key = _identity(values["title"], values["starts_on"], values["ends_on"])
        if key in existing:
            found.append(Duplicate(number, existing[key]))
    return found


def file_checksum(upload) -> str:
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def import_activities(
    *,
    actor,
    campaign: Campaign,
    unit,
    upload,
    good_rows_only: bool = False,
    accept=False,
    duplicates: str = ASK,
) -> ImportResult:
    """Import every row, or none when any row is bad — unless `good_rows_only` is asked for.

    Rows the unit already imported (same title and dates) stop the import and are listed,
    unless `duplicates` says to skip them (SKIP) or to import them again (AGAIN).
    """
    result, good = check_activity_file(campaign=campaign, upload=upload)
    if result.file_errors or (result.errors and not good_rows_only):
        return result
    checksum = file_checksum(upload)
    previous = (
        AuditEntry.objects.filter(
            action="activity.import",
            object_id=str(campaign.pk),
            changes__unit=unit.pk,
            changes__sha256=checksum,
        )
        .order_by("-created_at")
        .first()
    )
    result.same_file_imported_at = previous.created_at if previous else None
    result.duplicates = find_duplicates(campaign=campaign, unit=unit, good=good)
    if result.duplicates and duplicates not in (SKIP, AGAIN):
        return result
    if duplicates == SKIP:
        repeated = {duplicate.row for duplicate in result.duplicates}
        good = [(number, values) for number, values in good if number not in repeated]
        result.skipped_duplicates = bool(repeated)
    state = ReportState.ACCEPTED if accept else ReportState.SUBMITTED
    for _number, values in good:
        result.created.append(
            file_activity(actor=actor, campaign=campaign, unit=unit, state=state, **values)
        )
    log_action(
        actor=actor,
        action="activity.import",
        obj=campaign,
        changes={
            "unit": unit.pk,
            "file": getattr(upload, "name", ""),
            "sha256": checksum,
            "rows": result.rows,
            "imported": len(result.created),
            "skipped_rows": sorted({error.row for error in result.errors}),
            "already_imported_rows": [duplicate.row for duplicate in result.duplicates],
            "imported_again": duplicates == AGAIN and bool(result.duplicates),
        },
    )
    return result
