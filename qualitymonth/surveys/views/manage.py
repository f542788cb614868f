"""The secretariat's desk: rounds, index runs, responses and instruments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.forms import save_with
from qualitymonth.core.permissions import permission_required
from qualitymonth.surveys import selectors
from qualitymonth.surveys.forms import InstrumentUploadForm, ReasonForm
from qualitymonth.surveys.models import Evaluation, IndexRun, Response, Round
from qualitymonth.surveys.satisfaction import carries_items
from qualitymonth.surveys.services.instruments import create_instrument
from qualitymonth.surveys.services.responses import void_response


@permission_required("surveys.manage")
def manage_index(request):
    evaluations = Evaluation.objects.prefetch_related("rounds", "systems", "instruments").order_by(
        "name"
    )
    return render(request, "surveys/manage_index.html", {"evaluations": evaluations})


@permission_required("surveys.manage")
def round_manage(request, pk):
    round_ = get_object_or_404(
        Round.objects.select_related("evaluation", "instrument", "system"), pk=pk
    )
    return render(
        request,
        "surveys/round_manage.html",
        {
            "round": round_,
            "runs": round_.runs.order_by("-created_at", "-pk")[:20],
            "responses": round_.responses.filter(voided_at__isnull=True).count(),
            "voided": round_.responses.filter(voided_at__isnull=False).count(),
            "published": selectors.published_run(round_),
            "inspectors": round_.inspectors.order_by("username"),
            "satisfaction": selectors.latest_satisfaction(round_),
            "satisfaction_ready": carries_items(round_),
        },
    )


@require_POST
@permission_required("surveys.manage")
def compute(request, pk):
    round_ = get_object_or_404(Round, pk=pk)
    before = round_.runs.count()
    try:
        # Imported here: the index brings Polars, which the server's start should not wait for.
        from qualitymonth.surveys.services.indices import compute_index

        run = compute_index(round_=round_, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("surveys:manage_round", pk=pk)
    if round_.runs.count() == before:
        messages.info(request, _("Nothing changed since the last run: its numbers stand."))
    else:
        messages.success(
            request, _("The index is computed: %(units)s units scored.") % {"units": run.units}
        )
    return redirect("surveys:manage_round", pk=pk)


@require_POST
@permission_required("surveys.manage")
def publish(request, pk, run_pk):
    run = get_object_or_404(IndexRun, pk=run_pk, round_id=pk)
    from qualitymonth.surveys.services.indices import publish_run

    publish_run(run=run, actor=request.user)
    messages.success(request, _("The results are published."))
    return redirect("surveys:results", pk=pk)


@permission_required("surveys.manage")
def responses(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("evaluation"), pk=pk)
    rows = (
        Response.objects.filter(round=round_)
        .select_related("site", "district", "submitted_by")
        .order_by("-submitted_at", "-pk")
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "surveys/responses.html", {"round": round_, "page": page})


@permission_required("surveys.manage")
def response_detail(request, pk, response_pk):
    response = get_object_or_404(
        Response.objects.select_related("round__evaluation", "site"), pk=response_pk, round_id=pk
    )
    form = ReasonForm(request.POST or None)
    if save_with(
        request,
        form,
        lambda data: void_response(response=response, actor=request.user, reason=data["reason"]),
        _("The response is set aside and no longer counts."),
    ):
        return redirect("surveys:response", pk=pk, response_pk=response_pk)
    answers = response.answers.select_related("question").order_by("question__position")
    return render(
        request,
        "surveys/response_detail.html",
        {
            "response": response,
            "answers": answers,
            "photos": response.photos.select_related("question"),
            "form": form,
        },
    )


@permission_required("surveys.manage")
def instrument_upload(request, key):
    evaluation = get_object_or_404(Evaluation, key=key)
    form = InstrumentUploadForm(request.POST or None, request.FILES or None)
    instrument = save_with(
        request,
        form,
        lambda data: create_instrument(
            evaluation=evaluation,
            kind=data["kind"],
            title=data["title"],
            upload=data["file"],
            actor=request.user,
        ),
        _("The form is read and stored."),
    )
    if instrument:
        return redirect("surveys:manage_index")
    return render(
        request,
        "surveys/instrument_upload.html",
        {"evaluation": evaluation, "form": form},
        status=400 if form.errors else 200,
    )
