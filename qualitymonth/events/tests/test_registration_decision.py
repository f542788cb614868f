"""The seat decision taken in one round trip under the lock (PostgreSQL) keeps every rule."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from qualitymonth.core.models import AuditEntry
from qualitymonth.events import services
from qualitymonth.events.models import Event, Registration, Venue
from qualitymonth.events.tests.conftest import sign_up


@pytest.fixture
def committed_lecture(transactional_db):
    """A 2-seat lecture, with no test transaction around it: the registration opens and
    commits its own, as in production."""
    starts = timezone.now() + datetime.timedelta(days=30)
    event = Event.objects.create(
        kind="lecture",
        title="质量大讲堂",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    Venue.objects.create(event=event, name="报告厅", capacity=2)
    return event


def test_a_registration_is_stored_with_its_audit_record(committed_lecture):
    registration = sign_up(committed_lecture, 1, email="tingzhong@example.com")
    stored = Registration.objects.get(ticket_code=registration.ticket_code)
    assert (stored.pk, stored.name, stored.phone, stored.email, stored.status) == (
        registration.pk,
        "听众1",
        "+8613800000001",
        "tingzhong@example.com",
        "confirmed",
    )
    entry = AuditEntry.objects.get(action="registration.create")
    assert entry.object_id == str(stored.pk)
    assert entry.object_repr == "听众1 · 质量大讲堂"


def test_people_beyond_the_seats_wait_and_a_second_registration_is_refused(committed_lecture):
    statuses = [sign_up(committed_lecture, n).status for n in range(3)]
    assert statuses == ["confirmed", "confirmed", "waiting"]
    with translation.override("en"), pytest.raises(ValidationError) as error:
        sign_up(committed_lecture, 2)
    assert error.value.message_dict["phone"] == [
        "This person is already registered for this event."
    ]
    assert Registration.objects.count() == AuditEntry.objects.count() == 3


def test_a_change_to_the_event_after_the_caller_read_it_is_what_decides(committed_lecture):
    # The caller's copy says no approval is needed; the event now asks for it.
    Event.objects.filter(pk=committed_lecture.pk).update(requires_approval=True)
    assert sign_up(committed_lecture, 1).status == "pending"
    Event.objects.filter(pk=committed_lecture.pk).update(
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError) as error:
        sign_up(committed_lecture, 2)
    assert error.value.code == "closed"
    assert Registration.objects.count() == 1


def test_an_invitation_admits_no_more_people_than_its_places(committed_lecture):
    Event.objects.filter(pk=committed_lecture.pk).update(registration="invitation")
    committed_lecture.refresh_from_db()
    invitation = services.create_invitation(
        actor=None, event=committed_lecture, label="上汽通用", places=1
    )
    sign_up(committed_lecture, 1, invitation=invitation)
    with pytest.raises(ValidationError) as error:
        sign_up(committed_lecture, 2, invitation=invitation)
    assert error.value.code == "invitation_used"
    assert Registration.objects.filter(invitation=invitation).count() == 1
