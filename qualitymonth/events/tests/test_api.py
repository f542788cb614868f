from qualitymonth.events.models import Registration
from qualitymonth.events.tests.conftest import sign_up
from qualitymonth.organizations.tests.test_unit_api import bearer, post_json


def test_anyone_registers_through_the_api_and_gets_a_ticket_address(client, lecture):
    response = post_json(
        client,
        f"/api/events/{lecture.pk}/registrations",
        {"name": "李明", "phone": "13812345678"},
    )
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "confirmed"
    assert data["ticket_url"].endswith(f"/events/tickets/{data['ticket_code']}/")


def test_a_machine_client_registers_without_cookies_or_csrf_token(lecture):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = post_json(
        client, f"/api/events/{lecture.pk}/registrations", {"name": "甲", "phone": "13900000009"}
    )
    assert response.status_code == 201
    assert response.json()["status"] == "confirmed"
    assert lecture.registrations.get().name == "甲"


def test_a_browser_session_is_not_used_by_the_public_registration_api(lecture, citizen):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    post_json(
        client, f"/api/events/{lecture.pk}/registrations", {"name": "甲", "phone": "13900000009"}
    )
    assert Registration.objects.get().user is None


def test_a_full_event_answers_with_a_waiting_list_place(client, lecture):
    for n in range(3):
        sign_up(lecture, n)
    data = post_json(
        client, f"/api/events/{lecture.pk}/registrations", {"name": "甲", "phone": "13900000009"}
    ).json()
    assert data["status"] == "waiting"


def test_a_duplicate_registration_gets_a_field_error(client, lecture):
    sign_up(lecture, 1, phone="13900000001")
    response = post_json(
        client, f"/api/events/{lecture.pk}/registrations", {"name": "甲", "phone": "13900000001"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "phone"
    assert Registration.objects.count() == 1


def test_staff_check_in_through_the_api_and_a_second_scan_is_a_conflict(
    client, run_by_enterprise, enterprise_reporter
):
    ticket = sign_up(run_by_enterprise, 1, name="王芳")
    url = f"/api/events/{run_by_enterprise.pk}/check-ins"
    headers = bearer(enterprise_reporter)
    first = post_json(client, url, {"code": ticket.ticket_code}, **headers)
    assert first.status_code == 200 and first.json()["name"] == "王芳"
    second = post_json(client, url, {"code": ticket.ticket_code}, **headers)
    assert second.status_code == 409 and second.json()["code"] == "twice"


def test_the_check_in_api_hides_events_the_caller_does_not_run(client, lecture, enterprise_admin):
    ticket = sign_up(lecture, 1)
    response = post_json(
        client,
        f"/api/events/{lecture.pk}/check-ins",
        {"code": ticket.ticket_code},
        **bearer(enterprise_admin),
    )
    assert response.status_code == 404
    assert Registration.objects.get().checked_in_at is None


def test_online_viewers_sent_through_the_api_appear_in_the_figures(
    client, run_by_enterprise, enterprise_reporter
):
    headers = bearer(enterprise_reporter)
    url = f"/api/events/{run_by_enterprise.pk}/online-viewers"
    response = client.put(
        url, {"online_viewers": 11000}, content_type="application/json", headers=headers
    )
    assert response.json()["online_viewers"] == 11000
    bad = client.put(url, {"online_viewers": -5}, content_type="application/json", headers=headers)
    assert bad.status_code == 422
    figures = client.get(f"/api/events/{run_by_enterprise.pk}/figures", headers=headers).json()
    assert figures["online_viewers"] == 11000


def test_the_event_list_shows_seats_left_per_venue(client, lecture):
    sign_up(lecture, 1)
    data = client.get(f"/api/events/{lecture.pk}").json()
    assert data["venues"][0]["seats_left"] == 2
    listed = client.get("/api/events").json()
    assert [item["id"] for item in listed["items"]] == [lecture.pk]
