"""A member-only event says so on its page and in lists; the unit directory links a member
unit to its member page for those who may open it, and for no one else."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_person
from qualitymonth.events.models import Event, Venue
from qualitymonth.members.services.terms import add_term
from qualitymonth.members.tests.conftest import shows
from qualitymonth.organizations.models import Role

pytestmark = pytest.mark.django_db


def event(title, *, members_only):
    when = timezone.now() + datetime.timedelta(days=10)
    made = Event.objects.create(
        kind="lecture",
        title=title,
        starts_at=when,
        ends_at=when + datetime.timedelta(hours=2),
        members_only=members_only,
    )
    Venue.objects.create(event=made, name="会堂")
    return made


def test_a_member_only_event_is_labelled_on_its_page_and_an_open_one_is_not(client):
    closed = event("会员专场质量大讲堂", members_only=True)
    open_ = event("质量大讲堂", members_only=False)

    closed_page = client.get(reverse("events:detail", args=[closed.pk])).content.decode()
    open_page = client.get(reverse("events:detail", args=[open_.pk])).content.decode()

    assert 'data-testid="members-only"' in closed_page
    assert shows(closed_page, "Members only")
    assert 'data-testid="members-only"' not in open_page


@pytest.fixture
def member(membership, member_type):
    add_term(
        actor=None,
        membership=membership,
        type=member_type,
        starts_on=datetime.date(2026, 1, 1),
    )
    return membership.unit


@pytest.mark.parametrize(
    ("who", "linked"),
    [("secretariat", True), ("own_admin", True), ("outsider", False), ("anonymous", False)],
)
def test_the_directory_links_a_member_unit_to_its_member_page_for_those_who_may_open_it(
    client, member, secretariat, enterprise_admin, huangpu_bureau, who, linked
):
    people = {
        "secretariat": secretariat,
        "own_admin": enterprise_admin,
        "outsider": make_person("huangpu-admin-2", unit=huangpu_bureau, role=Role.UNIT_ADMIN),
    }
    if who in people:
        client.force_login(people[who])

    page = client.get(reverse("organizations:unit_detail", args=[member.pk])).content.decode()

    member_page = reverse("members:unit", args=[member.pk])
    assert (f'href="{member_page}"' in page) is linked


def test_a_unit_that_never_was_a_member_has_no_member_page_link(client, secretariat, enterprise):
    client.force_login(secretariat)

    page = client.get(reverse("organizations:unit_detail", args=[enterprise.pk])).content.decode()

    assert 'data-testid="member-page"' not in page


def test_the_directory_list_links_members_to_their_pages_for_the_secretariat(
    client, member, secretariat
):
    client.force_login(secretariat)

    page = client.get(reverse("organizations:unit_list") + "?q=上汽通用").content.decode()

    assert f'href="{reverse("members:unit", args=[member.pk])}"' in page
