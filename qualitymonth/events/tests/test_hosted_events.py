"""Events another app runs on its own pages (a training class): seats, waiting list and
approval are the events' own."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_person
from qualitymonth.events.models import Event
from qualitymonth.events.services import cancel_registration
from qualitymonth.events.services.hosted import (
    fill_free_seats,
    register_person,
    schedule_hosted_event,
)


def _hosted(*, capacity=2, requires_approval=False, days=30):
    starts = timezone.now() + datetime.timedelta(days=days)
    return schedule_hosted_event(
        actor=None,
        kind="training",
        title="首席质量官培训班",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        capacity=capacity,
        requires_approval=requires_approval,
    )


def _register(event, username):
    return register_person(actor=None, event=event, user=make_person(username), name=username)


@pytest.mark.django_db
def test_a_hosted_event_is_not_published_and_has_one_venue_of_the_capacity():
    event = _hosted(capacity=5)

    assert not Event.objects.get(pk=event.pk).is_published
    assert [venue.capacity for venue in event.venues.all()] == [5]


@pytest.mark.django_db
def test_people_get_seats_then_the_waiting_list():
    event = _hosted(capacity=2)

    statuses = [_register(event, f"p{n}").status for n in range(3)]

    assert statuses == ["confirmed", "confirmed", "waiting"]


@pytest.mark.django_db
def test_a_seat_awaits_approval_where_the_event_needs_it():
    event = _hosted(requires_approval=True)

    assert _register(event, "p0").status == "pending"


@pytest.mark.django_db
def test_a_person_registered_already_is_refused():
    event = _hosted()
    person = make_person("twice")
    register_person(actor=None, event=event, user=person, name="twice")

    with pytest.raises(ValidationError):
        register_person(actor=None, event=event, user=person, name="twice")

    assert event.registrations.count() == 1


@pytest.mark.django_db
def test_the_hosting_app_decides_when_people_may_register_not_the_dates():
    event = _hosted(days=-30)

    assert _register(event, "late").status == "confirmed"


@pytest.mark.django_db
def test_a_cancelled_seat_goes_to_the_first_waiting():
    event = _hosted(capacity=1)
    first, second = _register(event, "p0"), _register(event, "p1")

    promoted = cancel_registration(actor=None, registration=first)

    assert promoted == second
    second.refresh_from_db()
    assert second.status == "confirmed"


@pytest.mark.django_db
def test_more_seats_go_to_the_waiting_list_in_turn():
    event = _hosted(capacity=1)
    people = [_register(event, f"p{n}") for n in range(4)]

    schedule_hosted_event(
        actor=None,
        kind="training",
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        capacity=3,
        requires_approval=False,
        event=event,
    )
    promoted = fill_free_seats(actor=None, event=event)

    assert promoted == people[1:3]
    for registration in people:
        registration.refresh_from_db()
    assert [r.status for r in people] == ["confirmed", "confirmed", "confirmed", "waiting"]
