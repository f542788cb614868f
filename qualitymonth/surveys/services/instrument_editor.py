"""The web editor of instruments: rows of an XLSForm, read through the same parser as an upload.

The editor keeps no form of its own. Its rows are written into an XLSForm workbook in memory
and read by xlsform.parse, so a form made here behaves on the phone exactly as an uploaded
one, and the same workbook is what the secretariat downloads to go on in Excel or Kobo.
Mistakes are named by the editor's row and field; nothing is stored from a form with any.
"""

import io
import math
import re
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitymonth.core.services import log_action
from qualitymonth.core.versions import check_version, shown, version_of
from qualitymonth.surveys import xlsform
from qualitymonth.surveys.models import (
    Evaluation,
    Instrument,
    Level,
    Node,
    Question,
    QuestionType,
    Response,
    Round,
)

# XLSForm names: a letter or underscore, then letters, digits, _ . - (what ${name} can refer to).
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
SELECTS = {QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE}
SCORABLE = {QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.SELECT_ONE}
# Our types → the XLSForm type column; a choice list is named after its question.
XLSFORM_TYPES = {
    QuestionType.INTEGER: "integer",
    QuestionType.DECIMAL: "decimal",
    QuestionType.TEXT: "text",
    QuestionType.SELECT_ONE: "select_one",
    QuestionType.SELECT_MULTIPLE: "select_multiple",
    QuestionType.PHOTO: "image",
    QuestionType.GEOPOINT: "geopoint",
    QuestionType.DATE: "date",
    QuestionType.NOTE: "note",
    # Not asked on the phone; kept so that an uploaded form survives an edit.
    QuestionType.CALCULATE: "calculate",
    QuestionType.START: "start",
    QuestionType.END: "end",
    QuestionType.TODAY: "today",
    QuestionType.USERNAME: "username",
    QuestionType.DEVICEID: "deviceid",
}
# The columns xlsform.parse reads: `indicator` on the survey sheet, `score` on the choices sheet.
SURVEY_COLUMNS = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "indicator",
    # Kept from uploaded forms (the editor has no fields for them): written back so that the
    # downloaded XLSForm behaves as the uploaded one.
    "required_message",
    "calculation",
    "choice_filter",
]
CHOICE_COLUMNS = ["list_name", "name", "label", "score"]
# Texts in other languages go back as XLSForm language columns (`label::English (en)`).
LANGUAGE_COLUMNS = {
    "zh-hans": "简体中文 (zh-Hans)",
    "zh-hant": "繁體中文 (zh-Hant)",
    "en": "English (en)",
}
TRANSLATED = ("label", "hint", "constraint_message", "required_message")
FIELD_OF_COLUMN = {column: column for column in SURVEY_COLUMNS} | {"indicator": "indicator_code"}
FIELD_LABELS = {
    "type": gettext_lazy("Type"),
    "name": gettext_lazy("Name"),
    "label": gettext_lazy("Label"),
    "hint": gettext_lazy("Hint"),
    "required": gettext_lazy("Required"),
    "relevant": gettext_lazy("Shown when"),
    "constraint": gettext_lazy("Constraint"),
    "constraint_message": gettext_lazy("Constraint message"),
    "indicator_code": gettext_lazy("Indicator item"),
    "choices": gettext_lazy("Choices"),
}


@dataclass
class EditorQuestion:
    """One row of the editor; `row` is where the user sees it, for messages."""

    name: str
    type: str
    label: str
    hint: str = ""
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    constraint_message: str = ""
    choices: list = field(default_factory=list)  # [{"name", "label", "score"}]
    indicator_code: str = ""
    row: int | None = None
    # XLSForm columns the editor does not show, carried through from the stored question.
    required_message: str = ""
    calculation: str = ""
    choice_filter: str = ""
    translations: dict = field(default_factory=dict)


def describe(row, name: str, field_label, message) -> str:
    """“Row 3 (“q3”), Constraint: …”: where a mistake is, in the editor's terms."""
    if row is None:
        return str(message)
    where = (
        _("Row %(row)s (“%(name)s”)") % {"row": row, "name": name}
        if name
        else _("Row %(row)s") % {"row": row}
    )
    if field_label:
        return _("%(where)s, %(field)s: %(message)s") % {
            "where": where,
            "field": field_label,
            "message": message,
        }
    return _("%(where)s: %(message)s") % {"where": where, "message": message}


