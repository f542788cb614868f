"""Forms of the survey pages. Answers themselves are checked by services.responses."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitymonth.organizations.models import Unit, UnitKind
from qualitymonth.surveys.models import Industry, InstrumentKind


class InstrumentUploadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=InstrumentKind.choices)
    file = forms.FileField(
        label=_("XLSForm"),
        help_text=_("An .xlsx file with survey and choices sheets, as KoboToolbox and ODK use."),
    )


class TableUploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))
    good_rows_only = forms.BooleanField(
        label=_("Import the good rows and skip the bad ones"), required=False
    )


class RespondentForm(forms.Form):
    """What a public respondent says about themselves, for figures by district and industry."""

    district = forms.ModelChoiceField(
        label=_("District"), queryset=Unit.objects.filter(kind=UnitKind.DISTRICT), required=False
    )
    industry = forms.ModelChoiceField(
        label=_("Industry"), queryset=Industry.objects.all(), required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
