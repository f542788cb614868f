"""Certificate PDFs: holder, program, grade, year, serial and a QR code to the public check."""

from django.utils import timezone

from qualitymonth.core import certificates
from qualitymonth.core.pdf import render_pdf


def verification_url(certificate, request=None) -> str:
    """From the request when the PDF is made for one, else SITE_URL."""
    return certificates.verification_url(certificate, request)


def certificate_pdf(certificate, request=None) -> bytes:
    url = verification_url(certificate, request)
    application = certificate.application
    return render_pdf(
        "awards/certificate_print.html",
        {
            "certificate": certificate,
            "application": application,
            "round": application.round,
            "program": application.round.program,
            "grade": application.grade,
            "verification_url": url,
            "qr_svg": certificates.qr_svg(url),
            "issued_on": timezone.localtime(certificate.issued_at).date(),
        },
    )
