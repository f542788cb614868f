"""Attendance certificates, issued through the platform's certificate service (core)."""

from django.db import transaction
from django.utils.translation import gettext as _

from qualitymonth.core import certificates
from qualitymonth.events.models import AttendanceCertificate


def _sessions(attended) -> list[dict]:
    return [
        {
            "date": registration.event.starts_at.date().isoformat(),
            "title": registration.event.title,
        }
        for registration in attended
    ]


@transaction.atomic
def attendance_certificate(*, actor, registration, attended) -> AttendanceCertificate:
    """The person's valid certificate for the sessions attended: the one issued before when
    nothing changed, else a new one (the previous withdrawn as superseded)."""
    sessions = _sessions(attended)
    # The same person's certificate for the series may hang on another session's ticket.
    tickets = {registration.pk} | {other.pk for other in attended}
    current = (
        AttendanceCertificate.objects.select_for_update()
        .filter(registration__in=tickets, withdrawn_at__isnull=True)
        .order_by("-issued_at")
        .first()
    )
    if current is not None and current.sessions == sessions:
        return current
    if current is not None:
        certificates.withdraw(
            actor=actor,
            certificate=current,
            reason=_("Superseded by a certificate with more sessions."),
        )
    series = registration.event.series
    return certificates.issue(
        AttendanceCertificate,
        actor=actor,
        prefix=f"ATT-{registration.event.starts_at.year}-",
        holder_name=registration.name,
        registration=registration,
        series_title=series.name if series else "",
        sessions=sessions,
    )
