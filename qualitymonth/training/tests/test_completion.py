"""A course is complete when every lesson is done and the quiz reaches its score; each
condition alone is not enough."""

from django.urls import reverse

from qualitymonth.training.models import CourseCertificate, Enrolment
from qualitymonth.training.services.courses import enrol, mark_read, record_progress
from qualitymonth.training.services.exams import start_attempt, submit_attempt
from qualitymonth.training.tests.conftest import answer_all


def _do_lessons(enrolment, course):
    record_progress(
        enrolment=enrolment, lesson=course.lessons.get(position=1), position=100, ranges=[[0, 100]]
    )
    mark_read(enrolment=enrolment, lesson=course.lessons.get(position=2))


def _take_quiz(course, user, *, right):
    attempt = start_attempt(exam=course.quiz, user=user)
    return submit_attempt(attempt=attempt, user=user, responses=answer_all(attempt, right=right))


def test_lessons_done_without_the_quiz_do_not_complete_the_course(course, trainee):
    enrolment = enrol(user=trainee, course=course)
    _do_lessons(enrolment, course)

    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    assert not CourseCertificate.objects.exists()


def test_a_quiz_below_the_score_does_not_complete_the_course(course, trainee):
    enrolment = enrol(user=trainee, course=course)
    _do_lessons(enrolment, course)

    attempt = _take_quiz(course, trainee, right=False)

    assert attempt.passed is False
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    assert not CourseCertificate.objects.exists()


def test_a_passed_quiz_without_every_lesson_does_not_complete_the_course(course, trainee):
    enrolment = enrol(user=trainee, course=course)
    mark_read(enrolment=enrolment, lesson=course.lessons.get(position=2))

    _take_quiz(course, trainee, right=True)

    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    assert not CourseCertificate.objects.exists()


def test_lessons_and_quiz_issue_a_certificate_anyone_can_verify(course, trainee, client):
    enrolment = enrol(user=trainee, course=course)
    _take_quiz(course, trainee, right=True)

    _do_lessons(enrolment, course)

    certificate = CourseCertificate.objects.get(enrolment=enrolment)
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None
    page = client.get(reverse("certificate_verify_serial", args=[certificate.serial]))
    text = page.content.decode()
    assert certificate.serial in text
    assert "质量基础" in text


def test_the_course_page_says_what_is_still_to_do(course, trainee, client):
    enrol(user=trainee, course=course)
    client.force_login(trainee)

    page = client.get(course.get_absolute_url()).content.decode()

    assert "2" in page and 'data-testid="still-to-do"' in page
    assert "75" in page


def test_the_holder_sees_the_qr_code_and_no_one_else_the_page(course, trainee, client):
    from conftest import make_person

    enrolment = enrol(user=trainee, course=course)
    _take_quiz(course, trainee, right=True)
    _do_lessons(enrolment, course)
    serial = CourseCertificate.objects.get(enrolment=enrolment).serial
    url = reverse("training:certificate", args=[serial])

    client.force_login(make_person("someone-else"))
    assert client.get(url).status_code == 404

    client.force_login(trainee)
    page = client.get(url).content.decode()
    assert "<svg" in page
    assert reverse("certificate_verify_serial", args=[serial]) in page
