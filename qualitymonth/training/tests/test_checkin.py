"""Attendance by QR code: the trainee's class page shows their code, the trainer scans it at
each session; wrong, waiting-list and repeated codes are refused and nothing is recorded."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from conftest import make_person
from qualitymonth.training.models import ClassCertificate, SessionAttendance, TrainingClass
from qualitymonth.training.services.checkin import check_in_to_session
from qualitymonth.training.services.classes import attendance_rate, enrol_in_class


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_trainee_shows_a_qr_code_and_the_trainer_checks_them_in(
    training_class, trainee, trainer, english
):
    enrolment = enrol_in_class(user=trainee, training_class=training_class)
    english.force_login(trainee)
    page = english.get(f"/training/classes/{training_class.key}/").content.decode()
    assert "<svg" in page and enrolment.code in page
    session = training_class.sessions.first()
    english.force_login(trainer)

    response = english.post(
        f"/training/classes/{training_class.key}/sessions/{session.pk}/check-in/",
        {"code": f"  {enrolment.code}  "},
        HTTP_HX_REQUEST="true",
    )

    assert "✔ trainee" in response.content.decode()
    assert "1 of 1 present" in response.content.decode()
    assert session.attended.filter(enrolment=enrolment, marked_by=trainer).exists()


def test_a_code_checked_in_twice_is_refused_with_the_time(training_class, trainee, trainer):
    enrolment = enrol_in_class(user=trainee, training_class=training_class)
    session = training_class.sessions.first()
    check_in_to_session(actor=trainer, session=session, scanned=enrolment.code)

    with translation.override("en"), pytest.raises(ValidationError, match="checked in already"):
        check_in_to_session(actor=trainer, session=session, scanned=enrolment.code)

    assert session.attended.count() == 1


def test_a_code_of_another_class_is_refused_naming_it(training_class, trainee, trainer):
    other = TrainingClass.objects.create(key="other", title="另一个班", capacity=5)
    enrolment = enrol_in_class(user=trainee, training_class=other)

    with translation.override("en"), pytest.raises(ValidationError, match="另一个班"):
        check_in_to_session(
            actor=trainer, session=training_class.sessions.first(), scanned=enrolment.code
        )

    assert not SessionAttendance.objects.exists()


def test_someone_on_the_waiting_list_is_not_checked_in(training_class, trainer):
    for n in range(training_class.capacity):
        enrol_in_class(user=make_person(f"p{n}"), training_class=training_class)
    waiting = enrol_in_class(user=make_person("late"), training_class=training_class)

    with translation.override("en"), pytest.raises(ValidationError, match="waiting list"):
        check_in_to_session(
            actor=trainer, session=training_class.sessions.first(), scanned=waiting.code
        )

    assert not SessionAttendance.objects.exists()


def test_an_unknown_code_is_refused(training_class, trainer):
    with translation.override("en"), pytest.raises(ValidationError, match="not a check-in code"):
        check_in_to_session(
            actor=trainer, session=training_class.sessions.first(), scanned="https://x/y/z"
        )


def test_check_ins_over_the_sessions_complete_the_class(training_class, trainee, trainer):
    enrolment = enrol_in_class(user=trainee, training_class=training_class)

    for session in training_class.sessions.order_by("starts_at")[:4]:
        check_in_to_session(actor=trainer, session=session, scanned=enrolment.code)

    assert attendance_rate(enrolment) == 80.0
    assert ClassCertificate.objects.filter(enrolment=enrolment).exists()


def test_only_the_classs_trainers_check_people_in(training_class, trainee, client):
    enrolment = enrol_in_class(user=trainee, training_class=training_class)
    session = training_class.sessions.first()
    client.force_login(trainee)

    response = client.post(
        f"/training/classes/{training_class.key}/sessions/{session.pk}/check-in/",
        {"code": enrolment.code},
    )

    assert response.status_code == 404
    assert not session.attended.exists()
