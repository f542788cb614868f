"""Classes: enrolment within capacity, attendance per session, completion and certificates.

The places are the events': each class is backed by an unpublished event of kind "training"
(made on the class's first need, kept up to date from the class here), and an enrolment is a
registration for it, so the seats, the waiting list, promotion when a place frees and the
secretariat's approval are the events' registration services. The class row is locked first
and the event's second, in every path that takes or gives up a place."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core import certificates
from qualitymonth.core.links import absolute_url
from qualitymonth.core.services import log_action
from qualitymonth.core.tasks import queue_email
from qualitymonth.events import services as events
from qualitymonth.events.models import EventKind
from qualitymonth.events.services import hosted
from qualitymonth.training.models import (
    ClassCertificate,
    ClassEnrolment,
    ClassSession,
    EnrolmentStatus,
    SessionAttendance,
    TrainingClass,
)

ENDED = (EnrolmentStatus.CANCELLED, EnrolmentStatus.DECLINED)


def sync_event(*, actor, training_class: TrainingClass):
    """The class's event as the class is now: its title, its sessions' first start and last
    end, the place of its first session, approval, and the places left to people once the
    students schools enrolled are counted. Made when the class has none yet."""
    sessions = training_class.sessions.aggregate(starts=Min("starts_at"), ends=Max("ends_at"))
    starts = sessions["starts"] or training_class.created_at or timezone.now()
    first = training_class.sessions.exclude(venue="").order_by("starts_at", "pk").first()
    students = training_class.student_enrolments.count()
    event = hosted.schedule_hosted_event(
        actor=actor,
        kind=EventKind.TRAINING,
        title=training_class.title,
        starts_at=starts,
        ends_at=max(sessions["ends"] or starts, starts),
        capacity=max(training_class.capacity - students, 0),
        requires_approval=training_class.requires_approval,
        place=first.venue if first is not None else "",
        event=training_class.event if training_class.event_id else None,
        is_demo=training_class.is_demo,
        host_url=training_class.get_absolute_url(),
    )
    if training_class.event_id != event.pk:
        TrainingClass.objects.filter(pk=training_class.pk).update(event=event)
        training_class.event = event
    return event


def _enrolment_of(registration) -> ClassEnrolment:
    return ClassEnrolment.objects.select_related("user", "registration").get(
        registration=registration
    )


def _place(locked: TrainingClass, user, *, unit, actor) -> ClassEnrolment:
    """A place if one is left, else the waiting list (the event's registration decides,
    under the event's lock); the class row is locked by the caller."""
    existing = locked.enrolments.select_related("registration").filter(user=user).first()
    if existing is not None and existing.status == EnrolmentStatus.DECLINED:
        raise ValidationError(
            _("The secretariat declined the enrolment of %(person)s in this class.")
            % {"person": user},
            code="twice",
        )
    if existing is not None and (
        existing.status != EnrolmentStatus.CANCELLED or existing.completed_at is not None
    ):
        raise ValidationError(
            _("%(person)s is already enrolled in this class.") % {"person": user},
            code="twice",
        )
    try:
        registration = hosted.register_person(
            actor=actor or user,
            event=locked.event,
            user=user,
            unit=unit,
            name=str(user),
            is_demo=locked.is_demo,
        )
    except ValidationError:
        raise ValidationError(
            _("%(person)s is already enrolled in this class.") % {"person": user},
            code="twice",
        ) from None
    fields = {
        "registration": registration,
        "unit": unit,
        "enrolled_by": actor,
        "fee": locked.fee_for(actor or user, unit),
    }
    if existing is not None:  # enrolling again after cancelling: back at the end of the line
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.enrolled_at = timezone.now()
        existing.save(update_fields=[*fields, "enrolled_at"])
        enrolment = existing
    else:
        enrolment = ClassEnrolment.objects.create(
            training_class=locked, user=user, is_demo=locked.is_demo, **fields
        )
    log_action(
        actor=actor or user,
        action="training.class.enrol",
        obj=enrolment,
        changes={"status": [None, registration.status]},
    )
    return enrolment


def lock_open(training_class: TrainingClass, *, actor=None) -> TrainingClass:
    """The class locked, open for enrolment, and its event up to date (places the class
    gained go to the waiting list first)."""
    locked = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    if not locked.is_published:
        raise ValidationError(_("This class is not open for enrolment."))
    _fill(locked, actor)
    return locked


@transaction.atomic
def enrol_in_class(*, user, training_class: TrainingClass, unit=None) -> ClassEnrolment:
    """A place, or the waiting list when the class is full (the enrolment's status says
    which): capacity is never exceeded."""
    return _place(lock_open(training_class, actor=user), user, unit=unit, actor=user)


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
    locked = lock_open(training_class, actor=actor)
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


def _promoted(registration, training_class: TrainingClass, actor) -> ClassEnrolment | None:
    """The enrolment the events' waiting list promoted (if any), told of its place."""
    if registration is None:
        return None
    following = _enrolment_of(registration)
    log_action(
        actor=actor,
        action="training.class.promote",
        obj=following,
        changes={"status": [EnrolmentStatus.WAITING, following.status]},
    )
    _tell_promoted(following, training_class)
    return following


def _fill(locked: TrainingClass, actor) -> list[ClassEnrolment]:
    event = sync_event(actor=actor, training_class=locked)
    return [
        _promoted(registration, locked, actor)
        for registration in hosted.fill_free_seats(actor=actor, event=event)
    ]


@transaction.atomic
def fill_free_places(*, actor, training_class: TrainingClass) -> list[ClassEnrolment]:
    """After the class changed (more places, no approval needed any more, its sessions):
    the event follows it, and the waiting list takes the new places, in turn."""
    locked = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    return _fill(locked, actor)


def _locked_enrolment(enrolment: ClassEnrolment) -> tuple[TrainingClass, ClassEnrolment]:
    locked = TrainingClass.objects.select_for_update().get(pk=enrolment.training_class_id)
    enrolment = (
        ClassEnrolment.objects.select_for_update(of=("self",))
        .select_related("registration", "user")
        .get(pk=enrolment.pk)
    )
    return locked, enrolment


@transaction.atomic
def cancel_enrolment(*, actor, enrolment: ClassEnrolment) -> ClassEnrolment | None:
    """The person (or their unit) gives up the place; the next on the waiting list gets it.
    Returns the enrolment promoted, if any."""
    locked, enrolment = _locked_enrolment(enrolment)
    if enrolment.registration is None or enrolment.status in ENDED:
        raise ValidationError(_("This enrolment is already cancelled."))
    if enrolment.completed_at is not None:
        raise ValidationError(_("A completed class cannot be cancelled."))
    before = enrolment.status
    promoted = events.cancel_registration(actor=actor, registration=enrolment.registration)
    log_action(
        actor=actor,
        action="training.class.cancel",
        obj=enrolment,
        changes={"status": [before, EnrolmentStatus.CANCELLED]},
    )
    return _promoted(promoted, locked, actor)


def _decide(enrolment: ClassEnrolment, *, actor, approve: bool):
    locked, enrolment = _locked_enrolment(enrolment)
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
    if approve:
        events.approve_registration(actor=actor, registration=enrolment.registration)
        promoted = None
    else:
        promoted = events.decline_registration(actor=actor, registration=enrolment.registration)
    enrolment.registration.refresh_from_db(fields=["status"])
    log_action(
        actor=actor,
        action="training.class.approve" if approve else "training.class.decline",
        obj=enrolment,
        changes={"status": [before, enrolment.status]},
    )
    return locked, enrolment, promoted


@transaction.atomic
def approve_enrolment(*, actor, enrolment: ClassEnrolment) -> ClassEnrolment:
    """The secretariat confirms a place awaiting approval."""
    return _decide(enrolment, actor=actor, approve=True)[1]


@transaction.atomic
def decline_enrolment(*, actor, enrolment: ClassEnrolment) -> ClassEnrolment | None:
    """The secretariat declines a request; a place it held goes to the first waiting.
    Returns the enrolment promoted, if any."""
    locked, _enrolment, promoted = _decide(enrolment, actor=actor, approve=False)
    return _promoted(promoted, locked, actor)


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
            pk__in=present_enrolment_ids, registration__status=EnrolmentStatus.CONFIRMED
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
        .select_related("training_class", "user", "unit", "registration")
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
