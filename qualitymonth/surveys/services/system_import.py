"""An indicator system from an XLSX or CSV in the export's format, checked whole, stored whole.

The file has the columns of `systems.XLSX_COLUMNS`. It either replaces the hierarchy of a
version that is not frozen — nodes keep their identity by code, so an unchanged export
imports to the identical hierarchy — or becomes a new version of the evaluation. The
background worker runs it (`SystemImporter`, see core/imports_jobs.py): every row is checked
before anything is written; one bad row and nothing is stored.
"""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from qualitymonth.core.chinese import to_traditional
from qualitymonth.core.imports import RowError
from qualitymonth.core.imports_jobs import Importer
from qualitymonth.core.services import log_action
from qualitymonth.surveys.models import (
    Evaluation,
    IndicatorSystem,
    Level,
    Node,
    Question,
    Round,
    Weighting,
)
from qualitymonth.surveys.services.system_file import (
    LIMITS,
    REQUIRED,
    ROOT,
    Row,
    SystemImportResult,
    check_structure,
    read_rows,
)
from qualitymonth.surveys.services.systems import refuse_frozen
from qualitymonth.surveys.weights import SUM_TOLERANCE, ahp, check_weights_sum

STORED = [
    "parent",
    "level",
    "name",
    "name_zh_hant",
    "name_en",
    "position",
    "weight",
    "weighting",
    "ahp_matrix",
    "direction",
    "normalisation",
    "scale_min",
    "scale_max",
    "target",
]
COMPARED = ["parent_id" if name == "parent" else name for name in STORED]


def _base_children(base: dict[str, Node]) -> dict[str, list[str]]:
    code_of = {node.pk: code for code, node in base.items()}
    children = defaultdict(list)
    for node in sorted(base.values(), key=lambda n: (n.position, n.code)):
        children[code_of.get(node.parent_id, ROOT)].append(node.code)
    return children


def _matrix_fits(matrix, before: list[str], children: list[Row]) -> bool:
    """The same children in the same order, with the weights the comparisons give."""
    if not matrix or before != [row.code for row in children]:
        return False
    try:
        weights = ahp(matrix).weights
    except ValidationError:
        return False
    return all(
        row.weight is not None and abs(Decimal(str(round(weight, 6))) - row.weight) <= SUM_TOLERANCE
        for weight, row in zip(weights, children, strict=True)
    )


def _plan_weighting(
    system: IndicatorSystem, base: dict[str, Node], rows: list[Row], result: SystemImportResult
) -> dict[str, tuple[str, list | None]]:
    """Each parent's weighting and comparisons; hand-set weights must sum to one."""
    children: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        children[row.parent].append(row)
    before = _base_children(base)
    plan = {}
    parents = [(ROOT, system.weighting, system.ahp_matrix, _("the dimensions"))]
    parents += [
        (row.code, row.weighting, base[row.code].ahp_matrix if row.code in base else None, row.code)
        for row in rows
        if row.weighting is not None
    ]
    for code, weighting, matrix, group in parents:
        if code in plan:
            continue  # a duplicate code, reported already
        siblings = children.get(code, [])
        if weighting == Weighting.AHP and not _matrix_fits(matrix, before.get(code, []), siblings):
            weighting, matrix = Weighting.MANUAL, None
            if siblings:
                result.notices.append(
                    _(
                        "The file weighs the children of %(group)s by AHP, but the pairwise "
                        "comparisons do not fit its children or their weights any more; its "
                        "weights are now set by hand as in the file."
                    )
                    % {"group": group}
                )
        plan[code] = (weighting, matrix if weighting == Weighting.AHP else None)
        if not siblings or any(row.weight is None for row in siblings):
            continue
        if weighting == Weighting.MANUAL:
            try:
                check_weights_sum({str(r.number): r.weight for r in siblings}, group=group)
            except ValidationError as error:
                result.errors.append(RowError(siblings[0].number, "weight", error.messages[0]))
        elif weighting == Weighting.EQUAL:
            equal = Decimal(1) / len(siblings)
            if any(abs(row.weight - equal) > SUM_TOLERANCE for row in siblings):
                result.notices.append(
                    _(
                        "The children of %(group)s are weighted equally, so the weights the "
                        "file gives them are not used."
                    )
                    % {"group": group}
                )
    return plan


