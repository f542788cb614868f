"""Many activity reports at once from an XLSX or CSV file, all-or-nothing unless asked otherwise.

The reading, its limits and the result's shape are core's (core/imports.py); the columns and
what makes a good row are the campaign's. `ActivityImporter` runs it in the worker.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from qualitymonth.campaigns.models import ActivityKind, ActivityReport, Campaign, ReportState
from qualitymonth.campaigns.services.activities import (
    FIGURES,
    activity_errors,
    district_of,
    group_of,
)
from qualitymonth.core.imports import (
    ImportResult,
    Limits,
    RowError,
    TableReader,
    blank,
    file_checksum,
    in_every_language,
)
from qualitymonth.core.imports_jobs import Importer
from qualitymonth.core.models import AuditEntry
from qualitymonth.core.services import log_action
from qualitymonth.organizations.models import Unit

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
MAX_ROWS = 5000
LIMITS = Limits(rows=MAX_ROWS, columns=100, cell_chars=5000, cells=MAX_ROWS * 100)
DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


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
class ActivityImportResult(ImportResult):
    duplicates: list[Duplicate] = field(default_factory=list)
    skipped_duplicates: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_errors and not self.waiting

    @property
    def waiting(self) -> bool:
        """Nothing was imported because rows are already there and nobody said what to do."""
        return bool(self.duplicates) and not self.created and not self.skipped_duplicates


def column_heading(name: str) -> str:
    return str(dict(COLUMNS)[name])


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
    if blank(cell):
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
            for label in in_every_language(kind.label):
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
        if name in REQUIRED and blank(cell):
            raise ValueError(_("This column must be filled in."))
        if name in ("starts_on", "ends_on"):
            return _parse_date(cell)
        if name in NUMBERS:
            return _parse_number(cell)
        text = "" if blank(cell) else str(cell).strip()
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
        for alias in {name, *in_every_language(heading)}:
            wanted[alias] = name
    found = {}
    for index, cell in enumerate(header):
        name = wanted.get(str(cell or "").strip().lower())
        if name and name not in found:
            found[name] = index
    missing = [column_heading(name) for name in REQUIRED if name not in found]
    return found, missing


def check_heading(heading: list) -> list[str]:
    """The file's problem with its heading row, if any (asked by the upload page at once)."""
    if not heading:
        return [_("The file has no rows of activities.")]
    _found, missing = _columns_of(heading)
    if missing:
        return [
            _("The file has no column %(columns)s; use the template.")
            % {"columns": "、".join(missing)}
        ]
    return []


def check_activity_file(
    *, campaign: Campaign, upload, progress=None
) -> tuple[ActivityImportResult, list[tuple[int, dict]]]:
    """Read and check every row as it arrives; nothing is stored. Good rows come numbered."""
    result = ActivityImportResult()
    parser, columns, good = None, None, []
    try:
        for number, row in TableReader(upload, LIMITS):
            if all(blank(cell) for cell in row):
                continue
            if columns is None:  # the first row with anything in it names the columns
                result.file_errors.extend(check_heading(row))
                if result.file_errors:
                    return result, []
                columns, _missing = _columns_of(row)
                parser = RowParser(campaign)
                continue
            result.rows += 1
            cells = {
                name: row[index] if index < len(row) else None for name, index in columns.items()
            }
            values, errors = parser.parse(cells)
            for name, message in errors.items():
                result.errors.append(RowError(number, column_heading(name), message))
            if not errors:
                good.append((number, values))
            if progress is not None:
                progress(result.rows)
    except ValidationError as error:
        result.file_errors.extend(error.messages)
        return result, []
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


