"""Registration for events: seats are counted under a lock, so a venue is never oversold."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.phones import normalise_phone, stored_forms
from qualitymonth.core.questions.answers import validated_answers
from qualitymonth.core.services import log_action
from qualitymonth.events.models import (
    HOLDS_SEAT,
    LIVE,
    Event,
    Invitation,
    Registration,
    RegistrationMode,
    RegistrationStatus,
    Venue,
)
from qualitymonth.events.services.tickets import send_ticket

NAME_MAX = 100


def _lock_event(event: Event) -> Event:
    """Registrations of one event are decided one at a time (a row lock on PostgreSQL;
    SQLite allows one writer anyway)."""
    return Event.objects.select_for_update().get(pk=event.pk)


def free_seats(venue: Venue) -> int | None:
    if venue.capacity is None:
        return None
    taken = venue.registrations.filter(status__in=HOLDS_SEAT).count()
    return max(venue.capacity - taken, 0)


def _check_open(event: Event, invitation: Invitation | None) -> None:
    if event.is_over:
        raise ValidationError(_("This event is over: registration has closed."), code="over")
    if event.registration == RegistrationMode.NONE:
        raise ValidationError(_("This event takes no registrations."), code="no_registration")
    if event.registration == RegistrationMode.INVITATION:
        if invitation is None:
            raise ValidationError(_("This event is by invitation only."), code="invitation")
        if invitation.event_id != event.pk:
            raise ValidationError(_("This invitation is for another event."), code="invitation")
        if _places_taken(invitation) >= invitation.places:
            raise ValidationError(
                _("All places of this invitation have been taken."), code="invitation_used"
            )
    if event.registration_closes_at and timezone.now() >= event.registration_closes_at:
        raise ValidationError(_("Registration for this event has closed."), code="closed")


def _places_taken(invitation: Invitation) -> int:
    return invitation.registrations.filter(status__in=LIVE).count()


def _check_duplicate(event: Event, *, user, phone: str) -> None:
    same = Q()
    if user is not None:
        same |= Q(user=user)
    if phone:
        same |= Q(phone__in=stored_forms(phone))
    if not same:
        return
    if event.registrations.filter(same, status__in=LIVE).exists():
        raise ValidationError(
            {"phone": _("This person is already registered for this event.")}, code="duplicate"
        )


def clean_answers(event: Event, answers: dict) -> dict:
    """Answers to the organiser's questions, keyed by question id ("q<id>"); required ones
    must be there. The checks are core's, shared with every form that has custom questions."""
    return validated_answers(
        event.questions.all(), answers or {}, field_name="q{pk}", stored_key="q{pk}"
    )


