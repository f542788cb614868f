"""Every list page asks the database as often with one row as with several."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from conftest import make_person, make_unit
from qualitymonth.organizations.models import Role
from qualitymonth.training.models import (
    Appointment,
    AppointmentBatch,
    Course,
    Lesson,
    Qualification,
    QualificationKind,
)
from qualitymonth.training.services.classes import enrol_in_class, record_attendance
from qualitymonth.training.services.courses import enrol, mark_read
from qualitymonth.training.services.exams import start_attempt, submit_attempt
from qualitymonth.training.tests.conftest import answer_all
from tests.queries import assert_flat

_n = itertools.count(1)


def _course(**extra) -> Course:
    n = next(_n)
    course = Course.objects.create(
        key=f"c{n}", title=f"课程{n}", strand="basics", level="introductory", **extra
    )
    Lesson.objects.create(course=course, position=1, title="一", kind="text")
    return course


def test_the_catalogue_stays_flat(db, client):
    _course()
    assert_flat(client, "/training/", lambda: [_course() for _ in range(3)])


def test_my_learning_stays_flat(trainee, training_class, client):
    client.force_login(trainee)
    enrol(user=trainee, course=_course())
    enrol_in_class(user=trainee, training_class=training_class)

    def more():
        for _ in range(3):
            enrolment = enrol(user=trainee, course=_course(hours=Decimal("1")))
            mark_read(enrolment=enrolment, lesson=enrolment.course.lessons.first())

    assert_flat(client, "/training/mine/", more)


def test_the_marking_list_stays_flat(quiz, trainer, client):
    quiz.markers.add(trainer)
    client.force_login(trainer)

    def more():
        for n in range(3):
            exam = type(quiz).objects.create(title=f"考试{n}", bank=quiz.bank, question_count=1)
            exam.markers.add(trainer)

    assert_flat(client, "/training/marking/", more)


def test_an_exams_results_stay_flat(quiz, trainer, client):
    quiz.is_open = True
    quiz.save()
    quiz.markers.add(trainer)
    client.force_login(trainer)

    def take():
        person = make_person(f"candidate-{next(_n)}")
        attempt = start_attempt(exam=quiz, user=person)
        submit_attempt(attempt=attempt, user=person, responses=answer_all(attempt))

    take()
    assert_flat(client, f"/training/exams/{quiz.pk}/results/", lambda: [take() for _ in range(3)])


def test_the_class_list_and_roster_stay_flat(training_class, trainer, client):
    enrol_in_class(user=make_person("first"), training_class=training_class)
    training_class.capacity = 10
    training_class.save()
    client.force_login(trainer)

    def more():
        for _ in range(3):
            enrolment = enrol_in_class(
                user=make_person(f"p{next(_n)}"), training_class=training_class
            )
            session = training_class.sessions.first()
            present = set(session.attended.values_list("enrolment_id", flat=True))
            record_attendance(
                actor=trainer, session=session, present_enrolment_ids=present | {enrolment.pk}
            )

    assert_flat(client, "/training/classes/", more)
    assert_flat(client, f"/training/classes/{training_class.key}/roster/", more)
    assert_flat(client, "/training/classes/running/", more)


def test_the_registry_and_a_batch_stay_flat(db, client):
    kind = QualificationKind.objects.create(key="cqo", name="首席质量官", prefix="CQO")
    district = make_unit(kind="district", key="xh", name="徐汇区")
    batch = AppointmentBatch.objects.create(
        district=district, kind=kind, title="第二批", published_at=timezone.now()
    )
    today = timezone.localdate()

    def add():
        n = next(_n)
        qualification = Qualification.objects.create(
            serial=f"CQO-{n}",
            holder=make_person(f"h{n}"),
            holder_name=f"人{n}",
            kind=kind,
            granted_on=today,
            valid_until=today + datetime.timedelta(days=900),
        )
        Appointment.objects.create(
            qualification=qualification,
            enterprise=make_unit(name=f"公司{n}", district=district),
            appointed_on=today,
            batch=batch,
        )

    add()
    assert_flat(client, "/training/cqo/", lambda: [add() for _ in range(3)])
    assert_flat(client, f"/training/cqo/batches/{batch.pk}/", lambda: [add() for _ in range(3)])


def test_the_appointment_page_stays_flat(db, client):
    kind = QualificationKind.objects.create(key="cqo", name="首席质量官", prefix="CQO")
    unit = make_unit(name="我的公司")
    admin = make_person("admin", unit=unit, role=Role.UNIT_ADMIN)
    client.force_login(admin)
    today = timezone.localdate()

    def add():
        n = next(_n)
        qualification = Qualification.objects.create(
            serial=f"CQO-A{n}",
            holder=make_person(f"a{n}"),
            holder_name=f"人{n}",
            kind=kind,
            granted_on=today,
            valid_until=today + datetime.timedelta(days=900),
        )
        Appointment.objects.create(qualification=qualification, enterprise=unit, appointed_on=today)

    add()
    assert_flat(client, "/training/cqo/appoint/", lambda: [add() for _ in range(3)])
