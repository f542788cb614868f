"""Check-in at the door (and at orienteering checkpoints): each ticket once, at its own event."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitymonth.core.services import log_action
from qualitymonth.events.models import (
    Checkpoint,
    CheckpointVisit,
    Event,
    Registration,
    RegistrationStatus,
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


@transaction.atomic
def check_in(*, actor, event: Event, ticket_code: str) -> Registration:
    """Admit a ticket once, at its own event."""
    registration = _admissible(event, code_from_scan(ticket_code))
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
