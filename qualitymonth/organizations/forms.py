from django import forms
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.versions import VersionedFormMixin
from qualitymonth.organizations import credit_code
from qualitymonth.organizations.models import Membership, Unit, UnitKind


class UnitForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "kind",
            "parent",
            "district",
            "key",
            "name",
            "name_zh_hant",
            "name_en",
            "short_name",
            "credit_code",
            "division_code",
            "contact_person",
            "phone",
            "email",
            "address",
            "website",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "name_zh_hant": _("Left blank, it is converted from the Simplified Chinese name."),
        }

    def __init__(self, *args, editable_kind=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Unit.objects.filter(is_active=True).order_by("name")
        self.fields["parent"].label_from_instance = lambda unit: unit.display_name
        self.fields["district"].queryset = Unit.objects.filter(kind=UnitKind.DISTRICT)
        self.fields["district"].label_from_instance = lambda unit: unit.display_name
        if not editable_kind:
            # A unit administrator edits their unit's details, not where it sits.
            for name in ("kind", "parent", "key"):
                self.fields[name].disabled = True

    def clean_credit_code(self):
        return credit_code.normalize(self.cleaned_data.get("credit_code") or "")

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        if parent and self.instance.pk:
            above = {parent.pk, *(unit.pk for unit in parent.ancestors())}
            if self.instance.pk in above:
                self.add_error("parent", _("A unit cannot sit below itself."))
        return cleaned


class UnitFilterForm(forms.Form):
    label_suffix = ""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Chinese name, pinyin or English name")}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *UnitKind.choices]
    )
    level = forms.ChoiceField(
        label=_("Membership"),
        required=False,
        choices=[("", _("Members or not")), *Membership._meta.get_field("level").choices],
    )


class PeopleFilterForm(forms.Form):
    label_suffix = ""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, e-mail or unit")}),
    )
