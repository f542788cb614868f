"""iCalendar (RFC 5545) for events: subscribable feeds and the attachment of a ticket e-mail."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

PRODID = "-//Quality Month platform//events//ZH"


def when(event) -> str:
    """'2018-09-03 08:30–11:00' in Shanghai time."""
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    end_format = "%H:%M" if starts.date() == ends.date() else "%Y-%m-%d %H:%M"
    return f"{starts:%Y-%m-%d %H:%M}–{ends.strftime(end_format)}"


def _calendar(name: str = ""):
    # Imported here: icalendar takes a fifth of a second to import, and the server's start
    # would pay it for a feed few readers ask for.
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _entry(event, *, url: str, now):
    from icalendar import Event as CalendarEvent
    from icalendar import vText

    entry = CalendarEvent()
    # The host the reader reached us at (the request's, or SITE_URL's in an e-mail).
    host = urlsplit(url).hostname or urlsplit(settings.SITE_URL).hostname
    entry.add("uid", f"event-{event.pk}@{host}")
    entry.add("summary", event.display_title)
    # Aware datetimes are written in UTC: every calendar program shows them in its own zone.
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    # DTSTAMP is when this copy was made; SEQUENCE and LAST-MODIFIED tell a calendar that
    # holds an older copy (a subscription, an imported ticket) to replace it.
    entry.add("dtstamp", now)
    entry.add("sequence", event.sequence)
    entry.add("last-modified", event.updated_at)
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
    now = _now()
    for event in events:
        calendar.add_component(
            _entry(event, url=request.build_absolute_uri(event.get_absolute_url()), now=now)
        )
    return calendar.to_ical()


def single(event, *, url: str) -> bytes:
    """One event; `url` is absolute (built from the request, or from SITE_URL in an e-mail)."""
    calendar = _calendar()
    calendar.add("method", "PUBLISH")
    calendar.add_component(_entry(event, url=url, now=_now()))
    return calendar.to_ical()


def _now():
    return timezone.now().replace(microsecond=0)
