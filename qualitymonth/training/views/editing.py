"""Editing pages for the secretariat and trainers: courses with their lessons (videos
uploaded here, checked by content), classes with their sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from qualitymonth.core.permissions import permission_required
from qualitymonth.training import media, selectors_classes, selectors_editing
from qualitymonth.training.forms import ClassForm, CourseForm, LessonForm, SessionForm
from qualitymonth.training.models import ClassSession, Lesson, TrainingClass
from qualitymonth.training.services import editing as services


def _errors_on(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@permission_required("training.edit_courses")
def courses(request):
    return render(
        request,
        "training/edit_courses.html",
        {"courses": selectors_editing.courses_to_edit()},
    )


@permission_required("training.edit_courses")
def course_form(request, key=None):
    course = selectors_editing.get_course_to_edit(key) if key else None
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        course = services.save_course(actor=request.user, course=form.save(commit=False))
        messages.success(request, _("Course saved."))
        return redirect("training:edit_course", course.key)
    return render(
        request,
        "training/edit_course.html",
        {
            "form": form,
            "course": course,
            "lessons": selectors_editing.lessons_of(course) if course else [],
        },
    )


@permission_required("training.edit_courses")
def lesson_form(request, key, pk=None):
    course = selectors_editing.get_course_to_edit(key)
    lesson = get_object_or_404(course.lessons, pk=pk) if pk else Lesson(course=course)
    if pk is None and not request.POST:
        lesson.position = course.lessons.count() + 1
    form = LessonForm(request.POST or None, request.FILES or None, instance=lesson)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_lesson(
                actor=request.user,
                lesson=form.save(commit=False),
                video=form.cleaned_data.get("video_file"),
                document=form.cleaned_data.get("document_file"),
            )
        except ValidationError as error:
            field = "video_file" if request.FILES.get("video_file") else None
            form.add_error(field, error.messages)
        else:
            messages.success(request, _("Lesson saved."))
            return redirect("training:edit_course", course.key)
    return render(
        request,
        "training/edit_lesson.html",
        {
            "form": form,
            "course": course,
            "lesson": lesson if lesson.pk else None,
            # The resumable upload of a large video (views/uploads.py), once the lesson exists.
            "video_chunk_bytes": media.video_chunk_bytes(),
            "video_limit_mb": media.max_video_bytes() // (1024 * 1024),
        },
        status=400 if form.errors else 200,
    )


@permission_required("training.add_class")
def class_new(request):
    return _class_form(request, TrainingClass())


@login_required
def class_edit(request, key):
    training_class = selectors_classes.get_class_run_by(request.user, key)
    return _class_form(request, training_class)


def _class_form(request, training_class):
    form = ClassForm(request.POST or None, instance=training_class)
    if request.method == "POST" and form.is_valid():
        trainers = form.cleaned_data["trainer_names"]
        saved = services.save_class(
            actor=request.user, training_class=form.save(commit=False), trainers=trainers
        )
        messages.success(request, _("Class saved."))
        return redirect("training:roster", saved.key)
    return render(
        request,
        "training/edit_class.html",
        {"form": form, "training_class": training_class if training_class.pk else None},
        status=400 if form.errors else 200,
    )


@login_required
def session_form(request, key, pk=None):
    training_class = selectors_classes.get_class_run_by(request.user, key)
    session = (
        get_object_or_404(training_class.sessions, pk=pk)
        if pk
        else ClassSession(training_class=training_class)
    )
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        services.save_session(actor=request.user, session=form.save(commit=False))
        messages.success(request, _("Session saved."))
        return redirect("training:roster", training_class.key)
    return render(
        request,
        "training/edit_session.html",
        {"form": form, "training_class": training_class, "session": session if pk else None},
        status=400 if form.errors else 200,
    )
