"""A contest's submission on PostgreSQL in two statements.

When a contest closes, thousands of entrants submit in the same minutes, and through the ORM
each submission cost the worker more CPU building SQL (a view's read, the lock, the
questions, the answers, the attempt, the audit entry) than the database spent on it, in
seven round trips. Here:

1. one statement reads what scoring needs: whether the attempt was submitted, the exam's
   title and pass mark, whether a course or class waits on the result, and the questions
   drawn;
2. one statement marks the attempt submitted only if it still is not and its time limit
   (with the grace) has not passed at `now`, and, only when it did, saves the answers and
   the audit entry. Its UPDATE locks the attempt's row: a second submission of the same
   attempt waits for the first, then finds it submitted and writes nothing (one submission
   per attempt). Being one statement, it needs no transaction of its own.

Scoring is services/exams.py's own (`marked`, `_settle`). Anything out of the ordinary (not
the person's attempt, already submitted, past the time limit, a response the question does
not take, a question deleted, a course or class waiting on the result) writes nothing here:
the caller submits the usual way, which decides again under its lock and names the reason.
"""

import functools
import json
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from qualitymonth.core.models import AuditEntry
from qualitymonth.core.prepared import prepared_cursor
from qualitymonth.training.models import (
    Answer,
    Attempt,
    ClassEnrolment,
    Course,
    Enrolment,
    Exam,
    Question,
    TrainingClass,
)
from qualitymonth.training.models.exams import GRACE
from qualitymonth.training.services.exams import _settle, marked

ACTION = "training.attempt.submit"

READ = """
SELECT a.submitted_at, a.question_ids::text, a.exam_id, e.title, e.pass_score,
    EXISTS (SELECT 1 FROM {enrolment} en JOIN {course} c ON c.id = en.course_id
        WHERE en.user_id = a.user_id AND c.quiz_id = a.exam_id AND en.completed_at IS NULL)
    OR EXISTS (SELECT 1 FROM {class_enrolment} ce JOIN {training_class} t
        ON t.id = ce.training_class_id
        WHERE ce.user_id = a.user_id AND t.exam_id = a.exam_id AND ce.completed_at IS NULL),
    (SELECT json_agg(json_build_array(q.id, q.kind, q.choices, q.answer, q.points))::text
        FROM {question} q
        WHERE q.id IN (SELECT value::bigint FROM jsonb_array_elements_text(a.question_ids)))
FROM {attempt} a JOIN {exam} e ON e.id = a.exam_id
WHERE a.id = %s AND a.user_id = %s
"""
WRITE = """
WITH scored AS (
    UPDATE {attempt} SET submitted_at = %s, score = %s, max_score = %s, passed = %s
    WHERE id = %s AND submitted_at IS NULL AND deadline + %s >= %s
    RETURNING id
), answers AS (
    INSERT INTO {answer} (attempt_id, question_id, response, points)
    SELECT scored.id, t.question, t.response::jsonb, t.points::numeric
    FROM scored, unnest(%s::bigint[], %s::text[], %s::text[]) AS t(question, response, points)
), audit AS (
    INSERT INTO {audit} (created_at, actor_id, action, content_type_id, object_id,
        object_repr, changes)
    SELECT %s, %s, %s, %s, %s, %s, %s::jsonb FROM scored
)
SELECT id FROM scored
"""


def available() -> bool:
    return connection.vendor == "postgresql"


@functools.cache
def _sql() -> tuple[str, str]:
    tables = {
        "attempt": Attempt._meta.db_table,
        "exam": Exam._meta.db_table,
        "question": Question._meta.db_table,
        "answer": Answer._meta.db_table,
        "enrolment": Enrolment._meta.db_table,
        "course": Course._meta.db_table,
        "class_enrolment": ClassEnrolment._meta.db_table,
        "training_class": TrainingClass._meta.db_table,
        "audit": AuditEntry._meta.db_table,
    }
    return READ.format(**tables), WRITE.format(**tables)


class Drawn(NamedTuple):
    """A question as scoring reads it (no model instance: ten of them a submission)."""

    pk: int
    kind: str
    choices: list
    answer: list
    points: int


def _score(row, user, pk: int, form, now) -> tuple[Attempt, list] | None:
    """The attempt scored from the row read, or None when the usual way must decide."""
    submitted_at, question_ids, exam_id, title, pass_score, waits, found = row
    if submitted_at is not None or waits:
        return None
    questions = {item[0]: Drawn(*item) for item in json.loads(found or "[]")}
    question_ids = json.loads(question_ids)
    if not questions.keys() >= set(question_ids):
        return None  # a question drawn was deleted since
    responses = {qpk: form.getlist(f"q{qpk}") for qpk in question_ids}
    try:
        answers = marked(question_ids, questions, responses)
    except ValidationError:  # a response the question does not take
        return None
    attempt = Attempt(pk=pk, exam=Exam(pk=exam_id, title=title, pass_score=pass_score), user=user)
    attempt.max_score = sum(question.points for question in questions.values())
    attempt.submitted_at = now
    _settle(attempt, answers)
    return attempt, answers


def _write_params(attempt: Attempt, answers) -> list:
    return [
        attempt.submitted_at,
        attempt.score,
        attempt.max_score,
        attempt.passed,
        attempt.pk,
        GRACE,
        attempt.submitted_at,
        [answer.question.pk for answer in answers],
        [json.dumps(answer.response) for answer in answers],
        [None if answer.points is None else str(answer.points) for answer in answers],
        timezone.now(),
        attempt.user.pk,
        ACTION,
        ContentType.objects.get_for_model(Attempt).pk,
        str(attempt.pk),
        str(attempt)[:300],
        json.dumps({"score": [None, str(attempt.score)]}),
    ]


def submit(*, pk: int, user, form, now=None) -> bool:
    """Save and score `user`'s answers (`form`: the posted QueryDict) to attempt `pk`; False
    when nothing was written and the caller must submit the usual way."""
    if not available():
        return False
    read, write = _sql()
    with prepared_cursor() as cursor:
        cursor.execute(read, [pk, user.pk])
        row = cursor.fetchone()
        # The server's clock, read as the answers arrive: the statement refuses them past
        # the time limit (and its grace).
        scored = row and _score(row, user, pk, form, now or timezone.now())
        if not scored:
            return False
        cursor.execute(write, _write_params(*scored))
        return cursor.fetchone() is not None
