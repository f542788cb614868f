"""Erasing a citizen's personal data on request, once the retention period has passed.

What stays is an anonymised record: category, district, sector, product, dates, statuses,
clocks and ratings, so the figures do not change. The erasure itself is audited.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.enquiries.models import CaseEvent, EventKind, Submission
from qualitymonth.enquiries.statuses import is_open

PERSONAL = ["name", "phone", "email", "address", "id_type", "id_number", "facts", "request"]


def erasable_from(submission: Submission) -> datetime.datetime | None:
    """When the retention period ends: after the last of its cases closed (None while open)."""
    cases = list(submission.cases.all())
    if any(is_open(case.status) for case in cases):
        return None
    closed = max((case.closed_at for case in cases if case.closed_at), default=None)
    return (
        None
        if closed is None
        else closed + datetime.timedelta(days=settings.ENQUIRY_RETENTION_DAYS)
    )


@transaction.atomic
def erase_personal_data(*, submission: Submission, actor, now=None) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    now = now or timezone.now()
    if submission.erased_at is not None:
        return submission
    until = erasable_from(submission)
    if until is None:
        raise ValidationError(_("Personal data is kept while a case is open."))
    if now < until:
        raise ValidationError(
            _("Personal data is kept until %(day)s, the end of the retention period.")
            % {"day": timezone.localtime(until).date().isoformat()}
        )
    for field in PERSONAL:
        setattr(submission, field, "")
    submission.latitude = submission.longitude = None
    submission.erased_at = now
    submission.save()
    # The files go once the erasure commits: a rolled-back erasure keeps rows and files
    # together (an erasure that commits and then dies leaves files clean_uploads removes).
    for attachment in submission.attachments.all():
        if attachment.file:
            storage, name = attachment.file.storage, attachment.file.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    submission.attachments.all().delete()
    for case in submission.cases.all():
        # What the citizen wrote later goes too; staff's replies stay.
        case.events.filter(kind__in=[EventKind.ADDITION, EventKind.LATE_ADDITION]).update(text="")
        case.rating_comment = ""
        case.save(update_fields=["rating_comment"])
        CaseEvent.objects.create(
            case=case, at=now, actor=actor, kind=EventKind.ERASED, is_public=False
        )
    log_action(actor=actor, action="enquiries.submission.erase", obj=submission)
    return submission
