"""Forms of recognition programs. They shape the input; the rules are in services."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from qualitymonth.awards.scoring import points_text
from qualitymonth.core.questions.forms import question_fields
from qualitymonth.core.versions import VersionedFormMixin
from qualitymonth.organizations.models import Unit


def _units():
    return Unit.objects.filter(is_active=True).order_by("name")


class StartForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Apply for"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ApplicationForm(VersionedFormMixin, forms.Form):
    """The draft's own fields and the round's questions; the hidden version is given in
    `initial` (services.applications.application_version)."""

    title = forms.CharField(
        label=_("Title of the result or project"), max_length=300, required=False
    )
    holder_name = forms.CharField(
        label=_("Name on the list"),
        max_length=200,
        help_text=_("The unit, team or person named in public lists and on the certificate."),
    )
    recommending_unit = forms.ModelChoiceField(
        label=_("Recommending unit"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommending_unit"].queryset = _units()
        if not round.needs_recommendation:
            del self.fields["recommending_unit"]
        # Required answers are checked on submission, so a draft can be saved half done.
        self.fields.update(question_fields(round.fields.all(), field_name="field_{pk}", draft=True))
        self.fields["version"] = self.fields.pop("version")  # hidden, last


class AttachmentForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("What it is"), queryset=None, required=False)
    file = forms.FileField(label=_("File (PDF, Word or picture)"))

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = round.attachment_kinds.all()
        self.fields["kind"].label_from_instance = lambda kind: kind.display_label


class RecommendForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("endorse", _("Recommend")), ("decline", _("Do not recommend"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Opinion of the unit"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ReviewForm(VersionedFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        for criterion in criteria:
            # A text field underneath: the service checks the range and names the criterion;
            # the number input only helps on the way (keypad, arrows, the running total).
            self.fields[f"criterion_{criterion.pk}"] = forms.CharField(
                label=_("%(criterion)s (0–%(max)s)")
                % {"criterion": criterion.display_name, "max": points_text(criterion.max_points)},
                required=False,
                help_text=criterion.display_guidance,
                widget=forms.NumberInput(
                    attrs={
                        "min": "0",
                        "max": criterion.max_points_text,
                        "step": criterion.points_step,
                        "inputmode": "decimal",
                        "data-weight": criterion.weight_text,
                    }
                ),
            )
        self.fields["comment"] = comment
        self.fields["version"] = self.fields.pop("version")  # hidden, last

    def typed_total(self, criteria) -> tuple:
        """The weighted total of the points as typed or saved, and how many are scored."""
        total, scored = Decimal(0), 0
        for criterion in criteria:
            name = f"criterion_{criterion.pk}"
            raw = self.data.get(name) if self.is_bound else self.initial.get(name)
            try:
                points = Decimal(str(raw).strip())
            except (InvalidOperation, ValueError):
                continue
            if points.is_finite():
                total += points * criterion.weight
                scored += 1
        return total, scored

    def points(self) -> dict[int, str]:
        return {
            int(name.removeprefix("criterion_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("criterion_")
        }


class AssignForm(forms.Form):
    application = forms.ModelChoiceField(label=_("Application"), queryset=None)
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=None)

    def __init__(self, *args, applications, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["reviewer"].queryset = reviewers
        self.fields["application"].label_from_instance = lambda a: f"{a.holder_name} · {a.title}"
        self.fields["reviewer"].label_from_instance = reviewer_choice_label


def reviewer_choice_label(user) -> str:
    """周华 · 上海市质量协会 (reviewer): the name people know, the user name as a hint."""
    from qualitymonth.awards.selectors import reviewer_units

    name = str(user)
    units = reviewer_units(user)
    label = f"{name} · {units}" if units else name
    return label if name == user.username else f"{label} ({user.username})"


class NoticeForm(forms.Form):
    text = forms.CharField(
        label=_("Notice text (Simplified Chinese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    text_en = forms.CharField(
        label=_("Notice text (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PublishNoticeForm(NoticeForm):
    """The notice text, and, while the review is incomplete, the explicit "publish anyway"."""

    override = forms.BooleanField(required=False)

    def __init__(self, *args, progress=None, **kwargs):
        super().__init__(*args, **kwargs)
        if progress is None or progress.complete:
            del self.fields["override"]
        elif progress.outstanding:
            self.fields["override"].label = ngettext(
                "Publish although %(n)s review is outstanding",
                "Publish although %(n)s reviews are outstanding",
                progress.outstanding,
            ) % {"n": progress.outstanding}
        else:
            self.fields["override"].label = ngettext(
                "Publish although %(n)s application has fewer than %(min)s scores",
                "Publish although %(n)s applications have fewer than %(min)s scores",
                progress.short,
            ) % {"n": progress.short, "min": progress.min_reviews}


class ObjectionForm(forms.Form):
    application = forms.ModelChoiceField(label=_("Entry you object to"), queryset=None)
    name = forms.CharField(label=_("Your real name"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    organisation = forms.CharField(label=_("Workplace"), max_length=200, required=False)
    reasons = forms.CharField(
        label=_("Facts and reasons"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    evidence = forms.FileField(label=_("Evidence (PDF, Word or picture)"), required=False)

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = entries
        self.fields["application"].label_from_instance = lambda a: f"{a.holder_name} · {a.title}"


class ResolveForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Finding"),
        choices=[("0", _("Not upheld")), ("1", _("Upheld"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(
        label=_("What was found and decided"), widget=forms.Textarea(attrs={"rows": 3})
    )
    withdraw = forms.BooleanField(label=_("Withdraw the entry from the list"), required=False)
