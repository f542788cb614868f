"""Reading an indicator-system file: each row parsed and checked, the hierarchy checked whole.

The file has the columns of `systems.XLSX_COLUMNS`; `system_import` stores what passes.
"""

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from qualitymonth.core.imports import LANGUAGES, ImportResult, Limits, RowError, read_table
from qualitymonth.surveys.models import (
    Direction,
    IndicatorSystem,
    Level,
    Node,
    Normalisation,
    Weighting,
)
from qualitymonth.surveys.services.systems import XLSX_COLUMNS

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
LIMITS = Limits(rows=MAX_ROWS, columns=50, cell_chars=1000, bytes=MAX_BYTES)
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


def read_rows(upload, result: SystemImportResult, progress=None) -> list[Row]:
    """The file's rows, parsed; `progress(rows)` is told as they are (the worker's progress)."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        result.file_errors.append(
            _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)}
        )
        return []
    try:
        table = read_table(upload, LIMITS)
    except ValidationError as error:
        if getattr(error, "code", None) == "rows":  # the reader stopped at the limit
            result.file_errors.append(
                _("An indicator system has at most %(n)s rows.") % {"n": MAX_ROWS}
            )
        else:
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
        if progress is not None:
            progress(len(rows))
    result.rows = len(rows)
    return rows


# --- the hierarchy as a whole ------------------------------------------------------------------


def check_structure(rows: list[Row], result: SystemImportResult) -> dict[str, Row]:
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
