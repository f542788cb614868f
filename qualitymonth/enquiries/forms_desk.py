"""Forms of the staff desk. They read the input; the services decide (their messages land on
the fields, see core.forms.save_with)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.versions import VersionedFormMixin
from qualitymonth.enquiries.forms import CategoryChoiceField, SafeChoiceMixin
from qualitymonth.enquiries.models import Category
from qualitymonth.enquiries.statuses import REASONS, Kind, Reason, Status, next_statuses
from qualitymonth.organizations.models import Unit, UnitKind


def _districts():
    return Unit.objects.filter(kind=UnitKind.DISTRICT, is_active=True).order_by(
        "division_code", "name"
    )


class UnitChoiceField(SafeChoiceMixin, forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Number or business"), required=False, max_length=60)
    kind = forms.ChoiceField(label=_("Track"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = CategoryChoiceField(
        label=_("Category"), queryset=Category.objects.order_by("position", "code"), required=False
    )
    district = UnitChoiceField(label=_("District"), queryset=Unit.objects.none(), required=False)
    unit = UnitChoiceField(label=_("Handling unit"), queryset=Unit.objects.none(), required=False)
    open_only = forms.BooleanField(label=_("Open only"), required=False)
    overdue = forms.BooleanField(label=_("Past the time limit"), required=False)
    near = forms.BooleanField(label=_("Near the time limit"), required=False)
    attention = forms.BooleanField(label=_("New information after closing"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All tracks")), *Kind.choices]
        self.fields["status"].choices = [("", _("All statuses")), *Status.choices]
        self.fields["category"].empty_label = _("All categories")
        self.fields["district"].queryset = _districts()
        self.fields["district"].empty_label = _("All districts")
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["unit"].empty_label = _("All units")

    def filters(self) -> dict:
        """The cleaned filters, or none at all when the query string is not understood."""
        return self.cleaned_data if self.is_valid() else {}


class StatusForm(VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.ChoiceField(label=_("Reason"), required=False)
    text = forms.CharField(
        label=_("What the citizen is told"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        targets = sorted(next_statuses(case.kind, case.status), key=list(Status.values).index)
        self.fields["status"].choices = [(value, Status(value).label) for value in targets]
        self.reason_groups = [
            (value, Status(value).label, [(r, Reason(r).label) for r in REASONS[value]])
            for value in targets
            if value in REASONS
        ]
        allowed = {
            reason for _value, _label, group in self.reason_groups for reason, _name in group
        }
        self.fields["reason"].choices = [("", "—")] + [
            (value, label) for value, label in Reason.choices if value in allowed
        ]


class UnitPickField(forms.CharField):
    """A unit from a short list, typed with the help of a <datalist>: its name in any of
    its languages (what the datalist fills in) or its id (what scripts and tests send)."""

    default_error_messages = {
        "invalid_choice": _("Choose a unit that handles cases: type part of its name and pick it.")
    }

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        for unit in self.units:
            names = {str(unit.pk), unit.name, unit.name_zh_hant, unit.name_en, unit.display_name}
            if text in names - {""}:
                return unit
        raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class TransferForm(VersionedFormMixin, forms.Form):
    unit = UnitPickField(
        label=_("Hand over to"),
        max_length=300,
        help_text=_("Type part of the unit's name and pick it from the list."),
        widget=forms.TextInput(attrs={"list": "transfer-units", "autocomplete": "off"}),
    )
    text = forms.CharField(
        label=_("Why (kept in the internal history)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].units = list(units)
        self.units = self.fields["unit"].units


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Text"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class RoutingForm(VersionedFormMixin, forms.Form):
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.order_by("position", "code"),
        required=False,
        empty_label=_("Any category"),
    )
    district = UnitChoiceField(label=_("District"), queryset=Unit.objects.none(), required=False)
    unit = UnitChoiceField(label=_("Handling unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = _districts()
        self.fields["district"].empty_label = _("Any district")
        handlers = [UnitKind.GOVERNMENT, UnitKind.ASSOCIATION, UnitKind.OTHER]
        self.fields["unit"].queryset = Unit.objects.filter(
            kind__in=handlers, is_active=True
        ).order_by("kind", "name")
        self.fields["unit"].empty_label = "—"
