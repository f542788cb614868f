"""Registration for events: seats are counted under a lock, so a venue is never oversold.

The seat decision takes as few statements as the lock allows. What needs no lock comes first
(the person, the answers, the venue the caller read); under the event's row lock one statement
reads the event's state again and one counts the seats taken, the person's registrations and
the invitation's places; then the registration and its audit record are inserted. The count
cannot share the locking statement: on PostgreSQL a statement that waited for a lock still
reads with the snapshot it began with, and would miss the registration it waited for.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core import seats
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
from qualitymonth.events.services import registration_fast as fast_path
from qualitymonth.events.services.tickets import send_ticket

NAME_MAX = 100
# What the decision reads of the event, read again under its lock.
EVENT_STATE = ("registration", "requires_approval", "ends_at", "registration_closes_at")


def _lock_event(event: Event) -> Event:
    """Registrations of one event are decided one at a time (a row lock on PostgreSQL;
    SQLite allows one writer anyway)."""
    return Event.objects.select_for_update().get(pk=event.pk)


# The two statements under the lock are written out: they run for every registration of a
# burst while the others wait, and the ORM took twenty times longer to build them than the
# database to answer them.
LOCK = "SELECT {columns} FROM {event} WHERE id = %s"
COUNTS = (
    "SELECT v.capacity, (SELECT COUNT(*) FROM {registration} r "
    "WHERE r.venue_id = v.id AND r.status IN ({seat})){registered}{invited} "
    "FROM {venue} v WHERE v.id = %s"
)
REGISTERED = (
    ", EXISTS (SELECT 1 FROM {registration} r WHERE r.event_id = v.event_id "
    "AND r.status IN ({live}) AND ({same}))"
)
INVITED = (
    ", (SELECT COUNT(*) FROM {registration} r WHERE r.invitation_id = %s AND r.status IN ({live}))"
)
TABLES = {
    "event": Event._meta.db_table,
    "venue": Venue._meta.db_table,
    "registration": Registration._meta.db_table,
}


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _lock_state(event: Event) -> None:
    """Lock the event's row and bring the fields the decision reads up to date."""
    sql = LOCK.format(columns=", ".join(EVENT_STATE), **TABLES)
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [event.pk])
        state = dict(zip(EVENT_STATE, cursor.fetchone(), strict=True))
    # SQLite hands date-times over as text; the ORM's own converter reads them.
    convert = getattr(connection.ops, "convert_datetimefield_value", None)
    for field in ("ends_at", "registration_closes_at"):
        if convert is not None:
            state[field] = convert(state[field], None, connection)
    for field, value in state.items():
        setattr(event, field, value)


def _same_person(*, user, phone: str) -> Q | None:
    same = Q()
    if user is not None:
        same |= Q(user=user)
    if phone:
        same |= Q(phone__in=stored_forms(phone))
    return same or None


def same_person_sql(*, user, phone: str) -> tuple[list[str], list]:
    """`r.…` conditions (joined with OR) that find this person's registrations, and their
    parameters."""
    same, same_params = [], []
    if user is not None:
        same.append("r.user_id = %s")
        same_params.append(user.pk)
    if phone:
        forms = stored_forms(phone)
        same.append(f"r.phone IN ({_placeholders(forms)})")
        same_params += forms
    return same, same_params


def _seat_counts(venue: Venue, *, user=None, phone: str = "", invitation=None) -> dict:
    """One statement: the venue's seats and those taken, whether this person is registered
    for the event already, and how many of the invitation's places are taken."""
    seat, live = [s.value for s in HOLDS_SEAT], [s.value for s in LIVE]
    params: list = list(seat)
    registered = invited = ""
    same, same_params = same_person_sql(user=user, phone=phone)
    if same:
        registered = REGISTERED.format(live=_placeholders(live), same=" OR ".join(same), **TABLES)
        params += [*live, *same_params]
    if invitation is not None:
        invited = INVITED.format(live=_placeholders(live), **TABLES)
        params += [invitation.pk, *live]
    sql = COUNTS.format(seat=_placeholders(seat), registered=registered, invited=invited, **TABLES)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, venue.pk])
        row = cursor.fetchone()
    counts = {"capacity": row[0], "taken": row[1]}
    rest = iter(row[2:])
    if same:
        counts["registered"] = bool(next(rest))
    if invitation is not None:
        counts["invited"] = next(rest)
    return counts


