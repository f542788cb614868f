from django import template
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse

from qualitymonth.members.models import ParticipationRule, Status

register = template.Library()
LABELS = dict(Status.choices)


@register.filter
def status_label(code) -> str:
    return str(LABELS.get(code, "")) if code else "—"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0) if mapping else 0


@register.filter
def part_label(part: str) -> str:
    try:
        return str(ParticipationRule._meta.get_field(part).verbose_name)
    except FieldDoesNotExist:
        return part


@register.simple_tag(takes_context=True)
def member_page_url(context, unit) -> str:
    """The member unit's page, for a viewer who may open it (the secretariat, the unit's own
    staff); "" for anyone else or a unit that never was a member. Other apps' templates load
    it (the unit directory) without importing this app."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or unit is None or not unit.memberships.exists():
        return ""
    if not user.has_perm("members.view_member_unit", unit):
        return ""
    return reverse("members:unit", args=[unit.pk])
