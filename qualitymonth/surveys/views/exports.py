"""Responses out (CSV streamed; XLSX and SPSS in the background) and white-paper chapters."""

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from qualitymonth.core.pdf import NoChineseFont
from qualitymonth.core.permissions import permission_required
from qualitymonth.surveys import documents, exports, selectors
from qualitymonth.surveys.models import ExportFormat, ExportJob, Round
from qualitymonth.surveys.services.exports import request_export


def _attachment(response, filename: str):
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@permission_required("surveys.view_answers")
def export_csv(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("evaluation", "instrument"), pk=pk)
    response = StreamingHttpResponse(
        exports.stream_csv(round_), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, exports.export_filename(round_, "csv"))


@permission_required("surveys.view_answers")
def export_jobs(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("evaluation"), pk=pk)
    if request.method == "POST":
        chosen = request.POST.get("format")
        if chosen not in ExportFormat.values:
            raise Http404
        request_export(actor=request.user, round=round_, format=chosen)
        return redirect("surveys:exports", pk=pk)
    jobs = round_.exports.filter(requested_by=request.user)[:10]
    template = (
        "surveys/_export_jobs.html" if request.headers.get("HX-Request") else "surveys/exports.html"
    )
    return render(
        request, template, {"round": round_, "jobs": jobs, "formats": ExportFormat.choices}
    )


@permission_required("surveys.view_answers")
def export_download(request, pk, job_pk):
    job = get_object_or_404(ExportJob, pk=job_pk, round_id=pk, requested_by=request.user)
    if not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1]
    )


@permission_required("surveys.manage")
def chapter(request, pk, fmt):
    round_ = get_object_or_404(Round.objects.select_related("evaluation", "system"), pk=pk)
    run = selectors.published_run(round_) or selectors.latest_run(round_)
    if run is None or fmt not in ("docx", "pdf"):
        raise Http404
    context = documents.chapter_context(run, language=request.LANGUAGE_CODE)
    if fmt == "docx":
        response = HttpResponse(documents.chapter_docx(context), content_type=documents.DOCX)
        return _attachment(response, f"{round_.evaluation.key}-{round_.year}.docx")
    try:
        content = documents.chapter_pdf(context)
    except NoChineseFont as error:
        return render(request, "surveys/no_font.html", {"message": str(error)}, status=503)
    response = HttpResponse(content, content_type="application/pdf")
    return _attachment(response, f"{round_.evaluation.key}-{round_.year}.pdf")
