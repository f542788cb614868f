"""Forms of the event pages; services check the rules again, forms only shape the input."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitymonth.core.questions.forms import question_fields
from qualitymonth.core.versions import VersionedFormMixin
from qualitymonth.events.models import PLEDGE_MAX, CommitmentState


def _venue_field(venues):
    return forms.ModelChoiceField(
        label=_("Venue"), queryset=venues, empty_label=None, required=True
    )


class RegistrationForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=100)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Shown masked on attendee lists; staff use it to find you at the door."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Your ticket and a calendar entry are sent here."),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        venues = event.venues.all()
        if len(venues) > 1:
            self.fields["venue"] = _venue_field(venues)
        # The organiser's questions: core's fields, answers stored by "q<id>".
        # Read once: the service checks the answers against the same questions.
        self.questions = list(event.questions.all())
        questions = question_fields(self.questions, field_name="q{pk}")
        self.fields.update(questions)
        self.question_keys = list(questions)

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "phone": data["phone"],
            "email": data.get("email", ""),
            "venue": data.get("venue"),
            "answers": {key: data.get(key, "") for key in self.question_keys},
            "questions": self.questions,
        }


class GroupRegistrationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Registering unit"), queryset=None, empty_label=None)
    people = forms.CharField(
        label=_("People attending"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One person per line: name, mobile phone."),
    )

    def __init__(self, *args, units, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        venues = event.venues.all()
        if len(venues) > 1:
            self.fields["venue"] = _venue_field(venues)

    def clean_people(self):
        people = []
        for number, line in enumerate(self.cleaned_data["people"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.replace("，", ",").split(",")]
            if len(parts) != 2:
                raise forms.ValidationError(
                    _("Line %(line)s: write “name, mobile phone”."), params={"line": number}
                )
            people.append((parts[0], parts[1]))
        if not people:
            raise forms.ValidationError(_("List at least one person."))
        return people


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code, phone number or name"),
        max_length=300,
        help_text=_("Scan the QR code, or type what the person tells you; letter case is ignored."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    checkpoint = forms.TypedChoiceField(
        label=_("Checkpoint"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        checkpoints = list(event.checkpoints.all())
        if checkpoints:
            self.fields["checkpoint"].choices = [("", _("Entrance"))] + [
                (checkpoint.pk, checkpoint.name) for checkpoint in checkpoints
            ]
        else:
            del self.fields["checkpoint"]


class ViewersForm(VersionedFormMixin, forms.Form):
    online_viewers = forms.IntegerField(label=_("Online viewers"), min_value=0)


class InvitationForm(forms.Form):
    label = forms.CharField(label=_("Invited"), max_length=200)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=500, initial=1)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CommitmentForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=200)
    unit_name = forms.CharField(label=_("Unit (optional)"), max_length=400, required=False)
    pledge = forms.CharField(
        label=_("My quality commitment"),
        # The limit is checked by the service, so an over-long pledge gets its own message.
        widget=forms.Textarea(attrs={"rows": 3, "data-limit": PLEDGE_MAX}),
        help_text=_("At most %(limit)s characters. Signatures appear after moderation.")
        % {"limit": PLEDGE_MAX},
    )
    # Left empty by people; filled by form-filling robots.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class ModerationForm(forms.Form):
    state = forms.ChoiceField(
        choices=[(CommitmentState.SHOWN, _("show")), (CommitmentState.HIDDEN, _("hide"))]
    )
