"""Certificate PDFs: holder, program, grade, year, serial and a QR code to the public check."""

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from qualitymonth.core.pdf import render_pdf


def verification_url(certificate) -> str:
    return settings.SITE_URL + reverse("awards:verify_serial", args=[certificate.serial])


def certificate_pdf(certificate) -> bytes:
    url = verification_url(certificate)
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
            "qr_svg": segno.make(url, error="m").svg_inline(scale=3),
            "issued_on": timezone.localtime(certificate.issued_at).date(),
        },
    )
