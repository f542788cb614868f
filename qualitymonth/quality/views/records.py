"""Self-assessments against GB/T 19580 and the benefits results claim."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.permissions import permission_required
from qualitymonth.quality import selectors
from qualitymonth.quality.data.rubric_templates import EXCELLENCE, ITEMS
from qualitymonth.quality.models import Benefit, BenefitKind
from qualitymonth.quality.rules import reviewed_programs
from qualitymonth.quality.services import records as services
from qualitymonth.quality.services.records import BENEFIT_UNITS


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _rows(assessment=None):
    """The 19580 items grouped by category, with what is saved so far."""
    saved = {item.code: item for item in assessment.items.all()} if assessment else {}
    return [
        {
            "code": code,
            "name": name,
            "cap": cap,
            "items": [
                {"code": c, "name": n, "max": points, "saved": saved.get(c)}
                for c, n, _e, points in items
            ],
        }
        for code, name, _en, cap, items in EXCELLENCE
    ]


def _items_from(post) -> dict:
    return {
        code: {
            "points": post.get(f"points_{code}", ""),
            "strengths": post.get(f"strengths_{code}", ""),
            "improvements": post.get(f"improvements_{code}", ""),
        }
        for code in ITEMS
        if f"points_{code}" in post
    }


@permission_required("quality.keep_records")
def assessment_new(request):
    enterprises = selectors.enterprises_kept_by(request.user)
    if request.method == "POST":
        enterprise = enterprises.filter(pk=request.POST.get("enterprise") or 0).first()
        year = request.POST.get("year", "")
        if enterprise is None or not year.isdigit():
            messages.error(request, _("Choose the enterprise and the year."))
        else:
            try:
                assessment = services.save_self_assessment(
                    actor=request.user,
                    enterprise=enterprise,
                    year=int(year),
                    items=_items_from(request.POST),
                )
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("The self-assessment is saved."))
                return redirect(assessment)
    return render(
        request,
        "quality/assessment_form.html",
        {"enterprises": enterprises, "categories": _rows()},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def assessments(request):
    return render(
        request,
        "quality/assessments.html",
        {"assessments": selectors.assessments_for(request.user)[:500]},
    )


@login_required
def assessment_edit(request, pk):
    """The enterprise goes on with its saved draft (until it is submitted)."""
    assessment = selectors.get_assessment(request.user, pk)
    if not request.user.has_perm("quality.edit_record", assessment):
        raise PermissionDenied
    if assessment.submitted_at:
        messages.error(request, _("The self-assessment is submitted; it cannot change now."))
        return redirect(assessment)
    if request.method == "POST":
        try:
            services.save_self_assessment(
                actor=request.user,
                enterprise=assessment.enterprise,
                year=assessment.year,
                items=_items_from(request.POST),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The self-assessment is saved."))
            return redirect(assessment)
    return render(
        request,
        "quality/assessment_form.html",
        {"assessment": assessment, "categories": _rows(assessment)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def assessment(request, pk):
    assessment = selectors.get_assessment(request.user, pk)
    may_score = request.user.has_perm("quality.score_assessment", assessment)
    if request.method == "POST":
        if not may_score:
            raise PermissionDenied
        points = {code: request.POST.get(f"review_{code}", "") for code in ITEMS}
        try:
            services.score_self_assessment(actor=request.user, assessment=assessment, points=points)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The reviewer's points are saved."))
        return redirect(assessment)
    return render(
        request,
        "quality/assessment.html",
        {
            "assessment": assessment,
            "categories": _rows(assessment),
            "own": selectors.assessment_totals(assessment),
            "reviewed": selectors.assessment_totals(assessment, "reviewer_points"),
            "radar": json.dumps(selectors.radar(assessment), ensure_ascii=False),
            "may_score": may_score and assessment.submitted_at is not None,
            "may_edit": request.user.has_perm("quality.edit_record", assessment)
            and not assessment.submitted_at,
        },
    )


@login_required
@require_POST
def assessment_submit(request, pk):
    assessment = selectors.get_assessment(request.user, pk)
    if not request.user.has_perm("quality.edit_record", assessment):
        raise PermissionDenied
    try:
        services.submit_self_assessment(actor=request.user, assessment=assessment)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The self-assessment is submitted for review."))
    return redirect(assessment)


@login_required
@require_POST
def claim_benefit(request, pk):
    result = selectors.get_result(request.user, pk, perm="quality.edit_record")
    try:
        services.claim_benefit(
            actor=request.user,
            result=result,
            kind=request.POST.get("kind", ""),
            value=request.POST.get("value", ""),
            unit=request.POST.get("unit", ""),
            evidence=request.FILES.get("evidence"),
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The benefit is claimed; a reviewer will confirm it."))
    return redirect(result)


@login_required
def benefits_queue(request):
    """The secretariat's queue, and a reviewer's for the programs they review."""
    if not (request.user.has_perm("quality.manage") or reviewed_programs(request.user)):
        raise PermissionDenied
    return render(
        request,
        "quality/benefits_queue.html",
        {"benefits": selectors.benefits_to_confirm(request.user)},
    )


@login_required
@require_POST
def confirm_benefit(request, pk):
    benefit = get_object_or_404(Benefit.objects.select_related("result__registration__team"), pk=pk)
    if not request.user.has_perm("quality.confirm_benefit", benefit):
        raise PermissionDenied
    try:
        services.confirm_benefit(actor=request.user, benefit=benefit)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The benefit is confirmed."))
    return redirect("quality:benefits_queue")


def benefit_drilldown(request, kind):
    """The confirmed figures behind a total, of the year the figures page was showing."""
    if kind not in BenefitKind.values:
        raise Http404
    value = request.GET.get("year", "")
    year = int(value) if value.isdigit() and len(value) == 4 else None
    totals = selectors.benefit_totals(year)
    return render(
        request,
        "quality/benefit_drilldown.html",
        {
            "kind": BenefitKind(kind),
            "year": year,
            "benefits": selectors.confirmed_benefits(kind, year),
            "totals": [(unit, total) for (k, unit), total in sorted(totals.items()) if k == kind],
        },
    )


UNITS_HELP = {kind: "、".join(units) for kind, units in BENEFIT_UNITS.items()}
