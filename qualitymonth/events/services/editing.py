"""Changes to an event's time and venues, which calendars must hear about.

Every change of the time or of a venue raises the event's iCalendar SEQUENCE (RFC 5545
§3.8.7.4): without it, calendars that subscribed to the feed or imported a ticket's .ics
keep the old time."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.events.models import Event, Venue

EVENT_FIELDS = {"starts_at", "ends_at", "registration_closes_at"}
VENUE_FIELDS = {"name", "address", "capacity", "starts_at"}


def schedule_digest(event: Event) -> str:
    """A fingerprint of what a calendar shows of the event: its times and its venues."""
    parts = [event.starts_at.isoformat(), event.ends_at.isoformat()]
    for venue in Venue.objects.filter(event=event).order_by("pk"):
        starts = venue.starts_at.isoformat() if venue.starts_at else ""
        parts.append(f"{venue.pk}|{venue.name}|{venue.address}|{starts}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _record(event: Event, *, actor) -> bool:
    """Raise the revision if the schedule differs from the one last recorded."""
    digest = schedule_digest(event)
    if digest == event.schedule_digest:
        return False
    if event.schedule_digest:  # blank: never recorded, so nothing to tell calendars yet
        event.sequence += 1
    event.schedule_digest = digest
    event.updated_at = timezone.now()
    event.save(update_fields=["sequence", "schedule_digest", "updated_at"])
    log_action(
        actor=actor, action="event.reschedule", obj=event, changes={"sequence": event.sequence}
    )
    return True


@transaction.atomic
def create_unpublished_event(
    *, actor, kind: str, title: str, place: str, capacity: int | None = None, **fields
) -> Event:
    """An event another app runs (a class, a review meeting): never published here, with one
    venue, its creation logged and its first calendar revision recorded."""
    event = Event.objects.create(kind=kind, title=title[:300], is_published=False, **fields)
    Venue.objects.create(event=event, name=place[:200], capacity=capacity)
    log_action(actor=actor, action="event.create", obj=event, changes={"kind": kind})
    return record_event_edit(actor=actor, event=event)


@transaction.atomic
def record_event_edit(*, actor, event: Event) -> Event:
    """Call after the event and its venues were saved elsewhere (the admin): calendars hear
    of a new time or venue through the next revision."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.schedule_digest:
        event.schedule_digest = schedule_digest(event)
        event.sequence += 1  # unknown before: an extra revision costs calendars nothing
        event.save(update_fields=["schedule_digest", "sequence", "updated_at"])
        return event
    _record(event, actor=actor)
    return event


def _ensure_recorded(event: Event) -> None:
    """The schedule as it stands before a change, for events never recorded."""
    if not event.schedule_digest:
        event.schedule_digest = schedule_digest(event)
        event.save(update_fields=["schedule_digest"])


@transaction.atomic
def update_event(*, actor, event: Event, **changes) -> Event:
    """Move an event (starts_at, ends_at, registration_closes_at)."""
    unknown = set(changes) - EVENT_FIELDS
    if unknown:
        raise ValueError(f"update_event cannot change {sorted(unknown)}")
    event = Event.objects.select_for_update().get(pk=event.pk)
    _ensure_recorded(event)
    before = {field: getattr(event, field) for field in changes}
    for field, value in changes.items():
        setattr(event, field, value)
    if event.ends_at <= event.starts_at:
        raise ValidationError({"ends_at": _("The event must end after it starts.")})
    event.save(update_fields=[*changes, "updated_at"])
    log_action(
        actor=actor,
        action="event.update",
        obj=event,
        changes={field: [str(before[field]), str(value)] for field, value in changes.items()},
    )
    _record(event, actor=actor)
    return event


@transaction.atomic
def update_venue(*, actor, venue: Venue, **changes) -> Venue:
    """Change a venue's name, address, seats or start time."""
    unknown = set(changes) - VENUE_FIELDS
    if unknown:
        raise ValueError(f"update_venue cannot change {sorted(unknown)}")
    event = Event.objects.select_for_update().get(pk=venue.event_id)
    _ensure_recorded(event)
    venue = Venue.objects.get(pk=venue.pk)
    before = {field: getattr(venue, field) for field in changes}
    for field, value in changes.items():
        setattr(venue, field, value)
    venue.save(update_fields=list(changes))
    log_action(
        actor=actor,
        action="venue.update",
        obj=venue,
        changes={field: [str(before[field]), str(value)] for field, value in changes.items()},
    )
    _record(event, actor=actor)
    return venue
