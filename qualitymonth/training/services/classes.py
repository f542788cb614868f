"""Classes: enrolment within capacity, attendance per session, completion and certificates."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core import certificates, seats
from qualitymonth.core.links import absolute_url
from qualitymonth.core.services import log_action
from qualitymonth.core.tasks import queue_email
from qualitymonth.training.models import (
    HOLDS_PLACE,
    ClassCertificate,
    ClassEnrolment,
    ClassSession,
    EnrolmentStatus,
    SessionAttendance,
    TrainingClass,
)
from qualitymonth.training.selectors_classes import places_taken


def _place(locked: TrainingClass, user, *, unit, actor) -> ClassEnrolment:
    """A place if one is left, else the waiting list; the class row is locked by the caller
    while the places are counted, so two people cannot take the last place at once."""
    existing = locked.enrolments.filter(user=user).first()
    if existing is not None and existing.status == EnrolmentStatus.DECLINED:
        raise ValidationError(
            _("The secretariat declined the enrolment of %(person)s in this class.")
            % {"person": user},
            code="twice",
        )
    if existing is not None and existing.status != EnrolmentStatus.CANCELLED:
        raise ValidationError(
            _("%(person)s is already enrolled in this class.") % {"person": user},
            code="twice",
        )
    status = EnrolmentStatus(
        seats.status_for(
            capacity=locked.capacity,
            taken=places_taken(locked),
            requires_approval=locked.requires_approval,
        )
    )
    fields = {
        "status": status,
        "unit": unit,
        "enrolled_by": actor,
        "cancelled_at": None,
        "fee": locked.fee_for(actor or user, unit),
    }
    if existing is not None:  # enrolling again after cancelling: back at the end of the line
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.enrolled_at = timezone.now()
        existing.save(update_fields=[*fields, "enrolled_at"])
        enrolment = existing
    else:
        try:
            with transaction.atomic():
                enrolment = ClassEnrolment.objects.create(
                    training_class=locked, user=user, **fields
                )
        except IntegrityError:
            raise ValidationError(
                _("%(person)s is already enrolled in this class.") % {"person": user}
            ) from None
    log_action(
        actor=actor or user,
        action="training.class.enrol",
        obj=enrolment,
        changes={"status": [None, status]},
    )
    return enrolment


def lock_open(training_class: TrainingClass) -> TrainingClass:
    locked = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    if not locked.is_published:
        raise ValidationError(_("This class is not open for enrolment."))
    return locked


@transaction.atomic
def enrol_in_class(*, user, training_class: TrainingClass, unit=None) -> ClassEnrolment:
    """A place, or the waiting list when the class is full (the enrolment's status says
    which): capacity is never exceeded."""
    return _place(lock_open(training_class), user, unit=unit, actor=user)


@transaction.atomic
def enrol_staff(*, actor, training_class: TrainingClass, unit, people) -> dict:
    """A unit enrols several of its people at once: places while they last, then the
    waiting list, in the order given. Someone who is not the unit's is refused and nobody
    is enrolled; those already enrolled are left as they are and named."""
    from qualitymonth.training.selectors_classes import staff_of

    if not people:
        raise ValidationError(_("Choose at least one person."))
    staff = {user.pk for user in staff_of(unit)}
    outsiders = [str(user) for user in people if user.pk not in staff]
    if outsiders:
        raise ValidationError(
            _("%(people)s are not staff of %(unit)s.")
            % {"people": "、".join(outsiders), "unit": unit.display_name}
        )
    locked = lock_open(training_class)
    result = {"confirmed": [], "pending": [], "waiting": [], "already": []}
    for user in people:
        try:
            enrolment = _place(locked, user, unit=unit, actor=actor)
        except ValidationError as error:
            if error.code != "twice":
                raise
            result["already"].append(user)
        else:
            result[enrolment.status].append(user)
    return result


def _tell_promoted(enrolment: ClassEnrolment, training_class: TrainingClass) -> None:
    """An e-mail (after the commit) to whoever leaves the waiting list: they may not be
    looking at the page."""
    email = enrolment.user.email
    if not email:
        return
    subject = _("A place for you in %(class)s") % {"class": training_class.display_title}
    body = "\n".join(
        [
            _("Someone cancelled: you now have a place in %(class)s.")
            % {"class": training_class.display_title},
            absolute_url(training_class.get_absolute_url()),
        ]
    )
    queue_email(to=[email], subject=subject, body=body)


def _promote(locked: TrainingClass, actor) -> ClassEnrolment | None:
    """The first on the waiting list takes a freed place (core's waiting-list rule, shared
    with the events' registrations)."""
    following = seats.promote_first(
        locked.enrolments.select_related("user"),
        capacity=locked.capacity,
        taken=places_taken(locked),
        requires_approval=locked.requires_approval,
        actor=actor,
        action="training.class.promote",
        order=("enrolled_at", "pk"),
        lock=True,
    )
    if following is not None:
        _tell_promoted(following, locked)
    return following


@transaction.atomic
def fill_free_places(*, actor, training_class: TrainingClass) -> list[ClassEnrolment]:
    """After the capacity grows: the waiting list takes the new places, in turn."""
    locked = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    promoted = []
    while (following := _promote(locked, actor)) is not None:
        promoted.append(following)
    return promoted


@transaction.atomic
def cancel_enrolment(*, actor, enrolment: ClassEnrolment) -> ClassEnrolment | None:
    """The person (or their unit) gives up the place; the next on the waiting list gets it.
    Returns the enrolment promoted, if any."""
    locked = TrainingClass.objects.select_for_update().get(pk=enrolment.training_class_id)
    enrolment = ClassEnrolment.objects.select_for_update(of=("self",)).get(pk=enrolment.pk)
    if enrolment.status in (EnrolmentStatus.CANCELLED, EnrolmentStatus.DECLINED):
        raise ValidationError(_("This enrolment is already cancelled."))
    if enrolment.completed_at is not None:
        raise ValidationError(_("A completed class cannot be cancelled."))
    before = enrolment.status
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.save(update_fields=["status", "cancelled_at"])
    log_action(
        actor=actor,
        action="training.class.cancel",
        obj=enrolment,
        changes={"status": [before, EnrolmentStatus.CANCELLED]},
    )
    return _promote(locked, actor) if before in HOLDS_PLACE else None


def _decide(enrolment: ClassEnrolment, *, actor, approve: bool):
    locked = TrainingClass.objects.select_for_update().get(pk=enrolment.training_class_id)
    enrolment = ClassEnrolment.objects.select_for_update(of=("self",)).get(pk=enrolment.pk)
    allowed = (
        [EnrolmentStatus.PENDING] if approve else [EnrolmentStatus.PENDING, EnrolmentStatus.WAITING]
    )
    if enrolment.status not in allowed:
        raise ValidationError(
            _("Only enrolments awaiting approval can be approved.")
            if approve
            else _("Only enrolments awaiting approval or waiting can be declined.")
        )
    before = enrolment.status
    enrolment.status = EnrolmentStatus.CONFIRMED if approve else EnrolmentStatus.DECLINED
    enrolment.save(update_fields=["status"])
    log_action(
        actor=actor,
        action="training.class.approve" if approve else "training.class.decline",
        obj=enrolment,
        changes={"status": [before, enrolment.status]},
    )
    return locked, enrolment, before


@transaction.atomic
def approve_enrolment(*, actor, enrolment: ClassEnrolment) -> ClassEnrolment:
    """The secretariat confirms a place awaiting approval."""
    return _decide(enrolment, actor=actor, approve=True)[1]


@transaction.atomic
def decline_enrolment(*, actor, enrolment: ClassEnrolment) -> ClassEnrolment | None:
    """The secretariat declines a request; a place it held goes to the first waiting.
    Returns the enrolment promoted, if any."""
    locked, _enrolment, before = _decide(enrolment, actor=actor, approve=False)
    return _promote(locked, actor) if before in HOLDS_PLACE else None


def attendance_rate(enrolment: ClassEnrolment, session_count: int | None = None) -> float:
    """Sessions attended over the class's sessions, in per cent (0 for a class without any)."""
    if session_count is None:
        session_count = enrolment.training_class.sessions.count()
    if not session_count:
        return 0.0
    return round(enrolment.attended.count() * 100 / session_count, 1)


def missing_for_class(enrolment: ClassEnrolment) -> list[str]:
    from qualitymonth.training.services.exams import has_passed

    training_class = enrolment.training_class
    missing = []
    rate = attendance_rate(enrolment)
    if rate < training_class.attendance_required:
        missing.append(
            _("Attendance is %(rate)s %%; %(needed)s %% is needed.")
            % {"rate": rate, "needed": training_class.attendance_required}
        )
    if training_class.exam_id and not has_passed(exam=training_class.exam, user=enrolment.user):
        missing.append(_("The class's exam is not yet passed."))
    return missing


@transaction.atomic
def record_attendance(*, actor, session: ClassSession, present_enrolment_ids: set[int]):
    """The trainer's list for one session: those ticked attended, the others did not."""
    enrolments = set(
        session.training_class.enrolments.filter(
            pk__in=present_enrolment_ids, status=EnrolmentStatus.CONFIRMED
        ).values_list("pk", flat=True)
    )
    if enrolments != set(present_enrolment_ids):
        raise ValidationError(_("Someone on the list is not enrolled in this class."))
    before = set(session.attended.values_list("enrolment_id", flat=True))
    session.attended.exclude(enrolment_id__in=enrolments).delete()
    SessionAttendance.objects.bulk_create(
        [
            SessionAttendance(session=session, enrolment_id=pk, marked_by=actor)
            for pk in enrolments - before
        ]
    )
    log_action(
        actor=actor,
        action="training.session.attendance",
        obj=session,
        changes={"present": [sorted(before), sorted(enrolments)]},
    )
    for enrolment in ClassEnrolment.objects.filter(pk__in=enrolments, completed_at__isnull=True):
        complete_class_if_done(enrolment=enrolment)


@transaction.atomic
def complete_class_if_done(*, enrolment: ClassEnrolment):
    """Attendance and the exam: the class is complete, its certificate issued, and the
    qualification it grants (if any)."""
    enrolment = (
        ClassEnrolment.objects.select_for_update(of=("self",))
        .select_related("training_class", "user", "unit")
        .get(pk=enrolment.pk)
    )
    if enrolment.status != EnrolmentStatus.CONFIRMED:
        return None
    if enrolment.completed_at is not None or missing_for_class(enrolment):
        return None
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    training_class = enrolment.training_class
    certificate = certificates.issue(
        ClassCertificate,
        actor=enrolment.user,
        prefix=f"TC{enrolment.completed_at:%Y}",
        holder_name=str(enrolment.user),
        audit_name="training.class_certificate",
        enrolment=enrolment,
        class_title=training_class.title,
        hours=training_class.hours or Decimal(0),
    )
    if training_class.qualification_kind_id:
        from qualitymonth.training.services.qualifications import grant_qualification

        grant_qualification(enrolment=enrolment)
    return certificate
