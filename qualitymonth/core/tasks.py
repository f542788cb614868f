"""Background work through Django's task API; tasks take plain values and are safe to rerun."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks import task


@task()
def send_email(*, to: list[str], subject: str, body: str, attachments=()) -> int:
    """`attachments` are [filename, text, content type] lists (plain values, as tasks need)."""
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message.send(fail_silently=False)


def queue_email(*, to: list[str], subject: str, body: str, attachments=()) -> None:
    """Send once the surrounding transaction commits: no mail for a rolled-back change."""
    attachments = [list(attachment) for attachment in attachments]
    transaction.on_commit(
        lambda: send_email.enqueue(
            to=to, subject=str(subject), body=str(body), attachments=attachments
        )
    )


@task()
def run_import(job_id: int) -> None:
    """A spreadsheet import queued by `imports_jobs.start_import`; a taken job is left alone."""
    from qualitymonth.core.imports_jobs import run

    run(job_id)
