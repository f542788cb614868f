from django import forms
from django.utils.translation import gettext_lazy as _

from qualitymonth.events.models import Series
from qualitymonth.newsletters.models import Category, Newsletter
from qualitymonth.newsletters.segments import ALL_FILTERS
from qualitymonth.organizations.models import MembershipLevel, Role, Unit, UnitKind
from qualitymonth.publishing.selectors import public_posts

POST_CHOICES = 50  # the latest public posts offered


def _units(kind):
    return Unit.objects.filter(kind=kind, is_active=True).order_by("sort_key")


class NewsletterForm(forms.ModelForm):
    posts = forms.ModelMultipleChoiceField(
        label=_("Posts"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Newsletter
        fields = ["category", "subject", "introduction"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        latest = public_posts().order_by("-publish_at", "-pk").values_list("pk", flat=True)
        chosen = list(self.instance.posts.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["posts"].queryset = (
            public_posts()
            .model.objects.filter(pk__in=[*latest[:POST_CHOICES], *chosen])
            .order_by("-publish_at", "-pk")
        )
        self.fields["posts"].initial = chosen
        choices = {
            "unit_kind": UnitKind.choices,
            "district": [(u.pk, u.display_name) for u in _units(UnitKind.DISTRICT)],
            "role": Role.choices,
            "event_series": [(s.key, s.display_name) for s in Series.objects.order_by("key")],
            "membership_level": MembershipLevel.choices,
            "industry_group": [(u.pk, u.display_name) for u in _units(UnitKind.INDUSTRY_GROUP)],
        }
        segment = self.instance.segment or {}
        for name, filter_ in ALL_FILTERS.items():
            self.fields[f"segment_{name}"] = forms.MultipleChoiceField(
                label=filter_.label,
                choices=filter_.choices() if filter_.choices else choices[name],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[str(v) for v in segment.get(name, [])],
            )

    def segment(self) -> dict:
        numeric = {"district", "industry_group", "took_part", "did_not_take_part"}
        return {
            name: [int(v) if name in numeric else v for v in self.cleaned_data[f"segment_{name}"]]
            for name in ALL_FILTERS
        }

    def segment_fields(self):
        return [self[f"segment_{name}"] for name in ALL_FILTERS]


class SubscriptionsForm(forms.Form):
    categories = forms.ModelMultipleChoiceField(
        label=_("Newsletters I want to receive"),
        queryset=Category.objects.order_by("key"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class BouncesForm(forms.Form):
    addresses = forms.CharField(
        label=_("Bounced addresses"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2_000_000,
        help_text=_(
            "Paste the mail server's bounce list: one address a line, with the server's reason "
            "after it if it gives one."
        ),
    )
