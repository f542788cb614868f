"""Registration for events: seats are counted under a lock, so a venue is never oversold."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.events.models import (
    HOLDS_SEAT,
    Event,
    Registration,
    RegistrationMode,
    RegistrationStatus,
    Venue,
)


def _lock_event(event: Event) -> Event:
    """Registrations of one event are decided one at a time (a row lock on PostgreSQL;
    SQLite allows one writer anyway)."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _free_seats(venue: Venue) -> int | None:
    if venue.capacity is None:
        return None
    taken = venue.registrations.filter(status__in=HOLDS_SEAT).count()
    return max(venue.capacity - taken, 0)


def _check_open(event: Event, *, invited: bool) -> None:
    if event.registration == RegistrationMode.NONE:
        raise ValidationError(_("This event takes no registrations."), code="no_registration")
    if event.registration == RegistrationMode.INVITATION and not invited:
        raise ValidationError(_("This event is by invitation only."), code="invitation")
    if event.registration_closes_at and timezone.now() >= event.registration_closes_at:
        raise ValidationError(_("Registration for this event has closed."), code="closed")
    if timezone.now() >= event.ends_at:
        raise ValidationError(_("This event is over."), code="over")


def _check_duplicate(event: Event, *, user, phone: str) -> None:
    same = Q()
    if user is not None and user.is_authenticated:
        same |= Q(user=user)
    if phone:
        same |= Q(phone=phone)
    if not same:
        return
    live = event.registrations.exclude(
        status__in=[RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED]
    )
    if live.filter(same).exists():
        raise ValidationError(
            {"phone": _("This person is already registered for this event.")}, code="duplicate"
        )


@transaction.atomic
def register(
    *,
    actor,
    event: Event,
    venue: Venue,
    name: str,
    phone: str = "",
    email: str = "",
    unit=None,
    answers: dict | None = None,
    invited: bool = False,
) -> Registration:
    """A seat when one is free (pending if the event needs approval), else the waiting list."""
    event = _lock_event(event)
    if venue.event_id != event.pk:
        raise ValidationError({"venue": _("This venue belongs to another event.")})
    _check_open(event, invited=invited)
    user = actor if actor is not None and actor.is_authenticated and unit is None else None
    _check_duplicate(event, user=user, phone=phone)
    free = _free_seats(Venue.objects.get(pk=venue.pk))
    if free is not None and free == 0:
        status = RegistrationStatus.WAITING
    elif event.requires_approval:
        status = RegistrationStatus.PENDING
    else:
        status = RegistrationStatus.CONFIRMED
    registration = Registration.objects.create(
        event=event,
        venue=venue,
        user=user,
        unit=unit,
        name=name,
        phone=phone,
        email=email,
        answers=answers or {},
        status=status,
    )
    log_action(actor=actor, action="registration.create", obj=registration)
    return registration


def _promote(event: Event, venue: Venue, actor) -> Registration | None:
    """Give a freed seat to the longest-waiting person at that venue."""
    if _free_seats(venue) == 0:
        return None
    waiting = venue.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    )
    first = waiting.first()
    if first is None:
        return None
    first.status = (
        RegistrationStatus.PENDING if event.requires_approval else RegistrationStatus.CONFIRMED
    )
    first.save(update_fields=["status"])
    log_action(actor=actor, action="registration.promote", obj=first)
    return first


@transaction.atomic
def cancel_registration(*, actor, registration: Registration) -> Registration | None:
    """Cancel; the seat goes to the first person waiting. Returns who was promoted, if anyone."""
    event = _lock_event(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED):
        return None
    if registration.checked_in_at is not None:
        raise ValidationError(_("A ticket that was checked in cannot be cancelled."))
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status"])
    log_action(actor=actor, action="registration.cancel", obj=registration)
    return _promote(event, registration.venue, actor)


@transaction.atomic
def check_in(*, actor, event: Event, ticket_code: str) -> Registration:
    """Admit a ticket once, at its own event."""
    registration = (
        Registration.objects.select_for_update().filter(ticket_code=ticket_code.strip()).first()
    )
    if registration is None:
        raise ValidationError(_("This is not a ticket of ours."), code="unknown")
    if registration.event_id != event.pk:
        raise ValidationError(_("This ticket is for another event."), code="other_event")
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(
            _("This ticket is not confirmed (%(status)s).")
            % {"status": registration.get_status_display()},
            code="not_confirmed",
        )
    if registration.checked_in_at is not None:
        raise ValidationError(
            _("Already checked in at %(time)s.")
            % {"time": timezone.localtime(registration.checked_in_at).strftime("%H:%M")},
            code="twice",
        )
    registration.checked_in_at = timezone.now()
    registration.save(update_fields=["checked_in_at"])
    log_action(actor=actor, action="registration.check_in", obj=registration)
    return registration
