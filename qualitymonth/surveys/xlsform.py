"""XLSForms: read with pyxform, checked row by row for what the web form can answer.

Every problem of an upload is reported at once, each with its sheet and row as Excel shows it
(the header is row 1). Expressions are evaluated by `surveys.xpath`.
"""

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from qualitymonth.surveys import xpath
from qualitymonth.surveys.models import METADATA_TYPES, QuestionType
from qualitymonth.surveys.xpath import VARIABLE, check_expression, evaluate, names_in

__all__ = ["VARIABLE", "XLSFormError", "check_expression", "evaluate", "in_force", "parse"]

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
    "calculate": QuestionType.CALCULATE,
    "start": QuestionType.START,
    "end": QuestionType.END,
    "today": QuestionType.TODAY,
    "username": QuestionType.USERNAME,
    "deviceid": QuestionType.DEVICEID,
    "phonenumber": QuestionType.PHONENUMBER,
    "email": QuestionType.EMAIL,
}
# Metadata a web form has nothing to fill with (ODK Collect's audit log, the SIM card's ids):
# accepted, as Enketo accepts them, and left empty.
IGNORED_TYPES = {"audit", "simserial", "subscriberid"}
# The survey sheet's type column, as written (pyxform's aliases included).
ASKED_TYPES = {
    "integer", "int", "decimal", "text", "string", "note", "date", "geopoint", "gps",
    "image", "photo", "add image prompt", "add photo prompt", "calculate",
    "start", "end", "today", "username", "deviceid", "imei", "phonenumber", "email",
}  # fmt: skip
GROUP_TYPES = {"begin group", "end group"}
SELECT = re.compile(r"^(select one|select all that apply|select multiple)\s+\S+(\s+or other)?$")
FROM_FILE = re.compile(r"^select (one|multiple|all that apply) (from file|external)\b")
EXPRESSION_COLUMNS = ("relevant", "constraint", "calculation", "choice_filter")
COLUMN_ALIASES = {"relevance": "relevant", "calculate": "calculation"}
CHOICE_KEYS = {"name", "label", "score", "media", "image", "big-image", "audio", "video"}


class XLSFormError(Exception):
    """Where the form is wrong: sheet, row and message; `problems` holds every one found."""

    def __init__(self, message: str, *, sheet: str = "", row: int | None = None):
        self.sheet, self.row, self.message = sheet, row, message
        self.problems = [self]
        super().__init__(self.describe())

    @classmethod
    def several(cls, problems: list["XLSFormError"]) -> "XLSFormError":
        first = problems[0]
        error = cls(first.message, sheet=first.sheet, row=first.row)
        error.problems = list(problems)
        return error

    def describe(self) -> str:
        if self.row is not None:
            return _("Sheet “%(sheet)s”, row %(row)s: %(message)s") % {
                "sheet": self.sheet or "survey",
                "row": self.row,
                "message": self.message,
            }
        return self.message

    def describe_all(self) -> list[str]:
        return [problem.describe() for problem in self.problems]


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
    required_message: str = ""
    calculation: str = ""
    choice_filter: str = ""
    translations: dict = field(default_factory=dict)


def parse(content: bytes, filename: str) -> tuple[dict, list[ParsedQuestion]]:
    """pyxform's JSON of the form and its questions in order; XLSFormError with every problem."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    suffix = Path(filename).suffix.lower()
    if suffix not in {".xlsx", ".xls"}:
        raise XLSFormError(_("An XLSForm is an Excel file (.xlsx or .xls)."))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"form{suffix}"
        path.write_bytes(content)
        try:
            rows = _survey_rows(path, suffix)
        except Exception as error:  # openpyxl and xlrd raise many kinds on a damaged file
            raise XLSFormError(
                _("The file could not be read as an XLSForm: %(error)s") % {"error": error}
            ) from None
        problems = _check_rows(rows)
        result = None
        try:
            result = convert(xlsform=str(path), validate=False, pretty_print=False)
        except PyXFormError as error:
            located = _located(str(error))
            # pyxform stops at its first problem; ours already name that row more plainly.
            if located.row is None or all(
                (p.sheet, p.row) != (located.sheet, located.row) for p in problems
            ):
                problems.append(located)
        except Exception as error:
            problems.append(
                XLSFormError(
                    _("The file could not be read as an XLSForm: %(error)s") % {"error": error}
                )
            )
    if problems:
        raise XLSFormError.several(sorted(problems, key=lambda p: (p.sheet, p.row or 0)))
    definition = result._pyxform
    first_rows: dict[str, int] = {}
    for number, row in rows:
        first_rows.setdefault(row["name"], number)
    return definition, _questions(definition, first_rows)


def _survey_rows(path: Path, suffix: str) -> list[tuple[int, dict]]:
    """The survey sheet's rows as (Excel row number, {column: text}), columns normalised."""
    from pyxform.xls2json_backends import xls_to_dict, xlsx_to_dict

    book = (xlsx_to_dict if suffix == ".xlsx" else xls_to_dict)(str(path))
    rows = []
    # pyxform keeps empty rows so that row numbers stay those of the sheet; header is row 1.
    for number, raw in enumerate(book.get("survey") or [], start=2):
        row = {}
        for key, value in raw.items():
            column = " ".join(str(key).split("::")[0].strip().lower().replace("_", " ").split())
            column = COLUMN_ALIASES.get(column.replace(" ", "_"), column.replace(" ", "_"))
            row.setdefault(column, str(value).strip())
        if row:
            row.setdefault("name", "")
            rows.append((number, row))
    return rows


