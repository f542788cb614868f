"""{{ labels|join_list }}: a list joined as the reader's language writes it (、 or , )."""

from django import template

from qualitymonth.core.text import join_list as _join_list

register = template.Library()


@register.filter
def join_list(items) -> str:
    return _join_list(items)
