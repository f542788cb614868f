"""XLSForms: read with pyxform, and their expressions (relevant, constraint) evaluated.

ODK expressions are XPath 1.0 with `${name}` for other answers and `.` for this one. They are
evaluated with elementpath (XPath 2), answers given as untyped atomic values so that they
compare as numbers or strings the way XPath 1.0 does, plus ODK's `selected()` and
`count-selected()`. An expression that cannot be evaluated (an empty answer compared with a
number, say) counts as false, as in ODK Collect.
"""

import functools
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from elementpath import XPath2Parser, XPathContext
from elementpath.datatypes import UntypedAtomic
from elementpath.exceptions import ElementPathError

from qualitymonth.surveys.models import QuestionType

# pyxform's question types → ours; anything else is refused with its row.
TYPES = {
    "integer": QuestionType.INTEGER,
    "decimal": QuestionType.DECIMAL,
    "text": QuestionType.TEXT,
    "select one": QuestionType.SELECT_ONE,
    "select all that apply": QuestionType.SELECT_MULTIPLE,
    "photo": QuestionType.PHOTO,
    "geopoint": QuestionType.GEOPOINT,
    "date": QuestionType.DATE,
    "note": QuestionType.NOTE,
}
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}")


class XLSFormError(Exception):
    """Where the form is wrong: sheet, row and pyxform's own message."""

    def __init__(self, message: str, *, sheet: str = "", row: int | None = None):
        self.sheet, self.row, self.message = sheet, row, message
        super().__init__(self.describe())

    def describe(self) -> str:
        if self.row is not None:
            return _("Sheet “%(sheet)s”, row %(row)s: %(message)s") % {
                "sheet": self.sheet or "survey",
                "row": self.row,
                "message": self.message,
            }
        return self.message


@dataclass
class ParsedQuestion:
    position: int
    name: str
    type: str
    label: str
    hint: str
    required: bool
    constraint: str
    constraint_message: str
    relevant: str
    choices: list
    indicator_code: str


