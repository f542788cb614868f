import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from conftest import make_person
from qualitymonth.campaigns import services
from qualitymonth.campaigns.models import Reminder
from qualitymonth.organizations.models import Role


@pytest.fixture
def recipient(huangpu_bureau):
    person = make_person("huangpu-reporter", unit=huangpu_bureau, role=Role.REPORTER)
    person.email = "reporter@huangpu.example"
    person.save()
    return person


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_reminder_is_sent_once_per_due_date(recipient, huangpu_action, secretariat):
    due = huangpu_action.due_on  # 20 September
    assert services.send_due_reminders(today=due - datetime.timedelta(days=2)) == 1
    assert services.send_due_reminders(today=due - datetime.timedelta(days=1)) == 0
    run_worker()
    assert [m.to for m in mail.outbox] == [["reporter@huangpu.example"]]
    assert "7" in mail.outbox[0].subject

    # After the due date, one more — once.
    assert services.send_due_reminders(today=due + datetime.timedelta(days=1)) == 1
    assert services.send_due_reminders(today=due + datetime.timedelta(days=5)) == 0

    # A new due date is a new occasion.
    services.update_action(
        actor=secretariat, action=huangpu_action, due_on=datetime.date(2020, 9, 28)
    )
    assert services.send_due_reminders(today=datetime.date(2020, 9, 27)) == 1
    run_worker()
    assert len(mail.outbox) == 3
    assert Reminder.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_done_actions_and_far_dates_get_no_reminder(recipient, huangpu_action, secretariat):
    due = huangpu_action.due_on
    assert services.send_due_reminders(today=due - datetime.timedelta(days=10)) == 0
    services.update_action(actor=secretariat, action=huangpu_action, status="done", progress=100)
    assert services.send_due_reminders(today=due) == 0
    assert not Reminder.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_daily_command_queues_the_reminder_task(recipient, huangpu_action, settings):
    call_command("send_reminders", verbosity=0)
    run_worker()  # runs today's reminders: the 2020 action is long past its window
    assert not Reminder.objects.exists()
