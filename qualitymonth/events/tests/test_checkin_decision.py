"""A check-in admitted in one statement (PostgreSQL) keeps the rules: once per ticket, only
confirmed tickets of this event, with its audit record."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from qualitymonth.core.models import AuditEntry
from qualitymonth.events import services
from qualitymonth.events.models import Event, Registration, Venue
from qualitymonth.events.tests.conftest import sign_up


@pytest.fixture
def committed_lecture(transactional_db):
    starts = timezone.now() + datetime.timedelta(hours=1)
    event = Event.objects.create(
        kind="lecture",
        title="质量大讲堂",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    Venue.objects.create(event=event, name="报告厅", capacity=1)
    return event


def test_a_checked_in_ticket_carries_its_venue_answers_and_audit_record(committed_lecture):
    ticket = sign_up(committed_lecture, 1, answers={})
    admitted = services.check_in(
        actor=None, event=committed_lecture, ticket_code=ticket.ticket_code
    )
    assert (admitted.pk, admitted.name, admitted.venue.name, admitted.answers) == (
        ticket.pk,
        "听众1",
        "报告厅",
        {},
    )
    stored = Registration.objects.get(pk=ticket.pk)
    assert stored.checked_in_at == admitted.checked_in_at is not None
    entry = AuditEntry.objects.get(action="registration.check_in")
    assert (entry.object_id, entry.object_repr) == (str(ticket.pk), "听众1 · 质量大讲堂")


def test_a_waiting_or_used_ticket_is_refused_with_its_reason(committed_lecture):
    seated, waiting = sign_up(committed_lecture, 1), sign_up(committed_lecture, 2)
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=committed_lecture, ticket_code=waiting.ticket_code)
    assert error.value.code == "not_confirmed"
    services.check_in(actor=None, event=committed_lecture, ticket_code=seated.ticket_code)
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=committed_lecture, ticket_code=seated.ticket_code)
    assert error.value.code == "twice"
    assert AuditEntry.objects.filter(action="registration.check_in").count() == 1


def test_parallel_scans_of_one_ticket_admit_it_once(committed_lecture):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite has one writer at a time")
    ticket = sign_up(committed_lecture, 1)
    barrier, outcomes = threading.Barrier(8), []

    def scan():
        try:
            barrier.wait()
            services.check_in(actor=None, event=committed_lecture, ticket_code=ticket.ticket_code)
            outcomes.append("admitted")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["admitted"] + ["twice"] * 7
    assert AuditEntry.objects.filter(action="registration.check_in").count() == 1
