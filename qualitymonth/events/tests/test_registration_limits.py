"""A script cannot take every seat: anonymous registrations are counted per client address
and per phone number (in E.164), on the page and through the API alike."""

import datetime
import json

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from qualitymonth.events.models import Event, Registration, Venue
from qualitymonth.events.tests.conftest import sign_up
from qualitymonth.organizations.tests.test_unit_api import bearer

MANY = "1000/d"
TOO_MANY = "Too many registrations from your connection or for this phone number."


def an_event(title="质量开放日", capacity=100) -> Event:
    starts = timezone.localtime() + datetime.timedelta(days=30)
    event = Event.objects.create(
        kind="lecture", title=title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    Venue.objects.create(event=event, name="长宁区大会堂", capacity=capacity)
    return event


def register_by_api(client, event, phone, address="203.0.113.7", **headers):
    return client.post(
        f"/api/events/{event.pk}/registrations",
        json.dumps({"name": "脚本", "phone": phone}),
        content_type="application/json",
        headers=headers,
        REMOTE_ADDR=address,
    )


@override_settings(REGISTRATION_RATE="5/d", REGISTRATION_PHONE_RATE=MANY, LANGUAGE_CODE="en")
def test_one_client_cannot_fill_an_event_through_the_api(client, db):
    event = an_event(capacity=100)
    answers = [register_by_api(client, event, f"1390000{n:04d}") for n in range(6)]
    assert [answer.status_code for answer in answers] == [201] * 5 + [429]
    assert answers[-1].json()["detail"].startswith(TOO_MANY)
    assert Registration.objects.count() == 5
    seats = client.get(f"/api/events/{event.pk}").json()["venues"][0]["seats_left"]
    assert seats == 95


@override_settings(REGISTRATION_RATE="5/d", REGISTRATION_PHONE_RATE=MANY)
def test_the_refusal_is_translated_for_the_reader(client, db):
    event = an_event()
    for n in range(5):
        register_by_api(client, event, f"1390000{n:04d}")
    answer = register_by_api(client, event, "13900009999")
    assert answer.json()["detail"] == "您的网络连接或此电话号码的报名次数过多，请一小时后再试。"


@override_settings(REGISTRATION_RATE=MANY, REGISTRATION_PHONE_RATE="3/d")
def test_one_phone_from_rotating_addresses_is_stopped(client, db):
    events = [an_event(f"讲堂{n}") for n in range(4)]
    spellings = ["13911112222", "139-1111-2222", "+86 139 1111 2222", "0086 13911112222"]
    answers = [
        register_by_api(client, event, phone, address=f"198.51.100.{n}")
        for n, (event, phone) in enumerate(zip(events, spellings, strict=True), start=1)
    ]
    assert [answer.status_code for answer in answers] == [201, 201, 201, 429]
    assert not events[3].registrations.exists()
    assert Registration.objects.filter(phone="+8613911112222").count() == 3


@override_settings(REGISTRATION_RATE="3/d", REGISTRATION_PHONE_RATE=MANY, LANGUAGE_CODE="en")
def test_one_address_with_many_phones_is_stopped_on_the_page(client, db):
    event = an_event()
    url = reverse("events:detail", args=[event.pk])
    answers = [
        client.post(url, {"name": "脚本", "phone": f"1390000{n:04d}"}, REMOTE_ADDR="203.0.113.9")
        for n in range(4)
    ]
    assert [answer.status_code for answer in answers] == [302, 302, 302, 429]
    assert TOO_MANY in answers[-1].content.decode()
    assert 'value="13900000003"' in answers[-1].content.decode()  # what was typed is kept
    assert Registration.objects.count() == 3


@override_settings(REGISTRATION_RATE="2/d", REGISTRATION_PHONE_RATE=MANY)
def test_another_address_still_registers_when_one_is_over_its_budget(client, db):
    event = an_event()
    for n in range(3):
        register_by_api(client, event, f"1390000{n:04d}", address="203.0.113.7")
    answer = register_by_api(client, event, "13900000099", address="198.51.100.1")
    assert answer.status_code == 201
    assert Registration.objects.count() == 3


@override_settings(REGISTRATION_RATE="1/d", REGISTRATION_PHONE_RATE="1/d")
def test_clients_with_an_api_token_are_not_counted(client, db, enterprise_reporter):
    event = an_event()
    assert register_by_api(client, event, "13900000001").status_code == 201
    assert register_by_api(client, event, "13900000002").status_code == 429
    signed = register_by_api(client, event, "13900000003", **bearer(enterprise_reporter))
    assert signed.status_code == 201
    assert event.registrations.count() == 2


@override_settings(REGISTRATION_RATE="2/d", LANGUAGE_CODE="en")
def test_cancelling_tickets_by_code_is_limited_per_address(client, lecture):
    tickets = [sign_up(lecture, n) for n in range(3)]
    answers = [
        client.post(reverse("events:ticket_cancel", args=[ticket.ticket_code]))
        for ticket in tickets
    ]
    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert "Too many attempts from your connection." in answers[-1].content.decode()
    tickets[2].refresh_from_db()
    assert tickets[2].status == "confirmed"
