import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from qualitymonth.events import services
from qualitymonth.events.models import Event, Registration, RegistrationStatus, Venue


def sign_up(event, venue, n, **values):
    return services.register(
        actor=None, event=event, venue=venue, name=f"听众{n}", phone=f"1380000{n:04d}", **values
    )


def test_seats_are_confirmed_until_the_venue_is_full_then_people_wait(lecture, hall):
    statuses = [sign_up(lecture, hall, n).status for n in range(5)]
    assert statuses == ["confirmed"] * 3 + ["waiting"] * 2


def test_a_cancellation_promotes_the_longest_waiting_person(lecture, hall):
    people = [sign_up(lecture, hall, n) for n in range(5)]
    promoted = services.cancel_registration(actor=None, registration=people[1])
    assert promoted == people[3]
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {
        "听众0": "confirmed",
        "听众1": "cancelled",
        "听众2": "confirmed",
        "听众3": "confirmed",
        "听众4": "waiting",
    }


def test_cancelling_twice_promotes_only_once(lecture, hall):
    people = [sign_up(lecture, hall, n) for n in range(5)]
    services.cancel_registration(actor=None, registration=people[0])
    assert services.cancel_registration(actor=None, registration=people[0]) is None
    assert Registration.objects.filter(status="confirmed").count() == 3


def test_the_same_phone_cannot_register_twice(lecture, hall):
    sign_up(lecture, hall, 1)
    with pytest.raises(ValidationError) as error:
        sign_up(lecture, hall, 1)
    assert error.value.message_dict["phone"]
    assert Registration.objects.count() == 1


def test_a_closed_registration_is_refused(lecture, hall):
    Event.objects.filter(pk=lecture.pk).update(
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError):
        sign_up(lecture, hall, 1)
    assert not Registration.objects.exists()


def test_approval_holds_the_seat_while_pending(lecture, hall):
    Event.objects.filter(pk=lecture.pk).update(requires_approval=True)
    lecture.refresh_from_db()
    statuses = [sign_up(lecture, hall, n).status for n in range(4)]
    assert statuses == ["pending"] * 3 + ["waiting"]


def test_a_ticket_is_checked_in_once_and_only_at_its_own_event(lecture, hall):
    ticket = sign_up(lecture, hall, 1)
    other = Event.objects.create(
        kind="forum", title="论坛", starts_at=lecture.starts_at, ends_at=lecture.ends_at
    )
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=other, ticket_code=ticket.ticket_code)
    assert error.value.code == "other_event"
    services.check_in(actor=None, event=lecture, ticket_code=ticket.ticket_code)
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=lecture, ticket_code=ticket.ticket_code)
    assert error.value.code == "twice"
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=lecture, ticket_code="forged-" + ticket.ticket_code)
    assert error.value.code == "unknown"


def test_tickets_are_unguessable(lecture, hall):
    codes = {sign_up(lecture, hall, n).ticket_code for n in range(5)}
    assert len(codes) == 5 and all(len(code) >= 24 for code in codes)


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_parallel_registrations_never_oversells():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite has one writer at a time")
    starts = timezone.now() + datetime.timedelta(days=7)
    event = Event.objects.create(
        kind="lecture",
        title="并发测试",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )
    venue = Venue.objects.create(event=event, name="会场", capacity=10)
    barrier = threading.Barrier(30)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            sign_up(event, venue, n)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = dict(Registration.objects.values_list("status").order_by().annotate(n=Count("pk")))
    assert counts == {RegistrationStatus.CONFIRMED: 10, RegistrationStatus.WAITING: 20}
