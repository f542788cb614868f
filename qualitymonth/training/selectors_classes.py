"""Reads of classes, their sessions and attendance, and the quality officers' registry."""

from django.db.models import Count, Min, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from qualitymonth.organizations.models import Role, Unit
from qualitymonth.organizations.selectors import people_of, units_acted_for
from qualitymonth.training.models import (
    HOLDS_PLACE,
    Appointment,
    AppointmentBatch,
    ClassEnrolment,
    EnrolmentStatus,
    Qualification,
    SessionAttendance,
    TrainingClass,
)

# An enrolment's status is its registration's (for the class's event).
CONFIRMED_COUNT = Count(
    "enrolments",
    filter=Q(enrolments__registration__status=EnrolmentStatus.CONFIRMED),
    distinct=True,
)


def public_classes():
    return (
        TrainingClass.objects.filter(is_published=True)
        .annotate(
            enrolled=CONFIRMED_COUNT,
            session_count=Count("sessions", distinct=True),
            first_session=Min("sessions__starts_at"),
        )
        .order_by("-first_session", "pk")
    )


def get_class(key) -> TrainingClass:
    return get_object_or_404(
        TrainingClass.objects.select_related("organiser", "exam"), key=key, is_published=True
    )


def get_class_run_by(user, key) -> TrainingClass:
    training_class = get_object_or_404(TrainingClass.objects.select_related("exam"), key=key)
    if not user.has_perm("training.run_class", training_class):
        raise Http404
    return training_class


def classes_run_by(user):
    classes = TrainingClass.objects.all()
    if not user.has_perm("training.manage"):
        classes = classes.filter(trainers=user)
    return classes.annotate(
        enrolled=CONFIRMED_COUNT,
        session_count=Count("sessions", distinct=True),
    ).order_by("-created_at", "pk")


def roster(training_class: TrainingClass) -> list[ClassEnrolment]:
    sessions = training_class.sessions.count()
    enrolments = list(
        training_class.enrolments.filter(registration__status=EnrolmentStatus.CONFIRMED)
        .select_related("user", "unit", "certificate", "registration")
        .annotate(attended_count=Count("attended", distinct=True))
    )
    for enrolment in enrolments:
        enrolment.rate = round(enrolment.attended_count * 100 / sessions, 1) if sessions else 0
    return enrolments


def present_at(session) -> set[int]:
    return set(
        SessionAttendance.objects.filter(session=session).values_list("enrolment_id", flat=True)
    )


def waiting_list(training_class: TrainingClass) -> list[ClassEnrolment]:
    return list(
        training_class.enrolments.filter(registration__status=EnrolmentStatus.WAITING)
        .select_related("user", "unit", "registration")
        .order_by("registration__created_at", "registration__pk")
    )


def places_taken(training_class: TrainingClass) -> int:
    """Places held: enrolments with a place or awaiting approval, and the students a school
    enrolled with their class."""
    return (
        training_class.enrolments.filter(registration__status__in=HOLDS_PLACE).count()
        + training_class.student_enrolments.count()
    )


def awaiting_approval(training_class: TrainingClass) -> list[ClassEnrolment]:
    return list(
        training_class.enrolments.filter(registration__status=EnrolmentStatus.PENDING)
        .select_related("user", "unit", "registration")
        .order_by("registration__created_at", "registration__pk")
    )


def confirmed_in(training_class: TrainingClass):
    return training_class.enrolments.filter(
        registration__status=EnrolmentStatus.CONFIRMED
    ).select_related("registration")


def enrolment_in(user, training_class) -> ClassEnrolment | None:
    """The person's enrolment, unless cancelled."""
    if not user.is_authenticated:
        return None
    return (
        training_class.enrolments.filter(user=user)
        .exclude(registration__status=EnrolmentStatus.CANCELLED)
        .select_related("registration")
        .first()
    )


def get_enrolment(pk) -> ClassEnrolment:
    return get_object_or_404(
        ClassEnrolment.objects.select_related("training_class", "user", "unit", "registration"),
        pk=pk,
    )


