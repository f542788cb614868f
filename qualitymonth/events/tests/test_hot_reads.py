"""The reads every registration and every scan makes are written out (or compiled once per
process) instead of built by the ORM each time: they must read what the ORM would."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qualitymonth.core import rows
from qualitymonth.events import selectors
from qualitymonth.events.models import Event, EventUnit, Venue
from qualitymonth.events.tests.conftest import sign_up
from qualitymonth.organizations.tests.test_unit_api import bearer, post_json


def values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_the_venue_read_for_a_registration_is_the_venue_and_event_as_stored(lecture, hall):
    lecture.registration_closes_at = timezone.now() + datetime.timedelta(days=3)
    lecture.title_en = "Quality Lecture Hall No. 8"
    lecture.save()
    second = Venue.objects.create(event=lecture, name="分会场", capacity=None)

    first = selectors.venue_to_register(lecture.pk)
    named = selectors.venue_to_register(lecture.pk, second.pk)

    assert values(first) == values(Venue.objects.get(pk=hall.pk))
    assert values(first.event) == values(Event.objects.get(pk=lecture.pk))
    assert isinstance(first.event.starts_at, datetime.datetime)  # not text, on SQLite too
    assert first.has_questions is False
    assert values(named) == values(second)
    lecture.questions.create(label="企业规模", kind="text")
    assert selectors.venue_to_register(lecture.pk).has_questions is True


def test_no_venue_is_read_for_an_unpublished_event_or_another_events_venue(lecture, hall):
    starts = timezone.now() + datetime.timedelta(days=9)
    other = Event.objects.create(
        kind="lecture", title="另一讲", starts_at=starts, ends_at=starts, is_published=False
    )
    theirs = Venue.objects.create(event=other, name="别处")
    assert selectors.venue_to_register(lecture.pk, theirs.pk) is None
    assert selectors.venue_to_register(other.pk) is None
    assert selectors.venue_to_register("x") is None


def test_each_scanner_reads_their_own_event_and_positions(
    client, run_by_enterprise, enterprise, enterprise_reporter, secretariat
):
    """The scan's reads are compiled once per process: the next scanner, of another event,
    still gets their own event and is judged by their own positions."""
    starts = timezone.now() + datetime.timedelta(days=3)
    other = Event.objects.create(
        kind="lecture",
        title="另一讲",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    Venue.objects.create(event=other, name="别处", capacity=5)
    mine, theirs = sign_up(run_by_enterprise, 1), sign_up(other, 2)
    door = bearer(enterprise_reporter)

    answer = post_json(
        client, f"/api/events/{run_by_enterprise.pk}/check-ins", {"code": mine.ticket_code}, **door
    )
    assert answer.json()["name"] == mine.name
    # The enterprise does not run the other event: not even its existence is told.
    refused = post_json(
        client, f"/api/events/{other.pk}/check-ins", {"code": theirs.ticket_code}, **door
    )
    assert refused.status_code == 404
    assert (
        post_json(
            client,
            f"/api/events/{other.pk}/check-ins",
            {"code": theirs.ticket_code},
            **bearer(secretariat),
        ).json()["name"]
        == theirs.name
    )
    EventUnit.objects.create(event=other, unit=enterprise, role="co_organiser")
    again = post_json(
        client, f"/api/events/{other.pk}/check-ins", {"code": theirs.ticket_code}, **door
    )
    assert again.json()["code"] == "twice"


def test_a_scan_reads_the_event_and_the_positions_in_one_round_trip(client, lecture, secretariat):
    ticket = sign_up(lecture, 1)
    headers = bearer(secretariat)
    url = f"/api/events/{lecture.pk}/check-ins"
    post_json(client, url, {"code": "not-a-ticket-code-at-all"}, **headers)  # token touched
    with CaptureQueriesContext(connection) as context:
        assert post_json(client, url, {"code": ticket.ticket_code}, **headers).status_code == 200
    sent = [q["sql"] for q in context.captured_queries]
    if connection.vendor == "postgresql":
        # The token; the event and the positions (one pipeline); the check-in statement.
        assert len(sent) == 4, "\n".join(s[:60] for s in sent)
        assert "events_event" in sent[1] and "organizations_position" in sent[2]


def _events_titled(title):
    return Event.objects.filter(title=title)


def _events_after(pk):
    return Event.objects.filter(pk__gt=pk).values_list("pk", flat=True)


def test_a_read_compiled_once_takes_the_arguments_of_each_call(lecture):
    later = Event.objects.create(
        kind="lecture", title="后一讲", starts_at=lecture.starts_at, ends_at=lecture.ends_at
    )
    for after, expected in ((lecture.pk, [later.pk]), (later.pk, [])):
        sql, params = rows.compiled_once(_events_after, after)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            assert [row[0] for row in cursor.fetchall()] == expected
    # A query whose arguments are not all parameters cannot be reused: it says so.
    with pytest.raises(ValueError):
        rows.compiled_once(_events_titled, 1)
