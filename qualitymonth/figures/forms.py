from django import forms
from django.utils.translation import gettext_lazy as _

from qualitymonth.figures.selectors import hand_entered_choices


class HandEntryForm(forms.Form):
    key = forms.ChoiceField(label=_("Figure"))
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=20, decimal_places=4)
    source = forms.FileField(
        label=_("Source document"),
        required=False,  # the service refuses a missing source with its own message
        help_text=_("The report the figure comes from: PDF, Office file or picture."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = hand_entered_choices()


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Template"))
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2099)

    def __init__(self, *args, **kwargs):
        from qualitymonth.figures.models import ReportKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ReportKind.choices


class SectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("The section holds"))
    heading = forms.CharField(label=_("Heading"), max_length=200)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    figures = forms.MultipleChoiceField(
        label=_("Figures"), required=False, widget=forms.CheckboxSelectMultiple
    )
    first_year = forms.IntegerField(
        label=_("From the year"),
        required=False,
        min_value=1990,
        max_value=2099,
        help_text=_("Tables and charts run from this year to the report's year."),
    )
    source = forms.ChoiceField(
        label=_("Campaign or round"),
        required=False,
        help_text=_(
            "For a campaign digest, an index chapter or an award list: the one to show; "
            "empty, those of the report's year."
        ),
    )

    def __init__(self, *args, **kwargs):
        from qualitymonth.figures.models import SectionKind
        from qualitymonth.figures.registry import all_figures

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = SectionKind.choices
        from qualitymonth.figures.selectors_report_parts import source_choices

        self.fields["figures"].choices = [(f.key, f.name) for f in all_figures()]
        self.fields["source"].choices = source_choices()
