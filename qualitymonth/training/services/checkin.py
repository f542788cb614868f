"""Attendance by QR code: the trainee shows their ticket (the code of their registration for
the class's event), the trainer scans it (or types it) at the session. The code is read as the
events' door reads a ticket (their public code_from_scan and ticket_by_code: the bare code or
an address ending in it, typed in any case)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.events.selectors import TICKET_CODE, code_from_scan, ticket_by_code
from qualitymonth.training.models import (
    ClassEnrolment,
    ClassSession,
    EnrolmentStatus,
    SessionAttendance,
)


def _enrolment(session: ClassSession, scanned: str) -> ClassEnrolment:
    code = code_from_scan(scanned)
    if not TICKET_CODE.fullmatch(code):
        raise ValidationError(_("This is not a check-in code of ours."), code="unknown")
    ticket = ticket_by_code(code)
    enrolment = (
        ClassEnrolment.objects.select_for_update(of=("self",))
        .select_related("training_class", "user", "unit", "registration")
        .filter(registration=ticket)
        .first()
        if ticket is not None
        else None
    )
    if enrolment is None:
        raise ValidationError(_("This is not a check-in code of ours."), code="unknown")
    if enrolment.training_class_id != session.training_class_id:
        raise ValidationError(
            _("This code is for another class: %(class)s.")
            % {"class": enrolment.training_class.display_title},
            code="other_class",
        )
    if enrolment.status == EnrolmentStatus.WAITING:
        raise ValidationError(
            _("%(person)s is on the waiting list and has no place.") % {"person": enrolment.user},
            code="waiting",
        )
    if enrolment.status == EnrolmentStatus.PENDING:
        raise ValidationError(
            _("%(person)s's enrolment awaits the secretariat's approval.")
            % {"person": enrolment.user},
            code="pending",
        )
    if enrolment.status in (EnrolmentStatus.CANCELLED, EnrolmentStatus.DECLINED):
        raise ValidationError(
            _("%(person)s's enrolment was cancelled.") % {"person": enrolment.user},
            code="cancelled",
        )
    return enrolment


@transaction.atomic
def check_in_to_session(*, actor, session: ClassSession, scanned: str) -> ClassEnrolment:
    """Present at this session, once; the class completes when the attendance (and the
    exam) are enough."""
    enrolment = _enrolment(session, scanned)
    earlier = session.attended.filter(enrolment=enrolment).first()
    if earlier is not None:
        raise ValidationError(
            _("%(person)s was checked in already at %(time)s.")
            % {
                "person": enrolment.user,
                "time": timezone.localtime(earlier.marked_at).strftime("%H:%M"),
            },
            code="twice",
        )
    try:
        with transaction.atomic():
            SessionAttendance.objects.create(session=session, enrolment=enrolment, marked_by=actor)
    except IntegrityError:
        raise ValidationError(_("Checked in already."), code="twice") from None
    log_action(
        actor=actor,
        action="training.session.check_in",
        obj=session,
        changes={"enrolment": [None, enrolment.pk]},
    )
    from qualitymonth.training.services.classes import complete_class_if_done

    complete_class_if_done(enrolment=enrolment)
    return enrolment
