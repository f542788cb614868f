"""An indicator system from an XLSX or CSV in the export's format, checked whole, stored whole.

The file has the columns of `systems.XLSX_COLUMNS`. It either replaces the hierarchy of a
version that is not frozen — nodes keep their identity by code, so an unchanged export
imports to the identical hierarchy — or becomes a new version of the evaluation. Every row
is checked before anything is written; one bad row and nothing is stored.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from qualitymonth.campaigns.services.imports import LANGUAGES, ImportResult, RowError, read_table
from qualitymonth.core.chinese import to_traditional
from qualitymonth.core.services import log_action
from qualitymonth.surveys.models import (
    Direction,
    Evaluation,
    IndicatorSystem,
    Level,
    Node,
    Normalisation,
    Question,
    Round,
    Weighting,
)
from qualitymonth.surveys.services.systems import XLSX_COLUMNS, _refuse_frozen
from qualitymonth.surveys.weights import SUM_TOLERANCE, ahp, check_weights_sum

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
REQUIRED = ["code", "parent", "level", "name", "weight"]
ROOT = ""  # the parent code of the dimensions
SIX_PLACES = Decimal("0.000001")
CODE_LENGTH = Node._meta.get_field("code").max_length
NAME_LENGTH = Node._meta.get_field("name").max_length
# Columns naming a choice; a blank cell means the model's default (level must be given).
CHOICES = {
    "level": (Level, None),
    "weighting": (Weighting, Weighting.MANUAL),
    "direction": (Direction, Direction.HIGHER),
    "normalisation": (Normalisation, Normalisation.GOALPOSTS),
}
NUMBERS = {"scale_min": 0.0, "scale_max": 1.0, "target": None}
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


@dataclass
class Row:
    number: int
    code: str
    parent: str
    level: str | None
    name: str
    weight: Decimal | None
    weighting: str | None
    direction: str | None
    normalisation: str | None
    scale_min: float | None
    scale_max: float | None
    target: float | None


@dataclass
class SystemImportResult(ImportResult):
    notices: list[str] = field(default_factory=list)
    system: IndicatorSystem | None = None


# --- reading ---------------------------------------------------------------------------------


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # Excel turns the code 3 into 3.0
    return str(cell).strip()


def _lookups() -> dict[str, dict[str, str]]:
    """Each choice by its value or its label in any of the three languages."""
    found = {}
    for column, (choices, _default) in CHOICES.items():
        found[column] = {}
        for value, label in choices.choices:
            found[column][value] = value
            for language in LANGUAGES:
                with translation.override(language):
                    found[column][str(label).strip().lower()] = value
    return found


def _weight(text: str) -> Decimal:
    if not text:
        raise ValueError(_("This column must be filled in."))
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("Enter a number.")) from None
    if not value.is_finite():
        raise ValueError(_("Enter a number."))
    if value < 0 or value > 1:
        raise ValueError(_("A weight is between 0 and 1."))
    return value.quantize(SIX_PLACES, rounding=ROUND_HALF_UP)


def _number(text: str, default):
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ValueError(_("Enter a number.")) from None
    if not math.isfinite(value):
        raise ValueError(_("Enter a number."))
    return value


def _parse(number: int, cells: dict, lookups: dict) -> tuple[Row, list[RowError]]:
    """One row's values; a column that cannot be read is None, with its error."""
    errors = []
    values: dict = {"number": number}
    code = _text(cells.get("code"))
    if not code:
        errors.append(RowError(number, "code", _("A code is required.")))
    elif len(code) > CODE_LENGTH:
        errors.append(RowError(number, "code", _("At most %(n)s characters.") % {"n": CODE_LENGTH}))
    values["code"] = code
    values["parent"] = _text(cells.get("parent"))
    name = _text(cells.get("name"))
    if not name:
        errors.append(RowError(number, "name", _("A name is required.")))
    elif len(name) > NAME_LENGTH:
        errors.append(RowError(number, "name", _("At most %(n)s characters.") % {"n": NAME_LENGTH}))
    values["name"] = name
    for column, (choices, default) in CHOICES.items():
        text = _text(cells.get(column))
        value = lookups[column].get(text.lower()) if text else default
        if value is None:
            errors.append(
                RowError(
                    number,
                    column,
                    _("“%(value)s” is not allowed here; use one of: %(allowed)s.")
                    % {"value": text, "allowed": ", ".join(choices.values)}
                    if text
                    else _("This column must be filled in."),
                )
            )
        values[column] = value
    try:
        values["weight"] = _weight(_text(cells.get("weight")))
    except ValueError as error:
        errors.append(RowError(number, "weight", str(error)))
        values["weight"] = None
    unread = set()
    for column, default in NUMBERS.items():
        try:
            values[column] = _number(_text(cells.get(column)), default)
        except ValueError as error:
            errors.append(RowError(number, column, str(error)))
            values[column] = None
            unread.add(column)
    row = Row(**values)
    if row.level == Level.ITEM:
        if (
            row.normalisation == Normalisation.GOALPOSTS
            and not unread & {"scale_min", "scale_max"}
            and row.scale_min >= row.scale_max
        ):
            errors.append(
                RowError(
                    number,
                    "scale_max",
                    _(
                        "The highest possible answer (%(max)s) must be above the lowest "
                        "(%(min)s) to normalise on the item's scale."
                    )
                    % {"max": f"{row.scale_max:g}", "min": f"{row.scale_min:g}"},
                )
            )
        if (
            row.normalisation == Normalisation.TARGET
            and row.target is None
            and "target" not in unread
        ):
            errors.append(
                RowError(
                    number,
                    "target",
                    _("Give the target: this item is normalised by its distance to it."),
                )
            )
    return row, errors


