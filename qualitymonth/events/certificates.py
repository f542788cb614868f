"""Attendance certificates for the lecture series (PDF with WeasyPrint)."""

from django.utils import timezone

from qualitymonth.core.pdf import render_pdf


def attendance_pdf(registration, sessions) -> bytes:
    """One page naming the person and every session of the series they were checked in at."""
    return render_pdf(
        "events/certificate_print.html",
        {
            "registration": registration,
            "event": registration.event,
            "series": registration.event.series,
            "sessions": sessions,
            "issued_on": timezone.localdate(),
        },
    )
