"""Forms of campaigns: they check the shape of input; services check the rules."""

import math
import re

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from qualitymonth.campaigns.models import (
    Action,
    ActionStatus,
    ActivityKind,
    ActivityReport,
    Campaign,
    Category,
    ReporterGroup,
)
from qualitymonth.campaigns.services import imports
from qualitymonth.campaigns.services.activities import MAX_FIGURE
from qualitymonth.core.forms import MultipleFileField, MultipleFileInput
from qualitymonth.core.uploads import MAX_ATTACHMENT_BYTES, MAX_PHOTO_BYTES
from qualitymonth.core.versions import VersionedFormMixin
from qualitymonth.organizations.models import Unit, UnitKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_IMPORT_BYTES = 10 * 1024 * 1024
FIGURE_LINE = re.compile(r"^(?P<label>[^:：=]+)[:：=]\s*(?P<value>-?\d+(?:\.\d+)?)\s*$")


def _unit_label(unit: Unit) -> str:
    return unit.display_name


def units_field(field):
    field.queryset = Unit.objects.filter(is_active=True)
    field.label_from_instance = _unit_label
    return field


def photos_field():
    return MultipleFileField(
        label=_("Photos"),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        help_text=_("JPEG, PNG, WebP or GIF, up to %(size)s MB each.")
        % {"size": MAX_PHOTO_BYTES // 1024 // 1024},
    )


class CampaignForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["year", "theme", "theme_zh_hant", "theme_en", "starts_on", "ends_on"]
        fields += ["lead_bodies", "description", "is_published"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "description": forms.Textarea({"rows": 3})}
        help_texts = {
            "theme_zh_hant": _("Left blank, it is converted from the Simplified Chinese theme."),
            "starts_on": _("Left blank: 1 September."),
            "ends_on": _("Left blank: 30 September."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].min_value = 2000
        self.fields["year"].max_value = 2100
        self.fields["year"].validators += [MinValueValidator(2000), MaxValueValidator(2100)]
        self.fields["year"].widget.attrs.update(min=2000, max=2100)
        units_field(self.fields["lead_bodies"])
        self.fields["lead_bodies"].widget.attrs["size"] = 8
        self.fields["starts_on"].required = False
        self.fields["ends_on"].required = False

    def validate_unique(self):
        """Left to the service, which says it in the same words for the form and the API."""


class CopyCampaignForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the new campaign"), min_value=2000, max_value=2100)


class CategoryForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Category
        fields = ["position", "name", "name_zh_hant", "name_en"]

    def validate_unique(self):
        pass


class ActionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = ["number", "parent", "category", "title", "title_zh_hant", "title_en"]
        fields += ["description", "expected_outputs", "lead_unit", "co_units", "due_on"]
        fields += ["status", "progress", "rollup", "weight"]
        widgets = {
            "due_on": DATE,
            "description": forms.Textarea({"rows": 3}),
            "expected_outputs": forms.Textarea({"rows": 2}),
        }
        help_texts = {
            "progress": _("For an action with sub-actions, this is computed from them."),
        }

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["parent"].queryset = campaign.actions.all()
        self.fields["category"].queryset = campaign.categories.all()
        self.fields["category"].label_from_instance = lambda category: category.display_name
        units_field(self.fields["lead_unit"])
        units_field(self.fields["co_units"])
        self.fields["co_units"].widget.attrs["size"] = 8

    def validate_unique(self):
        pass


class ProgressReportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Reporting unit"), queryset=Unit.objects.none())
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    progress = forms.IntegerField(label=_("Progress %"), min_value=0, max_value=100)
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea({"rows": 5}))
    figures = forms.CharField(
        label=_("Figures"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("One per line: a name, a colon and a number."),
    )
    photos = photos_field()
    attachments = MultipleFileField(
        label=_("Attachments"),
        help_text=_("PDF, Word, Excel, PowerPoint or pictures, up to %(size)s MB each.")
        % {"size": MAX_ATTACHMENT_BYTES // 1024 // 1024},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[unit.pk for unit in units])
        self.fields["unit"].label_from_instance = _unit_label
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
        self.fields["figures"].widget.attrs["placeholder"] = _("Enterprises taking part: 120")

    def clean_figures(self):
        figures = []
        for number, line in enumerate(self.cleaned_data["figures"].splitlines(), start=1):
            if not line.strip():
                continue
            match = FIGURE_LINE.match(line.strip())
            if not match:
                raise forms.ValidationError(
                    _("Line %(line)s: write a name, a colon and a number, e.g. “参与企业: 120”.")
                    % {"line": number}
                )
            value = float(match["value"])
            if not math.isfinite(value) or value > MAX_FIGURE:
                raise forms.ValidationError(
                    _("Line %(line)s: the number is too large.") % {"line": number}
                )
            if value < 0:
                raise forms.ValidationError(
                    _("Line %(line)s: a figure cannot be negative.") % {"line": number}
                )
            figures.append(
                {
                    "label": match["label"].strip(),
                    "value": int(value) if value.is_integer() else value,
                }
            )
        return figures


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return to the unit"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Required when returning: the unit sees it."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say why the report is returned."))
        return cleaned


class ActivityForm(VersionedFormMixin, forms.ModelForm):
    unit = forms.ModelChoiceField(label=_("Reporting unit"), queryset=Unit.objects.none())
    photos = photos_field()

    class Meta:
        model = ActivityReport
        fields = ["title", "starts_on", "ends_on", "place", "organisers", "category", "kind"]
        fields += ["action", "participants", "online_viewers", "teams", "enterprises"]
        fields += ["sub_activities", "description"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "description": forms.Textarea({"rows": 4})}

    def __init__(self, *args, campaign: Campaign, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["category"].queryset = campaign.categories.all()
        self.fields["category"].label_from_instance = lambda category: category.display_name
        self.fields["action"].queryset = campaign.actions.all()
        for name in ("starts_on", "ends_on"):
            self.fields[name].widget.attrs.update(
                min=campaign.starts_on.isoformat(), max=campaign.ends_on.isoformat()
            )
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = Unit.objects.filter(pk__in=[unit.pk for unit in units])
            self.fields["unit"].label_from_instance = _unit_label
            if len(units) == 1:
                self.fields["unit"].initial = units[0].pk


class ActivityImportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Reporting unit"), queryset=Unit.objects.none())
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An .xlsx or .csv file laid out like the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    good_rows_only = forms.BooleanField(
        label=_("Import the good rows and skip the bad ones"),
        required=False,
        widget=forms.CheckboxInput(attrs={"aria-describedby": "id_good_rows_only-help"}),
        help_text=_("Left unticked, nothing is imported while any row has an error."),
    )
    already_imported = forms.ChoiceField(
        label=_("Rows already imported"),
        required=False,
        initial=imports.ASK,
        widget=forms.RadioSelect,
        choices=[
            (imports.ASK, _("Stop and list them; nothing is imported")),
            (imports.SKIP, _("Skip them and import the other rows")),
            (imports.AGAIN, _("Import them again")),
        ],
        help_text=_(
            "Rows with the same activity name and dates as a report your unit already filed "
            "for this campaign, for example when a corrected file is sent again."
        ),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[unit.pk for unit in units])
        self.fields["unit"].label_from_instance = _unit_label
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB; split it.")
                % {"limit": MAX_IMPORT_BYTES // 1024 // 1024}
            )
        return upload


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    district = forms.ModelChoiceField(
        label=_("District"), required=False, queryset=Unit.objects.filter(kind=UnitKind.DISTRICT)
    )
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.none()
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", "—"), *ActivityKind.choices]
    )
    group = forms.ChoiceField(
        label=_("Reported by"), required=False, choices=[("", "—"), *ReporterGroup.choices]
    )
    day = forms.DateField(label=_("Date"), required=False, widget=DATE)
    action = forms.ModelChoiceField(
        label=_("Plan action"), required=False, queryset=Action.objects.none()
    )
    unit = forms.ModelChoiceField(
        label=_("Reporting unit"),
        required=False,
        queryset=Unit.objects.all(),
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].label_from_instance = _unit_label
        self.fields["category"].queryset = campaign.categories.all()
        self.fields["category"].label_from_instance = lambda category: category.display_name
        self.fields["action"].queryset = campaign.actions.all()
