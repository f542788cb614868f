"""iCalendar (RFC 5545) for events: subscribable feeds and the attachment of a ticket e-mail."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vText
from icalendar import Event as CalendarEvent

PRODID = "-//Quality Month platform//events//ZH"


def when(event) -> str:
    """'2018-09-03 08:30–11:00' in Shanghai time."""
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    end_format = "%H:%M" if starts.date() == ends.date() else "%Y-%m-%d %H:%M"
    return f"{starts:%Y-%m-%d %H:%M}–{ends.strftime(end_format)}"


def _calendar(name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _entry(event, *, url: str) -> CalendarEvent:
    entry = CalendarEvent()
    host = settings.SITE_URL.split("://")[-1]
    entry.add("uid", f"event-{event.pk}@{host}")
    entry.add("summary", event.display_title)
    # Aware datetimes are written in UTC: every calendar program shows them in its own zone.
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("dtstamp", event.created_at)
    venues = [
        ", ".join(part for part in (venue.name, venue.address) if part)
        for venue in event.venues.all()
    ]
    if venues:
        entry.add("location", vText("；".join(venues)))
    if event.display_description:
        entry.add("description", event.display_description)
    entry.add("url", url)
    return entry


def feed(events, *, name: str, request) -> bytes:
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(
            _entry(event, url=request.build_absolute_uri(event.get_absolute_url()))
        )
    return calendar.to_ical()


def single(event, *, url: str) -> bytes:
    calendar = _calendar()
    calendar.add("method", "PUBLISH")
    calendar.add_component(_entry(event, url=url))
    return calendar.to_ical()
