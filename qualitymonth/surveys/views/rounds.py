"""The secretariat's set-up pages: new evaluations and rounds, collection opened and closed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.forms import save_with
from qualitymonth.core.permissions import permission_required
from qualitymonth.surveys.forms_rounds import EvaluationForm, RoundForm
from qualitymonth.surveys.models import Evaluation, Round
from qualitymonth.surveys.services import rounds
from qualitymonth.surveys.services.satisfaction import compute_satisfaction


@permission_required("surveys.manage")
def evaluation_new(request):
    form = EvaluationForm(request.POST or None)
    evaluation = save_with(
        request,
        form,
        lambda data: rounds.create_evaluation(
            name=data["name"],
            name_zh_hant=data["name_zh_hant"],
            name_en=data["name_en"],
            unit_of_analysis=data["unit_of_analysis"],
            key=data["key"],
            description=data["description"],
            copy_system=data["system"],
            actor=request.user,
        ),
        _("The evaluation is created with its indicator system."),
    )
    if evaluation:
        return redirect("surveys:manage_index")
    return render(
        request,
        "surveys/evaluation_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _round_values(data: dict) -> dict:
    return {
        "system": data["system"],
        "instrument": data["instrument"],
        "collection_starts": data["collection_starts"],
        "collection_ends": data["collection_ends"],
        "public_link": data["public_link"],
        "inspectors": data["inspectors"],
        "pls_scaled": data["pls_scaled"],
    }


@permission_required("surveys.manage")
def round_new(request, key):
    evaluation = get_object_or_404(Evaluation, key=key)
    initial = {
        "system": evaluation.systems.order_by("-version").first(),
        "instrument": evaluation.instruments.order_by("-created_at").first(),
    }
    form = RoundForm(request.POST or None, evaluation=evaluation, initial=initial)
    round_ = save_with(
        request,
        form,
        lambda data: rounds.create_round(
            evaluation=evaluation, year=data["year"], actor=request.user, **_round_values(data)
        ),
        _("The round is created. Open collection when it is ready."),
    )
    if round_:
        return redirect("surveys:manage_round", pk=round_.pk)
    return render(
        request,
        "surveys/round_form.html",
        {"form": form, "evaluation": evaluation, "round": None},
        status=400 if form.errors else 200,
    )


@permission_required("surveys.manage")
def round_edit(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("evaluation"), pk=pk)
    assigned = list(round_.inspectors.all())
    initial = {
        "system": round_.system_id,
        "instrument": round_.instrument_id,
        "collection_starts": round_.collection_starts,
        "collection_ends": round_.collection_ends,
        "public_link": bool(round_.public_link),
        "inspectors": assigned,
        "pls_scaled": round_.pls_scaled,
        "version": rounds.round_version(round_),
    }
    form = RoundForm(
        request.POST or None,
        evaluation=round_.evaluation,
        with_year=False,
        assigned=assigned,
        initial=initial,
    )
    if save_with(
        request,
        form,
        lambda data: rounds.update_round(
            round_=round_, actor=request.user, version=data["version"], **_round_values(data)
        ),
        _("The round is saved."),
    ):
        return redirect("surveys:manage_round", pk=round_.pk)
    return render(
        request,
        "surveys/round_form.html",
        {
            "form": form,
            "evaluation": round_.evaluation,
            "round": round_,
            "has_answers": round_.responses.exists(),
        },
        status=400 if form.errors else 200,
    )


def _run_action(request, action, success: str):
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)


@require_POST
@permission_required("surveys.manage")
def round_open(request, pk):
    round_ = get_object_or_404(Round, pk=pk)
    _run_action(
        request,
        lambda: rounds.open_collection(round_=round_, actor=request.user),
        _("Collection is open: the assigned inspectors can answer now."),
    )
    return redirect("surveys:manage_round", pk=pk)


@require_POST
@permission_required("surveys.manage")
def round_close(request, pk):
    round_ = get_object_or_404(Round, pk=pk)
    _run_action(
        request,
        lambda: rounds.close_collection(round_=round_, actor=request.user),
        _("Collection is closed: no more answers are taken."),
    )
    return redirect("surveys:manage_round", pk=pk)


@require_POST
@permission_required("surveys.manage")
def satisfaction_compute(request, pk):
    """Estimate the satisfaction model (with its bootstrap) once and store it for the page."""
    round_ = get_object_or_404(Round, pk=pk)
    _run_action(
        request,
        lambda: compute_satisfaction(round_=round_, actor=request.user),
        _("The satisfaction model is estimated and stored."),
    )
    return redirect("surveys:satisfaction", pk=pk)
