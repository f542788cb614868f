"""Punctuation in the reader's language, for labels a template writes before a value."""

from django import template
from django.utils.translation import get_language, gettext

register = template.Library()


@register.simple_tag
def colon() -> str:
    """'：' on Chinese pages (no space after it), ': ' on English ones."""
    mark = gettext(":")
    return mark if (get_language() or "").startswith("zh") else f"{mark} "
