"""Citizens' phone numbers: normalised and compared in E.164. Masking is core.masking."""

from django.core.exceptions import ValidationError

from qualitymonth.core import phones


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
