"""质课堂 pages: the catalogue, a course, its lessons and the player's progress."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.cache import anonymous_page
from qualitymonth.training import media, selectors
from qualitymonth.training.models import Level, Strand
from qualitymonth.training.services import courses as services
from qualitymonth.training.services.exams import best_percent


def _catalogue_key(request):
    """The filters as the catalogue shows them (core/cache.py): a known strand and level, the
    search words cut to their limit; made-up parameters make no other page."""
    filters = selectors.CatalogueFilters.from_query(request.GET)
    return (filters.strand, filters.level, filters.query)


# Published courses and their lessons (training's tables).
@anonymous_page("training", key=_catalogue_key)
def catalogue(request):
    filters = selectors.CatalogueFilters.from_query(request.GET)
    return render(
        request,
        "training/catalogue.html",
        {
            "courses": selectors.catalogue(filters),
            "filters": filters,
            "strands": Strand.choices,
            "levels": Level.choices,
        },
    )


def course(request, key):
    course = selectors.get_course(key)
    enrolment = selectors.enrolment_of(request.user, course)
    rows = selectors.lessons_with_progress(course, enrolment)
    context = {"course": course, "enrolment": enrolment, "rows": rows}
    if enrolment is not None:
        context["missing"] = services.missing_for_completion(enrolment)
        if course.quiz_id:
            context["quiz_best"] = best_percent(exam=course.quiz, user=request.user)
    return render(request, "training/course.html", context)


@login_required
@require_POST
def enrol(request, key):
    course = selectors.get_course(key)
    try:
        services.enrol(user=request.user, course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are enrolled. Your progress is saved as you go."))
    return redirect(course)


def lesson(request, key, pk):
    course = selectors.get_course(key)
    lesson = selectors.get_lesson(course, pk)
    enrolment = selectors.enrolment_of(request.user, course)
    rows = selectors.lessons_with_progress(course, enrolment)
    progress = next((row.progress for row in rows if row.lesson.pk == lesson.pk), None)
    return render(
        request,
        "training/lesson.html",
        {
            "course": course,
            "lesson": lesson,
            "enrolment": enrolment,
            "progress": progress,
            "rows": rows,
        },
    )


@login_required
@require_POST
def lesson_done(request, key, pk):
    course = selectors.get_course(key)
    lesson = selectors.get_lesson(course, pk)
    enrolment = selectors.enrolment_of(request.user, course)
    if enrolment is None:
        messages.error(request, _("Enrol in the course first; it is free."))
        return redirect(course)
    try:
        services.mark_read(enrolment=enrolment, lesson=lesson)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Lesson done."))
    return redirect(lesson)


@require_POST
def progress(request, pk):
    """The player's report (JSON): where the person is and which parts they have played."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": _("Sign in to save your progress.")}, status=401)
    lesson = selectors.get_public_lesson(pk)
    enrolment = selectors.enrolment_of(request.user, lesson.course)
    if enrolment is None:
        return JsonResponse({"detail": _("Enrol in the course first; it is free.")}, status=403)
    try:
        body = json.loads(request.body or b"{}")
        if not isinstance(body, dict):
            raise ValueError
        saved = services.record_progress(
            enrolment=enrolment,
            lesson=lesson,
            position=body.get("position", 0),
            ranges=body.get("ranges", []),
            duration=body.get("duration"),
        )
    except (ValueError, UnicodeDecodeError):
        return JsonResponse(
            {"detail": _("The player sent progress that cannot be read.")}, status=400
        )
    except ValidationError as error:
        return JsonResponse({"detail": " ".join(error.messages)}, status=400)
    return JsonResponse(
        {
            "position": saved.position_seconds,
            "watched": saved.watched_seconds,
            "done": saved.completed_at is not None,
        }
    )


def video(request, pk):
    lesson = selectors.get_public_lesson(pk)
    if not lesson.video:
        raise Http404
    try:
        return media.ranged_response(request, lesson.video, lesson.video_type or "video/mp4")
    except FileNotFoundError:
        raise Http404 from None


def poster(request, pk):
    lesson = selectors.get_public_lesson(pk)
    if not lesson.poster:
        raise Http404
    try:
        return media.ranged_response(request, lesson.poster, "image/jpeg")
    except FileNotFoundError:
        raise Http404 from None


def document(request, pk):
    lesson = selectors.get_public_lesson(pk)
    if not lesson.document:
        raise Http404
    try:
        response = media.ranged_response(
            request, lesson.document, lesson.document_type or "application/pdf"
        )
    except FileNotFoundError:
        raise Http404 from None
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def mine(request):
    """我的学习: every course and class of the person, with hours and certificates."""
    from qualitymonth.training.selectors_record import learning_record

    return render(request, "training/mine.html", learning_record(request.user))


@login_required
def certificate(request, serial):
    """The holder's certificate: what it certifies and the QR code of its public verification
    page, for a stranger to scan."""
    from django.utils.safestring import mark_safe

    from qualitymonth.core import certificates

    found = certificates.find(serial)
    holder = getattr(found, "holder_id", None) or _holder_of(found)
    if found is None or holder != request.user.pk:
        raise Http404
    url = certificates.verification_url(found, request)
    return render(
        request,
        "training/certificate.html",
        # segno's SVG: made by us from our own URL, nothing of the user's in it.
        {"certificate": found, "verify_url": url, "qr": mark_safe(certificates.qr_svg(url))},
    )


def _holder_of(certificate):
    entry = getattr(certificate, "entry", None)  # a contest's: the entrant
    if entry is not None:
        return entry.attempt.user_id
    enrolment = getattr(certificate, "enrolment", None)
    return getattr(enrolment, "user_id", None)