def _kind(text: str) -> str:
    """The type column in one spelling: `select_one yes_no or_other` → `select one yes_no or
    other` (only the type word's underscores are spaces; a list name keeps its own)."""
    parts = text.strip().lower().split()
    if not parts:
        return ""
    rest = ["or other" if part == "or_other" else part for part in parts[1:]]
    return " ".join([parts[0].replace("_", " "), *rest])


def _check_rows(rows: list[tuple[int, dict]]) -> list[XLSFormError]:
    """Every row the web form cannot answer, and every expression it cannot evaluate."""
    problems = []
    names = {row["name"] for _number, row in rows if row.get("name")}

    def add(number, message):
        problems.append(XLSFormError(message, sheet="survey", row=number))

    for number, row in rows:
        kind = _kind(row.get("type", ""))
        name = row.get("name", "")
        if not kind:
            continue
        if kind in {"begin repeat", "end repeat"}:
            if kind == "begin repeat":
                add(
                    number,
                    _(
                        "Repeats (“%(name)s”) are not supported by the web form: ask each "
                        "item as its own question."
                    )
                    % {"name": name},
                )
            continue
        if FROM_FILE.match(kind):
            add(
                number,
                _(
                    "External choice files are not supported (“%(name)s”): put its choices "
                    "on the choices sheet and use select_one or select_multiple."
                )
                % {"name": name},
            )
            continue
        if not (
            kind in ASKED_TYPES
            or kind in GROUP_TYPES
            or kind in IGNORED_TYPES
            or SELECT.match(kind)
        ):
            add(
                number,
                _("The question type “%(type)s” of “%(name)s” is not supported here.")
                % {"type": row.get("type", ""), "name": name},
            )
            continue
        required = row.get("required", "")
        if required and required.lower() not in {"yes", "no", "true", "false", "true()", "false()"}:
            add(
                number,
                _("Required is “yes” or empty here; a condition (“%(text)s”) is not supported.")
                % {"text": required},
            )
        for column in EXPRESSION_COLUMNS:
            text = row.get(column, "")
            if not text:
                continue
            if check_expression(text):
                add(
                    number,
                    _("The %(column)s expression “%(text)s” cannot be read.")
                    % {"column": column, "text": text},
                )
            elif unknown := sorted(names_in(text) - names):
                add(
                    number,
                    _(
                        "The %(column)s expression refers to “%(names)s”, "
                        "not a question of the form."
                    )
                    % {"column": column, "names": "”, “".join(unknown)},
                )
    return problems


def _located(message: str) -> XLSFormError:
    found = re.search(r"\[row\s*:\s*(\d+)\]", message)
    row = int(found.group(1)) if found else None
    named = re.search(r"(?i)(?:on|in) the '?(survey|choices|settings)'? sheet", message)
    sheet = named.group(1).lower() if named else ""
    text = re.sub(r"\[row\s*:\s*\d+\]\s*", "", message).strip()
    return XLSFormError(text, sheet=sheet or ("survey" if row else ""), row=row)


def _questions(definition: dict, rows: dict[str, int]) -> list[ParsedQuestion]:
    questions: list[ParsedQuestion] = []
    problems: list[XLSFormError] = []

    def walk(children, relevant_above: str):
        for child in children:
            kind = child.get("type", "")
            if kind == "group":
                if child.get("name") == "meta":
                    continue  # instanceID and audit: ODK Collect's, nothing to ask
                relevant = (child.get("bind") or {}).get("relevant", "")
                walk(child.get("children", []), _both(relevant_above, relevant))
                continue
            if kind in IGNORED_TYPES:
                continue
            if kind not in TYPES:
                problems.append(
                    XLSFormError(
                        _("The question type “%(type)s” of “%(name)s” is not supported here.")
                        % {"type": kind, "name": child.get("name", "")},
                        sheet="survey",
                        row=rows.get(child.get("name", "")),
                    )
                )
                continue
            questions.append(_question(child, len(questions) + 1, relevant_above, default_language))

    default_language = str(definition.get("default_language") or "default")
    walk(definition.get("children", []), "")
    if problems:
        raise XLSFormError.several(problems)
    if not any(q.type not in METADATA_OR_CALCULATE for q in questions):
        raise XLSFormError(_("The form has no questions."), sheet="survey")
    return questions


METADATA_OR_CALCULATE = METADATA_TYPES | {QuestionType.CALCULATE}


