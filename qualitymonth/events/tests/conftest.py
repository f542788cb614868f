import datetime
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from qualitymonth.events.models import Event, EventUnit, Venue
from qualitymonth.events.services import register


def shanghai(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def at_once(count: int, work) -> list[Exception]:
    """`work(n)` for n in range(count), each in its own thread (and database connection), all
    released together; the errors raised."""
    barrier = threading.Barrier(count)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            work(n)
        except Exception as error:  # collected for the test to assert
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def lecture(db):
    """A lecture with one 3-seat hall, next month."""
    starts = timezone.localtime() + datetime.timedelta(days=30)
    event = Event.objects.create(
        kind="lecture",
        title="第八期质量大讲堂",
        title_en="Quality Lecture Hall No. 8",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    Venue.objects.create(event=event, name="长宁区大会堂", capacity=3)
    return event


@pytest.fixture
def hall(lecture):
    return lecture.venues.get()


@pytest.fixture
def run_by_enterprise(lecture, enterprise):
    """The enterprise co-organises the lecture: its staff run the door."""
    EventUnit.objects.create(event=lecture, unit=enterprise, role="co_organiser")
    return lecture


def sign_up(event, n, venue=None, **values):
    values.setdefault("name", f"听众{n}")
    values.setdefault("phone", f"1380000{n:04d}")
    return register(actor=values.pop("actor", None), event=event, venue=venue, **values)
