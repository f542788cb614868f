"""The report composer: the secretariat's documents, previewed on the page, exported as
DOCX and PDF from the stored figures."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.documents import DOCX
from qualitymonth.core.permissions import permission_required
from qualitymonth.figures import documents, selectors_reports, services_reports
from qualitymonth.figures.forms import ReportForm, SectionForm
from qualitymonth.figures.models import Section


@permission_required("figures.manage")
def report_list(request):
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services_reports.create_report(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("figures:report", pk=report.pk)
    return render(
        request,
        "figures/reports.html",
        {"reports": selectors_reports.reports(), "form": form},
    )


@permission_required("figures.manage")
def report(request, pk):
    document = selectors_reports.get_report(pk)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_reports.add_section(actor=request.user, report=document, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The section is added at the end."))
            return redirect("figures:report", pk=document.pk)
    composed = selectors_reports.compose(document)
    return render(
        request,
        "figures/report.html",
        {
            "report": document,
            "parts": composed,
            "errors": selectors_reports.export_errors(composed),
            "form": form,
        },
    )


def _section(pk) -> Section:
    return get_object_or_404(Section.objects.select_related("report"), pk=pk)


@require_POST
@permission_required("figures.manage")
def remove_section(request, pk):
    section = _section(pk)
    services_reports.remove_section(actor=request.user, section=section)
    return redirect("figures:report", pk=section.report_id)


@require_POST
@permission_required("figures.manage")
def move_section(request, pk, direction):
    if direction not in ("up", "down"):
        raise Http404
    section = _section(pk)
    services_reports.move_section(actor=request.user, section=section, up=direction == "up")
    return redirect("figures:report", pk=section.report_id)


def _export(request, pk, kind: str):
    document = selectors_reports.get_report(pk)
    composed = selectors_reports.compose(document)
    errors = selectors_reports.export_errors(composed)
    if errors:
        for message in errors:
            messages.error(request, message)
        return redirect("figures:report", pk=document.pk)
    if kind == "docx":
        body, content_type = documents.report_docx(document, composed), DOCX
    else:
        body, content_type = documents.report_pdf(document, composed), "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    name = f"report-{document.pk}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@permission_required("figures.manage")
def report_docx(request, pk):
    return _export(request, pk, "docx")


@permission_required("figures.manage")
def report_pdf(request, pk):
    return _export(request, pk, "pdf")
