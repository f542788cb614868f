"""A published case as an Open311 request: no name, contact details, ID or address ever."""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.masking import mask_id, mask_name, mask_phone
from qualitymonth.enquiries.models import Case, Submission
from qualitymonth.enquiries.statuses import Reason, is_open

# Whatever looks like contact details or an ID in free text: a mainland mobile, an e-mail,
# a landline with its area code, an 18-character resident ID.
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def w3c(moment: datetime.datetime | None) -> str | None:
    """W3C-DTF with the offset, in Shanghai time: 2026-10-09T14:30:00+08:00."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def public_text(text: str, submission: Submission) -> str:
    """The citizen's account with their own details masked, and anything like them too."""
    own = [
        (submission.name, mask_name),
        (submission.phone, mask_phone),
        (submission.id_number, mask_id),
        (submission.email, lambda _value: "***@***"),
        (submission.address, lambda _value: "***"),
    ]
    for value, mask in own:
        value = (value or "").strip()
        if len(value) >= 2:  # a one-character name would mask every such character
            text = text.replace(value, mask(value))
    text = _EMAIL.sub("***@***", text)
    text = _ID.sub(lambda found: mask_id(found.group()), text)
    text = _MOBILE.sub(lambda found: mask_phone(found.group()), text)
    return _LANDLINE.sub(lambda found: mask_phone(found.group()), text)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def status_notes(case: Case) -> str:
    notes = _("%(track)s: %(status)s") % {
        "track": case.get_kind_display(),
        "status": case.get_status_display(),
    }
    if case.reason:
        notes += f" ({Reason(case.reason).label})"
    return notes


def request_row(case: Case) -> dict:
    """One <request> of GET requests, every field of the specification in its order."""
    submission = case.submission
    clocks = getattr(case, "running_clocks", None)
    if clocks is None:
        clocks = list(case.clocks.filter(stopped_on__isnull=True).order_by("due_on"))
    closed = not is_open(case.status)
    return {
        "service_request_id": case.number,
        "status": "closed" if closed else "open",
        "status_notes": status_notes(case),
        "service_name": case.category.display_name,
        "service_code": case.category.code,
        "description": public_text(submission.facts, submission),
        "agency_responsible": case.unit.display_name,
        "service_notice": "",
        "requested_datetime": w3c(case.received_at),
        "updated_datetime": w3c((case.closed_at if closed else None) or case.updated_at),
        "expected_datetime": w3c(end_of_day(clocks[0].due_on)) if clocks else None,
        "address": case.district.display_name if case.district else "",
        "address_id": "",
        "zipcode": "",
        "lat": _rounded(submission.latitude),
        "long": _rounded(submission.longitude),
        "media_url": "",
    }
