"""The secretariat's pages: proposals approved or turned down, the public comment period
opened, publication with number and dates, withdrawal and revision."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.forms import save_with
from qualitymonth.core.permissions import permission_required
from qualitymonth.core.spreadsheets import XLSX
from qualitymonth.standards import documents, evaluations, selectors, services
from qualitymonth.standards.forms import (
    ConclusionForm,
    EvaluationForm,
    OpenCommentForm,
    PublishForm,
    RevisionForm,
)
from qualitymonth.standards.views._common import date as _date
from qualitymonth.standards.views._common import errors as _errors


@permission_required("standards.approve")
def proposals(request):
    return render(request, "standards/proposals.html", {"proposals": selectors.proposals()})


@permission_required("standards.approve")
@require_POST
def approve(request, pk):
    standard = selectors.standard_for(request.user, pk, "standards.approve")
    try:
        services.approve_proposal(
            actor=request.user,
            standard=standard,
            plan_number=request.POST.get("plan_number", ""),
            starts_on=_date(request.POST.get("starts_on", "")),
            ends_on=_date(request.POST.get("ends_on", "")),
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The proposal is approved."))
    return redirect("standards:proposals")


@permission_required("standards.approve")
@require_POST
def reject(request, pk):
    standard = selectors.standard_for(request.user, pk, "standards.approve")
    try:
        services.reject_proposal(
            actor=request.user, standard=standard, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The proposal is turned down; the proposer sees the reason."))
    return redirect("standards:proposals")


def _form_page(request, standard, form, save, success, heading, action):
    """A secretariat form about one standard: saved through the service, or shown again with
    the service's refusal next to the fields (status 400)."""
    done = save_with(request, form, save, success)
    if done:
        return redirect("standards:standard", standard.pk)
    return render(
        request,
        "standards/form.html",
        {"standard": standard, "form": form, "heading": heading, "action": action},
        status=400 if request.method == "POST" else 200,
    )


@permission_required("standards.manage")
def open_comment(request, pk):
    standard = selectors.standard_for(request.user, pk, "standards.manage")
    form = OpenCommentForm(request.POST or None)

    def save(data):
        return services.open_public_comment(actor=request.user, standard=standard, **data)

    return _form_page(
        request,
        standard,
        form,
        save,
        _("The draft is open for public comment."),
        _("Open the public comment period"),
        _("Open for comment"),
    )


@permission_required("standards.manage")
def publish(request, pk):
    standard = selectors.standard_for(request.user, pk, "standards.manage")
    form = PublishForm(request.POST or None)

    def save(data):
        return services.publish(actor=request.user, standard=standard, **data)

    return _form_page(
        request,
        standard,
        form,
        save,
        _("The standard is published."),
        _("Approve and publish the standard"),
        _("Publish"),
    )


@permission_required("standards.manage")
def revise(request, pk):
    standard = selectors.standard_for(request.user, pk, "standards.manage")
    form = RevisionForm(request.POST or None)

    def save(data):
        return services.start_revision(actor=request.user, standard=standard, **data)

    revision = save_with(request, form, save, _("The revision is proposed as a new standard."))
    if revision:
        return redirect("standards:standard", revision.pk)
    return render(
        request,
        "standards/form.html",
        {
            "standard": standard,
            "form": form,
            "heading": _("Start a revision"),
            "action": _("Start the revision"),
        },
        status=400 if request.method == "POST" else 200,
    )


@permission_required("standards.manage")
@require_POST
def withdraw(request, pk):
    standard = selectors.standard_for(request.user, pk, "standards.manage")
    try:
        services.withdraw(actor=request.user, standard=standard)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The standard is withdrawn."))
    return redirect("standards:standard", standard.pk)


@permission_required("standards.manage")
def platform_export(request):
    """One XLSX of every numbered standard with what the national platform asks for."""
    response = HttpResponse(documents.platform_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="group-standards-platform.xlsx"'
    return response


@permission_required("standards.manage")
def evaluate(request, pk):
    """The secretariat starts an implementation evaluation: a survey round over the adopters."""
    standard = selectors.standard_for(request.user, pk, "standards.manage")
    form = EvaluationForm(request.POST or None)

    def save(data):
        return evaluations.start_evaluation(actor=request.user, standard=standard, **data)

    started = save_with(
        request, form, save, _("The evaluation has started: the adopters are asked to answer.")
    )
    if started:
        return redirect("standards:evaluation", started.pk)
    return render(
        request,
        "standards/form.html",
        {
            "standard": standard,
            "form": form,
            "heading": _("Start an implementation evaluation"),
            "action": _("Start the survey of the adopters"),
        },
        status=400 if request.method == "POST" else 200,
    )


@permission_required("standards.manage")
def evaluation(request, pk):
    """An evaluation's survey round (adopters asked, answered, the answers' tally) and the
    conclusion recorded on it."""
    found = selectors.evaluation_for(pk)
    standard = selectors.standard_for(request.user, found.standard_id, "standards.manage")
    form = ConclusionForm(request.POST or None)

    def save(data):
        return evaluations.record_conclusion(actor=request.user, evaluation=found, **data)

    if save_with(request, form, save, _("The evaluation's conclusion is recorded.")):
        return redirect("standards:evaluation", found.pk)
    return render(
        request,
        "standards/evaluation.html",
        {
            "standard": standard,
            "evaluation": found,
            "progress": selectors.evaluation_progress(found),
            "tallies": selectors.evaluation_tallies(found),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
