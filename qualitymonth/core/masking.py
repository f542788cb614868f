"""Masking personal data in lists and exports, one format everywhere; stored data is never
masked."""

from qualitymonth.core import phones


def mask_phone(phone: str) -> str:
    """138****5678, 021****5678: the first three and last four digits, as people write the
    number (a stored +8613812345678 is masked without +86). Short numbers are all stars."""
    if not phone:
        return ""
    digits = "".join(ch for ch in phones.national(phone) if ch.isdigit())
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_id(number: str) -> str:
    """The region (first six) and last four characters of an ID number."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}"


def mask_name(name: str) -> str:
    """张*, 欧阳**: the family name (first character) and stars."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)
