"""Exams invigilated on site: a trainee starts one only after being checked in (the class's
QR check-in) at the exam's session; before, the page says where and nothing is started."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from qualitymonth.training.models import Attempt
from qualitymonth.training.services.checkin import check_in_to_session
from qualitymonth.training.services.classes import enrol_in_class
from qualitymonth.training.services.exams import start_attempt


@pytest.fixture
def invigilated(training_class, quiz):
    session = training_class.sessions.last()
    session.venue = "质协大楼301"
    session.save()
    quiz.invigilated_at = session
    quiz.save()
    training_class.exam = quiz
    training_class.save()
    return quiz


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_not_checked_in_the_exam_page_says_where_and_offers_no_start(
    invigilated, training_class, trainee, english
):
    enrol_in_class(user=trainee, training_class=training_class)
    english.force_login(trainee)

    page = english.get(f"/training/exams/{invigilated.pk}/").content.decode()

    assert "check in at the session" in page and "第5讲" in page and "质协大楼301" in page
    assert 'data-testid="start-exam"' not in page


def test_starting_without_check_in_is_refused_and_nothing_started(
    invigilated, training_class, trainee, english
):
    enrol_in_class(user=trainee, training_class=training_class)
    english.force_login(trainee)

    response = english.post(f"/training/exams/{invigilated.pk}/", follow=True)

    assert "under invigilation" in response.content.decode()
    assert not Attempt.objects.exists()


def test_checked_in_at_another_session_is_not_enough(invigilated, training_class, trainee, trainer):
    enrolment = enrol_in_class(user=trainee, training_class=training_class)
    check_in_to_session(
        actor=trainer, session=training_class.sessions.first(), scanned=enrolment.code
    )

    with translation.override("en"), pytest.raises(ValidationError, match="invigilation"):
        start_attempt(exam=invigilated, user=trainee)


def test_checked_in_at_the_exam_session_the_trainee_starts_it(
    invigilated, training_class, trainee, trainer, english
):
    enrolment = enrol_in_class(user=trainee, training_class=training_class)
    check_in_to_session(actor=trainer, session=invigilated.invigilated_at, scanned=enrolment.code)
    english.force_login(trainee)
    assert (
        'data-testid="start-exam"'
        in english.get(f"/training/exams/{invigilated.pk}/").content.decode()
    )

    response = english.post(f"/training/exams/{invigilated.pk}/")

    attempt = Attempt.objects.get(user=trainee)
    assert response.url == attempt.get_absolute_url()


def test_an_exam_without_a_session_is_taken_anywhere(quiz, training_class, trainee):
    training_class.exam = quiz
    training_class.save()
    enrol_in_class(user=trainee, training_class=training_class)

    assert start_attempt(exam=quiz, user=trainee).user == trainee
