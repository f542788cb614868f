"""Phone numbers checked with `phonenumbers` (mainland China by default) and stored as E.164."""

import functools

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REGION = "CN"


def _forms(text: str) -> tuple[str, str] | None:
    """A valid number's E.164 form and the digits people write (13812345678, 02112345678), or
    None. Kept for the latest texts asked, and under the E.164 form too: one registration asks
    about its number as typed (the throttle, the check) and then as stored (the search for a
    duplicate), and parsing and formatting are a tenth of its CPU; an export asks the national
    form of each row's number. Strings only, so what is kept cannot be changed by a caller."""
    forms = _parsed(text)
    if forms is not None and forms[0] != text:
        _parsed_e164(forms)
    return forms


def _parsed_e164(forms: tuple[str, str]) -> None:
    """Keep `forms` as the answer for their own E.164 text (as _parsed would find them)."""
    if len(_BY_E164) >= KEPT:
        _BY_E164.clear()  # rarely: a new number now and then is parsed again
    _BY_E164[forms[0]] = forms


KEPT = 4096
_BY_E164: dict[str, tuple[str, str]] = {}


@functools.lru_cache(maxsize=KEPT)
def _parsed(text: str) -> tuple[str, str] | None:
    if text in _BY_E164:
        return _BY_E164[text]
    try:
        number = phonenumbers.parse(text.strip(), REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    written = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return e164, written.replace(" ", "")


def normalise_phone(text: str) -> str:
    """+8613812345678 for 138 1234 5678; a ValidationError for a number that cannot exist
    (a 10-digit "mobile", letters…)."""
    forms = _forms(text or "")
    if forms is None:
        raise ValidationError(
            _("Enter a mobile number (11 digits) or a landline with its area code."),
            code="phone",
        )
    return forms[0]


def phone_or_none(text: str) -> str | None:
    """The E.164 form of a valid number, else None (for look-ups: not an error)."""
    forms = _forms(text or "")
    return None if forms is None else forms[0]


def national(e164: str) -> str:
    """A Chinese number as people write it (13812345678, 02112345678); others stay E.164."""
    if e164.startswith("+86"):
        forms = _forms(e164)
        if forms is not None:
            return forms[1]
    return e164


def stored_forms(e164: str) -> list[str]:
    """The ways one number may be stored: E.164, and the national digits that rows saved
    before numbers were normalised (and the demo data) carry."""
    forms, written = [e164], national(e164)
    if written != e164:
        forms.append(written)
    return forms
