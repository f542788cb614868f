"""Forms of the quality pages; the rules are the services' (their errors land on fields)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitymonth.quality.models import HonourLevel, Industry, Method, StageLevel, TeamKind


def this_year() -> int:
    return datetime.date.today().year


class RegistrationForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    name = forms.CharField(label=_("Team name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=TeamKind.choices)
    industry = forms.ChoiceField(label=_("Industry"), choices=Industry.choices)
    workshop = forms.CharField(label=_("Workshop or department"), max_length=200, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=this_year)
    number = forms.CharField(label=_("Registration number"), max_length=40)
    topic = forms.CharField(label=_("Topic"), max_length=300)
    members = forms.CharField(
        label=_("Members"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One a line: name / role / employee number, e.g. “王芳 / leader / 1024”. "
            "Roles: leader, member, adviser."
        ),
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class ImportForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=this_year)
    file = forms.FileField(label=_("XLSX or CSV file"))

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class ResultForm(forms.Form):
    title = forms.CharField(label=_("Title of the result"), max_length=300)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class HonourForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=None)
    name = forms.CharField(label=_("Honour"), max_length=200)
    body = forms.CharField(label=_("Awarded by"), max_length=200)
    level = forms.ChoiceField(label=_("Level"), choices=HonourLevel.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=this_year)
    # Required by the service (its message names what to attach), so not by the form.
    proof = forms.FileField(
        label=_("Proof"),
        required=False,
        help_text=_("The certificate or the published list: PDF or picture."),
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class StagedProgramForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Award program"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, initial=this_year)
    closes_at = forms.DateField(
        label=_("Applications close on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The last day results can be entered in the first stage."),
    )
    share_scores = forms.BooleanField(
        label=_("Reviewers of one stage may see the scores of the other stages"), required=False
    )

    def __init__(self, *args, **kwargs):
        from qualitymonth.awards.models import Program

        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.order_by("name")


class StageForm(forms.Form):
    """One stage; a row left without a name and a quota is not a stage."""

    name = forms.CharField(label=_("Name of the stage"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=StageLevel.choices)
    quota = forms.IntegerField(
        label=_("Entries that move on"), min_value=1, max_value=999, required=False
    )
    rubric = forms.ModelChoiceField(label=_("Scoring table"), queryset=None, required=False)
    needs_notice = forms.BooleanField(
        label=_("Public notice (公示) before closing"), required=False
    )

    def __init__(self, *args, **kwargs):
        from qualitymonth.awards.models import Rubric

        super().__init__(*args, **kwargs)
        self.fields["rubric"].queryset = Rubric.objects.filter(is_template=True).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("quota") and not data.get("rubric"):
            self.add_error("rubric", _("Choose the scoring table of this stage."))
        return data


StageFormSet = forms.formset_factory(StageForm, extra=4, max_num=6)
