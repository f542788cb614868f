"""Reads of events, narrowed to what the viewer may see."""

from django.db.models import QuerySet
from django.http import Http404

from qualitymonth.events.models import Event, Series


def public_events() -> QuerySet[Event]:
    return (
        Event.objects.filter(is_published=True).select_related("series").prefetch_related("venues")
    )


def get_series(key: str) -> Series:
    try:
        return Series.objects.get(key=key)
    except Series.DoesNotExist:
        raise Http404 from None
