from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.versions import VersionedFormMixin
from qualitymonth.events.models import Event, EventKind
from qualitymonth.members.models import (
    PARTS,
    JoinApplication,
    MembershipType,
    ParticipationRule,
    Size,
    Status,
    VisitKind,
)
from qualitymonth.organizations.models import Role, Unit, UnitKind, User


class JoinForm(forms.ModelForm):
    class Meta:
        model = JoinApplication
        fields = [
            "unit_name",
            "credit_code",
            "licence",
            "contact_name",
            "contact_phone",
            "contact_email",
            "industry",
            "size",
            "group",
            "type",
            "people",
        ]

    people = forms.CharField(
        label=_("More people of the unit"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Each gets an account when the application is approved. One a line: name | "
            "e-mail | phone | role (administrator or reporter)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = MembershipType.objects.filter(is_active=True)
        self.fields["group"].queryset = Unit.objects.filter(
            kind=UnitKind.INDUSTRY_GROUP, is_active=True
        )
        self.fields["licence"].help_text = _("A PDF or a photo of the licence.")
        self.fields["size"].choices = Size.choices

    def clean_people(self) -> list[dict]:
        """Lines as written; the service checks each person (naming the line)."""
        people = []
        for line in self.cleaned_data.get("people", "").splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.replace("｜", "|").split("|")]
            parts += [""] * (4 - len(parts))
            name, email, phone, role = parts[:4]
            people.append(
                {"name": name, "email": email, "phone": phone, "role": _role(role) or role}
            )
        return people

    def validate_unique(self):
        # The service checks the credit code against members and open applications.
        pass

    def _post_clean(self):
        # The row is built by the service, which checks the licence's content first.
        pass


ROLE_WORDS = {
    Role.UNIT_ADMIN: ("administrator", "admin", "unit_admin"),
    Role.REPORTER: ("reporter",),
}


def _role(text: str) -> str:
    """A staff role from what the applicant wrote: its key, an English word for it, or its
    name in any of the platform's languages."""
    text = text.strip().lower()
    for role, words in ROLE_WORDS.items():
        if text in words:
            return role
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                if text == str(role.label).lower():
                    return role
    return ""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class MoreForm(forms.Form):
    """The applicant's answer when the secretariat asked for more."""

    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea)
    licence = forms.FileField(
        label=_("A new business licence"),
        required=False,
        help_text=_("Only if the secretariat asked for it: a PDF or a photo of the licence."),
    )
    documents = MultipleFileField(
        label=_("Documents"),
        required=False,
        help_text=_("PDFs, photos or Office documents; you may choose several."),
    )


class DecisionForm(forms.Form):
    DECISIONS = [
        ("approve", _("Approve")),
        ("more", _("Ask for more")),
        ("reject", _("Refuse")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    note = forms.CharField(label=_("Note to the applicant"), widget=forms.Textarea, required=False)


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices]
    )
    type = forms.ModelChoiceField(
        label=_("Type"),
        required=False,
        queryset=MembershipType.objects.all(),
        empty_label=_("Any type"),
    )
    group = forms.ModelChoiceField(
        label=_("Industry group"),
        required=False,
        queryset=Unit.objects.filter(kind=UnitKind.INDUSTRY_GROUP),
        empty_label=_("Any group"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        required=False,
        queryset=Unit.objects.filter(kind=UnitKind.DISTRICT),
        empty_label=_("Any district"),
    )


class TermForm(forms.Form):
    type = forms.ModelChoiceField(label=_("Type"), queryset=MembershipType.objects.all())
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the type's term length."),
    )


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=10, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    bank_reference = forms.CharField(
        label=_("Bank transfer reference"), max_length=60, required=False
    )
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=40, required=False)
    fapiao_number = forms.CharField(label=_("Fapiao number"), max_length=40, required=False)


# ISO dates in the value, as a date input reads them (not the page language's format).
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class TermEditForm(VersionedFormMixin, forms.Form):
    type = forms.ModelChoiceField(label=_("Membership type"), queryset=MembershipType.objects.all())
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    cancelled_on = forms.DateField(
        label=_("Cancelled on"),
        required=False,
        widget=DATE,
        help_text=_("Empty unless the membership was cancelled."),
    )


class InvoiceEditForm(VersionedFormMixin, forms.Form):
    number = forms.CharField(label=_("Invoice number"), max_length=40)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=10, decimal_places=2)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class PaymentEditForm(VersionedFormMixin, PaymentForm):
    pass


class GroupEventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
    )
    venue = forms.CharField(label=_("Venue"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    members_only = forms.BooleanField(
        label=_("Member units only"),
        required=False,
        help_text=_("Only the staff of member units in good standing may register."),
    )
    group_members_only = forms.BooleanField(
        label=_("This group's members only"),
        required=False,
        help_text=_("Only the staff of this group's member units in good standing may register."),
    )


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=VisitKind.choices)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("Title"), max_length=200)
    units = forms.ModelMultipleChoiceField(
        label=_("Units met"), queryset=Unit.objects.filter(is_active=True)
    )
    visitors = forms.ModelMultipleChoiceField(
        label=_("Who went"), queryset=User.objects.filter(is_active=True), required=False
    )
    event = forms.ModelChoiceField(
        label=_("Held as the event"),
        queryset=Event.objects.order_by("-starts_at"),
        required=False,
        help_text=_(
            "A round table held as an event: the units whose people were checked in at its "
            "door count as met."
        ),
    )
    sites = forms.CharField(
        label=_("Sites"), widget=forms.Textarea, required=False, help_text=_("One site a line.")
    )
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea, required=False)
    needs = forms.CharField(
        label=_("Needs raised"),
        widget=forms.Textarea,
        required=False,
        help_text=_("One need a line; tags after a #, e.g. “standards training #training”."),
    )
    follow_ups = forms.CharField(
        label=_("Follow-up actions"),
        widget=forms.Textarea,
        required=False,
        help_text=_("One a line: action | owner's user name | due date (YYYY-MM-DD)."),
    )


class RuleForm(forms.ModelForm):
    class Meta:
        model = ParticipationRule
        fields = list(PARTS)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
