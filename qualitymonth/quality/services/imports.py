"""A year's team registrations from an XLSX or CSV file, through core's import jobs.

All or nothing: a file with any bad row stores no row, and every bad row is named by its
number. `target` is the year, `owner` the enterprise ("unit:<id>").
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from qualitymonth.core.imports import (
    ImportResult,
    Limits,
    RowError,
    TableReader,
    blank,
    in_every_language,
)
from qualitymonth.core.imports_jobs import Importer
from qualitymonth.organizations.models import Unit
from qualitymonth.quality.models import Industry, Registration, TeamKind
from qualitymonth.quality.services.teams import parse_members, register_team

COLUMNS = [
    ("name", pgettext_lazy("import column", "team name")),
    ("kind", pgettext_lazy("import column", "kind of team")),
    ("industry", pgettext_lazy("import column", "industry")),
    ("workshop", pgettext_lazy("import column", "workshop")),
    ("number", pgettext_lazy("import column", "registration number")),
    ("topic", pgettext_lazy("import column", "topic")),
    ("members", pgettext_lazy("import column", "members")),
]
REQUIRED = ["name", "kind", "number", "topic", "members"]
LIMITS = Limits(rows=2000, columns=30, cell_chars=3000, cells=60_000)


def owner_of(unit) -> str:
    return f"unit:{unit.pk}"


def _heading(name: str) -> str:
    return str(dict(COLUMNS)[name])


def _choices(choices) -> dict[str, str]:
    found = {}
    for choice in choices:
        found[choice.value] = choice.value
        for text in in_every_language(choice.label):
            found[text] = choice.value
    return found


def _columns(header) -> tuple[dict[str, int], list[str]]:
    wanted = {}
    for name, heading in COLUMNS:
        for alias in {name, *in_every_language(heading)}:
            wanted[alias] = name
    found = {}
    for index, cell in enumerate(header):
        name = wanted.get(str(cell or "").strip().lower())
        if name and name not in found:
            found[name] = index
    return found, [_heading(name) for name in REQUIRED if name not in found]


def check_heading(heading) -> list[str]:
    if not heading:
        return [_("The file has no rows of teams.")]
    _found, missing = _columns(heading)
    if missing:
        return [_("The file has no column %(columns)s.") % {"columns": "、".join(missing)}]
    return []


def check_file(upload, progress=None) -> tuple[ImportResult, list[tuple[int, dict]]]:
    """Every row read and checked; nothing stored. Numbers repeated within the file count."""
    result, good, columns, numbers = ImportResult(), [], None, {}
    kinds, industries = _choices(TeamKind), _choices(Industry)
    try:
        for number, row in TableReader(upload, LIMITS):
            if all(blank(cell) for cell in row):
                continue
            if columns is None:
                result.file_errors.extend(check_heading(row))
                if result.file_errors:
                    return result, []
                columns, _missing = _columns(row)
                continue
            result.rows += 1
            cells = {
                name: ("" if index >= len(row) or blank(row[index]) else str(row[index]).strip())
                for name, index in columns.items()
            }
            errors, values = {}, dict(cells)
            for name in REQUIRED:
                if not cells.get(name):
                    errors[name] = _("This cell is empty.")
            values["kind"] = kinds.get(cells.get("kind", "").lower())
            if cells.get("kind") and values["kind"] is None:
                errors["kind"] = _("“%(value)s” is not a kind of team.") % {"value": cells["kind"]}
            values["industry"] = industries.get(cells.get("industry", "").lower(), "")
            if cells.get("industry") and not values["industry"]:
                errors["industry"] = _("“%(value)s” is not an industry.") % {
                    "value": cells["industry"]
                }
            reg = cells.get("number", "")
            if reg and reg in numbers:
                errors["number"] = _("The number is also on row %(row)s.") % {"row": numbers[reg]}
            elif reg and Registration.objects.filter(number=reg).exists():
                errors["number"] = _("The registration number %(number)s is already taken.") % {
                    "number": reg
                }
            numbers.setdefault(reg, number)
            if cells.get("members"):
                try:
                    values["members"] = parse_members(cells["members"])
                except ValidationError as error:
                    errors["members"] = " ".join(error.messages)
            for name, message in errors.items():
                result.errors.append(RowError(number, _heading(name), message))
            if not errors:
                good.append((number, values))
            if progress is not None:
                progress(result.rows)
    except ValidationError as error:
        result.file_errors.extend(error.messages)
        return result, []
    if result.rows == 0:
        result.file_errors.append(_("The file has no rows of teams."))
    return result, good


def store_rows(*, actor, enterprise, year: int, result: ImportResult, good) -> ImportResult:
    """Store the good rows; a row refused now (a team already registered this year) is a
    row error and, as the caller's transaction rolls back on any, nothing is kept."""
    for number, values in good:
        try:
            registration = register_team(
                actor=actor,
                enterprise=enterprise,
                name=values["name"],
                kind=values["kind"],
                year=year,
                number=values["number"],
                topic=values["topic"],
                members=values["members"],
                workshop=values.get("workshop", ""),
                industry=values.get("industry", ""),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                column = _heading(field) if field in dict(COLUMNS) else ""
                result.errors.extend(RowError(number, column, m) for m in messages)
            continue
        result.created.append(registration.pk)
    if result.errors:
        result.created = []
        raise _RollBack(result)
    return result


class _RollBack(Exception):
    def __init__(self, result):
        self.result = result


class TeamImporter(Importer):
    limits = LIMITS

    def _enterprise(self, job) -> Unit:
        return Unit.objects.get(pk=job.owner.removeprefix("unit:"))

    def check_heading(self, job, shape) -> list[str]:
        return check_heading(shape.heading)

    def check(self, job, upload, progress):
        return check_file(upload, progress)

    def ready(self, job, result) -> bool:
        return result.ok  # all or nothing, whatever the options say

    def store(self, job, result, prepared):
        try:
            with transaction.atomic():
                return store_rows(
                    actor=job.created_by,
                    enterprise=self._enterprise(job),
                    year=int(job.target),
                    result=result,
                    good=prepared,
                )
        except _RollBack as rolled_back:
            return rolled_back.result

    def can_view(self, user, job) -> bool:
        from qualitymonth.quality.selectors import enterprises_kept_by

        unit_id = job.owner.removeprefix("unit:")
        return unit_id.isdigit() and enterprises_kept_by(user).filter(pk=unit_id).exists()

    def title(self, job) -> str:
        return _("Import team registrations for %(year)s") % {"year": job.target}

    def back_url(self, job) -> str:
        return reverse("quality:import")

    def done_url(self, job) -> str:
        return reverse("quality:teams") + f"?year={job.target}"
