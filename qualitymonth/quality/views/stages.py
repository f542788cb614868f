"""Staged programs: the stages in order, each stage's entries and (for those allowed) its
scores, opening and closing stages, entering a result, and the national outcomes."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.cache import anonymous_page
from qualitymonth.core.permissions import permission_required
from qualitymonth.quality import selectors
from qualitymonth.quality.forms import StagedProgramForm, StageFormSet
from qualitymonth.quality.services import stages as services


# Staged programs and their stages (quality's tables), with awards' programs and rounds.
@anonymous_page("quality", "awards")
def programs(request):
    return render(
        request,
        "quality/programs.html",
        {
            "programs": selectors.staged_programs(),
            "can_manage": request.user.has_perm("quality.manage"),
        },
    )


@permission_required("quality.manage")
def program_new(request):
    """The secretariat sets up a program in stages: each stage's name, level, quota, scoring
    table and whether it needs a public notice; nothing is made unless every stage is right."""
    form = StagedProgramForm(request.POST or None)
    stage_forms = StageFormSet(request.POST or None, prefix="stage")
    if request.method == "POST" and form.is_valid() and stage_forms.is_valid():
        specs = [
            {
                "name": row["name"],
                "level": row["level"],
                "quota": row["quota"],
                "rubric": row["rubric"],
                "needs_notice": row["needs_notice"],
            }
            for row in stage_forms.cleaned_data
            if row and row.get("quota")
        ]
        data = form.cleaned_data
        closes_at = timezone.make_aware(
            datetime.datetime.combine(data["closes_at"], datetime.time(23, 59))
        )
        try:
            staged = services.create_staged_program(
                actor=request.user,
                program=data["program"],
                year=data["year"],
                title=data["title"],
                stages=specs,
                closes_at=closes_at,
                share_scores=data["share_scores"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The program is set up; open its first stage when ready."))
            return redirect(staged)
    return render(
        request,
        "quality/program_form.html",
        {"form": form, "stage_forms": stage_forms},
        status=400 if request.method == "POST" else 200,
    )


def program(request, pk):
    staged = selectors.get_staged_program(pk)
    return render(
        request,
        "quality/program.html",
        {
            "program": staged,
            "stages": staged.stages.all(),
            "recommended": selectors.recommended_list(staged),
            "can_manage": request.user.has_perm("quality.manage"),
        },
    )


def stage(request, pk):
    stage = selectors.get_stage(pk)
    return render(
        request,
        "quality/stage.html",
        {
            "stage": stage,
            "entries": selectors.stage_entries(stage),
            "ranking": selectors.stage_ranking(request.user, stage),
            "results": selectors.results_to_enter(request.user, stage)
            if request.user.is_authenticated
            else [],
            "can_manage": request.user.has_perm("quality.manage"),
        },
    )


def _secretariat_step(request, pk, step, done: str):
    if not request.user.has_perm("quality.manage"):
        raise PermissionDenied
    stage = selectors.get_stage(pk)
    try:
        step(actor=request.user, stage=stage)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(stage)


@login_required
@require_POST
def open_stage(request, pk):
    return _secretariat_step(request, pk, services.open_stage, _("The stage is open."))


@login_required
@require_POST
def close_stage(request, pk):
    return _secretariat_step(request, pk, services.close_stage, _("The stage is closed."))


@login_required
@require_POST
def enter_result(request, pk):
    stage = selectors.get_stage(pk)
    value = request.POST.get("result", "")
    result = selectors.get_result(
        request.user, int(value) if value.isdigit() else 0, perm="quality.edit_record"
    )
    try:
        services.apply_with_result(actor=request.user, result=result, stage=stage)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The result is entered."))
    return redirect(stage)


@login_required
@require_POST
def record_outcome(request, pk):
    if not request.user.has_perm("quality.manage"):
        raise PermissionDenied
    outcome = selectors.get_outcome(pk)
    try:
        services.record_outcome(
            actor=request.user,
            outcome=outcome,
            awarded=request.POST.get("awarded") == "yes",
            grade=request.POST.get("grade", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The national outcome is recorded."))
    return redirect(outcome.program)
