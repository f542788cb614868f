"""No query value breaks an events page or the events API: bad ones are ignored (pages) or
answered with a message (API)."""

import pytest
from django.urls import reverse

from qualitymonth.events.tests.conftest import sign_up
from tests.answers import assert_not_found

HOSTILE = [
    "10000",
    "-1",
    "0",
    "²",
    "١٢",
    "99999999999999999999999999",
    "abc",
    "\x00",
    "2026\x00",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "%",
    "_",
    "x" * 5000,
    "",
]
PARAMETERS = ["year", "page", "series", "kind", "when", "search", "q", "status", "event", "state"]


@pytest.mark.parametrize("value", HOSTILE)
def test_the_event_list_ignores_values_it_cannot_use(client, lecture, value):
    query = {name: value for name in PARAMETERS}
    response = client.get(reverse("events:list"), query)
    assert response.status_code == 200
    assert "<h1>活动与会议</h1>" in response.content.decode()
    # A year no event can have is no filter at all.
    assert lecture.title in client.get(reverse("events:list"), {"year": value}).content.decode()


@pytest.mark.parametrize("value", HOSTILE)
def test_event_pages_ignore_values_they_cannot_use(
    client, run_by_enterprise, enterprise_reporter, secretariat, value
):
    from qualitymonth.events.models import Series

    ticket = sign_up(run_by_enterprise, 1, name="王芳")
    Series.objects.create(key="lecture-hall", name="质量大讲堂")
    query = {name: value for name in [*PARAMETERS, "invitation"]}
    pages = [
        (None, reverse("events:detail", args=[run_by_enterprise.pk]), "第八期质量大讲堂"),
        (None, reverse("events:series", args=["lecture-hall"]), "质量大讲堂"),
        (None, reverse("events:ticket", args=[ticket.ticket_code]), "王芳"),
        (None, reverse("events:wall"), "质量承诺墙"),
        (enterprise_reporter, reverse("events:manage", args=[run_by_enterprise.pk]), "王芳"),
        (enterprise_reporter, reverse("events:check_in", args=[run_by_enterprise.pk]), "签到"),
        (enterprise_reporter, reverse("events:running"), "第八期质量大讲堂"),
        (secretariat, reverse("events:moderation"), "承诺"),
        (enterprise_reporter, reverse("events:mine"), ""),
    ]
    for user, url, text in pages:
        if user is not None:
            client.force_login(user)
        response = client.get(url, query)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url
        client.logout()


@pytest.mark.parametrize(
    "path",
    [
        "/events/99999999999999999999999/",
        "/events/tickets/%00/",
        "/events/tickets/" + "A" * 300 + "/",
        "/events/tickets/%00/qr.svg",
        "/events/series/nothing/calendar.ics",
        "/events/campaigns/99999999999999999999/calendar.ics",
    ],
)
def test_addresses_that_name_nothing_answer_not_found(client, lecture, path):
    assert_not_found(client.get(path), lecture.title)


@pytest.mark.parametrize("value", HOSTILE)
def test_the_calendar_feeds_ignore_query_values(client, lecture, value):
    response = client.get("/events/calendar.ics", {"year": value, "kind": value})
    assert response.status_code == 200 and b"BEGIN:VCALENDAR" in response.content


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("year", "10000", "year：请填写年份，例如2026。"),
        ("year", "²", "year：请填写年份，例如2026。"),
        # A NUL byte is refused before the filters: a 422 naming the field (core/tests).
        ("kind", "party", "kind：没有名为“party”的活动类型。"),
        ("when", "tomorrow", "when：只能是upcoming、past或all。"),
        ("series", "' OR 1=1 --", "series：不是有效的系列标识。"),
    ],
)
def test_the_event_api_answers_a_bad_filter_with_a_message(client, lecture, name, value, message):
    response = client.get("/api/events", {name: value})
    assert response.status_code == 400
    assert response.json()["detail"] == message


@pytest.mark.parametrize(
    "query",
    [
        {"offset": "99999999999999999999999"},
        {"limit": "99999999999999999999999"},
        {"offset": "-1"},
        {"limit": "0"},
        {"limit": "abc"},
        {"year": "x" * 5000},
    ],
)
def test_the_event_api_refuses_impossible_pages_without_an_error(client, lecture, query):
    response = client.get("/api/events", query)
    assert response.status_code in (400, 422)
    assert response.json()["detail"]


def test_the_event_api_still_filters_by_good_values(client, lecture):
    year = lecture.starts_at.year
    data = client.get("/api/events", {"year": str(year), "kind": "lecture"}).json()
    assert [item["id"] for item in data["items"]] == [lecture.pk]
    assert client.get("/api/events", {"year": str(year + 5)}).json()["items"] == []


def test_the_event_list_filters_by_a_good_year(client, lecture):
    year = lecture.starts_at.year
    assert lecture.title in client.get("/events/", {"year": year}).content.decode()
    assert lecture.title not in client.get("/events/", {"year": year + 5}).content.decode()
