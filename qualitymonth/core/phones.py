"""Phone numbers checked with `phonenumbers` (mainland China by default) and stored as E.164."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REGION = "CN"


def _parse(text: str):
    try:
        number = phonenumbers.parse((text or "").strip(), REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def normalise_phone(text: str) -> str:
    """+8613812345678 for 138 1234 5678; a ValidationError for a number that cannot exist
    (a 10-digit "mobile", letters…)."""
    number = _parse(text)
    if number is None:
        raise ValidationError(
            _("Enter a mobile number (11 digits) or a landline with its area code."),
            code="phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_or_none(text: str) -> str | None:
    """The E.164 form of a valid number, else None (for look-ups: not an error)."""
    number = _parse(text)
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national(e164: str) -> str:
    """A Chinese number as people write it (13812345678, 02112345678); others stay E.164."""
    if e164.startswith("+86"):
        number = _parse(e164)
        if number is not None:
            return phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.NATIONAL
            ).replace(" ", "")
    return e164


def stored_forms(e164: str) -> list[str]:
    """The ways one number may be stored: E.164, and the national digits that rows saved
    before numbers were normalised (and the demo data) carry."""
    # national() parses and formats the number (a tenth of a registration's CPU): once.
    forms, written = [e164], national(e164)
    if written != e164:
        forms.append(written)
    return forms