def students_in(training_class: TrainingClass):
    """The students schools enrolled with their class, by school class."""
    return training_class.student_enrolments.select_related(
        "student", "school_class__school"
    ).order_by("school_class__school__name", "school_class__name", "student__name", "pk")


def get_enrolment_to_cancel(user, pk) -> ClassEnrolment:
    enrolment = get_object_or_404(
        ClassEnrolment.objects.select_related("training_class", "user", "unit", "registration"),
        pk=pk,
    )
    if not user.has_perm("training.cancel_class_enrolment", enrolment):
        raise Http404
    return enrolment


def place_in_line(enrolment: ClassEnrolment) -> int:
    """1 for the first on the waiting list (the order the events' waiting list keeps)."""
    mine = enrolment.registration
    return (
        ClassEnrolment.objects.filter(
            training_class_id=enrolment.training_class_id,
            registration__status=EnrolmentStatus.WAITING,
            registration__created_at__lte=mine.created_at,
        )
        .exclude(registration__created_at=mine.created_at, registration__pk__gt=mine.pk)
        .count()
    )


def units_enrolling(user):
    """The units whose administrator enrols their staff in classes."""
    return Unit.objects.filter(pk__in=units_acted_for(user, Role.UNIT_ADMIN, below=False))


def staff_of(unit: Unit) -> list:
    """The unit's people (each once), by name."""
    seen, people = set(), []
    for position in people_of(unit).order_by("user__display_name", "user__username", "pk"):
        if position.user_id not in seen:
            seen.add(position.user_id)
            people.append(position.user)
    return people


def enrolments_of_unit(training_class: TrainingClass, unit: Unit):
    return (
        training_class.enrolments.filter(unit=unit)
        .exclude(registration__status=EnrolmentStatus.CANCELLED)
        .select_related("user", "registration")
        .order_by("enrolled_at", "pk")
    )


def registry(query: str = ""):
    """Every qualification not withdrawn, with its holder's appointments; searchable by
    name, unit and number."""
    found = Qualification.objects.filter(withdrawn_at__isnull=True).select_related("kind")
    if query:
        found = found.filter(
            Q(holder_name__icontains=query)
            | Q(unit_name__icontains=query)
            | Q(serial__icontains=query)
            | Q(appointments__enterprise__name__icontains=query)
        ).distinct()
    return found.prefetch_related(
        Prefetch(
            "appointments",
            queryset=Appointment.objects.filter(ended_on__isnull=True).select_related("enterprise"),
        )
    ).order_by("serial")


def published_batches():
    return (
        AppointmentBatch.objects.filter(published_at__isnull=False)
        .select_related("district")
        .annotate(size=Count("appointments"))
        .order_by("-published_at", "pk")
    )


def get_batch_for(user, pk) -> AppointmentBatch:
    batch = get_object_or_404(AppointmentBatch.objects.select_related("district", "kind"), pk=pk)
    if batch.published_at is None and not user.has_perm("training.publish_batch", batch.district):
        raise Http404
    return batch


def batch_appointments(batch: AppointmentBatch):
    return batch.appointments.select_related("qualification", "enterprise").order_by(
        "qualification__serial"
    )


def candidates_for(batch: AppointmentBatch):
    """Appointments in the district's enterprises not yet in any batch."""
    return (
        Appointment.objects.filter(
            enterprise__district_id=batch.district_id,
            batch__isnull=True,
            qualification__kind_id=batch.kind_id,
            ended_on__isnull=True,
        )
        .select_related("qualification", "enterprise")
        .order_by("qualification__serial")
    )


def units_appointing(user):
    return Unit.objects.filter(pk__in=units_acted_for(user, Role.UNIT_ADMIN, below=False))


def appointments_of(units):
    return (
        Appointment.objects.filter(enterprise__in=units)
        .select_related("qualification", "enterprise")
        .order_by("-appointed_on", "pk")
    )


def qualification_of_holder(user, pk) -> Qualification:
    return get_object_or_404(Qualification, pk=pk, holder_id=user.pk)
