"""Reads of the editing pages: every course (published or not) with its lessons."""

from django.db.models import Count
from django.shortcuts import get_object_or_404

from qualitymonth.training.models import Course, Lesson


def courses_to_edit():
    return Course.objects.annotate(lesson_count=Count("lessons")).order_by("strand", "title", "pk")


def get_course_to_edit(key: str) -> Course:
    return get_object_or_404(Course, key=key)


def lessons_of(course: Course):
    return course.lessons.order_by("position", "pk")


def get_lesson_to_edit(pk) -> Lesson:
    return get_object_or_404(Lesson.objects.select_related("course"), pk=pk)
