from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """A score from a {node code: score} mapping; empty when the node has none."""
    if not isinstance(mapping, dict):
        return ""
    value = mapping.get(key)
    return "" if value is None else value
