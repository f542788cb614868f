"""iCalendar (RFC 5545) feeds of public events, for calendar programs to subscribe to."""

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, vText
from icalendar import Event as CalendarEvent

PRODID = "-//Quality Month platform//events//ZH"


def feed(events, *, name: str, request) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    host = request.get_host()
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.pk}@{host}")
        entry.add("summary", event.display_title)
        # Aware datetimes are written in UTC: every calendar program shows them in its own zone.
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
        entry.add("dtstamp", event.created_at)
        venues = [venue.name for venue in event.venues.all()]
        if venues:
            entry.add("location", vText("；".join(venues)))
        if event.description:
            entry.add("description", event.description)
        entry.add("url", request.build_absolute_uri(reverse("home")))
        calendar.add_component(entry)
    return calendar.to_ical()
