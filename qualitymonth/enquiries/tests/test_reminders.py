"""The daily digest to each handling unit: cases past or near their time limit, once a day."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from conftest import make_person
from qualitymonth.enquiries.models import Clock
from qualitymonth.enquiries.services.reminders import send_deadline_reminders
from qualitymonth.enquiries.tests.desk_helpers import due_in, file_case
from qualitymonth.organizations.models import Role


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def with_email(person, email):
    person.email = email
    person.save()
    return person


@pytest.fixture
def huangpu_people(bureaus, huangpu_staff):
    second = make_person("hp-handler", unit=bureaus["huangpu"], role=Role.CASE_HANDLER)
    # Not case handlers (they cannot open the desk): not written to.
    admin = make_person("hp-admin", unit=bureaus["huangpu"], role=Role.UNIT_ADMIN)
    reporter = make_person("hp-reporter", unit=bureaus["huangpu"], role=Role.REPORTER)
    inspector = make_person("hp-inspector", unit=bureaus["huangpu"], role=Role.INSPECTOR)
    with_email(admin, "admin@huangpu.example")
    with_email(reporter, "reporter@huangpu.example")
    with_email(inspector, "inspector@huangpu.example")
    return [
        with_email(huangpu_staff, "desk@huangpu.example"),
        with_email(second, "handler@huangpu.example"),
    ]


@pytest.mark.django_db(transaction=True)
def test_an_overdue_case_is_mailed_to_its_unit_once_a_day(
    huangpu_people, xuhui_staff, routing, categories, districts
):
    case = file_case(categories["glasses"], districts["huangpu"])
    due = due_in(case, -2)
    file_case(categories["glasses"], districts["huangpu"])  # far from its deadline
    today = timezone.localdate()

    assert send_deadline_reminders(today=today) == 1
    assert send_deadline_reminders(today=today) == 0  # the same day: nothing more
    run_worker()
    reminders = [m for m in mail.outbox if "huangpu.example" in m.to[0]]
    assert len(reminders) == 1
    (message,) = reminders
    assert message.to == ["desk@huangpu.example", "handler@huangpu.example"]
    assert case.number in message.body and due.isoformat() in message.body
    assert "/enquiries/desk/" in message.body
    # No personal data leaves by e-mail.
    assert "王小明" not in message.body and "13812345678" not in message.body
    assert Clock.objects.get(case=case, stopped_on__isnull=True).reminded_on == today

    # The next day, still overdue: one more.
    assert send_deadline_reminders(today=today + datetime.timedelta(days=1)) == 1


@pytest.mark.django_db(transaction=True)
def test_near_deadline_cases_are_listed_and_other_units_get_their_own(
    huangpu_people, xuhui_staff, routing, categories, districts
):
    near = file_case(categories["glasses"], districts["huangpu"])
    due_in(near, 0)
    late = file_case(categories["glasses"], districts["huangpu"])
    due_in(late, -1)
    theirs = file_case(categories["glasses"], districts["xuhui"])
    due_in(theirs, -5)
    with_email(xuhui_staff, "desk@xuhui.example")

    assert send_deadline_reminders() == 2
    run_worker()
    by_unit = {message.to[0].split("@")[1]: message.body for message in mail.outbox}
    huangpu = by_unit["huangpu.example"]
    assert near.number in huangpu and late.number in huangpu
    assert huangpu.index(late.number) < huangpu.index(near.number)  # late ones first
    assert theirs.number not in huangpu
    assert theirs.number in by_unit["xuhui.example"]


@pytest.mark.django_db
def test_closed_cases_and_units_without_an_address_get_no_reminder(
    huangpu_staff, xuhui_staff, routing, categories, districts
):
    from qualitymonth.enquiries.services.handling import change_status

    closed = file_case(categories["glasses"], districts["huangpu"])
    due_in(closed, -3)
    change_status(case=closed, to="not_accepted", reason="too_late", actor=huangpu_staff)
    nobody = file_case(categories["glasses"], districts["xuhui"])  # xuhui staff has no e-mail
    due_in(nobody, -3)
    assert send_deadline_reminders() == 0
    assert Clock.objects.get(case=nobody).reminded_on is None  # told once someone can be


@pytest.mark.django_db(transaction=True)
def test_the_daily_command_sends_the_digest(huangpu_people, routing, categories, districts):
    case = file_case(categories["glasses"], districts["huangpu"])
    due_in(case, -1)
    call_command("enquiry_reminders", verbosity=0)
    call_command("enquiry_reminders", verbosity=0)
    run_worker()
    (message,) = [m for m in mail.outbox if m.to[0].endswith("@huangpu.example")]
    assert case.number in message.body


@pytest.mark.django_db(transaction=True)
def test_the_command_can_leave_the_work_to_the_task_worker(
    huangpu_people, routing, categories, districts
):
    case = file_case(categories["glasses"], districts["huangpu"])
    due_in(case, -1)
    call_command("enquiry_reminders", queue=True, verbosity=0)
    assert Clock.objects.get(case=case).reminded_on is None
    run_worker()  # runs the digest, which queues the e-mail
    run_worker()
    staff = [m.to for m in mail.outbox if m.to[0].endswith("@huangpu.example")]
    assert staff == [["desk@huangpu.example", "handler@huangpu.example"]]


@pytest.mark.django_db
def test_reminders_go_out_at_the_year_end_before_next_years_holidays_are_known(
    huangpu_people, routing, categories, districts
):
    case = file_case(categories["glasses"], districts["huangpu"])
    Clock.objects.filter(case=case).update(due_on=datetime.date(2026, 12, 31))
    # 2027 is not in the holiday calendar: "near" counts Monday to Friday instead of failing.
    assert send_deadline_reminders(today=datetime.date(2026, 12, 30)) == 1
    assert Clock.objects.get(case=case).reminded_on == datetime.date(2026, 12, 30)
