"""The speakers' bureau (a unit asks for a talk, the secretariat assigns a lecturer and the
talk becomes an event) and youth programmes (a child's data only with the guardian's
consent)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.phones import normalise_phone
from qualitymonth.core.services import log_action
from qualitymonth.events.models import Event, EventKind, EventUnit, Speaker, UnitRole, Venue
from qualitymonth.training.models import (
    SchoolClass,
    Student,
    StudentEnrolment,
    TalkRequest,
    TalkStatus,
)

# PIPL Art. 31: personal information of a child under 14 needs the guardian's consent.
CONSENT_BELOW_AGE = 14


@transaction.atomic
def request_talk(*, actor, unit, topic: str, wanted_on, audience_size: int, note: str = ""):
    if wanted_on < timezone.localdate():
        raise ValidationError({"wanted_on": _("Choose a date from today on.")})
    request = TalkRequest.objects.create(
        unit=unit,
        requested_by=actor,
        topic=topic.strip(),
        wanted_on=wanted_on,
        audience_size=audience_size,
        note=note.strip(),
    )
    log_action(actor=actor, action="training.talk.request", obj=request)
    return request


@transaction.atomic
def assign_lecturer(*, actor, talk: TalkRequest, lecturer, starts_at=None) -> TalkRequest:
    """The lecturer gives the talk; it becomes an (unpublished) lecture event organised by
    the requesting unit, where registration and attendance are counted as for any event."""
    talk = (
        TalkRequest.objects.select_for_update(of=("self",)).select_related("unit").get(pk=talk.pk)
    )
    if talk.status != TalkStatus.REQUESTED:
        raise ValidationError(_("A lecturer has already been assigned to this request."))
    if not lecturer.is_active:
        raise ValidationError(_("This lecturer is not taking talks."))
    starts_at = starts_at or timezone.make_aware(
        datetime.datetime.combine(talk.wanted_on, datetime.time(14, 0))
    )
    event = Event.objects.create(
        kind=EventKind.LECTURE,
        title=talk.topic,
        description=_("A talk of the speakers' bureau given by %(name)s.")
        % {"name": lecturer.name},
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        is_published=False,
    )
    Venue.objects.create(event=event, name=talk.unit.name, capacity=talk.audience_size)
    EventUnit.objects.create(event=event, unit=talk.unit, role=UnitRole.ORGANISER)
    Speaker.objects.create(
        event=event, name=lecturer.name, affiliation=lecturer.title, topic=talk.topic
    )
    talk.status = TalkStatus.ASSIGNED
    talk.lecturer = lecturer
    talk.event_id = event.pk
    talk.save(update_fields=["status", "lecturer", "event_id"])
    log_action(
        actor=actor,
        action="training.talk.assign",
        obj=talk,
        changes={"lecturer": [None, lecturer.name], "event": [None, event.pk]},
    )
    return talk


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@transaction.atomic
def register_student(
    *,
    actor,
    school,
    name: str,
    birth_date: datetime.date,
    guardian_name: str = "",
    guardian_phone: str = "",
    consent: bool = False,
    school_class: SchoolClass | None = None,
    today=None,
) -> Student:
    """A child under 14 is stored only with the guardian's name, phone and recorded consent;
    without them nothing about the child is kept."""
    today = today or timezone.localdate()
    if birth_date > today:
        raise ValidationError({"birth_date": _("The date of birth is in the future.")})
    values = {"guardian_name": guardian_name.strip(), "guardian_phone": "", "consent_at": None}
    if age_on(birth_date, today) < CONSENT_BELOW_AGE:
        errors = {}
        if not consent:
            errors["consent"] = _(
                "A child under 14 is registered only with the guardian's consent; "
                "nothing has been stored."
            )
        if not values["guardian_name"]:
            errors["guardian_name"] = _("Enter the guardian's name.")
        try:
            values["guardian_phone"] = normalise_phone(guardian_phone)
        except ValidationError as error:
            errors["guardian_phone"] = error.messages
        if errors:
            raise ValidationError(errors)
        values["consent_at"] = timezone.now()
    elif guardian_phone:
        values["guardian_phone"] = normalise_phone(guardian_phone)
    if school_class is not None and school_class.school_id != school.pk:
        raise ValidationError({"school_class": _("This class is of another school.")})
    student = Student.objects.create(
        school=school,
        school_class=school_class,
        name=name.strip(),
        birth_date=birth_date,
        recorded_by=actor,
        **values,
    )
    log_action(actor=actor, action="training.student.register", obj=student)
    return student


@transaction.atomic
def add_school_class(*, actor, school, name: str) -> SchoolClass:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the class's name.")})
    if SchoolClass.objects.filter(school=school, name=name).exists():
        raise ValidationError({"name": _("The school has a class of this name already.")})
    school_class = SchoolClass.objects.create(school=school, name=name)
    log_action(actor=actor, action="training.school_class.add", obj=school_class)
    return school_class


def _without_consent(students, today) -> list[Student]:
    """Children under 14 without the guardian's consent on record (PIPL Art. 31)."""
    return [
        student
        for student in students
        if student.consent_at is None and age_on(student.birth_date, today) < CONSENT_BELOW_AGE
    ]


@transaction.atomic
def enrol_school_class(
    *, actor, school_class: SchoolClass, course=None, training_class=None, today=None
) -> dict:
    """A teacher enrols their school class in a course or a training class: every student of
    it, or nobody. A child under 14 without the guardian's consent is named and nobody is
    enrolled (nothing more of the child is stored); a training class must have a place for
    each student."""
    if (course is None) == (training_class is None):
        raise ValidationError(_("Choose a course or a training class."))
    today = today or timezone.localdate()
    students = list(school_class.students.order_by("name", "pk"))
    if not students:
        raise ValidationError(_("The class has no students yet: register them first."))
    refused = _without_consent(students, today)
    if refused:
        raise ValidationError(
            _(
                "No guardian's consent is recorded for %(names)s (under 14): record it "
                "first; nobody was enrolled."
            )
            % {"names": "、".join(student.name for student in refused)},
            code="consent",
        )
    target = {"course": course} if course is not None else {"training_class": training_class}
    already = set(
        StudentEnrolment.objects.filter(student__in=students, **target).values_list(
            "student_id", flat=True
        )
    )
    new = [student for student in students if student.pk not in already]
    if training_class is not None:
        from qualitymonth.training.selectors_classes import places_taken
        from qualitymonth.training.services.classes import lock_open

        locked = lock_open(training_class, actor=actor)
        left = max(locked.capacity - places_taken(locked), 0)
        if len(new) > left:
            raise ValidationError(
                _("%(class)s has %(left)s places left for %(count)s students; nobody was enrolled.")
                % {"class": locked.display_title, "left": left, "count": len(new)},
                code="capacity",
            )
    elif not course.is_published:
        raise ValidationError(_("This course is not open for enrolment."))
    StudentEnrolment.objects.bulk_create(
        [
            StudentEnrolment(
                student=student, school_class=school_class, enrolled_by=actor, **target
            )
            for student in new
        ]
    )
    if training_class is not None:
        from qualitymonth.training.services.classes import sync_event

        sync_event(actor=actor, training_class=locked)  # the students' places are taken
    log_action(
        actor=actor,
        action="training.school_class.enrol",
        obj=school_class,
        changes={
            "enrolled": [None, [student.pk for student in new]],
            "in": [None, str(course or training_class)],
        },
    )
    return {
        "enrolled": new,
        "already": [student for student in students if student.pk in already],
    }
