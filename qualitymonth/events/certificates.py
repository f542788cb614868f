"""Attendance certificates for the lecture series (PDF with WeasyPrint)."""

from django.utils import timezone

from qualitymonth.core import certificates
from qualitymonth.core.pdf import render_pdf


def attendance_pdf(certificate, registration, sessions, request=None) -> bytes:
    """One page naming the person and every session of the series they were checked in at,
    with the certificate's number and a QR code to the public verification page."""
    url = certificates.verification_url(certificate, request)
    return render_pdf(
        "events/certificate_print.html",
        {
            "certificate": certificate,
            "registration": registration,
            "event": registration.event,
            "series": registration.event.series,
            "sessions": sessions,
            "issued_on": timezone.localtime(certificate.issued_at).date(),
            "verification_url": url,
            "qr_svg": certificates.qr_svg(url),
        },
    )
