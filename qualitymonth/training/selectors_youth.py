"""Reads of 质成长: the school classes a teacher enrols, their students and enrolments."""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404

from qualitymonth.organizations.models import Unit, UnitKind
from qualitymonth.organizations.selectors import staff_unit_ids
from qualitymonth.training.models import Course, SchoolClass, StudentEnrolment, TrainingClass


def schools_of(user):
    """The schools a teacher acts for (every school for the secretariat)."""
    schools = Unit.objects.filter(kind=UnitKind.SCHOOL)
    if user.has_perm("training.manage"):
        return schools
    return schools.filter(pk__in=staff_unit_ids(user))


def school_classes_of(user):
    return (
        SchoolClass.objects.filter(school__in=schools_of(user))
        .select_related("school")
        .annotate(student_count=Count("students", distinct=True))
        .order_by("school__name", "name", "pk")
    )


def get_school_class_for(user, pk) -> SchoolClass:
    """Another school's class answers 404."""
    school_class = get_object_or_404(SchoolClass.objects.select_related("school"), pk=pk)
    if not user.has_perm("training.teach_school_class", school_class):
        raise Http404
    return school_class


def students_of(school_class: SchoolClass):
    return school_class.students.order_by("name", "pk")


def enrolments_of(school_class: SchoolClass):
    return (
        StudentEnrolment.objects.filter(school_class=school_class)
        .select_related("student", "course", "training_class")
        .order_by("course__title", "training_class__title", "student__name", "pk")
    )


def open_courses():
    return Course.objects.filter(is_published=True).order_by("strand", "title", "pk")


def open_classes():
    return TrainingClass.objects.filter(is_published=True).order_by("-created_at", "pk")
