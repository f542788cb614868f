"""Background work through Django's task API; tasks take plain values and are safe to rerun."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task


@task()
def send_email(*, to: list[str], subject: str, body: str) -> int:
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)


def queue_email(*, to: list[str], subject: str, body: str) -> None:
    """Send once the surrounding transaction commits: no mail for a rolled-back change."""
    transaction.on_commit(lambda: send_email.enqueue(to=to, subject=str(subject), body=str(body)))
