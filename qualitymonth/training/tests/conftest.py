"""Training fixtures: a course with a video and a text lesson and a quiz from a small bank."""

import datetime
from decimal import Decimal

import pytest

from conftest import make_person
from qualitymonth.training.models import (
    ClassSession,
    Course,
    Exam,
    Lesson,
    LessonKind,
    Question,
    QuestionBank,
    TrainingClass,
)

QUESTIONS = [
    {"kind": "single", "text": "PDCA中的C是？", "choices": ["计划", "执行", "检查"], "answer": [2]},
    {
        "kind": "multiple",
        "text": "哪些是QC工具？",
        "choices": ["因果图", "排列图", "股价"],
        "answer": [0, 1],
    },
    {"kind": "true_false", "text": "ISO 9001是质量管理体系标准。", "answer": [True]},
    {"kind": "fill_in", "text": "全面质量管理的缩写是____。", "answer": ["TQMSECRET"]},
]


@pytest.fixture
def bank(db):
    bank = QuestionBank.objects.create(title="测试题库")
    for item in QUESTIONS:
        Question.objects.create(bank=bank, **item)
    return bank


@pytest.fixture
def quiz(bank):
    return Exam.objects.create(
        title="随堂测验", bank=bank, question_count=4, time_limit_minutes=10, max_attempts=2
    )


@pytest.fixture
def course(quiz):
    course = Course.objects.create(
        key="basics",
        title="质量基础",
        strand="basics",
        level="introductory",
        hours=Decimal("2.0"),
        quiz=quiz,
        quiz_min_score=75,
    )
    Lesson.objects.create(
        course=course, position=1, title="视频课", kind=LessonKind.VIDEO, duration_seconds=100
    )
    Lesson.objects.create(
        course=course, position=2, title="文字课", kind=LessonKind.TEXT, body="正文"
    )
    return course


@pytest.fixture
def trainee(db):
    return make_person("trainee")


@pytest.fixture
def trainer(db):
    return make_person("trainer")


def answer_all(attempt, *, right: bool = True) -> dict[int, list[str]]:
    """Form values answering every question of the attempt, rightly or wrongly."""
    responses = {}
    for pk in attempt.question_ids:
        question = Question.objects.get(pk=pk)
        if question.kind in ("single", "multiple"):
            values = (
                [str(i) for i in question.answer] if right else [str(len(question.choices) - 1)]
            )
            if not right and question.kind == "single":
                values = ["0"]
        elif question.kind == "true_false":
            values = ["true" if question.answer[0] == right else "false"]
        elif question.kind == "fill_in":
            values = [question.answer[0] if right else "nothing"]
        else:
            values = ["一段回答"]
        responses[pk] = values
    return responses


@pytest.fixture
def training_class(trainer):
    training_class = TrainingClass.objects.create(
        key="cqo", title="首席质量官培训班", capacity=2, hours=Decimal("24")
    )
    training_class.trainers.add(trainer)
    start = datetime.datetime(2026, 9, 1, 9, tzinfo=datetime.UTC)
    for day in range(5):
        ClassSession.objects.create(
            training_class=training_class,
            title=f"第{day + 1}讲",
            starts_at=start + datetime.timedelta(days=day),
            ends_at=start + datetime.timedelta(days=day, hours=3),
        )
    return training_class
