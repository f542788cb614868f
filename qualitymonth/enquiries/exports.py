"""The desk's list as a spreadsheet. Exports leave the building: the citizen's name, phone and
ID number are masked for everyone, the secretariat included; no address, e-mail or account of
what happened is written."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.masking import mask_id, mask_name, mask_phone


def _day(moment):
    return timezone.localtime(moment).date() if moment else None


def case_table(cases, today: datetime.date) -> tuple[list[str], list[list]]:
    """`cases` from selectors_desk.desk_list (with `running_due`)."""
    header = [
        _("Tracking number"),
        _("Track"),
        _("Status"),
        _("Reason"),
        _("Category"),
        _("District"),
        _("Handling unit"),
        _("Received"),
        _("Due"),
        _("Past the time limit"),
        _("Closed"),
        _("Citizen"),
        _("Phone"),
        _("ID number"),
        _("Business"),
        _("Sector"),
        _("Product or service"),
        _("New information after closing"),
        _("Rating"),
    ]
    rows = []
    for case in cases:
        submission = case.submission
        late = case.running_due is not None and case.running_due < today
        rows.append(
            [
                case.number,
                case.get_kind_display(),
                case.get_status_display(),
                case.get_reason_display() if case.reason else "",
                case.category.display_name,
                case.district.display_name if case.district else "",
                case.unit.display_name,
                _day(case.received_at),
                case.running_due,
                _("yes") if late else "",
                _day(case.closed_at),
                mask_name(submission.name),
                mask_phone(submission.phone) if submission.phone else "",
                mask_id(submission.id_number) if submission.id_number else "",
                submission.business_name,
                submission.get_sector_display() if submission.sector else "",
                submission.product,
                _("yes") if case.needs_attention else "",
                case.rating if case.rating is not None else "",
            ]
        )
    return header, rows
