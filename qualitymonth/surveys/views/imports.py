"""Responses collected elsewhere, imported by the secretariat from XLSX or CSV."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render

from qualitymonth.core.imports_jobs import RepeatedFile, start_import
from qualitymonth.core.permissions import permission_required
from qualitymonth.core.spreadsheets import XLSX
from qualitymonth.surveys.forms import TableUploadForm
from qualitymonth.surveys.models import Round, UnitOfAnalysis
from qualitymonth.surveys.services.response_import import (
    MAX_MEGABYTES,
    MAX_ROWS,
    ResponseImporter,
    template_columns,
    template_xlsx,
)


@permission_required("surveys.manage")
def responses_import(request, pk):
    """Check the file at once, then hand it to the worker and show the job's page."""
    round_ = get_object_or_404(Round.objects.select_related("evaluation", "instrument"), pk=pk)
    form = TableUploadForm(request.POST or None, request.FILES or None)
    refused, repeated = queue_upload(
        request, form, importer=ResponseImporter, owner="", target=round_.pk
    )
    if isinstance(refused, HttpResponseRedirect):
        return refused
    return render(
        request,
        "surveys/responses_import.html",
        {
            "round": round_,
            "form": form,
            "refused": refused,
            "repeated": repeated,
            "columns": template_columns(round_),
            "by_response": round_.evaluation.unit_of_analysis == UnitOfAnalysis.RESPONSE,
            "max_rows": MAX_ROWS,
            "max_megabytes": MAX_MEGABYTES,
        },
        status=400 if refused else 200,
    )


def queue_upload(request, form, *, importer, owner: str, target):
    """(a redirect to the job, None) once queued; else (the refusal's messages, earlier job)."""
    if request.method != "POST" or not form.is_valid():
        return [], None
    try:
        job = start_import(
            importer=importer,
            actor=request.user,
            owner=owner,
            target=target,
            upload=form.cleaned_data["file"],
            options={"good_rows_only": form.cleaned_data.get("good_rows_only", False)},
            again=request.POST.get("import_again") == "on",
        )
    except RepeatedFile as error:
        return error.messages, error.earlier
    except ValidationError as error:
        return error.messages, None
    return redirect("import_job", pk=job.pk), None


@permission_required("surveys.manage")
def responses_template(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("evaluation", "instrument"), pk=pk)
    response = HttpResponse(template_xlsx(round_), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{round_.evaluation.key}-{round_.year}-responses.xlsx"'
    )
    return response
