import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from qualitymonth.core.tasks import queue_email


# The worker opens and closes its own connections, as it does in production.
@pytest.mark.django_db(transaction=True)
def test_queued_mail_waits_for_the_worker_and_is_then_sent():
    queue_email(to=["reporter@example.org"], subject="提醒", body="请按时报送活动信息。")
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    assert [m.subject for m in mail.outbox] == ["提醒"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_no_mail_is_queued_when_the_change_is_rolled_back(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_email(to=["reporter@example.org"], subject="提醒", body="…")
    # The callbacks were captured but never run: nothing reached the queue.
    assert len(callbacks) == 1
    assert not DBTaskResult.objects.exists()