@dataclass
class Problem:
    row: int | None
    name: str
    field: str  # an editor field, or "" for the whole row
    message: str

    def describe(self) -> str:
        return describe(self.row, self.name, FIELD_LABELS.get(self.field, ""), self.message)


class InstrumentEditorError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return [problem.describe() for problem in self.problems]


class InstrumentInUse(Exception):
    """The instrument has answers: editing it would change what they mean."""


# --- choices as text ------------------------------------------------------------------------


def parse_choices(text: str) -> list[dict]:
    """`name | label | score` a line → choices; ValidationError with a message per bad line."""
    choices, problems, lines_of = [], [], {}
    for line, content in enumerate((text or "").splitlines(), start=1):
        if not content.strip():
            continue
        parts = [part.strip() for part in content.split("|")]
        if len(parts) > 3:
            problems.append(_("Line %(line)s: write name | label | score.") % {"line": line})
            continue
        name, label, score = [*parts, "", ""][:3]
        if not name:
            problems.append(_("Line %(line)s: the choice has no name.") % {"line": line})
            continue
        if re.search(r"\s", name):
            problems.append(
                _("Line %(line)s: the choice name “%(name)s” has a space.")
                % {"line": line, "name": name}
            )
            continue
        if name in lines_of:
            problems.append(
                _("Line %(line)s: “%(name)s” is already the name on line %(first)s.")
                % {"line": line, "name": name, "first": lines_of[name]}
            )
            continue
        lines_of[name] = line
        value = None
        if score:
            try:
                value = float(score)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                problems.append(
                    _("Line %(line)s: the score “%(score)s” is not a number.")
                    % {"line": line, "score": score}
                )
                continue
        choices.append({"name": name, "label": label or name, "score": value, "line": line})
    if problems:
        raise ValidationError(problems)
    return choices


def _number(score):
    if score is None:
        return None
    return int(score) if float(score).is_integer() else float(score)


def choices_text(choices: list[dict]) -> str:
    """The editor's text of stored choices, read back by parse_choices to the same list."""
    lines = []
    for choice in choices:
        parts = [choice["name"], choice.get("label") or choice["name"]]
        if choice.get("score") is not None:
            parts.append(str(_number(choice["score"])))
        lines.append(" | ".join(parts))
    return "\n".join(lines)


# --- the workbook ---------------------------------------------------------------------------


def _workbook(title: str, questions) -> tuple[bytes, dict]:
    """The XLSForm of these questions, and which question (and choice line) each row holds."""
    from openpyxl import Workbook  # a third of a second to import: not at the server's start

    book = Workbook()
    survey = book.active
    survey.title = "survey"
    questions = list(questions)
    # Each (text, language) an uploaded form gave, in the platform's order of languages.
    given = {
        (column, code)
        for q in questions
        for code, texts in (getattr(q, "translations", None) or {}).items()
        for column, text in texts.items()
        if text and code in LANGUAGE_COLUMNS and column in TRANSLATED
    }
    languages = [
        (column, code)
        for column in TRANSLATED
        for code in LANGUAGE_COLUMNS
        if (column, code) in given
    ]
    survey.append(
        SURVEY_COLUMNS + [f"{column}::{LANGUAGE_COLUMNS[code]}" for column, code in languages]
    )
    choice_languages = [
        code
        for code in LANGUAGE_COLUMNS
        if any(code in (c.get("labels") or {}) for q in questions for c in q.choices)
    ]
    # The choices' own columns (what choice filters read) after the usual four.
    extra = sorted(
        {key for q in questions for c in q.choices for key in (c.get("columns") or {})}
        - set(CHOICE_COLUMNS)
    )
    choices = book.create_sheet("choices")
    choices.append(
        CHOICE_COLUMNS + extra + [f"label::{LANGUAGE_COLUMNS[code]}" for code in choice_languages]
    )
    places = {}
    for question in questions:
        kind = XLSFORM_TYPES.get(question.type, question.type)
        if question.type in SELECTS:
            kind = f"{kind} {question.name}"
            for index, choice in enumerate(question.choices, start=1):
                choices.append(
                    [
                        question.name,
                        choice["name"],
                        choice.get("label") or choice["name"],
                        _number(choice.get("score")),
                        *((choice.get("columns") or {}).get(key, "") for key in extra),
                        *((choice.get("labels") or {}).get(code, "") for code in choice_languages),
                    ]
                )
                places["choices", choices.max_row] = (question, choice.get("line", index))
        survey.append(
            [
                kind,
                question.name,
                question.label,
                question.hint,
                "yes" if question.required else "",
                question.relevant,
                question.constraint,
                question.constraint_message,
                question.indicator_code,
                getattr(question, "required_message", ""),
                getattr(question, "calculation", ""),
                getattr(question, "choice_filter", ""),
                *(
                    ((getattr(question, "translations", None) or {}).get(code) or {}).get(
                        column, ""
                    )
                    for column, code in languages
                ),
            ]
        )
        places["survey", survey.max_row] = (question, None)
    settings = book.create_sheet("settings")
    settings.append(["form_title"])
    settings.append([title])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue(), places


