"""Masking personal data in lists and exports; the stored data is never masked."""

from django.core.exceptions import ValidationError

from qualitymonth.core import phones


def mask_phone(phone: str) -> str:
    """138****5678: the first three and last four digits of a mobile; landlines alike.
    A stored number (+8613812345678) is masked as people write it, without +86."""
    digits = "".join(ch for ch in phones.national(phone) if ch.isdigit())
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
    """The number in E.164 (+8613812345678, +862112345678), as events store theirs, whatever
    spelling was typed (139-1111-2222, +86 139 1111 2222, full-width digits…); else a message
    on `field`."""
    try:
        return phones.normalise_phone(text)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


def same_phone(given: str, stored: str) -> bool:
    """Whether two spellings are one number. Rows stored before numbers were kept in E.164 hold
    national digits; both sides are normalised, so either spelling matches either form."""
    given_number = phones.phone_or_none(given)
    return given_number is not None and given_number == phones.phone_or_none(stored)