def free_seats(venue: Venue) -> int | None:
    if venue.capacity is None:
        return None
    taken = venue.registrations.filter(status__in=HOLDS_SEAT).count()
    return max(venue.capacity - taken, 0)


def _check_members_only(event: Event, actor, unit=None) -> None:
    """A member-only event admits the staff of member units in good standing; the rule is the
    members app's, asked by name ("members.use_member_rights") so events imports nothing of it."""
    if not event.members_only:
        return
    if actor is None or not actor.has_perm("members.use_member_rights", unit):
        raise ValidationError(
            _("This event is for member units in good standing only."), code="members_only"
        )
    if event.members_segment:
        # Narrowed to a segment (type, status, group, district…): the unit registering, or
        # any unit the person acts for, must be in it.
        segment = dict(event.members_segment)
        if unit is not None:
            segment["unit"] = [unit.pk]
        if not actor.has_perm("members.in_segment", segment):
            raise ValidationError(
                _(
                    "This event is for some member units only (by membership type, status, "
                    "industry group or district), and yours is not among them."
                ),
                code="members_segment",
            )


def _check_open(event: Event, invitation: Invitation | None) -> None:
    """What the event's own fields decide; no query."""
    if event.is_over:
        raise ValidationError(_("This event is over: registration has closed."), code="over")
    if event.registration == RegistrationMode.NONE:
        raise ValidationError(_("This event takes no registrations."), code="no_registration")
    if event.registration == RegistrationMode.INVITATION:
        if invitation is None:
            raise ValidationError(_("This event is by invitation only."), code="invitation")
        if invitation.event_id != event.pk:
            raise ValidationError(_("This invitation is for another event."), code="invitation")
    if event.registration_closes_at and timezone.now() >= event.registration_closes_at:
        raise ValidationError(_("Registration for this event has closed."), code="closed")


def _check_places(event: Event, invitation: Invitation | None, taken: int) -> None:
    """An invitation-only event admits as many people as the invitation has places."""
    if event.registration == RegistrationMode.INVITATION and taken >= invitation.places:
        raise ValidationError(
            _("All places of this invitation have been taken."), code="invitation_used"
        )


def _check_duplicate(event: Event, *, user, phone: str) -> None:
    same = _same_person(user=user, phone=phone)
    if same is not None and event.registrations.filter(same, status__in=LIVE).exists():
        raise _duplicate()


def _duplicate() -> ValidationError:
    return ValidationError(
        {"phone": _("This person is already registered for this event.")}, code="duplicate"
    )


def clean_answers(event: Event, answers: dict, questions=None) -> dict:
    """Answers to the organiser's questions, keyed by question id ("q<id>"); required ones
    must be there. The checks are core's, shared with every form that has custom questions.
    `questions`: the event's, when the caller has them already (a form, or [] for none)."""
    if questions is None:
        questions = event.questions.all()
    return validated_answers(questions, answers or {}, field_name="q{pk}", stored_key="q{pk}")


def person_or_errors(name: str, phone: str) -> tuple[str, str, dict]:
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


def contact_or_errors(name: str, phone: str, email: str) -> tuple[str, str, str, dict]:
    """The name, the phone in E.164 and the e-mail address as stored, or the errors, by field."""
    name, phone, errors = person_or_errors(name, phone)
    email = (email or "").strip()
    if email:
        # The web form checks it too; the API and any other caller are checked here.
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("E-mail: enter a valid e-mail address.")
    return name, phone, email, errors


