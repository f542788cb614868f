"""Punctuation as the reader's language writes it, for the citizen-service pages.

Chinese takes full-width punctuation with no spaces around it (、，；（）), English the
half-width forms with a space after them; a template that writes ", " or "(…)" between
translated words gets one of them wrong.
"""

from django import template
from django.utils.translation import gettext

from qualitymonth.core.phones import national
from qualitymonth.core.text import join_list as _join_list
from qualitymonth.core.text import list_separator

register = template.Library()


def _chinese() -> bool:
    return list_separator() == "、"


@register.filter
def join_list(items) -> str:
    """Like items: 投诉、举报 / complaint, report."""
    return _join_list(items)


@register.filter
def join_labels(pairs) -> str:
    """The labels of (value, label) pairs, joined as a list."""
    return _join_list(label for _value, label in pairs)


@register.simple_tag
def comma() -> str:
    """Between unlike parts (a name, an address, a phone): ，/ ,"""
    return "，" if _chinese() else ", "


@register.simple_tag
def semicolon() -> str:
    return "；" if _chinese() else "; "


@register.filter
def parenthesized(text) -> str:
    return f"（{text}）" if _chinese() else f"({text})"


@register.filter
def duration(limit) -> str:
    """A time limit or a clock's days: 7个工作日 / 7 working days."""
    return gettext("%(days)s %(unit)s") % {
        "days": limit.days,
        "unit": limit.get_day_type_display(),
    }


@register.filter
def clock_note(clock) -> str:
    """(7 working days; its source; provisional) in the reader's punctuation."""
    parts = [duration(clock), clock.source, gettext("provisional") if clock.provisional else ""]
    return parenthesized(("；" if _chinese() else "; ").join(part for part in parts if part))


@register.filter
def dialled(phone: str) -> str:
    """A stored number (+8613812345678) as people write it: 13812345678, 02112345678."""
    return national(phone) if phone else ""