def _question(child: dict, position: int, relevant_above: str, default: str) -> ParsedQuestion:
    bind = child.get("bind") or {}
    name = child["name"]
    choices = []
    for choice in child.get("choices", []):
        raw = choice.get("label", choice["name"])
        label = _text(raw, default)
        labels = _languages(raw)
        if str(choice["name"]) == "other" and label == "Other":
            label = _("Other")  # pyxform's English for or_other
            labels = {code: _other_in(code) for code in labels}
        entry = {
            "name": str(choice["name"]),
            "label": label,
            "score": _number(choice.get("score"), fallback=choice["name"]),
        }
        if labels:
            entry["labels"] = labels  # the label in each platform language the form gives
        columns = {
            str(key): str(value)
            for key, value in choice.items()
            if key not in CHOICE_KEYS and isinstance(value, (str, int, float))
        }
        if columns:
            entry["columns"] = columns  # what a choice_filter reads
        choices.append(entry)
    label = _text(child.get("label", name), default)
    if label == "Specify other." and name.endswith("_other"):
        label = _("Specify other.")  # pyxform's English for or_other
    texts = {
        "label": child.get("label", ""),
        "hint": child.get("hint", ""),
        "constraint_message": bind.get("jr:constraintMsg", ""),
        "required_message": bind.get("jr:requiredMsg", ""),
    }
    translations: dict[str, dict] = {}
    for column, value in texts.items():
        for code, text in _languages(value).items():
            translations.setdefault(code, {})[column] = text
    kind = TYPES[child["type"]]
    return ParsedQuestion(
        position=position,
        name=name,
        type=kind,
        label=label,
        hint=_text(child.get("hint", ""), default),
        required=str(bind.get("required", "")).lower() in {"yes", "true", "true()"},
        constraint=bind.get("constraint", ""),
        constraint_message=_text(bind.get("jr:constraintMsg", ""), default),
        relevant=_both(relevant_above, bind.get("relevant", "")),
        choices=choices,
        indicator_code=str(child.get("indicator", "") or "").strip(),
        required_message=_text(bind.get("jr:requiredMsg", ""), default),
        calculation=bind.get("calculate", "") if kind == QuestionType.CALCULATE else "",
        choice_filter=child.get("choice_filter", "") or "",
        translations=translations,
    )


def _both(first: str, second: str) -> str:
    if first and second:
        return f"({first}) and ({second})"
    return first or second


# A language column's code in parentheses (`label::English (en)`) → the platform's language.
LANGUAGE_CODE = re.compile(r"\(([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\)\s*$")
TRADITIONAL_REGIONS = {"hant", "tw", "hk", "mo"}
LANGUAGE_NAMES = {
    "english": "en",
    "chinese": "zh-hans",
    "中文": "zh-hans",
    "简体中文": "zh-hans",
    "簡體中文": "zh-hans",
    "繁體中文": "zh-hant",
    "繁体中文": "zh-hant",
    "traditional chinese": "zh-hant",
    "simplified chinese": "zh-hans",
}


def platform_language(column_language: str) -> str | None:
    """`English (en)` → en, `中文 (zh)`/`zh-CN` → zh-hans, `zh-TW`/`zh-Hant` → zh-hant; else
    None (pyxform's `default`, or a language the platform does not offer)."""
    found = LANGUAGE_CODE.search(column_language)
    if found is None:
        return LANGUAGE_NAMES.get(column_language.strip().lower())
    parts = found.group(1).lower().replace("_", "-").split("-")
    if parts[0] == "en":
        return "en"
    if parts[0] == "zh":
        return "zh-hant" if TRADITIONAL_REGIONS & set(parts[1:]) else "zh-hans"
    return None


def _languages(value) -> dict[str, str]:
    """A text given per language, keyed by the platform's languages (the first of each)."""
    if not isinstance(value, dict):
        return {}
    found: dict[str, str] = {}
    for key, text in value.items():
        code = platform_language(str(key))
        if code and str(text or "").strip():
            found.setdefault(code, str(text))
    return found


def _text(value, default: str = "default") -> str:
    """A label may be one text or one per language: the default language's, else Chinese,
    else the first."""
    if isinstance(value, dict):
        if value.get(default):
            return str(value[default])
        by_language = _languages(value)
        for code in ("zh-hans", "zh-hant", "en"):
            if code in by_language:
                return by_language[code]
        return str(next(iter(value.values()), ""))
    return str(value or "")


def _other_in(code: str) -> str:
    with translation.override(code):
        return _("Other")


def _number(value, *, fallback) -> float | None:
    for candidate in (value, fallback):
        try:
            return float(candidate)
        except (TypeError, ValueError):
            continue
    return None


def in_force(questions, answers: dict[str, str]) -> dict[str, str]:
    """The answers that count, in form order: skipped questions dropped, calculations added.

    What the live form shows, offers and says is worked out from these, as the server does
    when the answers are stored.
    """
    given = {name: value for name, value in answers.items() if value not in (None, "")}
    for question in questions:
        if not xpath.evaluate(question.relevant, answers=given):
            given.pop(question.name, None)
        elif question.type == QuestionType.CALCULATE:
            given[question.name] = xpath.calculate(question.calculation, answers=given)
    return given
