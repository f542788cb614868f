"""Figures fixtures: events and teams made as their apps make them, in 2025 and 2024."""

import datetime

import pytest
from django.utils import timezone

from qualitymonth.events.models import Event


def held_event(year: int, *, published: bool = True) -> Event:
    starts = timezone.make_aware(datetime.datetime(year, 9, 10, 14))
    return Event.objects.create(
        kind="lecture",
        title=f"{year}年质量大讲堂",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        is_published=published,
    )


@pytest.fixture
def secretary(secretariat, client):
    client.force_login(secretariat)
    return secretariat