def instrument_xlsx(instrument: Instrument) -> bytes:
    """An instrument as an XLSForm, built from its questions, to go on in Excel or Kobo."""
    return _workbook(instrument.title, instrument.questions.order_by("position"))[0]


# --- checks ---------------------------------------------------------------------------------


def indicator_items(evaluation: Evaluation) -> list[Node]:
    """The items of the evaluation's current (latest) indicator system: what questions score."""
    system = evaluation.systems.order_by("-version").first()
    if system is None:
        return []
    return list(Node.objects.filter(system=system, level=Level.ITEM).order_by("position", "code"))


def _check(questions: list[EditorQuestion], codes: set[str]) -> list[Problem]:
    problems = []
    names = {question.name for question in questions}
    first_row = {}
    for question in questions:

        def add(field, message, question=question):
            problems.append(Problem(question.row, question.name, field, message))

        if not NAME.fullmatch(question.name):
            add(
                "name",
                _(
                    "A name starts with a letter or an underscore and has only letters, digits, "
                    "underscores, hyphens and periods, without spaces."
                ),
            )
        elif question.name in first_row:
            add("name", _("Row %(row)s already has this name.") % {"row": first_row[question.name]})
        else:
            first_row[question.name] = question.row
        if question.type not in XLSFORM_TYPES:
            add("type", _("Choose one of the listed types."))
        if question.type in SELECTS and not question.choices:
            add("choices", _("A choice question needs at least one choice."))
        if question.type not in SELECTS and question.choices:
            add("choices", _("Only choice questions have choices; clear them or change the type."))
        for column in ("relevant", "constraint"):
            text = getattr(question, column)
            if error := xlsform.check_expression(text):
                add(
                    column,
                    _("“%(text)s” cannot be read as an expression (%(error)s).")
                    % {"text": text, "error": error},
                )
            elif unknown := sorted(set(xlsform.VARIABLE.findall(text)) - names):
                add(column, _("There is no question named “%(name)s”.") % {"name": unknown[0]})
        if question.indicator_code:
            if question.indicator_code not in codes:
                add(
                    "indicator_code",
                    _("“%(code)s” is not an item of the evaluation's current indicator system.")
                    % {"code": question.indicator_code},
                )
            elif question.type not in SCORABLE:
                add(
                    "indicator_code",
                    _("Only whole-number, number and one-choice questions can score an item."),
                )
    return problems


def _located(error: xlsform.XLSFormError, places: dict) -> Problem:
    """pyxform's message about a row of the workbook, put back on the editor's row."""
    place = places.get((error.sheet, error.row)) if error.row is not None else None
    if place is None:
        return Problem(None, "", "", error.describe())
    question, line = place
    if line is not None:
        message = _("Line %(line)s: %(message)s") % {"line": line, "message": error.message}
        return Problem(question.row, question.name, "choices", message)
    column = re.search(r"the '([a-z_]+)' value", error.message)
    field_name = FIELD_OF_COLUMN.get(column.group(1), "") if column else ""
    return Problem(question.row, question.name, field_name, error.message)


