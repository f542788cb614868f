"""Pick the reader's language from a record that keeps a text in three languages."""

from django.utils.translation import get_language


def localized(obj, field: str) -> str:
    """`field` in the reader's language: `<field>_en`, `<field>_zh_hant`, else `<field>`."""
    language = get_language() or "zh-hans"
    if language.startswith("en"):
        value = getattr(obj, f"{field}_en", "")
    elif language == "zh-hant":
        value = getattr(obj, f"{field}_zh_hant", "")
    else:
        value = ""
    return value or getattr(obj, field)
