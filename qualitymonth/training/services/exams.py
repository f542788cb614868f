"""Taking an exam: drawing the questions, the time limit kept by the server, scoring, and
trainers marking short answers."""

import random
import unicodedata
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.training.models import (
    Answer,
    Attempt,
    ClassEnrolment,
    Enrolment,
    Exam,
    Question,
    QuestionKind,
    SessionAttendance,
)
from qualitymonth.training.models.exams import GRACE

CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


def best_percent(*, exam: Exam, user) -> float | None:
    """The best fully-marked score of `user` in `exam`, in per cent."""
    best = None
    for attempt in exam.attempts.filter(user=user, passed__isnull=False):
        if attempt.percent is not None and (best is None or attempt.percent > best):
            best = attempt.percent
    return best


def has_passed(*, exam: Exam, user) -> bool:
    return exam.attempts.filter(user=user, passed=True).exists()


def attempts_used(*, exam: Exam, user) -> int:
    return exam.attempts.filter(user=user).count()


def invigilation_refusal(*, exam: Exam, user) -> str | None:
    """Why `user` may not start an exam invigilated on site: not checked in (the class's QR
    check-in at the door) at the exam's session. None when they may."""
    session = exam.invigilated_at
    if session is None:
        return None
    if SessionAttendance.objects.filter(session=session, enrolment__user_id=user.pk).exists():
        return None
    return _(
        "This exam is taken on site under invigilation: check in at the session "
        "“%(session)s” (%(time)s, %(venue)s) by showing your class's QR code at the door, "
        "then start it."
    ) % {
        "session": session.title,
        "time": timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M"),
        "venue": session.venue or _("online"),
    }


@transaction.atomic
def start_attempt(*, exam: Exam, user, rng: random.Random | None = None) -> Attempt:
    """Draw the questions at random from the bank (of the exam's topic), in a shuffled order
    with shuffled choices; the clock starts now, on the server."""
    rng = rng or random.SystemRandom()
    # One attempt at a time per person and exam, counted under a lock.
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values("pk"))
    open_attempt = next((a for a in exam.attempts.filter(user=user) if a.is_open), None)
    if open_attempt is not None:
        return open_attempt
    refusal = invigilation_refusal(exam=exam, user=user)
    if refusal is not None:
        raise ValidationError(refusal, code="not_checked_in")
    if attempts_used(exam=exam, user=user) >= exam.max_attempts:
        raise ValidationError(
            _("You have used all %(count)s attempts at this exam.") % {"count": exam.max_attempts}
        )
    pool = exam.bank.questions.all()
    if exam.topic:
        pool = pool.filter(topic=exam.topic)
    ids = list(pool.values_list("pk", flat=True))
    if len(ids) < exam.question_count:
        raise ValidationError(
            _("The question bank has too few questions for this exam; tell the secretariat.")
        )
    drawn = rng.sample(ids, exam.question_count)
    if not exam.shuffle:
        drawn.sort()
    orders = {}
    for question in Question.objects.filter(pk__in=drawn, kind__in=CHOICE_KINDS):
        order = list(range(len(question.choices)))
        if exam.shuffle:
            rng.shuffle(order)
        orders[str(question.pk)] = order
    now = timezone.now()
    attempt = Attempt.objects.create(
        exam=exam,
        user=user,
        started_at=now,
        deadline=now + exam.time_limit,
        question_ids=drawn,
        choice_orders=orders,
    )
    log_action(actor=user, action="training.attempt.start", obj=attempt)
    return attempt


def _normal(text: str) -> str:
    # Full-width letters and digits count as their half-width forms; case and spaces do not.
    return "".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


def score_of(question: Question, response: list) -> Decimal | None:
    """Points for a response; None for a short answer, which a trainer marks."""
    points = Decimal(question.points)
    if question.kind == QuestionKind.SHORT:
        return None
    if question.kind == QuestionKind.FILL_IN:
        given = _normal(response[0]) if response else ""
        accepted = {_normal(text) for text in question.answer}
        return points if given and given in accepted else Decimal(0)
    if question.kind == QuestionKind.TRUE_FALSE:
        return points if response and response[0] == bool(question.answer[0]) else Decimal(0)
    return points if sorted(response) == sorted(question.answer) else Decimal(0)


def read_response(question: Question, values: list[str]) -> list:
    """The form's values for one question as stored: choice indices, a yes/no, or text."""
    values = [value for value in values if value != ""]
    if question.kind in CHOICE_KINDS:
        indices = set()
        for value in values:
            if not value.isdigit() or int(value) >= len(question.choices):
                raise ValidationError(_("An answer was not one of the question's choices."))
            indices.add(int(value))
        if question.kind == QuestionKind.SINGLE and len(indices) > 1:
            raise ValidationError(_("A single-choice question takes one answer."))
        return sorted(indices)
    if question.kind == QuestionKind.TRUE_FALSE:
        if not values:
            return []
        if values[0] not in ("true", "false"):
            raise ValidationError(_("An answer was not one of the question's choices."))
        return [values[0] == "true"]
    text = values[0].strip()[:2000] if values else ""
    return [text] if text else []


