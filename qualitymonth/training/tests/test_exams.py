"""Exams: drawn at random, timed by the server, answers kept out of the page."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qualitymonth.training.models import Answer, Attempt, Question
from qualitymonth.training.services.exams import mark_answer, start_attempt, submit_attempt
from qualitymonth.training.tests.conftest import answer_all


@pytest.fixture
def open_quiz(quiz):
    quiz.is_open = True
    quiz.save()
    return quiz


def test_an_exam_submitted_after_its_time_limit_is_refused_and_nothing_saved(open_quiz, trainee):
    attempt = start_attempt(exam=open_quiz, user=trainee)
    late = attempt.deadline + datetime.timedelta(minutes=2)

    with pytest.raises(ValidationError) as refused:
        submit_attempt(attempt=attempt, user=trainee, responses=answer_all(attempt), now=late)

    assert "不予接受" in refused.value.messages[0] or "not accepted" in refused.value.messages[0]
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.score is None
    assert not Answer.objects.exists()


def test_a_late_form_is_answered_with_the_message_and_counts_as_used(open_quiz, trainee, client):
    client.force_login(trainee)
    attempt = start_attempt(exam=open_quiz, user=trainee)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=5)
    )
    form = {f"q{pk}": values for pk, values in answer_all(attempt).items()}

    response = client.post(attempt.get_absolute_url(), form, follow=True)

    text = response.content.decode()
    assert "答案不予接受" in text or "not accepted" in text
    assert not Answer.objects.exists()


def test_the_answers_never_reach_the_page_before_submission(open_quiz, trainee, client):
    Question.objects.filter(kind="fill_in").update(explanation="EXPLAINED-LATER")
    client.force_login(trainee)
    attempt = start_attempt(exam=open_quiz, user=trainee)

    page = client.get(attempt.get_absolute_url()).content.decode()

    assert "PDCA中的C是？" in page
    assert "TQMSECRET" not in page
    assert "EXPLAINED-LATER" not in page
    assert '"answer"' not in page


def test_questions_and_choices_are_shuffled_per_attempt(open_quiz, trainee):
    attempt = start_attempt(exam=open_quiz, user=trainee, rng=random.Random(3))
    ids = sorted(attempt.question_ids)

    orders = {tuple(attempt.question_ids)}
    for seed in range(4, 12):
        Attempt.objects.all().delete()
        orders.add(
            tuple(start_attempt(exam=open_quiz, user=trainee, rng=random.Random(seed)).question_ids)
        )

    assert len(orders) > 1
    assert all(sorted(order) == ids for order in orders)


def test_attempts_beyond_the_limit_are_refused(open_quiz, trainee):
    for _ in range(open_quiz.max_attempts):
        attempt = start_attempt(exam=open_quiz, user=trainee)
        submit_attempt(attempt=attempt, user=trainee, responses=answer_all(attempt))

    with pytest.raises(ValidationError) as refused:
        start_attempt(exam=open_quiz, user=trainee)

    assert "2" in refused.value.messages[0]
    assert Attempt.objects.count() == open_quiz.max_attempts


def test_every_kind_is_scored_and_full_width_blanks_count(open_quiz, trainee):
    attempt = start_attempt(exam=open_quiz, user=trainee)
    responses = answer_all(attempt)
    fill_in = Question.objects.get(kind="fill_in").pk
    responses[fill_in] = ["ｔｑｍｓｅｃｒｅｔ "]

    submitted = submit_attempt(attempt=attempt, user=trainee, responses=responses)

    assert submitted.score == submitted.max_score == 4
    assert submitted.passed is True


def test_a_short_answer_waits_for_the_trainer_then_passes(open_quiz, trainee, trainer):
    Question.objects.create(bank=open_quiz.bank, kind="short", text="简述PDCA。", points=4)
    open_quiz.question_count = 5
    open_quiz.markers.add(trainer)
    open_quiz.save()
    attempt = start_attempt(exam=open_quiz, user=trainee)
    submitted = submit_attempt(attempt=attempt, user=trainee, responses=answer_all(attempt))
    assert submitted.passed is None

    short = Answer.objects.get(attempt=attempt, question__kind="short")
    mark_answer(actor=trainer, answer=short, points="3")

    attempt.refresh_from_db()
    assert attempt.score == 7 and attempt.max_score == 8
    assert attempt.passed is True


def test_a_mark_above_the_questions_points_is_refused(open_quiz, trainee, trainer):
    Question.objects.create(bank=open_quiz.bank, kind="short", text="简述PDCA。", points=4)
    open_quiz.question_count = 5
    open_quiz.save()
    attempt = start_attempt(exam=open_quiz, user=trainee)
    submit_attempt(attempt=attempt, user=trainee, responses=answer_all(attempt))
    short = Answer.objects.get(attempt=attempt, question__kind="short")

    with pytest.raises(ValidationError):
        mark_answer(actor=trainer, answer=short, points="9")

    short.refresh_from_db()
    assert short.points is None


def test_the_trainer_sees_difficulty_and_discrimination(open_quiz, trainer, client):
    from conftest import make_person

    open_quiz.markers.add(trainer)
    for n in range(4):
        person = make_person(f"candidate-{n}")
        attempt = start_attempt(exam=open_quiz, user=person)
        responses = answer_all(attempt, right=n >= 2)
        submit_attempt(attempt=attempt, user=person, responses=responses)
    client.force_login(trainer)

    page = client.get(f"/training/exams/{open_quiz.pk}/results/").content.decode()

    assert page.count('data-testid="item-row"') == 4
    assert page.count('data-testid="result-row"') == 4
    # Half right, half wrong: difficulty 0.5; the top group all right, the bottom all wrong.
    assert "0.5" in page and "1.0" in page


def test_starting_from_the_exam_page_opens_the_timed_attempt(open_quiz, trainee, client):
    client.force_login(trainee)

    response = client.post(open_quiz.get_absolute_url(), follow=True)

    attempt = Attempt.objects.get(user=trainee)
    assert response.redirect_chain[-1][0] == attempt.get_absolute_url()
    assert response.content.decode().count('data-testid="question"') == 4
