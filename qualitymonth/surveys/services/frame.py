"""The sampling frame from XLSX/CSV: every bad row named, nothing stored unless all are good."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from qualitymonth.core.imports import ImportResult, Limits, RowError, read_table
from qualitymonth.core.imports_jobs import Importer
from qualitymonth.core.services import log_action
from qualitymonth.organizations.models import Unit, UnitKind
from qualitymonth.surveys.models import Evaluation, Industry, Site, SiteKind

COLUMNS = [
    "code",
    "name",
    "kind",
    "district",
    "street",
    "industry",
    "address",
    "latitude",
    "longitude",
]
MAX_ROWS = 100_000
LIMITS = Limits(rows=MAX_ROWS, columns=50, cell_chars=1000, cells=MAX_ROWS * 20)


def units_by_name(kind: str) -> dict[str, Unit]:
    """Units of a kind by every name they go by: full, short, division code and key."""
    found = {}
    for unit in Unit.objects.filter(kind=kind):
        for key in (unit.name, unit.short_name, unit.division_code, unit.key):
            if key:
                found[str(key).strip()] = unit
    return found


def check_sites(evaluation: Evaluation, upload, progress=None) -> tuple[ImportResult, list[dict]]:
    result = ImportResult()
    try:
        table = read_table(upload, LIMITS)
    except Exception as error:  # read_table raises ValidationError with a translated message
        result.file_errors.extend(getattr(error, "messages", [str(error)]))
        return result, []
    if not table:
        result.file_errors.append(_("The file is empty."))
        return result, []
    heading = [str(cell or "").strip().lower() for cell in table[0]]
    missing = [name for name in ("code", "name", "district") if name not in heading]
    if missing:
        result.file_errors.append(
            _("The first row must name the columns; missing: %(names)s.")
            % {"names": ", ".join(missing)}
        )
        return result, []
    if len(table) - 1 > MAX_ROWS:
        result.file_errors.append(_("At most %(n)s rows at a time.") % {"n": MAX_ROWS})
        return result, []
    districts, streets = units_by_name(UnitKind.DISTRICT), units_by_name(UnitKind.STREET)
    industries = {}
    for industry in Industry.objects.all():
        industries[industry.key] = industries[industry.name] = industry
    existing = set(Site.objects.filter(evaluation=evaluation).values_list("code", flat=True))
    seen: set[str] = set()
    good = []
    for number, cells in enumerate(table[1:], start=2):
        row = {
            name: str(cells[i]).strip() if i < len(cells) and cells[i] is not None else ""
            for i, name in enumerate(heading)
        }
        if not any(row.values()):
            continue
        result.rows += 1
        if progress is not None:
            progress(result.rows)
        errors = []
        code = row.get("code", "")
        if not code:
            errors.append(("code", _("A code is required.")))
        elif code in existing or code in seen:
            errors.append(("code", _("This code is already in the sampling frame.")))
        seen.add(code)
        if not row.get("name"):
            errors.append(("name", _("A name is required.")))
        district = districts.get(row.get("district", ""))
        if district is None:
            errors.append(
                (
                    "district",
                    _("No district is called “%(value)s”.") % {"value": row.get("district", "")},
                )
            )
        street = None
        if row.get("street"):
            street = streets.get(row["street"])
            if street is None:
                errors.append(
                    (
                        "street",
                        _("No street or town is called “%(value)s”.") % {"value": row["street"]},
                    )
                )
        industry = None
        if row.get("industry"):
            industry = industries.get(row["industry"])
            if industry is None:
                errors.append(
                    (
                        "industry",
                        _("No industry is called “%(value)s”.") % {"value": row["industry"]},
                    )
                )
        kind = row.get("kind") or SiteKind.SITE
        if kind not in SiteKind.values:
            errors.append(
                (
                    "kind",
                    _("The kind is one of: %(kinds)s.") % {"kinds": ", ".join(SiteKind.values)},
                )
            )
        coordinates = []
        for name, limit in (("latitude", 90), ("longitude", 180)):
            text = row.get(name, "")
            try:
                value = float(text) if text else None
            except ValueError:
                value = None
                errors.append((name, _("Enter a number.")))
            if value is not None and not -limit <= value <= limit:
                errors.append((name, _("Out of range.")))
            coordinates.append(value)
        for column, message in errors:
            result.errors.append(RowError(number, column, message))
        if not errors:
            good.append(
                {
                    "code": code,
                    "name": row["name"][:200],
                    "kind": kind,
                    "district": district,
                    "street": street,
                    "industry": industry,
                    "address": row.get("address", "")[:300],
                    "latitude": coordinates[0],
                    "longitude": coordinates[1],
                }
            )
    if result.rows == 0:
        result.file_errors.append(_("The file has no rows of sites."))
    return result, good


def import_sites(
    *, evaluation: Evaluation, upload, actor, good_rows_only: bool = False
) -> ImportResult:
    result, good = check_sites(evaluation, upload)
    if result.file_errors or (result.errors and not good_rows_only):
        return result
    return store_sites(
        evaluation=evaluation, result=result, good=good, actor=actor, filename=upload.name
    )


@transaction.atomic
def store_sites(
    *, evaluation: Evaluation, result: ImportResult, good: list[dict], actor, filename: str
) -> ImportResult:
    result.created = Site.objects.bulk_create(
        Site(evaluation=evaluation, **values) for values in good
    )
    log_action(
        actor=actor,
        action="surveys.frame.import",
        obj=evaluation,
        changes={
            "file": filename,
            "rows": result.rows,
            "imported": len(result.created),
        },
    )
    return result


class SiteImporter(Importer):
    """The sampling frame's import, run by the worker (`target`: the evaluation)."""

    limits = LIMITS

    def check_heading(self, job, shape) -> list[str]:
        heading = [str(cell or "").strip().lower() for cell in shape.heading]
        missing = [name for name in ("code", "name", "district") if name not in heading]
        if missing:
            return [
                _("The first row must name the columns; missing: %(names)s.")
                % {"names": ", ".join(missing)}
            ]
        return []

    def check(self, job, upload, progress):
        return check_sites(Evaluation.objects.get(pk=job.target), upload, progress)

    def store(self, job, result, prepared):
        return store_sites(
            evaluation=Evaluation.objects.get(pk=job.target),
            result=result,
            good=prepared,
            actor=job.created_by,
            filename=job.filename,
        )

    def notices(self, job, result) -> list[str]:
        return [_("%(n)s sites imported.") % {"n": len(result.created)}] if result.created else []

    def can_view(self, user, job) -> bool:
        return user.has_perm("surveys.manage")

    def title(self, job) -> str:
        return _("Import the sampling frame")

    def back_url(self, job) -> str:
        key = Evaluation.objects.values_list("key", flat=True).get(pk=job.target)
        return reverse("surveys:sites_import", args=[key])

    def done_url(self, job) -> str:
        return reverse("surveys:manage_index")