def parse(content: bytes, filename: str) -> tuple[dict, list[ParsedQuestion]]:
    """pyxform's JSON of the form and its questions in order; XLSFormError if it is wrong."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    suffix = Path(filename).suffix.lower()
    if suffix not in {".xlsx", ".xls"}:
        raise XLSFormError(_("An XLSForm is an Excel file (.xlsx or .xls)."))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"form{suffix}"
        path.write_bytes(content)
        try:
            result = convert(xlsform=str(path), validate=False, pretty_print=False)
        except PyXFormError as error:
            raise _located(str(error)) from None
        except Exception as error:  # openpyxl and xlrd raise many kinds on a damaged file
            raise XLSFormError(
                _("The file could not be read as an XLSForm: %(error)s") % {"error": error}
            ) from None
    definition = result._pyxform
    return definition, _questions(definition)


def _located(message: str) -> XLSFormError:
    found = re.search(r"\[row\s*:\s*(\d+)\]", message)
    row = int(found.group(1)) if found else None
    named = re.search(r"(?i)(?:on|in) the '?(survey|choices|settings)'? sheet", message)
    sheet = named.group(1).lower() if named else ""
    text = re.sub(r"\[row\s*:\s*\d+\]\s*", "", message).strip()
    return XLSFormError(text, sheet=sheet or ("survey" if row else ""), row=row)


def _questions(definition: dict) -> list[ParsedQuestion]:
    questions: list[ParsedQuestion] = []

    def walk(children, relevant_above: str):
        for child in children:
            kind = child.get("type", "")
            if kind in {"group"}:
                if child.get("name") == "meta":
                    continue
                relevant = (child.get("bind") or {}).get("relevant", "")
                walk(child.get("children", []), _both(relevant_above, relevant))
                continue
            if kind in {"calculate", "start", "end", "today", "deviceid"}:
                continue
            if kind not in TYPES:
                raise XLSFormError(
                    _("The question type “%(type)s” of “%(name)s” is not supported here.")
                    % {"type": kind, "name": child.get("name", "")},
                    sheet="survey",
                    row=len(questions) + 2,
                )
            bind = child.get("bind") or {}
            choices = [
                {
                    "name": str(choice["name"]),
                    "label": _text(choice.get("label", choice["name"])),
                    "score": _number(choice.get("score"), fallback=choice["name"]),
                }
                for choice in child.get("choices", [])
            ]
            questions.append(
                ParsedQuestion(
                    position=len(questions) + 1,
                    name=child["name"],
                    type=TYPES[kind],
                    label=_text(child.get("label", child["name"])),
                    hint=_text(child.get("hint", "")),
                    required=str(bind.get("required", "")).lower() in {"yes", "true", "true()"},
                    constraint=bind.get("constraint", ""),
                    constraint_message=_text(bind.get("jr:constraintMsg", "")),
                    relevant=_both(relevant_above, bind.get("relevant", "")),
                    choices=choices,
                    indicator_code=str(child.get("indicator", "") or "").strip(),
                )
            )

    walk(definition.get("children", []), "")
    if not questions:
        raise XLSFormError(_("The form has no questions."), sheet="survey")
    return questions


def _both(first: str, second: str) -> str:
    if first and second:
        return f"({first}) and ({second})"
    return first or second


def _text(value) -> str:
    """A label may be one text or one per language; take Chinese, else the first."""
    if isinstance(value, dict):
        for key in value:
            if "zh" in key.lower() or "chinese" in key.lower():
                return str(value[key])
        return str(next(iter(value.values()), ""))
    return str(value or "")


def _number(value, *, fallback) -> float | None:
    for candidate in (value, fallback):
        try:
            return float(candidate)
        except (TypeError, ValueError):
            continue
    return None


# --- expressions ---------------------------------------------------------------------------


def _selected(values, choice) -> bool:
    return str(choice) in str(values or "").split()


def _count_selected(values) -> int:
    return len(str(values or "").split())


_parser = XPath2Parser()
_parser.external_function(
    _selected,
    name="selected",
    prefix=None,
    sequence_types=("xs:anyAtomicType?", "xs:anyAtomicType", "xs:boolean"),
)
_parser.external_function(
    _count_selected,
    name="count-selected",
    prefix=None,
    sequence_types=("xs:anyAtomicType?", "xs:integer"),
)


@functools.lru_cache(maxsize=2048)
def _compiled(expression: str):
    """An expression read once: the same few rules are evaluated for every answer and row."""
    names = tuple(sorted(set(VARIABLE.findall(expression))))
    xpath = VARIABLE.sub(lambda m: "$" + _variable(m.group(1)), expression)
    try:
        return names, _parser.parse(xpath)
    except ElementPathError:
        return names, None


def _variable(name: str) -> str:
    return name.replace(".", "_").replace("-", "_")


def evaluate(expression: str, *, answers: dict[str, str], current: str = "") -> bool:
    """True when the expression holds for these answers (strings, as the form sends them)."""
    if not expression.strip():
        return True
    names, root = _compiled(expression)
    if root is None:
        return False
    variables = {_variable(name): UntypedAtomic(str(answers.get(name) or "")) for name in names}
    try:
        result = root.evaluate(
            XPathContext(root=None, item=UntypedAtomic(current or ""), variables=variables)
        )
    except (ElementPathError, TypeError, ValueError, ZeroDivisionError):
        return False
    return bool(result)


def check_expression(expression: str) -> str | None:
    """pyxform accepts some text elementpath cannot read; say which, at upload time."""
    if not expression.strip():
        return None
    xpath = VARIABLE.sub(lambda m: "$" + _variable(m.group(1)), expression)
    try:
        _parser.parse(xpath)
    except ElementPathError as error:
        return str(error)
    return None
