"""Telling citizens about their case: e-mail through the task queue, SMS through a pluggable
sender (`ENQUIRY_SMS_SENDER`, a dotted path to a callable `send(phone, text)`).

Every message is also stored as a `Notice`, so the record shows what the citizen was told.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import override

from qualitymonth.core.links import absolute_url
from qualitymonth.core.tasks import queue_email
from qualitymonth.enquiries.models import Case, Notice


def outbox_sender(phone: str, text: str) -> None:
    """The default: no SMS gateway is configured; the Notice row is the record."""


def _status_text(case: Case) -> str:
    url = absolute_url(reverse("enquiries:track"))  # sent after the request: SITE_URL
    return _(
        "Your %(track)s %(number)s: %(status)s. Follow it at %(url)s with the number and your "
        "phone number."
    ) % {
        "track": case.get_kind_display(),
        "number": case.number,
        "status": case.get_status_display(),
        "url": url,
    }


def tell_citizen(case: Case, extra: str = "") -> None:
    """Send the case's current status by every channel the citizen gave."""
    submission = case.submission
    if submission.erased_at is not None:
        return
    with override(settings.LANGUAGE_CODE):
        text = _status_text(case) + (f"\n\n{extra}" if extra else "")
        subject = _("%(number)s: %(status)s") % {
            "number": case.number,
            "status": case.get_status_display(),
        }
    if submission.email:
        queue_email(to=[submission.email], subject=subject, body=text)
        Notice.objects.create(case=case, channel="email", recipient=submission.email, text=text)
    if submission.phone:
        import_string(settings.ENQUIRY_SMS_SENDER)(submission.phone, text)
        Notice.objects.create(case=case, channel="sms", recipient=submission.phone, text=text)
