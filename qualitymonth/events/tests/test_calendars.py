import datetime
import zoneinfo

from icalendar import Calendar

from qualitymonth.campaigns import services as campaign_services
from qualitymonth.events import services
from qualitymonth.events.models import Event, Series, Venue
from qualitymonth.events.tests.conftest import shanghai

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def parse(response) -> list:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_the_feed_carries_each_public_event_at_its_shanghai_time(client, db):
    ceremony = Event.objects.create(
        kind="ceremony",
        title="2018年质量月升旗仪式",
        starts_at=shanghai(2018, 9, 1, 8, 30),
        ends_at=shanghai(2018, 9, 1, 10, 0),
    )
    Venue.objects.create(event=ceremony, name="长宁区政府广场")
    Event.objects.create(
        kind="forum",
        title="未发布",
        starts_at=shanghai(2018, 9, 2, 9),
        ends_at=shanghai(2018, 9, 2, 11),
        is_published=False,
    )
    [entry] = parse(client.get("/events/calendar.ics"))
    assert str(entry["summary"]) == "2018年质量月升旗仪式"
    assert entry.decoded("dtstart").astimezone(SHANGHAI) == datetime.datetime(
        2018, 9, 1, 8, 30, tzinfo=SHANGHAI
    )
    assert entry.decoded("dtend").astimezone(SHANGHAI).hour == 10
    assert str(entry["location"]) == "长宁区政府广场"


def test_a_series_feed_has_only_its_sessions(client, db):
    series = Series.objects.create(key="lecture-hall", name="质量大讲堂")
    for n in (7, 8):
        Event.objects.create(
            kind="lecture",
            series=series,
            number_in_series=n,
            title=f"第{n}期质量大讲堂",
            starts_at=shanghai(2018, 9, n, 14),
            ends_at=shanghai(2018, 9, n, 16),
        )
    Event.objects.create(
        kind="forum", title="论坛", starts_at=shanghai(2018, 9, 9), ends_at=shanghai(2018, 9, 9, 2)
    )
    titles = [
        str(e["summary"]) for e in parse(client.get("/events/series/lecture-hall/calendar.ics"))
    ]
    assert titles == ["第7期质量大讲堂", "第8期质量大讲堂"]
    assert client.get("/events/series/nothing/calendar.ics").status_code == 404


def test_a_campaign_feed_has_only_its_events(client, secretariat):
    campaign = campaign_services.create_campaign(actor=secretariat, year=2018, theme="质量提升")
    Event.objects.create(
        kind="ceremony",
        title="启动仪式",
        campaign=campaign,
        starts_at=shanghai(2018, 9, 1, 8),
        ends_at=shanghai(2018, 9, 1, 9),
    )
    Event.objects.create(
        kind="forum", title="其他", starts_at=shanghai(2018, 9, 3), ends_at=shanghai(2018, 9, 3, 1)
    )
    titles = [str(e["summary"]) for e in parse(client.get("/events/campaigns/2018/calendar.ics"))]
    assert titles == ["启动仪式"]


def _entries_of_event(client, event) -> list:
    """The event as the feed has it and as its ticket's .ics has it."""
    from qualitymonth.events.tests.conftest import sign_up

    ticket = event.registrations.first() or sign_up(event, 1)
    feed = [
        entry
        for entry in parse(client.get("/events/calendar.ics"))
        if str(entry["uid"]).startswith(f"event-{event.pk}@")
    ]
    single = Calendar.from_ical(
        client.get(f"/events/tickets/{ticket.ticket_code}/event.ics").content
    ).walk("VEVENT")
    return feed + single


def test_moving_an_event_raises_its_sequence_and_last_modified_in_feed_and_ticket(
    client, lecture, secretariat
):
    from django.utils import timezone

    # LAST-MODIFIED counts whole seconds: the event was last changed an hour ago.
    Event.objects.filter(pk=lecture.pk).update(
        updated_at=timezone.now() - datetime.timedelta(hours=1)
    )
    before = _entries_of_event(client, lecture)
    assert len(before) == 2
    old_sequence = {int(entry["sequence"]) for entry in before}
    old_modified = {entry.decoded("last-modified") for entry in before}
    lecture.refresh_from_db()
    later = datetime.timedelta(hours=1, seconds=5)
    services.update_event(
        actor=secretariat,
        event=lecture,
        starts_at=lecture.starts_at + later,
        ends_at=lecture.ends_at + later,
    )
    after = _entries_of_event(client, lecture)
    assert len({int(entry["sequence"]) for entry in after}) == 1
    assert int(after[0]["sequence"]) > max(old_sequence)
    assert all(entry.decoded("last-modified") > max(old_modified) for entry in after)
    lecture.refresh_from_db()
    assert all(
        entry.decoded("dtstart") == lecture.starts_at.replace(microsecond=0) for entry in after
    )


def test_changing_a_venue_raises_the_sequence_but_changing_nothing_does_not(lecture, secretariat):
    services.update_venue(actor=secretariat, venue=lecture.venues.get(), address="长宁路1号")
    lecture.refresh_from_db()
    moved = lecture.sequence
    services.update_venue(actor=secretariat, venue=lecture.venues.get(), capacity=50)
    services.update_event(actor=secretariat, event=lecture, starts_at=lecture.starts_at)
    lecture.refresh_from_db()
    assert moved >= 1 and lecture.sequence == moved


def test_an_edit_made_elsewhere_is_recorded_as_a_new_revision(lecture, secretariat):
    services.record_event_edit(actor=secretariat, event=lecture)
    lecture.refresh_from_db()
    first = lecture.sequence
    services.record_event_edit(actor=secretariat, event=lecture)
    lecture.refresh_from_db()
    assert lecture.sequence == first
    Event.objects.filter(pk=lecture.pk).update(
        starts_at=lecture.starts_at + datetime.timedelta(hours=1)
    )
    services.record_event_edit(actor=secretariat, event=lecture)
    lecture.refresh_from_db()
    assert lecture.sequence == first + 1


def test_the_calendar_stamp_is_the_time_the_copy_was_made(client, lecture):
    from django.utils import timezone

    Event.objects.filter(pk=lecture.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=100)
    )
    [entry] = parse(client.get("/events/calendar.ics"))
    assert timezone.now() - entry.decoded("dtstamp") < datetime.timedelta(minutes=1)


def test_calendar_uids_and_links_use_the_host_the_reader_came_to(client, lecture, settings):
    settings.ALLOWED_HOSTS = ["quality.example.gov.cn"]
    response = client.get("/events/calendar.ics", HTTP_HOST="quality.example.gov.cn")
    [entry] = parse(response)
    assert str(entry["uid"]) == f"event-{lecture.pk}@quality.example.gov.cn"
    assert str(entry["url"]).startswith("http://quality.example.gov.cn/events/")
    assert b"127.0.0.1" not in response.content
