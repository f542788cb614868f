"""Form fields for custom questions, labelled in the reader's language.

The fields only shape the input (a list to pick from, a date picker, boxes to tick); the
answers are checked again by answers.clean_answers, where every caller's input ends up.
No script is needed: the widgets are plain HTML (the CSP forbids inline scripts).
"""

from collections.abc import Iterable

from django import forms

from qualitymonth.core.questions.answers import YES_NO, limit_of
from qualitymonth.core.questions.models import CustomQuestion, QuestionKind

EMPTY_CHOICE = ("", "—")


def question_field(question: CustomQuestion, *, draft: bool = False) -> forms.Field:
    """One question's field. A draft form (an application saved half done) requires nothing
    and marks the required questions with an asterisk instead."""
    label = question.display_label
    if draft and question.required:
        label += " *"
    common = {
        "label": label,
        "required": question.required and not draft,
        "help_text": question.display_help_text,
    }
    kind = question.kind
    if kind == QuestionKind.CHOICE:
        return forms.ChoiceField(choices=[EMPTY_CHOICE, *question.choice_pairs()], **common)
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=question.choice_pairs(), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=[EMPTY_CHOICE, *YES_NO.items()], **common)
    if kind == QuestionKind.DATE:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common
        )
    if kind == QuestionKind.LONG_TEXT:
        return forms.CharField(
            max_length=limit_of(question), widget=forms.Textarea(attrs={"rows": 4}), **common
        )
    attrs = {"inputmode": "decimal"} if kind == QuestionKind.NUMBER else {}
    return forms.CharField(
        max_length=limit_of(question), widget=forms.TextInput(attrs=attrs), **common
    )


def question_fields(
    questions: Iterable[CustomQuestion], *, field_name: str = "q{pk}", draft: bool = False
) -> dict[str, forms.Field]:
    """The fields of the questions in order, by `field_name` ("q{pk}", "field_{pk}"…)."""
    return {
        field_name.format(pk=question.pk): question_field(question, draft=draft)
        for question in questions
    }
