"""Stored files of the quality records, each given only to those who may see its record:
a published CSR report to anyone, a draft one, a benefit's evidence and an honour's proof
to the enterprise's staff and the secretariat (anyone else gets 404)."""

import mimetypes

from django.http import FileResponse, Http404

from qualitymonth.quality import selectors_records


def stored_file(field, name: str):
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:  # written after the commit, which a crash may have prevented
        raise Http404 from None
    content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    # Always as a download: an uploaded file never renders as a page of this site.
    return FileResponse(
        handle, content_type=content_type, as_attachment=True, filename=name or field.name
    )


def csr_pdf(request, pk):
    report = selectors_records.get_csr_report(request.user, pk)
    return stored_file(report.pdf, report.pdf_name or f"{report.enterprise.name}{report.year}.pdf")


def benefit_evidence(request, pk):
    benefit = selectors_records.get_benefit(request.user, pk)
    return stored_file(benefit.evidence, benefit.evidence_name)
