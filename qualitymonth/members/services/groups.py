"""An industry group's own events: its officers or the secretariat schedule them with the
group as organiser, open to all or to member units only (the events app then admits only
the staff of members in good standing)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.events.models import Event, EventUnit, UnitRole, Venue
from qualitymonth.organizations.models import Unit, UnitKind


@transaction.atomic
def schedule_group_event(
    *,
    actor,
    group: Unit,
    title: str,
    kind: str,
    starts_at,
    ends_at,
    venue: str,
    address: str = "",
    members_only: bool = False,
    group_members_only: bool = False,
) -> Event:
    """`group_members_only`: member-only, narrowed to the group's own members (the events
    app asks members.in_segment with {"industry_group": [group]})."""
    if group.kind != UnitKind.INDUSTRY_GROUP:
        raise ValidationError(_("Only an industry group schedules group events here."))
    errors = {}
    if ends_at <= starts_at:
        errors["ends_at"] = _("An event ends after it starts.")
    if not title.strip():
        errors["title"] = _("Give the event a title.")
    if not venue.strip():
        errors["venue"] = _("Say where it takes place.")
    if errors:
        raise ValidationError(errors)
    members_only = members_only or group_members_only
    event = Event.objects.create(
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        members_only=members_only,
        members_segment={"industry_group": [group.pk]} if group_members_only else {},
    )
    Venue.objects.create(event=event, name=venue.strip(), address=address.strip())
    EventUnit.objects.create(event=event, unit=group, role=UnitRole.ORGANISER)
    log_action(
        actor=actor,
        action="member_group_event.create",
        obj=event,
        changes={
            "group": group.pk,
            "members_only": members_only,
            "group_members_only": group_members_only,
        },
    )
    return event
