"""The catch-up command: a post whose minute passed while no worker ran is published."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from qualitymonth.publishing.models import PostState
from qualitymonth.publishing.tests.conftest import make_post

pytestmark = pytest.mark.django_db


def test_the_command_publishes_a_post_the_worker_missed(capsys):
    due = make_post(
        title="错过的定时通知",
        state=PostState.SCHEDULED,
        publish_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    later = make_post(
        title="明天的通知",
        state=PostState.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )
    call_command("publish_posts", "--now")
    assert "'published': 1" in capsys.readouterr().out
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.state, later.state) == (PostState.PUBLISHED, PostState.SCHEDULED)


def test_without_now_the_round_is_queued_for_the_worker(capsys):
    from django_tasks_db.models import DBTaskResult

    call_command("publish_posts")
    assert capsys.readouterr().out.startswith("queued ")
    assert DBTaskResult.objects.filter(task_path__endswith="publish_due_posts").count() == 1
