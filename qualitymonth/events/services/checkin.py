"""Check-in at the door (and at orienteering checkpoints): each ticket once, at its own event."""

import datetime
import functools

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitymonth.core.models import AuditEntry
from qualitymonth.core.prepared import prepared_cursor
from qualitymonth.core.rows import model_from_row
from qualitymonth.core.services import log_action
from qualitymonth.events.models import (
    Checkpoint,
    CheckpointVisit,
    Event,
    Registration,
    RegistrationStatus,
    Venue,
)
from qualitymonth.events.selectors import TICKET_CODE, code_from_scan, ticket_by_code

# Tickets stay valid this long after the event ends (late sign-ins, certificates on the day).
GRACE = datetime.timedelta(hours=6)


NOT_ADMITTED = {
    RegistrationStatus.PENDING: gettext_lazy("This registration is still awaiting approval."),
    RegistrationStatus.WAITING: gettext_lazy("This person is on the waiting list and has no seat."),
    RegistrationStatus.CANCELLED: gettext_lazy("This ticket was cancelled."),
    RegistrationStatus.DECLINED: gettext_lazy("This registration was declined."),
}


def _admissible(event: Event, code: str) -> Registration:
    if not TICKET_CODE.fullmatch(code):
        raise ValidationError(_("This is not a ticket of ours."), code="unknown")
    registration = ticket_by_code(code, lock=True)
    if registration is None:
        raise ValidationError(_("This is not a ticket of ours."), code="unknown")
    if registration.event_id != event.pk:
        raise ValidationError(
            _("This ticket is for another event: %(event)s.")
            % {"event": registration.event.display_title},
            code="other_event",
        )
    if timezone.now() > event.ends_at + GRACE:
        raise ValidationError(_("This event is over: its tickets have expired."), code="expired")
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(str(NOT_ADMITTED[registration.status]), code="not_confirmed")
    return registration


def _columns(model) -> list:
    return list(model._meta.concrete_fields)


# One statement on PostgreSQL: the UPDATE locks the ticket's row and, when a concurrent scan
# changed it first, evaluates its conditions again on the row as that scan left it, so a
# ticket is still admitted once. It writes the audit record too and returns the ticket with
# its venue: no transaction to open and commit, one round trip instead of five.
CHECK_IN = """
WITH done AS (
    UPDATE {registration} SET checked_in_at = %s
    WHERE ticket_code = %s AND event_id = %s AND status = %s AND checked_in_at IS NULL
    RETURNING {registration_columns}
), audit AS (
    INSERT INTO {audit} (created_at, actor_id, action, content_type_id, object_id,
        object_repr, changes)
    SELECT %s, %s, %s, %s, done.id::text, left(done.name || %s, 300), '{{}}'::jsonb FROM done
)
SELECT done.*, {venue_columns} FROM done JOIN {venue} v ON v.id = done.venue_id
"""


@functools.cache
def _check_in_sql(vendor: str) -> str:
    """Written once per process: formatting it cost more than the database's work."""
    quote = connection.ops.quote_name
    return CHECK_IN.format(
        registration=Registration._meta.db_table,
        venue=Venue._meta.db_table,
        audit=AuditEntry._meta.db_table,
        registration_columns=", ".join(quote(f.column) for f in _columns(Registration)),
        venue_columns=", ".join(f"v.{quote(f.column)}" for f in _columns(Venue)),
    )


def _check_in_at_once(actor, event: Event, code: str) -> Registration | None:
    """The ticket admitted in one statement; None when it was not (an unknown, refused or
    already used ticket, or a code typed in another case): the caller then finds out why."""
    if connection.vendor != "postgresql" or not TICKET_CODE.fullmatch(code):
        return None
    now = timezone.now()
    if now > event.ends_at + GRACE:
        return None
    registration_fields, venue_fields = _columns(Registration), _columns(Venue)
    sql = _check_in_sql(connection.vendor)
    params = [
        now,
        code,
        event.pk,
        RegistrationStatus.CONFIRMED.value,
        now,
        actor.pk if actor is not None and actor.is_authenticated else None,
        "registration.check_in",
        ContentType.objects.get_for_model(Registration).pk,
        f" · {event}",
    ]
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    count = len(registration_fields)
    registration = model_from_row(Registration, registration_fields, row[:count])
    registration.venue = model_from_row(Venue, venue_fields, row[count:])
    registration.event = event
    return registration


def check_in(*, actor, event: Event, ticket_code: str) -> Registration:
    """Admit a ticket once, at its own event."""
    code = code_from_scan(ticket_code)
    return _check_in_at_once(actor, event, code) or _check_in(actor, event, code)


@transaction.atomic
def _check_in(actor, event: Event, code: str) -> Registration:
    registration = _admissible(event, code)
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


@transaction.atomic
def visit_checkpoint(*, actor, checkpoint: Checkpoint, ticket_code: str) -> CheckpointVisit:
    """A team reaches a control point; the first one it reaches also counts as arrival."""
    registration = _admissible(checkpoint.event, code_from_scan(ticket_code))
    try:
        with transaction.atomic():
            visit = CheckpointVisit.objects.create(checkpoint=checkpoint, registration=registration)
    except IntegrityError:
        raise ValidationError(
            _("This team has already checked in at %(checkpoint)s.")
            % {"checkpoint": checkpoint.name},
            code="twice",
        ) from None
    if registration.checked_in_at is None:
        registration.checked_in_at = visit.at
        registration.save(update_fields=["checked_in_at"])
    log_action(
        actor=actor,
        action="registration.checkpoint",
        obj=registration,
        changes={"checkpoint": checkpoint.name},
    )
    return visit