def _check_questions(
    system: IndicatorSystem, base: dict[str, Node], by_code: dict[str, Row], result
) -> None:
    """Items that questions of the system's rounds score must stay items."""
    rounds = list(Round.objects.filter(system=system).select_related("evaluation"))
    scored = defaultdict(list)
    for instrument, code in (
        Question.objects.filter(instrument__in={r.instrument_id for r in rounds})
        .exclude(indicator_code="")
        .values_list("instrument_id", "indicator_code")
        .distinct()
    ):
        node = base.get(code)
        if node is not None and node.level == Level.ITEM:
            scored[code] += [str(r) for r in rounds if r.instrument_id == instrument]
    for code in sorted(scored):
        names = ", ".join(sorted(set(scored[code])))
        row = by_code.get(code)
        if row is None:
            result.file_errors.append(
                _(
                    "Questions of %(rounds)s score the item %(code)s, which the file leaves "
                    "out; they would score nothing. Keep the item, or import the file as a "
                    "new version."
                )
                % {"rounds": names, "code": code}
            )
        elif row.level is not None and row.level != Level.ITEM:
            result.errors.append(
                RowError(
                    row.number,
                    "level",
                    _("Questions of %(rounds)s score %(code)s as an item; it must stay one.")
                    % {"rounds": names, "code": code},
                )
            )


def _positions(rows: list[Row], base: dict[str, Node]) -> dict[str, int]:
    """Positions that keep the file's order, reusing each node's own where the order allows."""
    positions = {}
    previous = (0, "")
    for row in rows:
        old = base.get(row.code)
        position = old.position if old is not None else previous[0]
        if (position, row.code) <= previous:
            position = previous[0] if row.code > previous[1] else previous[0] + 1
        positions[row.code] = position
        previous = (position, row.code)
    return positions


# --- storing -----------------------------------------------------------------------------------


def _store(
    target: IndicatorSystem,
    rows: list[Row],
    base: dict[str, Node],
    plan: dict,
    replacing: bool,
    result: SystemImportResult,
) -> dict:
    positions = _positions(rows, base)
    saved: dict[str, Node] = {}
    added, changed, renamed = [], [], []
    for level in (Level.DIMENSION, Level.INDICATOR, Level.ITEM):
        new, updated = [], []
        for row in rows:
            if row.level != level:
                continue
            before = base.get(row.code)
            node = (
                before if replacing and before is not None else Node(system=target, code=row.code)
            )
            old = [getattr(node, name) for name in COMPARED] if node.pk else None
            if before is None or before.name != row.name:
                node.name_zh_hant, node.name_en = to_traditional(row.name), ""
                if before is not None and before.name_en:
                    renamed.append(row.code)
            else:
                node.name_zh_hant, node.name_en = before.name_zh_hant, before.name_en
            node.parent = saved.get(row.parent)
            node.level = row.level
            node.name = row.name
            node.position = positions[row.code]
            node.weight = row.weight
            node.weighting, node.ahp_matrix = plan[row.code]
            node.direction = row.direction
            node.normalisation = row.normalisation
            node.scale_min, node.scale_max, node.target = row.scale_min, row.scale_max, row.target
            saved[row.code] = node
            if node.pk is None:
                new.append(node)
                if before is None:
                    added.append(row.code)
            elif old != [getattr(node, name) for name in COMPARED]:
                updated.append(node)
                changed.append(row.code)
        Node.objects.bulk_create(new)
        Node.objects.bulk_update(updated, STORED)
    removed = sorted(code for code in base if code not in saved)
    if replacing:
        Node.objects.filter(system=target, code__in=removed).delete()
    if renamed:
        result.notices.append(
            _("Renamed, so their English names were cleared: %(codes)s.")
            % {"codes": ", ".join(renamed)}
        )
    result.created = list(saved.values())
    return {"added": added, "changed": changed, "removed": removed}


def check_system_file(
    system: IndicatorSystem, upload, *, as_new_version: bool, progress=None
) -> tuple[SystemImportResult, list[Row]]:
    """Every row and the hierarchy checked, nothing written (the worker's first part)."""
    result = SystemImportResult()
    if not as_new_version:
        try:
            refuse_frozen(system)
        except ValidationError as error:
            result.file_errors.extend(error.messages)
            return result, []
    rows = read_rows(upload, result, progress)
    if result.file_errors:
        return result, []
    base = {node.code: node for node in system.nodes.all()}
    by_code = check_structure(rows, result)
    _plan_weighting(system, base, rows, result)
    if not as_new_version:
        _check_questions(system, base, by_code, result)
    result.errors.sort(key=lambda error: error.row)
    if not result.ok:
        result.notices.clear()
    return result, rows