def read_rows(*, evaluation: Evaluation, title: str, questions: list[EditorQuestion]):
    """The definition and questions of the editor's rows, as an upload of them would give."""
    questions = [replace(q, row=q.row or index) for index, q in enumerate(questions, start=1)]
    if not questions:
        raise InstrumentEditorError([Problem(None, "", "", _("Add at least one question."))])
    problems = _check(questions, {node.code for node in indicator_items(evaluation)})
    if problems:
        raise InstrumentEditorError(problems)
    content, places = _workbook(title, questions)
    try:
        return xlsform.parse(content, "editor.xlsx")
    except xlsform.XLSFormError as error:
        raise InstrumentEditorError([_located(error, places)]) from None


# --- storing --------------------------------------------------------------------------------


def rounds_with_answers(instrument: Instrument) -> list[Round]:
    rounds = Response.objects.filter(round__instrument=instrument).values("round")
    return list(Round.objects.filter(pk__in=rounds).order_by("-year"))


def _store(instrument: Instrument, parsed: list[xlsform.ParsedQuestion]) -> None:
    Question.objects.bulk_create(Question(instrument=instrument, **vars(q)) for q in parsed)


@transaction.atomic
def create_from_editor(
    *, evaluation: Evaluation, kind: str, title: str, questions, actor, copy_of=None
) -> Instrument:
    """A new instrument from the editor's rows; `copy_of` when it is saved as a copy."""
    if copy_of is not None and title == copy_of.title:
        title = (_("%(title)s (copy)") % {"title": title})[:200]
    definition, parsed = read_rows(evaluation=evaluation, title=title, questions=questions)
    instrument = Instrument.objects.create(
        evaluation=evaluation, kind=kind, title=title, source_name="", definition=definition
    )
    _store(instrument, parsed)
    changes = {"editor": True, "questions": len(parsed)}
    if copy_of is not None:
        changes["copy_of"] = copy_of.pk
    log_action(
        actor=actor,
        action="surveys.instrument.copy" if copy_of else "surveys.instrument.create",
        obj=instrument,
        changes=changes,
    )
    return instrument


def _editor_state(instrument: Instrument) -> dict:
    return {"title": instrument.title, "kind": instrument.kind, "questions": instrument.definition}


def editor_version(instrument: Instrument) -> str:
    """The version the editor is opened with (see core.versions)."""
    return version_of(_editor_state(instrument))


def _check_editor_version(instrument: Instrument, version: str | None) -> None:
    """Refuse a save from an editor opened before another save of this instrument (its row
    is locked by now): it would put back the questions that save changed."""
    names = list(instrument.questions.order_by("pk").values_list("name", flat=True))
    check_version(
        version,
        _editor_state(instrument),
        labels={"title": _("Title"), "kind": _("Kind"), "questions": _("Questions")},
        display={"kind": shown(instrument.get_kind_display()), "questions": shown(names)},
    )


@transaction.atomic
def update_from_editor(
    *, instrument: Instrument, kind: str, title: str, questions, actor, version: str | None = None
):
    """Replace the questions of an instrument nobody has answered yet; refuse otherwise.
    `version`: the one the editor was opened with; a stale one is refused (StaleVersion)."""
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    _check_editor_version(instrument, version)
    if used := rounds_with_answers(instrument):
        raise InstrumentInUse(
            _(
                "This instrument already has answers (%(rounds)s): changing it would change "
                "what they mean. Save it as a copy instead."
            )
            % {"rounds": ", ".join(str(round_) for round_ in used)}
        )
    definition, parsed = read_rows(
        evaluation=instrument.evaluation, title=title, questions=questions
    )
    before = list(instrument.questions.values_list("name", flat=True))
    try:
        instrument.questions.all().delete()
    except ProtectedError:  # answered through a round that has since changed instrument
        raise InstrumentInUse(
            _("This instrument already has answers; save it as a copy instead.")
        ) from None
    _store(instrument, parsed)
    instrument.kind, instrument.title, instrument.definition = kind, title, definition
    instrument.source_name = ""
    instrument.save(update_fields=["kind", "title", "definition", "source_name"])
    log_action(
        actor=actor,
        action="surveys.instrument.edit",
        obj=instrument,
        changes={"questions": [before, [q.name for q in parsed]]},
    )
    return instrument
