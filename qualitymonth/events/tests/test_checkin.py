import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qualitymonth.core.models import AuditEntry
from qualitymonth.events import services
from qualitymonth.events.models import Checkpoint, Event, Registration
from qualitymonth.events.tests.conftest import sign_up


def test_a_ticket_is_admitted_once(lecture):
    ticket = sign_up(lecture, 1)
    services.check_in(actor=None, event=lecture, ticket_code=ticket.ticket_code)
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=lecture, ticket_code=ticket.ticket_code)
    assert error.value.code == "twice"
    assert "已于" in error.value.messages[0]


def test_a_ticket_of_another_event_is_refused_with_that_events_name(lecture):
    ticket = sign_up(lecture, 1)
    forum = Event.objects.create(
        kind="forum", title="长三角论坛", starts_at=lecture.starts_at, ends_at=lecture.ends_at
    )
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=forum, ticket_code=ticket.ticket_code)
    assert error.value.code == "other_event"
    assert "第八期质量大讲堂" in error.value.messages[0]
    assert Registration.objects.get().checked_in_at is None


@pytest.mark.parametrize("code", ["", "x", "forged-code-that-is-long-enough", "<script>"])
def test_a_forged_code_is_not_a_ticket(lecture, code):
    sign_up(lecture, 1)
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=lecture, ticket_code=code)
    assert error.value.code == "unknown"


def test_the_scanned_ticket_address_is_read_as_its_code(lecture):
    ticket = sign_up(lecture, 1)
    scanned = f"https://example.org/events/tickets/{ticket.ticket_code}/"
    services.check_in(actor=None, event=lecture, ticket_code=scanned)
    assert Registration.objects.get().checked_in_at is not None


def test_tickets_expire_after_the_event(lecture):
    ticket = sign_up(lecture, 1)
    Event.objects.filter(pk=lecture.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2) + datetime.timedelta(hours=2),
    )
    lecture.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=lecture, ticket_code=ticket.ticket_code)
    assert error.value.code == "expired"


def test_a_waiting_or_cancelled_ticket_gets_its_own_message(lecture):
    people = [sign_up(lecture, n) for n in range(4)]
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=lecture, ticket_code=people[3].ticket_code)
    assert "候补" in error.value.messages[0]
    services.cancel_registration(actor=None, registration=people[0])
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=lecture, ticket_code=people[0].ticket_code)
    assert "取消" in error.value.messages[0]


def test_a_team_checks_in_once_at_each_checkpoint_and_arrival_is_recorded(lecture):
    start, finish = (Checkpoint.objects.create(event=lecture, name=n) for n in ("起点", "终点"))
    team = sign_up(lecture, 1, name="青浦一队")
    services.visit_checkpoint(actor=None, checkpoint=start, ticket_code=team.ticket_code)
    services.visit_checkpoint(actor=None, checkpoint=finish, ticket_code=team.ticket_code)
    with pytest.raises(ValidationError) as error:
        services.visit_checkpoint(actor=None, checkpoint=finish, ticket_code=team.ticket_code)
    assert "终点" in error.value.messages[0]
    team.refresh_from_db()
    assert team.checked_in_at is not None
    assert team.checkpoint_visits.count() == 2


def test_every_check_in_leaves_an_audit_entry(lecture, secretariat):
    ticket = sign_up(lecture, 1)
    services.check_in(actor=secretariat, event=lecture, ticket_code=ticket.ticket_code)
    entry = AuditEntry.objects.get(action="registration.check_in")
    assert entry.actor == secretariat
