"""Calendar feeds of public events: all of them, one series, one campaign."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from qualitymonth.campaigns.models import Campaign
from qualitymonth.events import calendars, selectors


def webcal_url(request, path: str) -> str:
    """webcal:// makes a calendar program subscribe to the feed instead of importing it once."""
    return "webcal://" + request.get_host() + path


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def feed_all(request):
    events = selectors.public_events()
    return _ics(
        calendars.feed(events, name=str(_("Quality Month events")), request=request), "events.ics"
    )


def feed_series(request, key):
    series = selectors.get_series(key)
    events = selectors.public_events().filter(series=series)
    return _ics(calendars.feed(events, name=series.display_name, request=request), f"{key}.ics")


def feed_campaign(request, year):
    campaign = get_object_or_404(Campaign, year=year, is_published=True)
    events = selectors.public_events().filter(campaign=campaign)
    name = _("%(year)s Quality Month") % {"year": year}
    return _ics(calendars.feed(events, name=name, request=request), f"campaign-{year}.ics")
