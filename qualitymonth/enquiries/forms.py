"""Forms of the citizen pages and of staff intake; the intake service checks the rules again.

The form asks `services.intake.check` for the statutory fields, so the page and the service
name the same field with the same message, and nothing counts against the flood limit
before it would be stored.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from qualitymonth.core.forms import MultipleFileField
from qualitymonth.enquiries import selectors
from qualitymonth.enquiries.models import Category, Channel, IdType, Sector
from qualitymonth.enquiries.services.intake import (
    MAX_ATTACHMENTS,
    MAX_FACTS,
    REQUIRED,
    check,
    check_files,
)
from qualitymonth.enquiries.statuses import Kind

TRACK_CHOICES = [
    (Kind.CONSULTATION, _("Ask a question")),
    (Kind.COMPLAINT, _("Complain about a business: a dispute you want settled")),
    (Kind.REPORT, _("Report a suspected violation of the law")),
]
# What the submission stores, in the order of the page.
PERSON = ["name", "phone", "email", "address", "id_type", "id_number"]
CONSENTS = ["consents_to_publish", "consents_to_mediation"]
BUSINESS = ["business_name", "business_address", "business_phone", "sector", "product"]
MATTER = ["facts", "request"]
ACCEPT = "image/*,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"
# GB 11643: the 18th character of a resident identity card number checks the first 17.
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def resident_card_ok(number: str) -> bool:
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == number[17].upper()


class SafeChoiceMixin:
    """A value with a NUL character is simply not a choice (PostgreSQL refuses to look it up)."""

    def to_python(self, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class CategoryChoiceField(SafeChoiceMixin, forms.ModelChoiceField):
    """Categories by their name in the reader's language."""

    def label_from_instance(self, obj):
        return obj.display_name


def _files_help() -> str:
    return gettext(
        "Photos, receipts, contracts: pictures, PDF or Office files, up to %(n)s files."
    ) % {"n": MAX_ATTACHMENTS}


def _text(label, *, max_length, help_text="", **attrs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs),
    )


class SubmissionForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("What do you want to do?"),
        choices=TRACK_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A complaint and a report in one go become two cases, each with its own number."
        ),
        error_messages={"required": _("Choose whether you ask, complain or report.")},
    )
    category = CategoryChoiceField(
        label=_("What is it about?"),
        queryset=None,
        empty_label=_("— choose —"),
        error_messages={"required": _("Choose what it is about.")},
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=None,
        required=False,
        empty_label=_("— choose —"),
        help_text=_("Where the business is (for a question: where you live)."),
    )
    name = _text(pgettext_lazy("person", "Your name"), max_length=60, autocomplete="name")
    phone = _text(
        _("Phone"),
        max_length=20,
        help_text=_("A mobile (11 digits) or a landline with its area code."),
        type="tel",
        inputmode="tel",
        autocomplete="tel",
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = _text(_("Postal address"), max_length=200, autocomplete="street-address")
    id_type = forms.ChoiceField(
        label=_("ID type"), choices=[("", _("— none given —")), *IdType.choices], required=False
    )
    id_number = _text(_("ID number"), max_length=40, autocomplete="off")
    consents_to_publish = forms.BooleanField(
        label=_("The case may be published, without my personal data."), required=False
    )
    consents_to_mediation = forms.BooleanField(
        label=_(
            "If the regulator entrusts the mediation to a mediation body (such as the consumer "
            "association), I agree."
        ),
        required=False,
    )
    business_name = _text(_("Business name"), max_length=200, autocomplete="organization")
    business_address = _text(_("Business address"), max_length=200)
    business_phone = _text(_("Business phone"), max_length=30, type="tel", inputmode="tel")
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("— choose —")), *Sector.choices], required=False
    )
    product = _text(_("Product or service"), max_length=100)
    facts = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_FACTS}),
        help_text=_(
            "When and where, what you bought or used and for how much, and what went wrong. "
            "For a question, write the question."
        ),
        error_messages={"required": _("Describe what happened (or your question).")},
    )
    request = forms.CharField(
        label=_("What you ask for"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example repair, replacement, a refund or compensation."),
    )
    attachments = MultipleFileField(
        label=_("Photos and documents"),
        # Filled in when shown, in the reader's language (not once, at import).
        help_text=lazy(_files_help, str)(),
    )
    # Left empty by people (it is hidden); filled by form-filling robots.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = selectors.offered_categories()
        self.fields["district"].queryset = selectors.districts()
        self.fields["attachments"].widget.attrs["accept"] = ACCEPT

    def clean_id_number(self):
        return self.cleaned_data["id_number"].strip().upper()

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        try:
            check_files(files)
        except ValidationError as error:
            raise ValidationError(error.message_dict["attachments"]) from None
        return files

    def clean(self):
        data = super().clean()
        kinds, category = data.get("kinds") or [], data.get("category")
        if category is None:  # still name every other missing field
            category = Category(kinds=list(Kind.values))
        if {Kind.COMPLAINT, Kind.REPORT} & set(kinds) and not data.get("district"):
            self.add_error("district", _("Choose the district where the business is."))
        self._check_identity(data)
        try:
            cleaned = check(kinds, category, self.submission_data())
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, messages)
                elif field not in self.fields:
                    self.add_error(None, messages)
        else:
            data["phone"] = cleaned.get("phone", "")
        return data

    def _check_identity(self, data):
        number, kind = data.get("id_number", ""), data.get("id_type", "")
        if number and not kind:
            self.add_error("id_type", _("Say which document the number is from."))
        elif kind == "resident_card" and number and not resident_card_ok(number):
            self.add_error("id_number", _("This is not a valid resident identity card number."))

    def submission_data(self) -> dict:
        data = self.cleaned_data
        fields = PERSON + CONSENTS + BUSINESS + MATTER + ["district"]
        return {field: data.get(field) for field in fields if field in data}

    def service_values(self) -> dict:
        return {
            "kinds": self.cleaned_data["kinds"],
            "category": self.cleaned_data["category"],
            "data": self.submission_data(),
            "files": self.cleaned_data.get("attachments") or [],
        }

    def sections(self) -> list[dict]:
        """The page's fieldsets: each field with the tracks that require it."""
        marks: dict[str, list[str]] = {"district": [Kind.COMPLAINT, Kind.REPORT]}
        for kind, fields in REQUIRED.items():
            for field in fields:
                marks.setdefault(field, []).append(kind)
        labels = dict(Kind.choices)
        return [
            {
                "key": key,
                "title": title,
                "fields": [
                    (self[name], [(kind, labels[kind]) for kind in marks.get(name, [])])
                    for name in names
                    if name in self.fields
                ],
            }
            for key, title, names in self.SECTIONS
        ]

    SECTIONS = [
        ("what", _("What you are filing"), ["channel", "category", "kinds", "district"]),
        ("person", _("About you"), PERSON + CONSENTS),
        ("business", _("The business"), BUSINESS),
        ("matter", _("What happened"), [*MATTER, "attachments"]),
    ]


class StaffSubmissionForm(SubmissionForm):
    """What staff write down on the phone or at the counter; the same checks apply."""

    channel = forms.ChoiceField(
        label=_("How the citizen came"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.WALK_IN, Channel.WALK_IN.label)],
        widget=forms.RadioSelect,
        initial=Channel.PHONE,
    )


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("Tracking number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
        help_text=_("For example TS202610080001."),
    )
    phone = forms.CharField(
        label=_("The phone number you gave"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )


class InformationForm(forms.Form):
    text = forms.CharField(
        label=_("What you want to add"),
        required=False,
        max_length=MAX_FACTS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = MultipleFileField(label=_("Photos and documents"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].widget.attrs["accept"] = ACCEPT


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was your case handled?"),
        coerce=int,
        choices=[
            (5, _("5 — very good")),
            (4, _("4 — good")),
            (3, _("3 — acceptable")),
            (2, _("2 — poor")),
            (1, _("1 — very poor")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
