"""Event list pages ask the database as often for many rows as for one."""

import datetime
import itertools

import pytest
from django.utils import timezone

from qualitymonth.events import services
from qualitymonth.events.models import Event, EventUnit, Venue
from qualitymonth.events.tests.conftest import sign_up
from tests.queries import assert_flat

PERSONAS = ["anonymous", "enterprise_admin", "secretariat"]
numbers = itertools.count(1000)


def add_events(n=6, unit=None):
    def add():
        for _ in range(n):
            number = next(numbers)
            starts = timezone.localtime() + datetime.timedelta(days=20)
            event = Event.objects.create(
                kind="lecture",
                title=f"质量讲堂{number}",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
            )
            Venue.objects.create(event=event, name=f"会场{number}", capacity=50)
            if unit is not None:
                EventUnit.objects.create(event=event, unit=unit, role="co_organiser")

    return add


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_event_list_is_flat_in_the_number_of_events(as_persona, persona, lecture):
    def shows(page, _size):
        assert lecture.title in page

    assert_flat(as_persona(persona), "/events/", add_events(), shows=shows)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_commitment_wall_is_flat_in_the_number_of_signatures(as_persona, persona, db):
    def add(n):
        def run():
            for _ in range(n):
                number = next(numbers)
                commitment = services.sign_commitment(
                    actor=None, name=f"签名者{number}", pledge=f"承诺{number}", client=str(number)
                )
                services.moderate_commitment(actor=None, commitment=commitment, state="shown")

        return run

    add(1)()

    def shows(page, _size):
        assert "签名者" in page

    assert_flat(as_persona(persona), "/events/commitments/", add(6), shows=shows)


def test_moderation_is_flat_in_the_number_of_waiting_signatures(client, secretariat):
    def add(n):
        def run():
            for _ in range(n):
                number = next(numbers)
                services.sign_commitment(
                    actor=None, name=f"待审{number}", pledge=f"承诺{number}", client=str(number)
                )

        return run

    add(1)()
    client.force_login(secretariat)

    def shows(page, _size):
        assert "待审" in page

    assert_flat(client, "/events/commitments/moderation/", add(6), shows=shows)


def test_the_events_a_unit_runs_are_flat_in_their_number(
    client, run_by_enterprise, enterprise, enterprise_admin
):
    client.force_login(enterprise_admin)

    def shows(page, _size):
        assert run_by_enterprise.title in page

    assert_flat(client, "/events/running/", add_events(unit=enterprise), shows=shows)


@pytest.mark.parametrize("persona", ["enterprise_admin", "secretariat"])
def test_the_attendee_list_is_flat_in_the_number_of_registrations(
    as_persona, persona, run_by_enterprise, hall
):
    hall.capacity = 100
    hall.save()
    sign_up(run_by_enterprise, 1)

    def add():
        for n in range(2, 8):
            sign_up(run_by_enterprise, n)

    def shows(page, _size):
        assert "听众1" in page

    assert_flat(as_persona(persona), f"/events/{run_by_enterprise.pk}/manage/", add, shows=shows)


def test_my_registrations_are_flat_in_their_number(client, citizen, lecture):
    sign_up(lecture, 1, actor=citizen)
    client.force_login(citizen)

    def add():
        add_events()()
        for event in Event.objects.exclude(pk=lecture.pk):
            sign_up(event, next(numbers) % 10000, actor=citizen)

    def shows(page, _size):
        assert lecture.title in page

    assert_flat(client, "/events/mine/", add, shows=shows)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_event_page_is_flat_in_the_number_of_programme_items_and_speakers(
    as_persona, persona, lecture
):
    from qualitymonth.events.models import AgendaItem, Speaker

    lecture.is_published = True
    lecture.registration = "open"
    lecture.save()
    venue = lecture.venues.get()

    def add():
        for hour in range(8, 14):
            number = next(numbers)
            speaker = Speaker.objects.create(event=lecture, name=f"讲师{number}")
            AgendaItem.objects.create(
                event=lecture,
                starts_at=datetime.time(hour),
                title=f"议程{number}",
                speaker=speaker,
                venue=venue,
            )

    def shows(page, size):
        assert lecture.title in page
        if size == "many":
            assert page.count("议程") >= 6

    assert_flat(as_persona(persona), f"/events/{lecture.pk}/", add, shows=shows)
