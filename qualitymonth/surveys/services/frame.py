"""The sampling frame from XLSX/CSV: every bad row named, nothing stored unless all are good."""

from django.db import transaction
from django.utils.translation import gettext as _

from qualitymonth.core.imports import ImportResult, Limits, RowError, read_table
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


def check_sites(evaluation: Evaluation, upload) -> tuple[ImportResult, list[dict]]:
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


@transaction.atomic
def import_sites(
    *, evaluation: Evaluation, upload, actor, good_rows_only: bool = False
) -> ImportResult:
    result, good = check_sites(evaluation, upload)
    if result.file_errors or (result.errors and not good_rows_only):
        return result
    result.created = Site.objects.bulk_create(
        Site(evaluation=evaluation, **values) for values in good
    )
    log_action(
        actor=actor,
        action="surveys.frame.import",
        obj=evaluation,
        changes={
            "file": getattr(upload, "name", ""),
            "rows": result.rows,
            "imported": len(result.created),
        },
    )
    return result
