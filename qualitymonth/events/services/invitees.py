"""Events another app schedules for the people it names, such as a standard's review meeting
and its panel: not published, by invitation only, each invitee with a confirmed ticket of their
own. The ticket is an ordinary one: it is in the person's "my events", carries the calendar
entry, and is checked in at the door with the usual scanner."""

from django.db import transaction
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.events.models import (
    LIVE,
    Event,
    Invitation,
    Registration,
    RegistrationMode,
    RegistrationStatus,
)
from qualitymonth.events.services.editing import (
    create_unpublished_event,
    update_event,
    update_venue,
)
from qualitymonth.events.services.registration import cancel_registration
from qualitymonth.events.services.tickets import send_ticket


@transaction.atomic
def schedule_closed_event(
    *,
    actor,
    kind: str,
    title: str,
    starts_at,
    ends_at,
    place: str = "",
    event: Event | None = None,
    host_url: str = "",
) -> Event:
    """A new invitation-only event, or `event` moved: calendars hear of a new time or place
    through the usual revision. `host_url`: the page of the app that runs it."""
    place = place.strip() or _("Place to be announced")
    if event is None:
        return create_unpublished_event(
            actor=actor,
            kind=kind,
            title=title,
            place=place,
            starts_at=starts_at,
            ends_at=ends_at,
            registration=RegistrationMode.INVITATION,
            host_url=host_url,
        )
    if host_url and event.host_url != host_url:
        Event.objects.filter(pk=event.pk).update(host_url=host_url)
        event.host_url = host_url
    if (event.starts_at, event.ends_at) != (starts_at, ends_at):
        event = update_event(actor=actor, event=event, starts_at=starts_at, ends_at=ends_at)
    venue = event.venues.order_by("pk").first()
    if venue is not None and venue.name != place[:200]:
        update_venue(actor=actor, venue=venue, name=place[:200])
    return event


@transaction.atomic
def register_invitee(
    *, actor, event: Event, user, name: str, phone: str = "", email: str = "", unit=None
) -> Registration:
    """A confirmed ticket for a person the organiser names; the one they hold already when
    they are registered."""
    held = event.registrations.filter(user=user, status__in=LIVE).first()
    if held is not None:
        return held
    invitation = Invitation.objects.create(event=event, label=name[:200], places=1, unit=unit)
    registration = Registration.objects.create(
        event=event,
        venue=event.venues.order_by("pk").first(),
        user=user,
        unit=unit,
        name=name[:100],
        phone=phone,
        email=email,
        invitation=invitation,
        status=RegistrationStatus.CONFIRMED,
    )
    log_action(actor=actor, action="registration.create", obj=registration)
    send_ticket(registration)
    return registration


def withdraw_invitee(*, actor, event: Event, user) -> int:
    """The person no longer comes: their tickets are cancelled. Returns how many were."""
    held = list(event.registrations.filter(user=user, status__in=LIVE))
    for registration in held:
        cancel_registration(actor=actor, registration=registration)
    return len(held)
