"""Enrolling in a course, saving progress from the player, and completing the course."""

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core import certificates
from qualitymonth.core.services import log_action
from qualitymonth.training.models import (
    Course,
    CourseCertificate,
    Enrolment,
    Lesson,
    LessonKind,
    LessonProgress,
)

WATCHED_ENOUGH = 0.9
# A video longer than this is not a lesson: reported durations above it are refused.
LONGEST_VIDEO = 6 * 3600
MOST_RANGES = 500


def enrol(*, user, course: Course) -> Enrolment:
    if not course.is_published:
        raise ValidationError(_("This course is not open for enrolment."))
    enrolment, created = Enrolment.objects.get_or_create(course=course, user=user)
    if created:
        log_action(actor=user, action="training.enrol", obj=enrolment)
    return enrolment


def _merged(ranges: list[list[float]]) -> list[list[float]]:
    merged: list[list[float]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def clean_ranges(raw, duration: float) -> list[list[float]]:
    """[[start, end], …] within the video, or a ValidationError (nothing is saved)."""
    if not isinstance(raw, list) or len(raw) > MOST_RANGES:
        raise ValidationError(_("The player sent progress that cannot be read."))
    ranges = []
    for item in raw:
        if not (isinstance(item, list | tuple) and len(item) == 2):
            raise ValidationError(_("The player sent progress that cannot be read."))
        try:
            start, end = float(item[0]), float(item[1])
        except (TypeError, ValueError):
            raise ValidationError(_("The player sent progress that cannot be read.")) from None
        if not (math.isfinite(start) and math.isfinite(end)) or start < 0 or end < start:
            raise ValidationError(_("The player sent progress that cannot be read."))
        ranges.append([start, min(end, duration)])
    return ranges


def _duration(lesson: Lesson, reported) -> float:
    """The video's length read by the worker, else what the player reports (bounded)."""
    if lesson.duration_seconds:
        return float(lesson.duration_seconds)
    try:
        value = float(reported)
    except (TypeError, ValueError):
        value = 0.0
    if not math.isfinite(value) or value <= 0 or value > LONGEST_VIDEO:
        raise ValidationError(_("The player did not report the video's length."))
    return value


@transaction.atomic
def record_progress(*, enrolment: Enrolment, lesson: Lesson, position, ranges, duration=None):
    """Where the person is in the video and which parts they have played; 90 % played
    completes the lesson. Saved on the server, so another device resumes here."""
    if lesson.course_id != enrolment.course_id or lesson.kind != LessonKind.VIDEO:
        raise ValidationError(_("This lesson has no video."))
    length = _duration(lesson, duration)
    new_ranges = clean_ranges(ranges, length)
    try:
        position = min(max(float(position), 0.0), length)
    except (TypeError, ValueError):
        raise ValidationError(_("The player sent progress that cannot be read.")) from None
    if not math.isfinite(position):
        raise ValidationError(_("The player sent progress that cannot be read."))
    progress, _created = LessonProgress.objects.select_for_update().get_or_create(
        enrolment=enrolment, lesson=lesson
    )
    merged = _merged([*progress.watched_ranges, *new_ranges])
    progress.watched_ranges = merged
    progress.watched_seconds = round(sum(end - start for start, end in merged), 1)
    progress.position_seconds = round(position, 1)
    fields = ["watched_ranges", "watched_seconds", "position_seconds", "updated_at"]
    if progress.completed_at is None and progress.watched_seconds >= WATCHED_ENOUGH * length:
        progress.completed_at = timezone.now()
        fields.append("completed_at")
    progress.save(update_fields=fields)
    if progress.completed_at is not None:
        complete_if_done(enrolment=enrolment)
    return progress


@transaction.atomic
def mark_read(*, enrolment: Enrolment, lesson: Lesson) -> LessonProgress:
    """Text and slides are done when the person says they have read them."""
    if lesson.course_id != enrolment.course_id:
        raise ValidationError(_("This lesson is not part of the course."))
    if lesson.kind == LessonKind.VIDEO:
        # xgettext:no-python-format
        raise ValidationError(_("A video lesson counts once 90 % of it has been watched."))
    progress, _created = LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at", "updated_at"])
    complete_if_done(enrolment=enrolment)
    return progress


def missing_for_completion(enrolment: Enrolment) -> list[str]:
    """What the person still has to do, in words; empty when the course is complete."""
    from qualitymonth.training.services.exams import best_percent

    course = enrolment.course
    missing = []
    lessons = course.lessons.count()
    done = enrolment.progress.filter(completed_at__isnull=False).count()
    if done < lessons:
        missing.append(
            _("%(left)s of %(total)s lessons still to do.")
            % {"left": lessons - done, "total": lessons}
        )
    if course.quiz_id:
        best = best_percent(exam=course.quiz, user=enrolment.user)
        if best is None or best < course.quiz_min_score:
            missing.append(
                _("The quiz needs a score of at least %(score)s %%.")
                % {"score": course.quiz_min_score}
            )
    return missing


@transaction.atomic
def complete_if_done(*, enrolment: Enrolment):
    """Every lesson done and the quiz passed: the course is complete and its certificate is
    issued (once)."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course", "user")
        .get(pk=enrolment.pk)
    )
    if enrolment.completed_at is not None or missing_for_completion(enrolment):
        return None
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    user = enrolment.user
    return certificates.issue(
        CourseCertificate,
        actor=user,
        prefix=f"QC{enrolment.completed_at:%Y}",
        holder_name=str(user),
        audit_name="training.course_certificate",
        enrolment=enrolment,
        course_title=enrolment.course.title,
        hours=enrolment.course.hours,
    )
