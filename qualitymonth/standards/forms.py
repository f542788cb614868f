"""Forms of the group-standards pages; the services check the rules, the forms the shapes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.forms import LABEL_SUFFIX
from qualitymonth.standards.models import EvaluationResult, PilotLevel

DATE = forms.DateInput(attrs={"type": "date"})


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)


class ProposalForm(_Form):
    proposer = forms.ModelChoiceField(label=_("Proposer unit"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    scope = forms.CharField(label=_("Scope"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(
        label=_("Reason for the standard"), widget=forms.Textarea(attrs={"rows": 3})
    )
    drafting_units = forms.ModelMultipleChoiceField(
        label=_("Drafting units"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    drafters = forms.CharField(
        label=_("Drafters"),
        max_length=500,
        required=False,
        help_text=_("The main drafters' names as the foreword lists them, separated by commas."),
    )
    related_standards = forms.CharField(
        label=_("Related national or industry standards"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, proposers, drafting_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposer"].queryset = proposers
        self.fields["drafting_units"].queryset = drafting_units


class RejectForm(_Form):
    reason = forms.CharField(
        label=_("Reason for not approving"), widget=forms.Textarea(attrs={"rows": 2})
    )


class OpenCommentForm(_Form):
    opens_on = forms.DateField(label=_("Public comment opens on"), widget=DATE)
    working_days = forms.IntegerField(
        label=_("Working days"),
        min_value=1,
        max_value=60,
        initial=30,
        help_text=_("Counted on the platform's calendar of working days."),
    )


class PublishForm(_Form):
    approved_on = forms.DateField(label=_("Approval date"), widget=DATE)
    implemented_on = forms.DateField(label=_("Implementation date"), widget=DATE)
    number = forms.CharField(
        label=_("Number"),
        max_length=40,
        required=False,
        help_text=_("Leave empty for the next number of the year."),
    )


class RevisionForm(_Form):
    reason = forms.CharField(
        label=_("Reason for the revision"), widget=forms.Textarea(attrs={"rows": 2})
    )


class PilotForm(_Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    level = forms.ChoiceField(label=_("Level"), choices=PilotLevel.choices)
    starts_on = forms.DateField(label=_("Starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends"), widget=DATE)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class EvaluationForm(_Form):
    """Start an implementation evaluation: its survey round collects until this day."""

    collection_ends = forms.DateField(label=_("The adopters answer until"), widget=DATE)


class ConclusionForm(_Form):
    result = forms.ChoiceField(label=_("Result"), choices=EvaluationResult.choices)
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}))
