"""Forms of the secretariat's set-up pages: evaluations and rounds."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.versions import VersionedFormMixin
from qualitymonth.organizations.models import Role
from qualitymonth.surveys.models import Evaluation, IndicatorSystem, UnitOfAnalysis


class SystemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(evaluation)s · version %(version)s") % {
            "evaluation": obj.evaluation.display_name,
            "version": obj.version,
        }


class InspectorField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class EvaluationForm(forms.Form):
    name = forms.CharField(label=_("Name (Simplified Chinese)"), max_length=200)
    name_zh_hant = forms.CharField(
        label=_("Name (Traditional Chinese)"), max_length=200, required=False
    )
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    unit_of_analysis = forms.ChoiceField(
        label=_("Kind (what is scored)"),
        choices=UnitOfAnalysis.choices,
        widget=forms.RadioSelect,
        initial=UnitOfAnalysis.SITE,
    )
    system = SystemChoiceField(
        label=_("Indicator system"),
        queryset=IndicatorSystem.objects.select_related("evaluation").order_by(
            "evaluation__name", "-version"
        ),
        required=False,
        empty_label=_("A new, empty system (import its hierarchy next)"),
        help_text=_("Or start from a copy of an existing system."),
    )
    key = forms.SlugField(
        label=_("Key in addresses"),
        max_length=80,
        required=False,
        help_text=_("Latin letters, digits and hyphens; made from the name when left empty."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)


class RoundForm(VersionedFormMixin, forms.Form):
    """A round of one evaluation; its systems and instruments are the ones offered."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    collection_starts = forms.DateField(
        label=_("Collection from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    collection_ends = forms.DateField(
        label=_("Collection until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    system = SystemChoiceField(label=_("Indicator system"), queryset=IndicatorSystem.objects.none())
    instrument = forms.ModelChoiceField(
        label=_("Instrument"),
        queryset=None,
        help_text=_("One of the forms uploaded or made in the editor for this evaluation."),
    )
    public_link = forms.BooleanField(
        label=_("Public link: anyone with the link may answer without signing in"),
        required=False,
    )
    inspectors = InspectorField(
        label=_("Inspectors"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pls_scaled = forms.BooleanField(
        label=_("Standardise the answers in the satisfaction model"),
        required=False,
        initial=True,
        help_text=_(
            "Off: the answers are only centred, so items with a wider spread weigh more "
            "(plspm's scaled = FALSE)."
        ),
    )

    def __init__(
        self, *args, evaluation: Evaluation, with_year: bool = True, assigned=(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = evaluation.systems.select_related("evaluation").order_by(
            "-version"
        )
        self.fields["instrument"].queryset = evaluation.instruments.order_by("title")
        # People already assigned stay on offer (and assigned) even without the role now.
        self.fields["inspectors"].queryset = (
            get_user_model()
            .objects.filter(
                Q(is_active=True, positions__role=Role.INSPECTOR)
                | Q(pk__in=[person.pk for person in assigned])
            )
            .distinct()
            .order_by("username")
        )
        if with_year:
            self.fields["year"].initial = timezone.localdate().year
        else:
            del self.fields["year"]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("collection_starts"), data.get("collection_ends")
        if starts and ends and ends < starts:
            self.add_error("collection_ends", _("Collection cannot end before it starts."))
        return data
