"""After signing in each person lands on "my work"; the page stays flat as work piles up."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_person
from qualitymonth.campaigns.models import Action, Campaign, Category
from qualitymonth.events.models import Commitment, Registration
from qualitymonth.organizations.models import Position, Role
from tests.frontdoor.factories import make_event
from tests.queries import assert_flat

pytestmark = pytest.mark.django_db


def test_signing_in_lands_on_my_work(client, enterprise_reporter):
    response = client.post(
        reverse("login"), {"username": "sgm-reporter", "password": "a-Long-pass-4321"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("my_work")


def test_a_citizen_finds_their_tickets_on_my_work(client, citizen):
    event = make_event("第八期质量大讲堂")
    Registration.objects.create(
        event=event, venue=event.venues.get(), user=citizen, name="王芳", status="confirmed"
    )
    client.force_login(citizen)

    page = client.get(reverse("my_work")).content.decode()

    assert 'data-testid="my-work-tickets"' in page
    assert "第八期质量大讲堂" in page


def test_my_work_asks_the_same_queries_however_much_waits(client, secretariat, enterprise):
    Position.objects.create(user=secretariat, unit=enterprise, role=Role.REPORTER)
    campaign = Campaign.objects.create(
        year=2026,
        theme="质量强国",
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 9, 30),
        is_published=True,
    )
    category = Category.objects.create(campaign=campaign, name="宣传")
    counter = iter(range(1, 100))

    def add_work():
        for _ in range(3):
            n = next(counter)
            Action.objects.create(
                campaign=campaign,
                category=category,
                number=f"{n}",
                title=f"行动{n}",
                lead_unit=enterprise,
                due_on=timezone.localdate(),
            )
            Commitment.objects.create(name=f"签名者{n}", pledge="诚信经营")
            event = make_event(f"讲座{n}")
            Registration.objects.create(
                event=event,
                venue=event.venues.get(),
                user=secretariat,
                name="秘书处",
                status="confirmed",
            )

    add_work()
    client.force_login(secretariat)

    def shows(page, _when):
        assert 'data-testid="my-work-actions"' in page
        assert 'data-testid="my-work-commitments"' in page

    assert_flat(client, reverse("my_work"), add_work, shows=shows)


def test_someone_with_no_role_and_nothing_of_their_own_is_told_so(client):
    client.force_login(make_person("newcomer"))

    page = client.get(reverse("my_work")).content.decode()

    assert 'data-testid="my-work-' not in page
    assert reverse("home") in page