def _status_for(event: Event, capacity: int | None, taken: int) -> str:
    # The rule is core's (training classes' enrolments are registrations too).
    return RegistrationStatus(
        seats.status_for(capacity=capacity, taken=taken, requires_approval=event.requires_approval)
    )


def _venue_of(event: Event, venue: Venue | None) -> Venue:
    """The venue as the caller read it (its seats are counted under the lock); without one,
    the event's first (from the event's prefetched venues when it has them)."""
    if venue is None:
        venue = event.venues.first()
        if venue is None:
            raise ValidationError({"venue": _("This event has no venue to register for.")})
    if venue.event_id != event.pk:
        raise ValidationError({"venue": _("This venue belongs to another event.")})
    return venue


def register(
    *,
    actor,
    event: Event,
    venue: Venue | None = None,
    name: str,
    phone: str,
    email: str = "",
    answers: dict | None = None,
    questions=None,
    invitation: Invitation | None = None,
    notify: bool = True,
    site_url: str | None = None,
) -> Registration:
    """A seat when one is free (pending if the event needs approval), else the waiting list.

    `questions`: the event's questions when the caller has read them (a form; [] when the
    caller knows there are none), else they are read here."""
    # An ended or closed event refuses before anything else is said about the form (checked
    # again under the lock, on the event as it is then).
    _check_members_only(event, actor)
    _check_open(event, invitation)
    name, phone, email, errors = contact_or_errors(name, phone, email)
    if errors:
        raise ValidationError(errors)
    venue = _venue_of(event, venue)
    answers = clean_answers(event, answers, questions)
    user = actor if actor is not None and actor.is_authenticated else None
    registration = Registration(
        event=event,
        venue=venue,
        user=user,
        name=name,
        phone=phone,
        email=email,
        answers=answers,
        invitation=invitation,
    )
    if fast_path.available() and fast_path.register(
        registration, actor=actor, same=same_person_sql(user=user, phone=phone)
    ):
        if notify:
            send_ticket(registration, site_url=site_url)
        return registration
    # SQLite, or what the one-statement decision refused: the rules below name the reason.
    with transaction.atomic():
        _lock_state(event)
        _check_open(event, invitation)
        counts = _seat_counts(venue, user=user, phone=phone, invitation=invitation)
        _check_places(event, invitation, counts.get("invited", 0))
        if counts.get("registered"):
            raise _duplicate()
        registration.status = _status_for(event, counts["capacity"], counts["taken"])
        registration.save(force_insert=True)
        log_action(actor=actor, action="registration.create", obj=registration)
    # The e-mail is queued for after the commit anyway: it is written outside the lock.
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
    venue = _venue_of(event, venue)
    _lock_state(event)
    _check_members_only(event, actor, unit)
    _check_open(event, invitation)
    counts = _seat_counts(venue, invitation=invitation)
    _check_places(event, invitation, counts.get("invited", 0))
    if invitation is not None and counts["invited"] + len(people) > invitation.places:
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
        name, phone, errors = person_or_errors(name, phone)
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
    registrations, taken = [], counts["taken"]
    for name, phone in cleaned:
        status = _status_for(event, counts["capacity"], taken)
        taken += status in HOLDS_SEAT
        registration = Registration.objects.create(
            event=event,
            venue=venue,
            unit=unit,
            name=name,
            phone=phone,
            invitation=invitation,
            status=status,
        )
        log_action(actor=actor, action="registration.create", obj=registration)
        registrations.append(registration)
    return registrations


def _promote(event: Event, venue: Venue, actor, site_url=None) -> Registration | None:
    """Give a freed seat to the longest-waiting person at that venue (core's waiting-list
    rule)."""
    first = seats.promote_first(
        venue.registrations.all(),
        capacity=venue.capacity,
        taken=0 if venue.capacity is None else venue.capacity - free_seats(venue),
        requires_approval=event.requires_approval,
        actor=actor,
        action="registration.promote",
        order=("created_at", "pk"),
    )
    if first is not None:
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
