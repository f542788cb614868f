"""Events another app runs on its own pages, such as a training class: not published, open
to the people that app enrols (by name, for themselves or by their unit), with the event's
seats, waiting list and approval. Each person holds an ordinary ticket: it is in their "my
events", its code is checked in with the usual scanner, and cancelling, approving and
declining it are the events' own services (`cancel_registration`, `approve_registration`,
`decline_registration`), which give a freed seat to the first person waiting.

The hosting app decides when its event takes people (a class is open while it is published,
whatever its dates): the registration here does not check the event's dates."""

from django.db import transaction
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.events.models import Event, Registration, RegistrationMode, Venue
from qualitymonth.events.services.editing import create_unpublished_event, record_event_edit
from qualitymonth.events.services.registration import (
    _duplicate,
    _lock_event,
    _lock_state,
    _promote,
    _seat_counts,
    _status_for,
    _venue_of,
)

NAME_MAX = 100


@transaction.atomic
def schedule_hosted_event(
    *,
    actor,
    kind: str,
    title: str,
    starts_at,
    ends_at,
    capacity: int | None,
    requires_approval: bool,
    place: str = "",
    event: Event | None = None,
    is_demo: bool = False,
    host_url: str = "",
) -> Event:
    """A new unpublished event with one venue of `capacity` seats, or `event` brought up to
    date. Seats it gains go to the waiting list when the caller asks (`fill_free_seats`),
    so that the caller hears who was promoted."""
    place = (place.strip() or _("Place to be announced"))[:200]
    if event is None:
        return create_unpublished_event(
            actor=actor,
            kind=kind,
            title=title,
            place=place,
            capacity=capacity,
            starts_at=starts_at,
            ends_at=ends_at,
            registration=RegistrationMode.OPEN,
            requires_approval=requires_approval,
            is_demo=is_demo,
            host_url=host_url,
        )
    event = _lock_event(event)
    wanted = {
        "title": title[:300],
        "starts_at": starts_at,
        "ends_at": ends_at,
        "requires_approval": requires_approval,
        "host_url": host_url,
    }
    changed = {
        name: [getattr(event, name), value]
        for name, value in wanted.items()
        if getattr(event, name) != value
    }
    if changed:
        for name, (_before, value) in changed.items():
            setattr(event, name, value)
        event.save(update_fields=[*changed, "updated_at"])
        log_action(
            actor=actor,
            action="event.edit",
            obj=event,
            changes={name: [str(a), str(b)] for name, (a, b) in changed.items()},
        )
    venue = event.venues.order_by("pk").first()
    if venue is None:
        Venue.objects.create(event=event, name=place, capacity=capacity)
    elif (venue.capacity, venue.name) != (capacity, place):
        before = venue.capacity
        venue.capacity, venue.name = capacity, place
        venue.save(update_fields=["capacity", "name"])
        log_action(
            actor=actor,
            action="venue.edit",
            obj=venue,
            changes={"capacity": [before, capacity]},
        )
    return record_event_edit(actor=actor, event=event)  # calendars hear of a new time


@transaction.atomic
def register_person(
    *,
    actor,
    event: Event,
    user,
    name: str,
    unit=None,
    phone: str = "",
    email: str = "",
    is_demo: bool = False,
) -> Registration:
    """A seat for `user` while one is free (awaiting approval where the event needs it), else
    the waiting list, decided under the event's lock as `register` decides it. `actor` is
    whoever registers them (the person, or their unit's administrator). A person with a live
    registration for the event is refused (ValidationError, code "duplicate"). No e-mail: the
    hosting app tells its people itself."""
    venue = _venue_of(event, None)
    _lock_state(event)
    counts = _seat_counts(venue, user=user)
    if counts.get("registered"):
        raise _duplicate()
    registration = Registration.objects.create(
        event=event,
        venue=venue,
        user=user,
        unit=unit,
        name=(name.strip() or str(user))[:NAME_MAX],
        phone=phone,
        email=email,
        is_demo=is_demo,
        status=_status_for(event, counts["capacity"], counts["taken"]),
    )
    log_action(actor=actor, action="registration.create", obj=registration)
    return registration


@transaction.atomic
def fill_free_seats(*, actor, event: Event) -> list[Registration]:
    """Free seats (after a venue grew) go to those waiting, longest-waiting first. Returns the
    registrations promoted."""
    event = _lock_event(event)
    promoted = []
    for venue in event.venues.order_by("pk"):
        while (first := _promote(event, venue, actor)) is not None:
            promoted.append(first)
    return promoted
