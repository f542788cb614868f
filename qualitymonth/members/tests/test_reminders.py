"""Renewal reminders go out a month before a term ends and again in grace, once each, and
never for a term already renewed."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from conftest import make_person
from qualitymonth.members.models import StatusRules
from qualitymonth.members.services.reminders import send_renewal_reminders
from qualitymonth.members.services.terms import add_term, renew
from qualitymonth.organizations.models import Role

# The worker closes its connections as in production: these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def term(membership, member_type, secretariat, enterprise):
    StatusRules.objects.create(grace_days=60)
    admin = make_person("sgm-boss", unit=enterprise, role=Role.UNIT_ADMIN)
    admin.email = "boss@example.com"
    admin.save()
    return add_term(
        actor=secretariat,
        membership=membership,
        type=member_type,
        starts_on=datetime.date(2026, 1, 1),
    )


def subject(text: str, **values) -> str:
    """As the e-mail says it: in the platform's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(text) % values


def sent(day, django_capture_on_commit_callbacks) -> list[str]:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_renewal_reminders(today=day)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    return [message.subject for message in mail.outbox]


def test_a_reminder_before_the_end_and_one_in_grace_each_sent_once(
    term, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    assert sent(datetime.date(2026, 11, 30), capture) == []  # more than a month before
    assert sent(datetime.date(2026, 12, 1), capture) == [
        subject("Your membership ends on %(end)s", end="2026-12-31")
    ]
    assert sent(datetime.date(2026, 12, 2), capture) == []  # once
    assert sent(datetime.date(2027, 1, 5), capture) == [
        subject("Your membership ended on %(end)s: renew in the grace period", end="2026-12-31")
    ]
    assert sent(datetime.date(2027, 1, 6), capture) == []
    assert sent(datetime.date(2027, 3, 5), capture) == []  # grace over: expired


def test_a_renewed_term_gets_no_reminder(term, secretariat, django_capture_on_commit_callbacks):
    renew(actor=secretariat, term=term)
    assert sent(datetime.date(2026, 12, 15), django_capture_on_commit_callbacks) == []