class Marked(NamedTuple):
    question: Question
    response: list  # as stored
    points: Decimal | None


def marked(question_ids, questions: dict, responses: dict[int, list[str]]) -> list[Marked]:
    """Each question drawn, in the order shown, with its response and points; ValidationError
    when a response is not one the question takes."""
    out = []
    for pk in question_ids:
        question = questions[pk]
        response = read_response(question, responses.get(pk, []))
        out.append(Marked(question, response, score_of(question, response)))
    return out


def _settle(attempt: Attempt, answers: list[Answer] | None = None) -> None:
    """Score from the answers (all of them: `answers` when they were just saved, else read
    back; anything with `points`); passed is decided once nothing is left to mark."""
    answers = list(attempt.answers.all()) if answers is None else answers
    attempt.score = sum((a.points or Decimal(0) for a in answers), Decimal(0))
    unmarked = any(a.points is None for a in answers)
    attempt.passed = (
        None
        if unmarked
        else (attempt.percent or 0) >= attempt.exam.pass_score and attempt.max_score > 0
    )


@transaction.atomic
def submit_attempt(*, attempt: Attempt, user, responses: dict[int, list[str]], now=None):
    """Answers are accepted only while the time limit (kept by the server) has not passed;
    a late submission stores nothing and says when time ran out."""
    now = now or timezone.now()
    # One statement locks the attempt and asks whether a course or class waits on its result,
    # so that a contest's thousands of submissions ask nothing more of the database than needed.
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("exam")
        .annotate(
            waits_course=Exists(
                Enrolment.objects.filter(
                    user=OuterRef("user"), course__quiz=OuterRef("exam"), completed_at__isnull=True
                )
            ),
            waits_class=Exists(
                ClassEnrolment.objects.filter(
                    user=OuterRef("user"),
                    training_class__exam=OuterRef("exam"),
                    completed_at__isnull=True,
                )
            ),
        )
        .get(pk=attempt.pk)
    )
    if attempt.user_id != user.pk:
        raise ValidationError(_("This attempt is not yours."))
    attempt.user = user  # the same person: the audit entry's name needs no second read
    if attempt.submitted_at is not None:
        raise ValidationError(_("This attempt was already submitted."))
    if now > attempt.deadline + GRACE:
        raise ValidationError(
            _("The time limit passed at %(time)s; answers sent after it are not accepted.")
            % {"time": time_format(timezone.localtime(attempt.deadline), "H:i:s")}
        )
    questions = Question.objects.in_bulk(attempt.question_ids)
    rows = [
        Answer(attempt=attempt, question=question, response=response, points=points)
        for question, response, points in marked(attempt.question_ids, questions, responses)
    ]
    Answer.objects.bulk_create(rows)
    attempt.max_score = sum(question.points for question in questions.values())
    attempt.submitted_at = now
    _settle(attempt, rows)
    attempt.save(update_fields=["submitted_at", "score", "max_score", "passed"])
    log_action(
        actor=user,
        action="training.attempt.submit",
        obj=attempt,
        changes={"score": [None, str(attempt.score)]},
    )
    _after_result(attempt, courses=attempt.waits_course, classes=attempt.waits_class)
    return attempt


@transaction.atomic
def mark_answer(*, actor, answer: Answer, points) -> Answer:
    """A trainer's mark of a short answer (audited: scores never change silently)."""
    answer = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("question", "attempt")
        .get(pk=answer.pk)
    )
    if answer.question.kind != QuestionKind.SHORT:
        raise ValidationError(_("Only short answers are marked by hand."))
    try:
        value = Decimal(str(points))
    except ArithmeticError:
        raise ValidationError(_("Enter the points as a number.")) from None
    if not value.is_finite() or value < 0 or value > answer.question.points:
        raise ValidationError(_("Points run from 0 to %(max)s.") % {"max": answer.question.points})
    before = answer.points
    answer.points = value
    answer.marked_by = actor
    answer.marked_at = timezone.now()
    answer.save(update_fields=["points", "marked_by", "marked_at"])
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("exam")
        .get(pk=answer.attempt_id)
    )
    _settle(attempt)
    attempt.save(update_fields=["score", "passed"])
    log_action(
        actor=actor,
        action="training.answer.mark",
        obj=answer,
        changes={"points": [None if before is None else str(before), str(value)]},
    )
    _after_result(attempt)
    return answer


def _after_result(attempt: Attempt, *, courses: bool = True, classes: bool = True) -> None:
    """A passed quiz may complete a course; a passed exam may complete a class (`courses`,
    `classes`: False when the caller knows no such enrolment waits)."""
    if attempt.passed is None:
        return
    from qualitymonth.training.services.courses import complete_if_done

    if courses:
        for enrolment in attempt.user.course_enrolments.filter(
            course__quiz=attempt.exam, completed_at__isnull=True
        ):
            complete_if_done(enrolment=enrolment)
    from qualitymonth.training.services.classes import complete_class_if_done

    if classes:
        for enrolment in attempt.user.class_enrolments.filter(
            training_class__exam=attempt.exam, completed_at__isnull=True
        ):
            complete_class_if_done(enrolment=enrolment)
