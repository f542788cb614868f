"""The event page: what it offers before, and after, the event."""

import datetime

from django.urls import reverse
from django.utils import timezone

from qualitymonth.events.models import Commitment, Event, Registration
from qualitymonth.events.tests.conftest import sign_up
from qualitymonth.organizations.tests.test_unit_api import post_json


def _ended(event):
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2) + datetime.timedelta(hours=2),
        oath="我承诺：质量第一。",
    )
    event.refresh_from_db()
    return event


def test_an_ended_event_offers_no_registration_seats_or_commitment_form(client, lecture):
    sign_up(lecture, 1)
    _ended(lecture)
    page = client.get(lecture.get_absolute_url()).content.decode()
    assert "活动已结束，报名已截止。" in page
    assert "register-form" not in page
    assert "seats-left" not in page and "剩余" not in page
    assert "sign-commitment" not in page
    assert "我承诺：质量第一。" in page  # the oath itself stays on record


def test_an_upcoming_event_offers_registration_seats_and_the_commitment_form(client, lecture):
    Event.objects.filter(pk=lecture.pk).update(oath="我承诺：质量第一。")
    page = client.get(lecture.get_absolute_url()).content.decode()
    assert "register-form" in page and "seats-left" in page and "sign-commitment" in page


def test_posting_a_registration_to_an_ended_event_is_refused_with_a_message(client, lecture):
    _ended(lecture)
    response = client.post(
        lecture.get_absolute_url(), {"name": "李明", "phone": "13812345678"}, follow=True
    )
    assert "活动已结束，报名已截止。" in response.content.decode()
    assert not Registration.objects.exists()


def test_the_api_refuses_registration_for_an_ended_event_with_a_message(client, lecture):
    _ended(lecture)
    response = post_json(
        client,
        f"/api/events/{lecture.pk}/registrations",
        {"name": "李明", "phone": "13812345678"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "活动已结束，报名已截止。"
    assert not Registration.objects.exists()


def test_the_commitment_wall_of_an_ended_event_takes_no_signatures(client, lecture):
    _ended(lecture)
    url = f"{reverse('events:wall')}?event={lecture.pk}"
    page = client.get(url).content.decode()
    assert "活动已结束，签名已关闭。" in page and "commitment-form" not in page
    client.post(url, {"name": "李明", "pledge": "质量第一"})
    assert not Commitment.objects.exists()


def test_a_signed_in_person_finds_their_name_and_phone_filled_in(client, lecture, citizen):
    citizen.first_name, citizen.last_name, citizen.phone = "明", "李", "+8613812345678"
    citizen.email = "li@example.org"
    citizen.save()
    client.force_login(citizen)
    form = client.get(lecture.get_absolute_url()).context["form"]
    assert form["name"].value() == citizen.get_full_name()
    assert form["phone"].value() == "13812345678"
    assert form["email"].value() == "li@example.org"


def test_the_attendee_table_stacks_into_cards_with_labelled_lines_on_a_phone(
    client, lecture, secretariat
):
    Event.objects.filter(pk=lecture.pk).update(requires_approval=True)
    sign_up(lecture, 1, name="王芳")
    client.force_login(secretariat)
    page = client.get(reverse("events:manage", args=[lecture.pk])).content.decode()
    assert 'class="stacked-table attendees"' in page
    assert '<td data-label="手机号码">' in page
    assert 'href="/static/events/events.css"' in page
    assert 'data-testid="approve"' in page and 'data-testid="decline"' in page
