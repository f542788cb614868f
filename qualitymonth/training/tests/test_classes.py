"""Classes: capacity, attendance over sessions, completion (attendance and exam), 我的学习."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from conftest import make_person
from qualitymonth.training.models import ClassCertificate, ClassEnrolment
from qualitymonth.training.services.classes import (
    attendance_rate,
    enrol_in_class,
    missing_for_class,
    record_attendance,
)
from qualitymonth.training.services.exams import start_attempt, submit_attempt
from qualitymonth.training.tests.conftest import answer_all


def _attend(trainer, training_class, enrolment, sessions: int):
    for session in training_class.sessions.order_by("starts_at")[:sessions]:
        present = set(session.attended.values_list("enrolment_id", flat=True)) | {enrolment.pk}
        record_attendance(actor=trainer, session=session, present_enrolment_ids=present)


def _pass_exam(exam, user, right=True):
    attempt = start_attempt(exam=exam, user=user)
    return submit_attempt(attempt=attempt, user=user, responses=answer_all(attempt, right=right))


def test_enrolment_beyond_capacity_goes_on_the_waiting_list_not_into_a_place(
    training_class, client
):
    for n in range(training_class.capacity):
        enrol_in_class(user=make_person(f"t{n}"), training_class=training_class)
    late = make_person("late")
    client.force_login(late)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(f"/training/classes/{training_class.key}/enrol/", follow=True)

    assert "waiting list" in response.content.decode()
    assert ClassEnrolment.objects.get(user=late).status == "waiting"
    assert (
        training_class.enrolments.filter(registration__status="confirmed").count()
        == training_class.capacity
    )


def test_enrolling_twice_is_refused(training_class, trainee):
    enrol_in_class(user=trainee, training_class=training_class)

    with pytest.raises(ValidationError):
        enrol_in_class(user=trainee, training_class=training_class)

    assert training_class.enrolments.filter(user=trainee).count() == 1


def test_attendance_rate_counts_sessions_attended_over_the_classs_sessions(
    training_class, trainee, trainer
):
    enrolment = enrol_in_class(user=trainee, training_class=training_class)

    _attend(trainer, training_class, enrolment, 3)
    assert attendance_rate(enrolment) == 60.0
    assert any("60" in line for line in missing_for_class(enrolment))

    _attend(trainer, training_class, enrolment, 4)
    assert attendance_rate(enrolment) == 80.0


def test_attendance_without_the_exam_does_not_complete_the_class(
    training_class, quiz, trainee, trainer
):
    training_class.exam = quiz
    training_class.save()
    enrolment = enrol_in_class(user=trainee, training_class=training_class)

    _attend(trainer, training_class, enrolment, 5)

    assert ClassEnrolment.objects.get(pk=enrolment.pk).completed_at is None
    assert not ClassCertificate.objects.exists()


def test_the_exam_without_enough_attendance_does_not_complete_the_class(
    training_class, quiz, trainee, trainer
):
    training_class.exam = quiz
    training_class.save()
    enrolment = enrol_in_class(user=trainee, training_class=training_class)
    _attend(trainer, training_class, enrolment, 3)

    _pass_exam(quiz, trainee)

    assert ClassEnrolment.objects.get(pk=enrolment.pk).completed_at is None
    assert not ClassCertificate.objects.exists()


def test_attendance_and_the_exam_complete_the_class_with_a_certificate(
    training_class, quiz, trainee, trainer, client
):
    training_class.exam = quiz
    training_class.save()
    enrolment = enrol_in_class(user=trainee, training_class=training_class)
    _pass_exam(quiz, trainee)

    _attend(trainer, training_class, enrolment, 4)

    certificate = ClassCertificate.objects.get(enrolment=enrolment)
    client.force_login(trainee)
    page = client.get("/training/mine/").content.decode()
    assert certificate.serial in page
    assert "首席质量官培训班" in page
    assert "24.0" in page


def test_a_trainers_list_naming_someone_not_enrolled_saves_nothing(
    training_class, trainee, trainer
):
    enrolment = enrol_in_class(user=trainee, training_class=training_class)
    session = training_class.sessions.first()

    with pytest.raises(ValidationError):
        record_attendance(
            actor=trainer, session=session, present_enrolment_ids={enrolment.pk, 999_999}
        )

    assert not session.attended.exists()


def test_only_the_classs_trainers_open_its_roster(training_class, trainee, trainer, client):
    client.force_login(trainee)
    assert client.get(f"/training/classes/{training_class.key}/roster/").status_code == 404

    client.force_login(trainer)
    page = client.get(f"/training/classes/{training_class.key}/roster/").content.decode()
    assert "第1讲" in page
