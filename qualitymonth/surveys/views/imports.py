"""Responses collected elsewhere, imported by the secretariat from XLSX or CSV."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from qualitymonth.core.permissions import permission_required
from qualitymonth.core.spreadsheets import XLSX
from qualitymonth.surveys.forms import TableUploadForm
from qualitymonth.surveys.models import Round, UnitOfAnalysis
from qualitymonth.surveys.services.response_import import (
    MAX_MEGABYTES,
    MAX_ROWS,
    import_responses,
    template_columns,
    template_xlsx,
)

SHOWN_ERRORS = 500


@permission_required("surveys.manage")
def responses_import(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("evaluation", "instrument"), pk=pk)
    form = TableUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = import_responses(
            round_=round_,
            upload=form.cleaned_data["file"],
            actor=request.user,
            good_rows_only=form.cleaned_data["good_rows_only"],
        )
        if result.created or result.ok:
            messages.success(
                request,
                _("Responses imported: %(n)s. Already stored: %(stored)s.")
                % {"n": len(result.created), "stored": result.already_stored},
            )
        if result.ok:
            return redirect("surveys:manage_round", pk=round_.pk)
    return render(
        request,
        "surveys/responses_import.html",
        {
            "round": round_,
            "form": form,
            "result": result,
            "shown_errors": SHOWN_ERRORS,
            "columns": template_columns(round_),
            "by_response": round_.evaluation.unit_of_analysis == UnitOfAnalysis.RESPONSE,
            "max_rows": MAX_ROWS,
            "max_megabytes": MAX_MEGABYTES,
        },
        status=400 if result is not None and not result.ok else 200,
    )


@permission_required("surveys.manage")
def responses_template(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("evaluation", "instrument"), pk=pk)
    response = HttpResponse(template_xlsx(round_), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{round_.evaluation.key}-{round_.year}-responses.xlsx"'
    )
    return response
