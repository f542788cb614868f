"""Attendee lists as XLSX or CSV; phone numbers are masked unless the viewer may see them."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from qualitymonth.core.masking import mask_phone
from qualitymonth.core.phones import national


def _local(moment: datetime.datetime) -> datetime.datetime:
    """Wall-clock time in Asia/Shanghai without a zone: Excel has none, and a CSV shows
    "2026-09-01 14:03:00" rather than the same moment in UTC with "+00:00"."""
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def attendee_table(event, registrations, *, show_phones: bool) -> tuple[list[str], list[list]]:
    questions = list(event.questions.all())
    header = [
        pgettext("person", "Name"),
        _("Mobile phone"),
        _("E-mail"),
        _("Registered by unit"),
        _("Venue"),
        _("Status"),
        _("Registered at"),
        _("Checked in at"),
        *[question.display_label for question in questions],
    ]
    rows = []
    for registration in registrations:
        checked_in = registration.checked_in_at
        rows.append(
            [
                registration.name,
                national(registration.phone) if show_phones else mask_phone(registration.phone),
                registration.email if show_phones else "",
                registration.unit.display_name if registration.unit else "",
                registration.venue.name,
                registration.get_status_display(),
                _local(registration.created_at),
                _local(checked_in) if checked_in else None,
                *[
                    question.display_answer(registration.answers.get(f"q{question.pk}", ""))
                    for question in questions
                ],
            ]
        )
    return header, rows
