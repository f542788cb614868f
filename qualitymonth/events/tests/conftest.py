import datetime

import pytest
from django.utils import timezone

from qualitymonth.events.models import Event, Venue


def shanghai(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def lecture(db):
    """A lecture with one 3-seat hall, next month."""
    starts = timezone.localtime() + datetime.timedelta(days=30)
    event = Event.objects.create(
        kind="lecture",
        title="第八期质量大讲堂",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    Venue.objects.create(event=event, name="长宁区大会堂", capacity=3)
    return event


@pytest.fixture
def hall(lecture):
    return lecture.venues.get()