def _read(upload, result: SystemImportResult) -> list[Row]:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        result.file_errors.append(
            _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)}
        )
        return []
    try:
        table = read_table(upload)
    except ValidationError as error:
        result.file_errors.extend(error.messages)
        return []
    first = 0
    while first < len(table) and all(_text(cell) == "" for cell in table[first]):
        first += 1
    if first == len(table):
        result.file_errors.append(_("The file is empty."))
        return []
    heading = [_text(cell).lower() for cell in table[first]]
    columns = {}
    for index, name in enumerate(heading):
        if name in XLSX_COLUMNS and name not in columns:
            columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        result.file_errors.append(
            _("The first row must name the columns; missing: %(names)s.")
            % {"names": ", ".join(missing)}
        )
        return []
    body = [
        (number, cells)
        for number, cells in enumerate(table[first + 1 :], start=first + 2)
        if any(_text(cell) for cell in cells)
    ]
    if len(body) > MAX_ROWS:
        result.file_errors.append(
            _("An indicator system has at most %(n)s rows.") % {"n": MAX_ROWS}
        )
        return []
    if not body:
        result.file_errors.append(_("The file has no rows of indicators."))
        return []
    lookups = _lookups()
    rows = []
    for number, cells in body:
        named = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        row, errors = _parse(number, named, lookups)
        rows.append(row)
        result.errors.extend(errors)
    result.rows = len(rows)
    return rows


# --- the hierarchy as a whole ------------------------------------------------------------------


def _check_structure(rows: list[Row], result: SystemImportResult) -> dict[str, Row]:
    """Codes once each, parents present, each level under the right one."""
    by_code: dict[str, Row] = {}
    for row in rows:
        if not row.code:
            continue
        if row.code in by_code:
            result.errors.append(
                RowError(
                    row.number,
                    "code",
                    _("The code %(code)s is already used in row %(row)s.")
                    % {"code": row.code, "row": by_code[row.code].number},
                )
            )
        else:
            by_code[row.code] = row
    has_indicators = {row.parent for row in rows if row.level == Level.INDICATOR}
    for row in rows:
        parent = by_code.get(row.parent) if row.parent else None
        if row.parent and parent is None:
            result.errors.append(
                RowError(
                    row.number,
                    "parent",
                    _("No row has the code %(code)s.") % {"code": row.parent},
                )
            )
            continue
        if row.level is None or (parent is not None and parent.level is None):
            continue  # the unreadable level is reported already
        column, message = _level_problem(row, parent, has_indicators)
        if message:
            result.errors.append(RowError(row.number, column, message))
    return by_code


def _level_problem(row: Row, parent: Row | None, has_indicators: set[str]) -> tuple[str, str]:
    if row.level == Level.DIMENSION:
        if parent is not None:
            return "parent", _("A dimension has no parent; leave this cell empty.")
    elif row.level == Level.INDICATOR:
        if parent is None:
            return "parent", _("An indicator belongs under a dimension; name it here.")
        if parent.level != Level.DIMENSION:
            return "level", _(
                "An indicator belongs under a dimension, and %(parent)s is not one."
            ) % {"parent": parent.code}
    else:
        if parent is None:
            return "parent", _("An item belongs under an indicator or a dimension; name it here.")
        if parent.level == Level.ITEM:
            return "level", _(
                "An item belongs under an indicator or a dimension, and %(parent)s is an item."
            ) % {"parent": parent.code}
        if parent.code in has_indicators:
            return "parent", _(
                "%(parent)s has indicators under it; put this item under one of them."
            ) % {"parent": parent.code}
    return "", ""


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


@transaction.atomic
def import_system(
    *, system: IndicatorSystem, upload, actor, as_new_version: bool = False
) -> SystemImportResult:
    """Replace the hierarchy of `system`, or make a new version from the file; all or nothing."""
    result = SystemImportResult()
    Evaluation.objects.select_for_update().filter(pk=system.evaluation_id).first()
    system = IndicatorSystem.objects.select_for_update().get(pk=system.pk)
    if not as_new_version:
        try:
            _refuse_frozen(system)
        except ValidationError as error:
            result.file_errors.extend(error.messages)
            return result
    rows = _read(upload, result)
    if result.file_errors:
        return result
    base = {node.code: node for node in system.nodes.all()}
    by_code = _check_structure(rows, result)
    plan = _plan_weighting(system, base, rows, result)
    if not as_new_version:
        _check_questions(system, base, by_code, result)
    result.errors.sort(key=lambda error: error.row)
    if not result.ok:
        result.notices.clear()
        return result
    if as_new_version:
        highest = system.evaluation.systems.order_by("-version").values_list("version", flat=True)
        target = IndicatorSystem.objects.create(
            evaluation=system.evaluation,
            version=highest.first() + 1,
            note=(_("Imported from %(file)s.") % {"file": getattr(upload, "name", "")})[:300],
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
            "file": getattr(upload, "name", ""),
            "rows": result.rows,
            "from_version": system.version,
            "new_version": as_new_version,
            **changes,
        },
    )
    return result