@transaction.atomic
def store_system(
    *,
    system: IndicatorSystem,
    rows: list[Row],
    rows_read: int,
    actor,
    filename: str,
    as_new_version: bool = False,
) -> SystemImportResult:
    """Replace the hierarchy of `system`, or make a new version, from checked rows.

    The hierarchy may have changed since the rows were checked (the check runs outside any
    transaction), so what depends on it is checked again under the lock; all or nothing."""
    result = SystemImportResult(rows=rows_read)
    Evaluation.objects.select_for_update().filter(pk=system.evaluation_id).first()
    system = (
        IndicatorSystem.objects.select_for_update().select_related("evaluation").get(pk=system.pk)
    )
    if not as_new_version:
        try:
            refuse_frozen(system)
        except ValidationError as error:
            result.file_errors.extend(error.messages)
            return result
    base = {node.code: node for node in system.nodes.all()}
    plan = _plan_weighting(system, base, rows, result)
    if not as_new_version:
        _check_questions(system, base, {row.code: row for row in rows}, result)
    if not result.ok:
        result.errors.sort(key=lambda error: error.row)
        result.notices.clear()
        return result
    if as_new_version:
        highest = system.evaluation.systems.order_by("-version").values_list("version", flat=True)
        target = IndicatorSystem.objects.create(
            evaluation=system.evaluation,
            version=highest.first() + 1,
            note=(_("Imported from %(file)s.") % {"file": filename})[:300],
        )
    else:
        target = system
    target.weighting, target.ahp_matrix = plan[ROOT]
    target.save(update_fields=["weighting", "ahp_matrix"])
    changes = _store(target, rows, base, plan, not as_new_version, result)
    result.system = target
    log_action(
        actor=actor,
        action="surveys.system.import",
        obj=target,
        changes={
            "file": filename,
            "rows": result.rows,
            "from_version": system.version,
            "new_version": as_new_version,
            **changes,
        },
    )
    return result


class SystemImporter(Importer):
    """The indicator system's import, run by the worker (`target`: the system imported into;
    option `as_new_version`: make a new version of its evaluation instead of replacing it)."""

    limits = LIMITS

    @staticmethod
    def _system(job) -> IndicatorSystem:
        return IndicatorSystem.objects.select_related("evaluation").get(pk=job.target)

    @staticmethod
    def _as_new_version(job) -> bool:
        return bool(job.options.get("as_new_version"))

    def check_heading(self, job, shape) -> list[str]:
        """A frozen version or a missing column is refused at once, before the worker."""
        if not self._as_new_version(job):
            try:
                refuse_frozen(self._system(job))
            except ValidationError as error:
                return error.messages
        heading = {str(cell or "").strip().lower() for cell in shape.heading}
        missing = [name for name in REQUIRED if name not in heading]
        if missing:
            return [
                _("The first row must name the columns; missing: %(names)s.")
                % {"names": ", ".join(missing)}
            ]
        return []

    def check(self, job, upload, progress):
        return check_system_file(
            self._system(job), upload, as_new_version=self._as_new_version(job), progress=progress
        )

    def store(self, job, result, prepared):
        return store_system(
            system=self._system(job),
            rows=prepared,
            rows_read=result.rows,
            actor=job.created_by,
            filename=job.filename,
            as_new_version=self._as_new_version(job),
        )

    def succeeded(self, job, result) -> bool:
        return result.ok and result.system is not None  # all or nothing

    def notices(self, job, result) -> list[str]:
        if result.system is None:
            return list(result.notices)
        done = _("%(n)s rows imported; version %(v)s has the file's hierarchy.") % {
            "n": result.rows,
            "v": result.system.version,
        }
        return [done, *result.notices]

    def outcome(self, job, result) -> dict:
        return {"system": result.system.pk} if result.system is not None else {}

    def can_view(self, user, job) -> bool:
        return user.has_perm("surveys.manage")

    def title(self, job) -> str:
        return _("Import the indicator system")

    def back_url(self, job) -> str:
        return reverse("surveys:system_import", args=[job.target])

    def done_url(self, job) -> str:
        system = job.result.get("outcome", {}).get("system") or job.target
        return reverse("surveys:system", args=[system])
