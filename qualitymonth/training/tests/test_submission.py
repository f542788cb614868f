"""Submitting an attempt's form: saved, scored and audited once, as the service does it (on
PostgreSQL the view takes a shorter way for a contest's crowd: the same rules, the same rows)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_person
from qualitymonth.core.models import AuditEntry
from qualitymonth.training.models import Answer, Attempt, Enrolment, Question
from qualitymonth.training.services.courses import enrol, mark_read, record_progress
from qualitymonth.training.services.exams import start_attempt, submit_attempt
from qualitymonth.training.tests.conftest import answer_all


def _form(responses: dict[int, list[str]]) -> dict[str, list[str]]:
    return {f"q{pk}": values for pk, values in responses.items()}


def _mixed(attempt) -> dict[int, list[str]]:
    """Right but for the multiple choice; the blank typed full-width, with a space."""
    responses = answer_all(attempt)
    kinds = dict(Question.objects.values_list("pk", "kind"))
    for pk in attempt.question_ids:
        if kinds[pk] == "multiple":
            responses[pk] = ["2"]
        elif kinds[pk] == "fill_in":
            responses[pk] = ["ｔｑｍｓｅｃｒｅｔ "]
    return responses


def _saved(attempt) -> list[tuple]:
    return sorted(
        Answer.objects.filter(attempt=attempt).values_list("question_id", "response", "points")
    )


def test_a_submitted_form_is_saved_and_scored_as_the_service_scores_it(quiz, client):
    quiz.is_open, quiz.shuffle = True, False  # both people draw the same questions in order
    Question.objects.create(bank=quiz.bank, kind="short", text="简述PDCA。", points=4)
    quiz.question_count = 5
    quiz.save()
    by_form, by_service = make_person("by-form"), make_person("by-service")
    client.force_login(by_form)
    attempt = start_attempt(exam=quiz, user=by_form)
    other = start_attempt(exam=quiz, user=by_service)

    response = client.post(attempt.get_absolute_url(), _form(_mixed(attempt)))
    expected = submit_attempt(attempt=other, user=by_service, responses=_mixed(other))

    assert response.status_code == 302 and response.url == attempt.get_absolute_url()
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    assert (attempt.score, attempt.max_score, attempt.passed) == (3, 8, None)
    assert (attempt.score, attempt.max_score, attempt.passed) == (
        expected.score,
        expected.max_score,
        expected.passed,
    )
    assert _saved(attempt) == _saved(other)
    entry = AuditEntry.objects.get(action="training.attempt.submit", object_id=str(attempt.pk))
    assert entry.actor == by_form
    assert entry.changes == {"score": [None, "3"]}
    assert entry.object_repr == str(attempt)


def test_a_form_sent_twice_is_saved_and_audited_once(quiz, trainee, client):
    quiz.is_open = True
    quiz.save()
    client.force_login(trainee)
    attempt = start_attempt(exam=quiz, user=trainee)
    client.post(attempt.get_absolute_url(), _form(answer_all(attempt)))
    first = _saved(attempt)

    again = client.post(attempt.get_absolute_url(), _form(answer_all(attempt, right=False)))

    assert again.status_code == 200  # the result page, the first answers on it
    assert _saved(attempt) == first
    assert AuditEntry.objects.filter(action="training.attempt.submit").count() == 1
    attempt.refresh_from_db()
    assert attempt.score == 4 and attempt.passed is True


def test_a_choice_the_question_does_not_have_is_refused_and_nothing_saved(quiz, trainee, client):
    quiz.is_open = True
    quiz.save()
    client.force_login(trainee)
    attempt = start_attempt(exam=quiz, user=trainee)
    responses = answer_all(attempt)
    responses[Question.objects.get(kind="single").pk] = ["9"]

    response = client.post(attempt.get_absolute_url(), _form(responses))

    assert response.status_code == 400
    assert not Answer.objects.exists()
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None


def test_someone_elses_attempt_is_not_found_and_nothing_saved(quiz, trainee, client):
    quiz.is_open = True
    quiz.save()
    attempt = start_attempt(exam=quiz, user=trainee)
    client.force_login(make_person("someone-else"))

    response = client.post(attempt.get_absolute_url(), _form(answer_all(attempt)))

    assert response.status_code == 404
    assert not Answer.objects.exists()
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None


def test_a_passed_quiz_sent_by_form_completes_the_course_waiting_on_it(course, trainee, client):
    enrolment = enrol(user=trainee, course=course)
    record_progress(
        enrolment=enrolment, lesson=course.lessons.get(position=1), position=100, ranges=[[0, 100]]
    )
    mark_read(enrolment=enrolment, lesson=course.lessons.get(position=2))
    client.force_login(trainee)
    attempt = start_attempt(exam=course.quiz, user=trainee)

    response = client.post(attempt.get_absolute_url(), _form(answer_all(attempt)))

    assert response.status_code == 302
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None


def test_a_submission_asks_the_database_about_the_attempt_twice_on_postgresql(
    quiz, trainee, client
):
    quiz.is_open = True
    quiz.save()
    client.force_login(trainee)
    attempt = start_attempt(exam=quiz, user=trainee)
    form = _form(answer_all(attempt))

    with CaptureQueriesContext(connection) as queries:
        response = client.post(attempt.get_absolute_url(), form)

    assert response.status_code == 302
    own = [q["sql"] for q in queries.captured_queries if "training_" in q["sql"]]
    # One read, one statement saving the answers, the score and the audit entry; the ORM's
    # way on SQLite: the view's read, the lock, the questions, the answers, the attempt.
    assert len(own) == (2 if connection.vendor == "postgresql" else 5), own
