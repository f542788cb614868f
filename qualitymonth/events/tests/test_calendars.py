import datetime
import zoneinfo

from icalendar import Calendar

from qualitymonth.campaigns import services as campaign_services
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