@transaction.atomic
def store_activities(
    *,
    actor,
    campaign: Campaign,
    unit,
    result: ActivityImportResult,
    good: list[tuple[int, dict]],
    accept=False,
    duplicates: str = ASK,
    filename: str = "",
    checksum: str = "",
) -> ActivityImportResult:
    """Store the checked rows in one go; rows already there stop it unless SKIP or AGAIN."""
    result.duplicates = find_duplicates(campaign=campaign, unit=unit, good=good)
    if result.duplicates and duplicates not in (SKIP, AGAIN):
        return result
    if duplicates == SKIP:
        repeated = {duplicate.row for duplicate in result.duplicates}
        good = [(number, values) for number, values in good if number not in repeated]
        result.skipped_duplicates = bool(repeated)
    state = ReportState.ACCEPTED if accept else ReportState.SUBMITTED
    # One insert for the reports and one for their audit entries: a 5,000-row file had made
    # 10,000 round trips through file_activity. The rows were checked as file_activity does.
    district, group = district_of(unit), group_of(unit)
    reports = []
    for _number, values in good:
        fields = dict(values)
        for name in FIGURES:
            fields[name] = fields.get(name) or 0
        fields["district"] = fields.get("district") or district
        reports.append(
            ActivityReport(
                campaign=campaign, unit=unit, group=group, author=actor, state=state, **fields
            )
        )
    result.created = ActivityReport.objects.bulk_create(reports, batch_size=500)
    who = actor if actor is not None and actor.is_authenticated else None
    kind = ContentType.objects.get_for_model(ActivityReport)
    AuditEntry.objects.bulk_create(
        (
            AuditEntry(
                actor=who,
                action="activity.file",
                content_type=kind,
                object_id=str(report.pk),
                object_repr=str(report)[:300],
            )
            for report in result.created
        ),
        batch_size=500,
    )
    log_action(
        actor=actor,
        action="activity.import",
        obj=campaign,
        changes={
            "unit": unit.pk,
            "file": filename,
            "sha256": checksum,
            "rows": result.rows,
            "imported": len(result.created),
            "skipped_rows": sorted({error.row for error in result.errors}),
            "already_imported_rows": [duplicate.row for duplicate in result.duplicates],
            "imported_again": duplicates == AGAIN and bool(result.duplicates),
        },
    )
    return result


def import_activities(
    *,
    actor,
    campaign: Campaign,
    unit,
    upload,
    good_rows_only: bool = False,
    accept=False,
    duplicates: str = ASK,
) -> ActivityImportResult:
    """Import every row, or none when any row is bad — unless `good_rows_only` is asked for.

    At once, in this process (the demo and the API use it); the upload page queues an
    `ActivityImporter` job instead. Rows the unit already imported (same title and dates) stop
    the import and are listed, unless `duplicates` says to skip them (SKIP) or to import them
    again (AGAIN).
    """
    result, good = check_activity_file(campaign=campaign, upload=upload)
    if result.file_errors or (result.errors and not good_rows_only):
        return result
    return store_activities(
        actor=actor,
        campaign=campaign,
        unit=unit,
        result=result,
        good=good,
        accept=accept,
        duplicates=duplicates,
        filename=getattr(upload, "name", ""),
        checksum=file_checksum(upload),
    )


def unit_owner(unit) -> str:
    return f"unit:{unit.pk}"


class ActivityImporter(Importer):
    """The upload page's import, run by the worker: `target` is the campaign, `owner` the unit."""

    limits = LIMITS

    def _campaign(self, job) -> Campaign:
        return Campaign.objects.get(pk=job.target)

    def _unit(self, job):
        return Unit.objects.get(pk=job.owner.removeprefix("unit:"))

    def check_heading(self, job, shape) -> list[str]:
        return check_heading(shape.heading)

    def check(self, job, upload, progress):
        return check_activity_file(campaign=self._campaign(job), upload=upload, progress=progress)

    def store(self, job, result, prepared):
        return store_activities(
            actor=job.created_by,
            campaign=self._campaign(job),
            unit=self._unit(job),
            result=result,
            good=prepared,
            duplicates=job.options.get("duplicates") or ASK,
            filename=job.filename,
            checksum=job.checksum,
        )

    def notices(self, job, result) -> list[str]:
        count = len(result.duplicates)
        if not count:
            return []
        if result.waiting:
            head = ngettext(
                "%(count)s row is already imported. Nothing was imported: choose what to do "
                "with it and upload the file again.",
                "%(count)s rows are already imported. Nothing was imported: choose what to do "
                "with them and upload the file again.",
                count,
            )
        elif result.skipped_duplicates:
            head = ngettext(
                "%(count)s row already imported was skipped.",
                "%(count)s rows already imported were skipped.",
                count,
            )
        else:
            head = ngettext(
                "%(count)s row already imported was imported again, as you asked.",
                "%(count)s rows already imported were imported again, as you asked.",
                count,
            )
        return [head % {"count": count}, *(str(duplicate) for duplicate in result.duplicates)]

    def can_view(self, user, job) -> bool:
        from qualitymonth.campaigns.selectors import reporting_units

        unit_id = job.owner.removeprefix("unit:")
        return unit_id.isdigit() and reporting_units(user).filter(pk=unit_id).exists()

    def title(self, job) -> str:
        return _("Upload activity reports")

    def back_url(self, job) -> str:
        year = Campaign.objects.values_list("year", flat=True).get(pk=job.target)
        return reverse("campaigns:activity_import", args=[year])

    def done_url(self, job) -> str:
        return reverse("campaigns:workspace")
