"""A trainer's view of an exam: the attempts and each question's difficulty and
discrimination, aggregated by the database."""

from dataclasses import dataclass

from django.db.models import Avg, Count, F, FloatField, Q
from django.db.models.functions import Cast

from qualitymonth.training.models import Answer, Attempt, Exam, Question

# Classical item analysis compares the top and bottom 27 % of the candidates.
GROUP_SHARE = 0.27


@dataclass
class ItemRow:
    question: Question
    answered: int
    difficulty: float | None  # share of the points scored: 1.0 easy, 0.0 hard
    discrimination: float | None  # upper group's share minus the lower group's


def exam_attempts(exam: Exam):
    return (
        Attempt.objects.filter(exam=exam, submitted_at__isnull=False)
        .select_related("user")
        .order_by("-score", "submitted_at", "pk")
    )


def awaiting_marking(exam: Exam):
    return (
        Answer.objects.filter(
            attempt__exam=exam, points__isnull=True, attempt__submitted_at__isnull=False
        )
        .select_related("question", "attempt__user")
        .order_by("attempt__submitted_at", "pk")
    )


def item_statistics(exam: Exam) -> list[ItemRow]:
    ranked = list(
        Attempt.objects.filter(exam=exam, passed__isnull=False)
        .order_by("-score", "pk")
        .values_list("pk", flat=True)
    )
    size = max(1, round(len(ranked) * GROUP_SHARE)) if ranked else 0
    upper, lower = ranked[:size], ranked[-size:] if size else []
    share = Avg(Cast(F("points"), FloatField()) / Cast(F("question__points"), FloatField()))
    rows = (
        Answer.objects.filter(attempt__exam=exam, points__isnull=False)
        .values("question_id")
        .annotate(
            answered=Count("pk"),
            difficulty=share,
            upper=Avg(
                Cast(F("points"), FloatField()) / Cast(F("question__points"), FloatField()),
                filter=Q(attempt_id__in=upper),
            ),
            lower=Avg(
                Cast(F("points"), FloatField()) / Cast(F("question__points"), FloatField()),
                filter=Q(attempt_id__in=lower),
            ),
        )
    )
    by_question = {row["question_id"]: row for row in rows}
    questions = Question.objects.filter(pk__in=by_question).order_by("pk")
    result = []
    for question in questions:
        row = by_question[question.pk]
        discrimination = None
        if row["upper"] is not None and row["lower"] is not None and len(ranked) >= 2:
            discrimination = round(row["upper"] - row["lower"], 2)
        result.append(
            ItemRow(
                question=question,
                answered=row["answered"],
                difficulty=None if row["difficulty"] is None else round(row["difficulty"], 2),
                discrimination=discrimination,
            )
        )
    return result


def exams_marked_by(user):
    exams = Exam.objects.all() if user.has_perm("training.manage") else user.exams_marked.all()
    return exams.annotate(
        submitted=Count("attempts", filter=Q(attempts__submitted_at__isnull=False), distinct=True),
        unmarked=Count(
            "attempts__answers",
            filter=Q(attempts__answers__points__isnull=True, attempts__submitted_at__isnull=False),
            distinct=True,
        ),
    ).order_by("title", "pk")
