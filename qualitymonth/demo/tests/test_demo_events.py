"""The demo events: seeds 000, 001, 002 and 004, and a few events ahead to register for."""

from django.utils import timezone

from qualitymonth.events.models import Commitment, Event, Registration


def test_the_2018_ceremony_has_its_timed_agenda_and_oath(demo):
    ceremony = Event.objects.get(title="2018年上海市“质量月”升旗仪式")
    times = [item.starts_at.strftime("%H:%M") for item in ceremony.agenda.all()]
    assert times[0] == "08:30" and "08:50" in times
    assert ceremony.oath and ceremony.campaign.year == 2018


def test_the_8th_lecture_hall_has_its_speakers(demo):
    lecture = Event.objects.get(series__key="quality-lecture-hall", number_in_series=8)
    assert {"周伶俐", "唐晓芬"} <= set(lecture.speakers.values_list("name", flat=True))


def test_the_2014_ceremony_is_held_at_two_venues_on_one_morning(demo):
    ceremony = Event.objects.get(starts_at__year=2014, kind="ceremony")
    assert ceremony.venues.count() == 2


def test_the_lecture_series_has_twelve_numbered_sessions(demo):
    numbers = Event.objects.filter(
        series__key="quality-lecture-hall", number_in_series__isnull=False
    ).values_list("number_in_series", flat=True)
    assert sorted(numbers) == list(range(1, 13))


def test_demo_registrations_and_commitments_are_marked_and_some_events_are_ahead(demo):
    assert Registration.objects.exists() and not Registration.objects.filter(is_demo=False).exists()
    assert not Commitment.objects.filter(is_demo=False).exists()
    assert Event.objects.filter(starts_at__gt=timezone.now(), registration="open").count() >= 2
