"""Taking exams and quizzes; trainers' results, item statistics and marking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.permissions import permission_required, require_perm_or_404
from qualitymonth.training import selectors, selectors_exams
from qualitymonth.training.models import Answer, Exam
from qualitymonth.training.services import exams as services
from qualitymonth.training.services import submission_fast


@login_required
def exam(request, pk):
    exam = selectors.get_exam_for(request.user, pk)
    exam = exam if exam.invigilated_at_id is None else selectors.with_session(exam)
    if request.method == "POST":
        if not selectors.may_take(request.user, exam):
            messages.error(
                request, _("This exam is for the people enrolled in its course or class.")
            )
            return redirect(exam)
        try:
            attempt = services.start_attempt(exam=exam, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(exam)
        return redirect(attempt)
    attempts = exam.attempts.filter(user=request.user)
    return render(
        request,
        "training/exam.html",
        {
            "exam": exam,
            "attempts": attempts,
            "left": max(exam.max_attempts - len(attempts), 0),
            "may_take": selectors.may_take(request.user, exam),
            "invigilation": services.invigilation_refusal(exam=exam, user=request.user),
        },
    )


@login_required
def attempt(request, pk):
    # A contest's thousands of submissions take the short way; anything it leaves (not
    # PostgreSQL, a refusal to explain, a course waiting on the result) is decided below.
    if request.method == "POST" and submission_fast.submit(
        pk=pk, user=request.user, form=request.POST
    ):
        messages.success(request, _("Your answers were submitted."))
        return redirect("training:attempt", pk)
    attempt = selectors.get_own_attempt(request.user, pk)
    status = 200
    if request.method == "POST" and attempt.submitted_at is None:
        responses = {
            question_pk: request.POST.getlist(f"q{question_pk}")
            for question_pk in attempt.question_ids
        }
        try:
            services.submit_attempt(attempt=attempt, user=request.user, responses=responses)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            attempt.refresh_from_db()
            status = 400
        else:
            messages.success(request, _("Your answers were submitted."))
            return redirect(attempt)
    if attempt.submitted_at is None and attempt.is_open and status == 200:
        return render(
            request,
            "training/attempt_take.html",
            {"attempt": attempt, "questions": selectors.questions_shown(attempt)},
        )
    return render(
        request,
        "training/attempt_result.html",
        {"attempt": attempt, "answers": selectors.attempt_review(attempt)},
        status=status,
    )


@permission_required("training.mark_some_exam")
def marking(request):
    return render(
        request,
        "training/marking.html",
        {"exams": selectors_exams.exams_marked_by(request.user)},
    )


@login_required
def exam_results(request, pk):
    exam = get_object_or_404(Exam, pk=pk)
    require_perm_or_404(request.user, "training.mark_exam", exam)
    return render(
        request,
        "training/exam_results.html",
        {
            "exam": exam,
            "attempts": selectors_exams.exam_attempts(exam),
            "items": selectors_exams.item_statistics(exam),
            "unmarked": selectors_exams.awaiting_marking(exam),
        },
    )


@login_required
@require_POST
def mark(request, pk):
    answer = get_object_or_404(Answer.objects.select_related("attempt__exam"), pk=pk)
    exam = answer.attempt.exam
    require_perm_or_404(request.user, "training.mark_exam", exam)
    try:
        services.mark_answer(actor=request.user, answer=answer, points=request.POST.get("points"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Mark saved."))
    return redirect("training:exam_results", exam.pk)
