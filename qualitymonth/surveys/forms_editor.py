"""Forms of the instrument editor: the instrument, and one form a question in a formset.

The forms check the shape of each field; what makes a valid XLSForm (names, choices, skip
logic, indicator items) is checked by services.instrument_editor, for the editor's rows.
"""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.versions import VersionedFormMixin
from qualitymonth.surveys.models import InstrumentKind, QuestionType
from qualitymonth.surveys.services.instrument_editor import (
    FIELD_LABELS,
    EditorQuestion,
    choices_text,
    parse_choices,
)

MAX_QUESTIONS = 300
# Rows without a label: worked out or filled by the server.
UNASKED = {
    QuestionType.CALCULATE,
    QuestionType.START,
    QuestionType.END,
    QuestionType.TODAY,
    QuestionType.USERNAME,
    QuestionType.DEVICEID,
}
ASKED = {value for value in QuestionType.values if value not in UNASKED}
SHOWN = (
    "type",
    "name",
    "label",
    "required",
    "hint",
    "relevant",
    "constraint",
    "constraint_message",
    "indicator_code",
)


class InstrumentMetaForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=InstrumentKind.choices)


class QuestionRowForm(forms.Form):
    # Rows can be deleted or left empty: the server says what is missing, naming the row.
    use_required_attribute = False

    type = forms.ChoiceField(label=FIELD_LABELS["type"], choices=[("", "—"), *QuestionType.choices])
    name = forms.CharField(
        label=FIELD_LABELS["name"],
        max_length=80,
    )
    # Calculations and metadata rows have no label; other rows need one (checked in clean).
    label = forms.CharField(label=FIELD_LABELS["label"], max_length=500, required=False)
    required = forms.BooleanField(label=FIELD_LABELS["required"], required=False)
    hint = forms.CharField(label=FIELD_LABELS["hint"], max_length=500, required=False)
    relevant = forms.CharField(
        label=FIELD_LABELS["relevant"],
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "${issue} = 'yes'"}),
    )
    constraint = forms.CharField(
        label=FIELD_LABELS["constraint"],
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": ". >= 0 and . <= 10"}),
    )
    constraint_message = forms.CharField(
        label=FIELD_LABELS["constraint_message"], max_length=300, required=False
    )
    indicator_code = forms.CharField(
        label=FIELD_LABELS["indicator_code"],
        max_length=20,
        required=False,
        widget=forms.Select,
    )
    choices = forms.CharField(
        label=FIELD_LABELS["choices"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For choice questions, one choice a line: name | label | score, e.g. "
            "“1 | No queue | 5”. The name has no spaces; label and score may be left out, "
            "and a number as name is its own score."
        ),
    )

    # What the editor does not show (calculation, choice filter, required message, other
    # languages, the choices' other columns), carried through so that saving keeps it.
    kept = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, items=(), row=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row
        options = [(node.code, f"{node.code} {node.display_name}") for node in items]
        chosen = (
            self.data.get(self.add_prefix("indicator_code"), "")
            if self.is_bound
            else self.initial.get("indicator_code", "")
        )
        if chosen and chosen not in {code for code, _label in options}:
            # Kept visible so that saving does not drop it silently; the check names it.
            options.append(
                (chosen, _("%(code)s (not in the current indicator system)") % {"code": chosen})
            )
        self.fields["indicator_code"].widget.choices = [("", "—"), *options]

    @property
    def main_fields(self):
        return [self[name] for name in ("type", "name", "label", "required", "indicator_code")]

    @property
    def check_fields(self):
        return [self[name] for name in ("relevant", "constraint", "constraint_message", "hint")]

    @property
    def checks_open(self) -> bool:
        """Skip logic and checks are folded away unless a row has some, or a mistake in one."""
        return any(field.value() or field.errors for field in self.check_fields)

    def clean_choices(self):
        return parse_choices(self.cleaned_data["choices"])

    def clean_kept(self):
        try:
            kept = json.loads(self.cleaned_data["kept"] or "{}")
        except ValueError:
            kept = {}
        return kept if isinstance(kept, dict) else {}

    def clean(self):
        data = super().clean()
        if data.get("type") in ASKED and not data.get("label") and "label" not in self.errors:
            self.add_error("label", forms.Field.default_error_messages["required"])
        return data

    def question(self, row) -> EditorQuestion:
        data = self.cleaned_data
        kept = data.get("kept") or {}
        extras = kept.get("choices") or {}
        choices = [
            {**choice, **{k: v for k, v in (extras.get(choice["name"]) or {}).items() if v}}
            for choice in data["choices"]
        ]
        return EditorQuestion(
            row=row,
            choices=choices,
            required_message=str(kept.get("required_message") or ""),
            calculation=str(kept.get("calculation") or ""),
            choice_filter=str(kept.get("choice_filter") or ""),
            translations=kept.get("translations") or {},
            **{key: data[key] for key in SHOWN if key in data},
        )


def question_initial(question) -> dict:
    """A stored question as the editor's row shows it."""
    return {
        "type": question.type,
        "name": question.name,
        "label": question.label,
        "required": question.required,
        "hint": question.hint,
        "relevant": question.relevant,
        "constraint": question.constraint,
        "constraint_message": question.constraint_message,
        "indicator_code": question.indicator_code,
        "choices": choices_text(question.choices),
        "kept": json.dumps(
            {
                "required_message": question.required_message,
                "calculation": question.calculation,
                "choice_filter": question.choice_filter,
                "translations": question.translations or {},
                "choices": {
                    choice["name"]: {
                        "labels": choice.get("labels") or {},
                        "columns": choice.get("columns") or {},
                    }
                    for choice in question.choices
                },
            },
            ensure_ascii=False,
        ),
    }


class BaseQuestionFormSet(forms.BaseFormSet):
    def __init__(self, *args, items=(), **kwargs):
        self.items = list(items)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"items": self.items, "row": None if index is None else index + 1}

    def is_deleted(self, form) -> bool:
        return bool(getattr(form, "cleaned_data", {}).get("DELETE"))

    def questions(self) -> list[EditorQuestion]:
        """The rows to save, in the order asked, after is_valid()."""
        return [form.question(self.forms.index(form) + 1) for form in self.ordered_forms]


QuestionFormSet = forms.formset_factory(
    QuestionRowForm,
    formset=BaseQuestionFormSet,
    extra=1,
    can_order=True,
    can_delete=True,
    max_num=MAX_QUESTIONS,
    validate_max=True,
)
