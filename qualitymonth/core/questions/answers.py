"""Clean a set of answers against custom questions, and show stored answers as people read them.

Answers are stored in a JSON field of the owner's record (a registration, an application),
keyed by question: text, number, date (ISO, 2026-09-01), yes/no ("yes"/"no") and single choice
as a string, multiple choice as a list of the chosen values in the order they are listed.
Each app says how its keys are spelled (`field_name`, `stored_key`: "q{pk}", "{pk}"…), so the
answers already stored keep their shape.
"""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from qualitymonth.core.control_chars import FORBIDDEN
from qualitymonth.core.questions.models import CHOICE_KINDS, CustomQuestion, QuestionKind

TEXT_MAX = 500
LONG_TEXT_MAX = 5000
YES_NO = {"yes": gettext_lazy("yes"), "no": gettext_lazy("no")}


def limit_of(question: CustomQuestion) -> int:
    return LONG_TEXT_MAX if question.kind == QuestionKind.LONG_TEXT else TEXT_MAX


def _as_text(value, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) and kind == QuestionKind.YES_NO:
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "\n".join(_as_text(item, kind) for item in value)
    return str(value).strip()


def _raw(raw: Mapping, name: str, kind: str):
    """What was sent for one question: a list for multiple choice (a form sends the field
    once per ticked box; the API or a caller may send a list or one value per line)."""
    if kind == QuestionKind.MULTIPLE_CHOICE:
        if hasattr(raw, "getlist"):
            values = raw.getlist(name)
        else:
            value = raw.get(name)
            values = value if isinstance(value, list | tuple) else [value]
        lines = []
        for value in values:
            lines.extend(_as_text(value, kind).splitlines())
        return [line.strip() for line in lines if line.strip()]
    return _as_text(raw.get(name), kind)


def _checked(question: CustomQuestion, value):
    """The value to store, or raise ValidationError with a message naming the question."""
    label = question.display_label
    texts = value if isinstance(value, list) else [value]
    if any(FORBIDDEN.search(text) for text in texts):
        raise ValidationError(
            _("%(label)s: remove the control character (such as a NUL byte).") % {"label": label}
        )
    limit = limit_of(question)
    if sum(len(text) for text in texts) > limit:
        raise ValidationError(
            _("%(label)s: keep the answer under %(limit)s characters.")
            % {"label": label, "limit": limit}
        )
    kind = question.kind
    if kind == QuestionKind.NUMBER:
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValidationError(_("%(label)s: enter a number.") % {"label": label})
    elif kind == QuestionKind.DATE:
        try:
            day = parse_date(value)
        except ValueError:  # well formed but impossible, like 2026-02-30
            day = None
        if day is None:
            raise ValidationError(
                _("%(label)s: enter a date as year-month-day, like 2026-09-01.") % {"label": label}
            )
        return day.isoformat()
    elif kind == QuestionKind.YES_NO and value not in YES_NO:
        raise ValidationError(_("%(label)s: answer yes or no.") % {"label": label})
    elif kind in CHOICE_KINDS:
        listed = question.choice_list()
        if any(text not in listed for text in texts):
            raise ValidationError(
                _("%(label)s: choose one of the listed answers.") % {"label": label}
            )
        if kind == QuestionKind.MULTIPLE_CHOICE:
            return [choice for choice in listed if choice in texts]
    return value


def clean_answers(
    questions: Iterable[CustomQuestion],
    raw: Mapping | None,
    *,
    field_name: str = "q{pk}",
    stored_key: str = "q{pk}",
    require: bool = True,
) -> tuple[dict, dict]:
    """(answers to store by `stored_key`, error messages by `field_name`).

    `raw` is what was sent, by `field_name` (a form's data, a form's cleaned data, an API
    payload); anything not asked is dropped. `require=False` lets a draft leave required
    questions empty (see `unanswered`, for the moment the draft is handed in).
    """
    raw = raw if raw is not None else {}
    answers, errors = {}, {}
    for question in questions:
        name = field_name.format(pk=question.pk)
        value = _raw(raw, name, question.kind)
        if not value:
            if require and question.required:
                errors[name] = _("This question needs an answer.")
            continue
        try:
            answers[stored_key.format(pk=question.pk)] = _checked(question, value)
        except ValidationError as error:
            errors[name] = error.messages[0]
    return answers, errors


def validated_answers(questions: Iterable[CustomQuestion], raw: Mapping | None, **keys) -> dict:
    """The answers to store, or a ValidationError whose messages are by field name."""
    answers, errors = clean_answers(questions, raw, **keys)
    if errors:
        raise ValidationError(errors)
    return answers


def unanswered(
    questions: Iterable[CustomQuestion], answers: Mapping, *, stored_key: str = "q{pk}"
) -> list[CustomQuestion]:
    """The required questions without an answer among stored answers."""
    return [
        question
        for question in questions
        if question.required and not answers.get(stored_key.format(pk=question.pk))
    ]


def _joined(parts: list[str]) -> str:
    return (", " if (get_language() or "").startswith("en") else "、").join(parts)


def display_answer(question: CustomQuestion, value) -> str:
    """A stored answer as people read it: 是/否 for "yes"/"no", a choice in the reader's
    language, a date in the reader's format. A value no longer among the choices (the list was
    edited after answering) is shown as it was given."""
    if value is None or value == "" or value == []:
        return ""
    kind = question.kind
    if kind == QuestionKind.YES_NO and value in YES_NO:
        return str(YES_NO[value])
    if kind in CHOICE_KINDS:
        shown = dict(question.choice_pairs())
        values = value if isinstance(value, list) else [value]
        return _joined([shown.get(str(item), str(item)) for item in values])
    if kind == QuestionKind.DATE and isinstance(value, str):
        try:
            day = parse_date(value)
        except ValueError:
            day = None
        if day is not None:
            return date_format(day, "DATE_FORMAT")
    if isinstance(value, list):
        return _joined([str(item) for item in value])
    return str(value)


def displayed_answers(
    questions: Iterable[CustomQuestion],
    answers: Mapping,
    *,
    stored_key: str = "q{pk}",
    answered_only: bool = False,
) -> list[tuple[str, str]]:
    """(question in the reader's language, answer as people read it), in the form's order."""
    pairs = []
    for question in questions:
        value = answers.get(stored_key.format(pk=question.pk))
        if answered_only and not value:
            continue
        pairs.append((question.display_label, display_answer(question, value)))
    return pairs
