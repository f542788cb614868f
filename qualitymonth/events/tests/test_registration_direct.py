"""Registering through the API: the common case is read and decided by one statement on
PostgreSQL (services/registration_direct.py); every rule it checks in SQL gives the same
answer as the usual way, which names the reason when it refuses. On SQLite the same answers
come from the usual way alone."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from qualitymonth.core.models import AuditEntry
from qualitymonth.events import services
from qualitymonth.events.models import Event, Registration, RegistrationStatus, Venue
from qualitymonth.events.tests.conftest import at_once, sign_up
from qualitymonth.organizations.tests.test_unit_api import post_json


def register(client, event_pk, **values):
    client.cookies["qm_language"] = "en"
    payload = {"name": "李明", "phone": "13812345678", **values}
    return post_json(client, f"/api/events/{event_pk}/registrations", payload)


def refusal(response) -> str:
    return " ".join(error["message"] for error in response.json().get("errors", [])) or str(
        response.json().get("detail", "")
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"registration": "none"}, "takes no registrations"),
        ({"registration": "invitation"}, "by invitation only"),
        ({"members_only": True}, "member units in good standing only"),
        ({"ends_at": timezone.now() - datetime.timedelta(hours=1)}, "This event is over"),
        (
            {"registration_closes_at": timezone.now() - datetime.timedelta(minutes=1)},
            "Registration for this event has closed",
        ),
    ],
    ids=["no-registration", "invitation", "members-only", "over", "closed"],
)
def test_an_event_that_does_not_admit_anyone_refuses_with_its_reason(
    client, lecture, change, message
):
    Event.objects.filter(pk=lecture.pk).update(**change)

    response = register(client, lecture.pk)

    assert response.status_code == 422
    assert message in refusal(response)
    assert not Registration.objects.exists()
    assert not AuditEntry.objects.filter(action="registration.create").exists()


def test_an_unpublished_or_missing_event_is_not_found(client, lecture):
    Event.objects.filter(pk=lecture.pk).update(is_published=False)

    assert register(client, lecture.pk).status_code == 404
    assert register(client, lecture.pk + 1000).status_code == 404
    assert not Registration.objects.exists()


def test_an_event_with_a_question_asks_for_its_answer(client, lecture):
    lecture.questions.create(label="企业规模", kind="text", required=True)

    response = register(client, lecture.pk)

    assert response.status_code == 422
    assert not Registration.objects.exists()


def test_a_venue_of_another_event_is_refused_and_one_of_this_event_is_used(client, lecture):
    second = Venue.objects.create(event=lecture, name="分会场", capacity=10)
    elsewhere = Event.objects.create(
        kind="lecture", title="另一场", starts_at=lecture.starts_at, ends_at=lecture.ends_at
    )
    other_venue = Venue.objects.create(event=elsewhere, name="别处", capacity=10)

    refused = register(client, lecture.pk, venue=other_venue.pk)
    chosen = register(client, lecture.pk, venue=second.pk, phone="13900000002")
    first = register(client, lecture.pk, phone="13900000003")

    assert refused.status_code == 422
    assert "belongs to another event" in refusal(refused)
    assert chosen.json()["venue"] == "分会场"
    assert first.json()["venue"] == "长宁区大会堂"  # none named: the event's first
    assert sorted(Registration.objects.values_list("venue__name", flat=True)) == [
        "分会场",
        "长宁区大会堂",
    ]


def test_seats_approval_and_the_audit_record_follow_the_event(client, lecture):
    Event.objects.filter(pk=lecture.pk).update(requires_approval=True)
    lecture.venues.update(capacity=1)

    statuses = [
        register(client, lecture.pk, phone=f"1390000000{n}").json()["status"] for n in range(2)
    ]

    assert statuses == ["pending", "waiting"]
    entries = AuditEntry.objects.filter(action="registration.create").order_by("pk")
    registrations = Registration.objects.order_by("pk")
    assert [entry.object_id for entry in entries] == [str(r.pk) for r in registrations]
    assert entries[0].object_repr == "李明 · 第八期质量大讲堂"
    assert registrations[0].phone == "+8613900000000"
    assert registrations[0].event_id == lecture.pk


def test_a_signed_in_token_holder_is_refused_a_second_place_under_another_number(
    client, lecture, citizen
):
    from qualitymonth.core.services import create_api_token

    token = create_api_token(user=citizen, name="app")[1]
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    first = register(client, lecture.pk)
    again = register(client, lecture.pk, phone="13900000009")

    assert first.status_code == 201
    assert Registration.objects.get().user == citizen
    assert again.status_code == 422
    assert "already registered" in refusal(again)


@pytest.mark.django_db(transaction=True)
def test_the_ticket_is_e_mailed_once_the_registration_is_stored(client, lecture):
    response = register(client, lecture.pk, email="li@example.org")
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    code = response.json()["ticket_code"]
    assert [message.to for message in mail.outbox] == [["li@example.org"]]
    assert code in mail.outbox[0].body
    assert "第八期质量大讲堂" in mail.outbox[0].subject


def test_a_wrong_e_mail_address_is_named_and_nothing_is_stored(client, lecture):
    response = register(client, lecture.pk, email="not an address")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "email"
    assert not Registration.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_burst_through_both_ways_at_once_never_oversells():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite has one writer at a time")
    starts = timezone.now() + datetime.timedelta(days=7)
    event = Event.objects.create(
        kind="lecture",
        title="并发测试",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )
    Venue.objects.create(event=event, name="会场", capacity=10)
    direct = []

    def register(n):
        if n % 2:  # the usual way, with the event as read
            sign_up(event, n)
        else:
            direct.append(
                services.register_at_once(
                    actor=None,
                    event_pk=event.pk,
                    venue_pk=None,
                    name=f"听众{n}",
                    phone=f"138{n:08d}",
                )
            )

    errors = at_once(30, register)
    assert errors == []
    assert len(direct) == 15 and None not in direct
    counts = dict(Registration.objects.values_list("status").order_by().annotate(n=Count("pk")))
    assert counts == {RegistrationStatus.CONFIRMED: 10, RegistrationStatus.WAITING: 20}
    assert AuditEntry.objects.filter(action="registration.create").count() == 30
