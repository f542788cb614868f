"""Masking personal data in lists and exports; the stored data is never masked."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def mask_phone(phone: str) -> str:
    """138****5678: the first three and last four digits of a mobile; landlines alike."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_id(number: str) -> str:
    """The region (first six) and last four characters of an ID number."""
    if len(number) <= 10:
        return "*" * len(number)
    return f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}"


def mask_name(name: str) -> str:
    """张*, 欧阳**: the family name (first character) and stars."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def normalise_phone(text: str, field: str = "phone") -> str:
    """A mainland mobile or landline (with area code), as digits; else a message on `field`."""
    text = (text or "").strip()
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            {field: _("Enter a mobile number (11 digits) or a landline with its area code.")}
        )
    if number.country_code == 86:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).replace(
            " ", ""
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def same_phone(given: str, stored: str) -> bool:
    digits = "".join(ch for ch in given if ch.isdigit())
    return bool(digits) and digits[-11:] == "".join(ch for ch in stored if ch.isdigit())[-11:]
