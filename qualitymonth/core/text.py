"""Joining words as each reader's language writes a list."""

from django.utils.translation import get_language


def list_separator(language: str | None = None) -> str:
    """ "、" between items in Chinese (enumeration comma, no space); ", " in English."""
    language = (language or get_language() or "zh-hans").lower()
    return "、" if language.startswith("zh") else ", "


def join_list(items, language: str | None = None) -> str:
    return list_separator(language).join(str(item) for item in items)
