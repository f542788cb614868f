"""Events answer bad input and unknown ids with a 4xx that says what is wrong, never a 500:
a NUL byte in a registration, an event that does not exist (even for the secretariat, who may
run every event), a word where the event's number goes, a page number past any database."""

import json

import pytest
from django.urls import reverse

from qualitymonth.events.models import Registration
from qualitymonth.organizations.tests.test_unit_api import bearer, post_json

MISSING = 987_654


def test_a_nul_byte_in_a_public_registration_is_refused_by_field_and_nothing_is_stored(
    client, lecture
):
    response = post_json(
        client,
        f"/api/events/{lecture.pk}/registrations",
        {"name": "李\x00明", "phone": "13812345678"},
    )
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["name"]
    assert "控制字符" in response.json()["errors"][0]["message"]
    assert Registration.objects.count() == 0


def test_a_control_character_in_an_answer_is_refused_by_its_place(client, lecture):
    response = post_json(
        client,
        f"/api/events/{lecture.pk}/registrations",
        {"name": "李明", "phone": "13812345678", "answers": {"company": "上汽\x1b通用"}},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "answers.company"
    assert Registration.objects.count() == 0


def test_a_nul_byte_in_a_query_parameter_is_a_field_error_not_a_server_error(client, lecture):
    response = client.get("/api/events", {"series": "a\x00b"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "series"


@pytest.mark.parametrize("path", ["figures", "online-viewers"])
def test_an_unknown_event_is_not_found_for_the_secretariat_in_the_api(client, secretariat, path):
    headers = bearer(secretariat)
    if path == "figures":
        response = client.get(f"/api/events/{MISSING}/figures", headers=headers)
    else:
        response = client.put(
            f"/api/events/{MISSING}/online-viewers",
            json.dumps({"online_viewers": 5}),
            content_type="application/json",
            headers=headers,
        )
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}


def test_an_unknown_event_is_not_found_at_the_api_door(client, secretariat):
    response = post_json(
        client, f"/api/events/{MISSING}/check-ins", {"code": "ABC"}, **bearer(secretariat)
    )
    assert response.status_code == 404


STAFF_PAGES = [
    ("get", "events:manage", {}),
    ("post", "events:decide", {"registration_pk": 1, "decision": "approve"}),
    ("post", "events:viewers", {}),
    ("post", "events:report", {}),
    ("post", "events:invite", {}),
    ("get", "events:check_in", {}),
    ("get", "events:attendees_export", {"fmt": "csv"}),
]


@pytest.mark.parametrize(("method", "name", "extra"), STAFF_PAGES)
def test_an_unknown_event_is_not_found_on_the_secretariats_pages(
    client, secretariat, method, name, extra
):
    client.force_login(secretariat)
    url = reverse(name, kwargs={"pk": MISSING, **extra})
    response = getattr(client, method)(url)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_word_where_the_events_number_goes_is_the_apis_json_404(client, db):
    response = client.get("/api/events/abc")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "未找到。"}


@pytest.mark.parametrize("parameter", ["limit", "offset"])
def test_a_page_past_any_database_on_the_event_list_is_refused_by_name(client, lecture, parameter):
    response = client.get("/api/events", {parameter: str(2**63)})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == parameter
