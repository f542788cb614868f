"""Pick the reader's language from a record that keeps a text in three languages."""

from django.utils.translation import get_language

from qualitymonth.core.chinese import to_traditional


def localized(obj, field: str) -> str:
    """`field` in the reader's language: `<field>_en`, `<field>_zh_hant`, else `<field>`.

    A Traditional-Chinese reader of a record whose `<field>_zh_hant` is empty (or that has
    no such field) reads the Simplified text converted character by character, as names
    are, rather than Simplified Chinese on a Traditional page.
    """
    language = get_language() or "zh-hans"
    base = getattr(obj, field)
    if language.startswith("en"):
        return getattr(obj, f"{field}_en", "") or base
    if language == "zh-hant":
        return getattr(obj, f"{field}_zh_hant", "") or to_traditional(base)
    return base
