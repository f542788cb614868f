"""Reads of courses, lessons, progress, exams and the trainee's record (我的学习)."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from qualitymonth.training.models import (
    Attempt,
    ClassEnrolment,
    Course,
    Enrolment,
    Exam,
    Lesson,
    LessonProgress,
    Level,
    Question,
    Strand,
)


@dataclass
class CatalogueFilters:
    strand: str = ""
    level: str = ""
    query: str = ""

    @classmethod
    def from_query(cls, params) -> "CatalogueFilters":
        strand = params.get("strand", "")
        level = params.get("level", "")
        return cls(
            strand=strand if strand in Strand.values else "",
            level=level if level in Level.values else "",
            query=(params.get("q") or "").strip()[:100],
        )


def catalogue(filters: CatalogueFilters):
    courses = Course.objects.filter(is_published=True).annotate(lesson_count=Count("lessons"))
    if filters.strand:
        courses = courses.filter(strand=filters.strand)
    if filters.level:
        courses = courses.filter(level=filters.level)
    if filters.query:
        courses = courses.filter(
            Q(title__icontains=filters.query) | Q(title_en__icontains=filters.query)
        )
    return courses.order_by("strand", "title", "pk")


def get_course(key: str) -> Course:
    return get_object_or_404(Course.objects.select_related("quiz"), key=key, is_published=True)


def get_lesson(course: Course, pk) -> Lesson:
    return get_object_or_404(course.lessons.all(), pk=pk)


def get_public_lesson(pk) -> Lesson:
    return get_object_or_404(
        Lesson.objects.select_related("course"), pk=pk, course__is_published=True
    )


def enrolment_of(user, course: Course) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(course=course, user=user).first()


@dataclass
class LessonRow:
    lesson: Lesson
    progress: LessonProgress | None = None

    @property
    def done(self) -> bool:
        return self.progress is not None and self.progress.completed_at is not None


def lessons_with_progress(course: Course, enrolment: Enrolment | None) -> list[LessonRow]:
    progress = {}
    if enrolment is not None:
        progress = {p.lesson_id: p for p in enrolment.progress.all()}
    return [LessonRow(lesson, progress.get(lesson.pk)) for lesson in course.lessons.all()]


def progress_of(enrolment: Enrolment | None, lesson: Lesson) -> LessonProgress | None:
    if enrolment is None:
        return None
    return enrolment.progress.filter(lesson=lesson).first()


def may_take(user, exam: Exam) -> bool:
    """Open exams: anyone signed in; others: people enrolled in a course or class using it."""
    if not user.is_authenticated:
        return False
    if exam.is_open:
        return True
    return (
        Enrolment.objects.filter(user=user, course__quiz=exam).exists()
        or ClassEnrolment.objects.filter(
            user=user, training_class__exam=exam, registration__status="confirmed"
        ).exists()
    )


def get_exam_for(user, pk) -> Exam:
    exam = get_object_or_404(Exam.objects.select_related("bank"), pk=pk)
    if not may_take(user, exam) and not user.has_perm("training.mark_exam", exam):
        from django.http import Http404

        raise Http404
    return exam


def with_session(exam: Exam) -> Exam:
    """The exam with the session it is invigilated at (read once for the page)."""
    return Exam.objects.select_related("bank", "invigilated_at").get(pk=exam.pk)


def get_own_attempt(user, pk) -> Attempt:
    return get_object_or_404(Attempt.objects.select_related("exam"), pk=pk, user_id=user.pk)


@dataclass
class ShownQuestion:
    """A question as the person taking the exam sees it: the text and the choices in the
    attempt's order, and nothing of the answer."""

    number: int
    pk: int
    kind: str
    text: str
    choices: list[tuple[int, str]] = field(default_factory=list)


def questions_shown(attempt: Attempt) -> list[ShownQuestion]:
    questions = Question.objects.only("pk", "kind", "text", "choices").in_bulk(attempt.question_ids)
    shown = []
    for number, pk in enumerate(attempt.question_ids, start=1):
        question = questions[pk]
        order = attempt.choice_orders.get(str(pk), [])
        shown.append(
            ShownQuestion(
                number=number,
                pk=pk,
                kind=question.kind,
                text=question.text,
                choices=[(index, question.choices[index]) for index in order],
            )
        )
    return shown


def attempt_review(attempt: Attempt):
    """After submission: each answer with its question (and the correct answer)."""
    answers = {a.question_id: a for a in attempt.answers.select_related("question")}
    return [answers[pk] for pk in attempt.question_ids if pk in answers]


def my_courses(user):
    return (
        Enrolment.objects.filter(user=user)
        .select_related("course", "certificate")
        .annotate(
            done=Count("progress", filter=Q(progress__completed_at__isnull=False)),
        )
        .order_by("-enrolled_at")
    )


def my_classes(user):
    return (
        ClassEnrolment.objects.filter(user=user)
        # A class completed stays, whatever became of its ticket afterwards.
        .exclude(registration__status__in=["cancelled", "declined"], completed_at__isnull=True)
        .select_related("training_class", "certificate", "registration")
        .annotate(attended_count=Count("attended", distinct=True))
        .order_by("-enrolled_at")
    )


def lesson_counts(course_ids) -> dict[int, int]:
    rows = (
        Lesson.objects.filter(course_id__in=course_ids)
        .values("course_id")
        .annotate(n=Count("pk"))
        .values_list("course_id", "n")
    )
    return dict(rows)


def training_figures(year: int | None = None) -> dict:
    """The front door for other apps (the figures pages, the yearly digest)."""
    from qualitymonth.training.selectors_figures import training_figures as figures

    return figures(year)


def class_attendance_of_units(unit_ids, *, year: int | None = None) -> list[dict]:
    """For other apps (a member unit's timeline and participation): each class a unit's
    people attended (in `year`, when given), with the day of its last attended session —
    {"at", "title", "class_key", "unit_id", "people"}, newest first."""
    from django.db.models import Max

    from qualitymonth.training.models import SessionAttendance

    attended = SessionAttendance.objects.filter(enrolment__unit_id__in=list(unit_ids))
    if year is not None:
        attended = attended.filter(session__starts_at__year=year)
    rows = (
        attended.values(
            "enrolment__training_class__key",
            "enrolment__training_class__title",
            "enrolment__unit_id",
        )
        .annotate(at=Max("session__starts_at"), people=Count("enrolment", distinct=True))
        .order_by("-at")
    )
    return [
        {
            "at": row["at"],
            "title": row["enrolment__training_class__title"],
            "class_key": row["enrolment__training_class__key"],
            "unit_id": row["enrolment__unit_id"],
            "people": row["people"],
        }
        for row in rows
    ]
