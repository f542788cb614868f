"""Background work of newsletters, run by `qualitymonth db_worker`."""

from django_tasks import task

from qualitymonth.newsletters import services


@task()
def send_batch(newsletter_id: int) -> int:
    # Every batch in turn; each asks for its recipients again (unsubscribes are honoured).
    return services.send_all(newsletter_id)


@task()
def read_bounces(mailbox: str = "") -> dict:
    # The mail server's delivery reports: permanent failures count as bounced.
    return services.read_bounce_mailbox(mailbox)
