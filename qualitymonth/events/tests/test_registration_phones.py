"""One number is one person whatever its spelling, and an e-mail address must be one, on every
path into a registration."""

import importlib
import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import override_settings

from qualitymonth.events.models import Registration
from qualitymonth.events.tests.conftest import sign_up

SPELLINGS = [
    "13911112222",
    "139-1111-2222",
    "+86 139 1111 2222",
    "0086 139 1111 2222",
    "(+86) 139-1111-2222",
    "１３９ １１１１ ２２２２",  # full-width digits, as some input methods type them
]


def register_by_api(client, event, **payload):
    payload.setdefault("name", "李明")
    return client.post(
        f"/api/events/{event.pk}/registrations",
        json.dumps(payload),
        content_type="application/json",
    )


@override_settings(REGISTRATION_PHONE_RATE="1000/d", LANGUAGE_CODE="en")
def test_six_spellings_of_one_phone_give_one_registration(client, lecture):
    answers = [register_by_api(client, lecture, phone=phone) for phone in SPELLINGS]
    assert [answer.status_code for answer in answers] == [201] + [422] * 5
    for answer in answers[1:]:
        assert answer.json()["errors"] == [
            {"field": "phone", "message": "This person is already registered for this event."}
        ]
    assert list(lecture.registrations.values_list("phone", flat=True)) == ["+8613911112222"]


def test_the_migration_stores_old_registrations_phones_in_e164(lecture, hall):
    # As the API stored them before numbers were normalised: what was typed.
    old = [
        Registration.objects.create(
            event=lecture, venue=hall, name=f"旧{n}", phone=phone, status="confirmed"
        )
        for n, phone in enumerate(["139-1111-2222", "13800001111", "not a number"])
    ]
    migration = importlib.import_module("qualitymonth.events.migrations.0004_phones_e164")
    migration.to_e164(apps, None)
    stored = [Registration.objects.get(pk=row.pk).phone for row in old]
    assert stored == ["+8613911112222", "+8613800001111", "not a number"]


def test_an_old_registration_typed_in_another_spelling_is_still_a_duplicate(lecture, hall):
    Registration.objects.create(
        event=lecture, venue=hall, name="旧", phone="139 1111 2222", status="confirmed"
    )
    migration = importlib.import_module("qualitymonth.events.migrations.0004_phones_e164")
    migration.to_e164(apps, None)
    with pytest.raises(ValidationError) as refused:
        sign_up(lecture, 1, phone="+86 139-1111-2222")
    assert "phone" in refused.value.message_dict
    assert lecture.registrations.count() == 1


@override_settings(LANGUAGE_CODE="en")
def test_a_bad_e_mail_through_the_api_is_refused_naming_the_field(client, lecture):
    answer = register_by_api(client, lecture, phone="13912345678", email="not-an-address")
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "email", "message": "E-mail: enter a valid e-mail address."}
    ]
    assert not Registration.objects.exists()


def test_a_good_e_mail_through_the_api_is_kept(client, lecture):
    answer = register_by_api(client, lecture, phone="13912345678", email=" li@example.org ")
    assert answer.status_code == 201
    assert Registration.objects.get().email == "li@example.org"


def test_the_service_refuses_a_bad_e_mail_from_any_caller(lecture):
    with pytest.raises(ValidationError) as refused:
        sign_up(lecture, 1, email="li@@example")
    assert list(refused.value.message_dict) == ["email"]
    assert not Registration.objects.exists()