def _person(name: str, phone: str) -> tuple[str, str, dict]:
    """The name and the phone in E.164 (+8613812345678), or the errors, by field."""
    name, phone, errors = name.strip(), phone.strip(), {}
    if not name:
        errors["name"] = _("Give the name of the person attending.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("Keep the name under %(limit)s characters.") % {"limit": NAME_MAX}
    if not phone:
        errors["phone"] = _("Give a phone number: the ticket is bound to it.")
    else:
        try:
            phone = normalise_phone(phone)
        except ValidationError as error:
            errors["phone"] = error.messages[0]
    return name, phone, errors


def _status_for(event: Event, venue: Venue) -> str:
    free = free_seats(venue)
    if free is not None and free == 0:
        return RegistrationStatus.WAITING
    if event.requires_approval:
        return RegistrationStatus.PENDING
    return RegistrationStatus.CONFIRMED


def _venue_of(event: Event, venue: Venue | None) -> Venue:
    if venue is None:
        venue = event.venues.first()
        if venue is None:
            raise ValidationError({"venue": _("This event has no venue to register for.")})
    if venue.event_id != event.pk:
        raise ValidationError({"venue": _("This venue belongs to another event.")})
    return Venue.objects.get(pk=venue.pk)


@transaction.atomic
def register(
    *,
    actor,
    event: Event,
    venue: Venue | None = None,
    name: str,
    phone: str,
    email: str = "",
    answers: dict | None = None,
    invitation: Invitation | None = None,
    notify: bool = True,
    site_url: str | None = None,
) -> Registration:
    """A seat when one is free (pending if the event needs approval), else the waiting list."""
    event = _lock_event(event)
    # An ended or closed event refuses before anything else is said about the form.
    _check_open(event, invitation)
    name, phone, errors = _person(name, phone)
    email = (email or "").strip()
    if email:
        # The web form checks it too; the API and any other caller are checked here.
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("E-mail: enter a valid e-mail address.")
    if errors:
        raise ValidationError(errors)
    venue = _venue_of(event, venue)
    answers = clean_answers(event, answers)
    user = actor if actor is not None and actor.is_authenticated else None
    _check_duplicate(event, user=user, phone=phone)
    registration = Registration.objects.create(
        event=event,
        venue=venue,
        user=user,
        name=name,
        phone=phone,
        email=email,
        answers=answers,
        invitation=invitation,
        status=_status_for(event, venue),
    )
    log_action(actor=actor, action="registration.create", obj=registration)
    if notify:
        send_ticket(registration, site_url=site_url)
    return registration


@transaction.atomic
def register_group(
    *,
    actor,
    event: Event,
    unit,
    people: list[tuple[str, str]],
    venue: Venue | None = None,
    invitation: Invitation | None = None,
) -> list[Registration]:
    """A member unit registers several of its people at once: all of them or none.

    Each person still gets a seat or a waiting-list place of their own, in the order listed."""
    event = _lock_event(event)
    venue = _venue_of(event, venue)
    _check_open(event, invitation)
    if invitation is not None and _places_taken(invitation) + len(people) > invitation.places:
        raise ValidationError(
            {"people": _("The invitation has fewer places left than people listed.")}
        )
    if not people:
        raise ValidationError({"people": _("List at least one person.")})
    if len(people) > event.max_group_size:
        raise ValidationError(
            {
                "people": _("A unit may register at most %(limit)s people for this event.")
                % {"limit": event.max_group_size}
            }
        )
    problems, phones, cleaned = [], set(), []
    for line, (name, phone) in enumerate(people, start=1):
        name, phone, errors = _person(name, phone)
        cleaned.append((name, phone))
        if not errors and phone in phones:
            errors["phone"] = _("This phone number is listed twice.")
        if not errors:
            try:
                _check_duplicate(event, user=None, phone=phone)
            except ValidationError as error:
                errors["phone"] = error.message_dict["phone"][0]
        phones.add(phone)
        for message in errors.values():
            problems.append(_("Line %(line)s: %(message)s") % {"line": line, "message": message})
    if problems:
        raise ValidationError({"people": problems})
    registrations = []
    for name, phone in cleaned:
        registration = Registration.objects.create(
            event=event,
            venue=venue,
            unit=unit,
            name=name,
            phone=phone,
            invitation=invitation,
            status=_status_for(event, venue),
        )
        log_action(actor=actor, action="registration.create", obj=registration)
        registrations.append(registration)
    return registrations


def _promote(event: Event, venue: Venue, actor, site_url=None) -> Registration | None:
    """Give a freed seat to the longest-waiting person at that venue."""
    if free_seats(venue) == 0:
        return None
    first = (
        venue.registrations.filter(status=RegistrationStatus.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = (
        RegistrationStatus.PENDING if event.requires_approval else RegistrationStatus.CONFIRMED
    )
    first.save(update_fields=["status"])
    log_action(actor=actor, action="registration.promote", obj=first)
    send_ticket(first, site_url=site_url)
    return first


def _set_status(registration: Registration, status: str, *, actor, action: str) -> None:
    before = registration.status
    registration.status = status
    registration.save(update_fields=["status"])
    log_action(actor=actor, action=action, obj=registration, changes={"status": [before, status]})


def _release(
    event, registration, status: str, *, actor, action: str, site_url=None
) -> Registration | None:
    """End a registration; a seat it held goes to the first person waiting."""
    held_seat = registration.status in HOLDS_SEAT
    _set_status(registration, status, actor=actor, action=action)
    return _promote(event, registration.venue, actor, site_url) if held_seat else None


@transaction.atomic
def cancel_registration(
    *, actor, registration: Registration, site_url: str | None = None
) -> Registration | None:
    """Cancel; the seat goes to the first person waiting. Returns who was promoted, if anyone."""
    event = _lock_event(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED):
        return None
    if registration.checked_in_at is not None:
        raise ValidationError(_("A ticket that was checked in cannot be cancelled."))
    return _release(
        event,
        registration,
        RegistrationStatus.CANCELLED,
        actor=actor,
        action="registration.cancel",
        site_url=site_url,
    )


@transaction.atomic
def approve_registration(
    *, actor, registration: Registration, site_url: str | None = None
) -> Registration:
    _lock_event(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status != RegistrationStatus.PENDING:
        raise ValidationError(_("Only registrations awaiting approval can be approved."))
    _set_status(
        registration, RegistrationStatus.CONFIRMED, actor=actor, action="registration.approve"
    )
    send_ticket(registration, site_url=site_url)
    return registration


@transaction.atomic
def decline_registration(
    *, actor, registration: Registration, site_url: str | None = None
) -> Registration | None:
    """Decline a pending request; its seat goes to the first person waiting."""
    event = _lock_event(registration.event)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status not in (RegistrationStatus.PENDING, RegistrationStatus.WAITING):
        raise ValidationError(_("Only pending or waiting registrations can be declined."))
    return _release(
        event,
        registration,
        RegistrationStatus.DECLINED,
        actor=actor,
        action="registration.decline",
        site_url=site_url,
    )


@transaction.atomic
def create_invitation(*, actor, event: Event, label: str, places: int, unit=None) -> Invitation:
    invitation = Invitation.objects.create(event=event, label=label, places=places, unit=unit)
    log_action(actor=actor, action="invitation.create", obj=invitation)
    return invitation
