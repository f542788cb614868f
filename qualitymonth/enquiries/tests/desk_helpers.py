"""Small helpers for the desk's tests: a case filed as a citizen would, and its deadlines."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from qualitymonth.enquiries.services.intake import file_submission
from qualitymonth.enquiries.statuses import Kind
from qualitymonth.enquiries.tests.conftest import COMPLAINT


def png(name="receipt.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def file_case(category, district, *, kinds=(Kind.COMPLAINT,), files=(), **data):
    """One complaint (or other tracks) in the district, through the intake service."""
    cases = file_submission(
        kinds=list(kinds),
        category=category,
        data={**COMPLAINT, "district": district, **data},
        channel="web",
        files=files,
    )
    return cases[0] if len(cases) == 1 else cases


def due_in(case, days: int) -> datetime.date:
    """Move the running clock's due date to `days` from today (negative: overdue)."""
    due = timezone.localdate() + datetime.timedelta(days=days)
    case.clocks.filter(stopped_on__isnull=True).update(due_on=due)
    return due
