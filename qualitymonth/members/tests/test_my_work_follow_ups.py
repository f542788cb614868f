"""Follow-up actions agreed on a visit wait on their owner's "my work" until marked done."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from qualitymonth.members.services.visits import create_visit
from tests.queries import assert_flat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def in_every_language(message: str) -> list[str]:
    from django.conf import settings

    said = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            said.append(translation.gettext(message))
    return said


def visit_with_follow_up(unit, owner, *, text="整理质量需求清单", due=datetime.date(2026, 12, 1)):
    return create_visit(
        actor=owner,
        kind="visit",
        day=datetime.date(2026, 5, 20),
        title="走访机械大组企业",
        units=[unit],
        follow_ups=[(text, owner, due)],
    )


def test_a_follow_up_shows_on_its_owners_my_work_until_it_is_done(
    client, enterprise, enterprise_admin
):
    visit = visit_with_follow_up(enterprise, enterprise_admin)
    client.force_login(enterprise_admin)

    page = client.get(reverse("my_work")).content.decode()
    assert 'data-testid="my-work-follow-ups"' in page
    assert "整理质量需求清单 · 走访机械大组企业" in page
    assert reverse("members:visit_detail", args=[visit.pk]) in page

    follow_up = visit.follow_ups.get()
    client.post(reverse("members:follow_up_done", args=[follow_up.pk]))

    page = client.get(reverse("my_work")).content.decode()
    assert "整理质量需求清单" not in page
    assert 'data-testid="my-work-follow-ups"' not in page


def test_a_late_follow_up_says_since_when_it_is_overdue(client, enterprise, enterprise_admin):
    visit_with_follow_up(enterprise, enterprise_admin, due=datetime.date(2020, 3, 2))
    client.force_login(enterprise_admin)

    page = client.get(reverse("my_work")).content.decode()

    # The page speaks the visitor's language; the words before the date are in one of them.
    assert any(
        said.split("%(date)s")[0] in page for said in in_every_language("overdue since %(date)s")
    )


def test_someone_elses_follow_up_is_not_on_my_work(
    client, enterprise, enterprise_admin, secretariat
):
    visit_with_follow_up(enterprise, secretariat)
    client.force_login(enterprise_admin)

    page = client.get(reverse("my_work")).content.decode()

    assert "整理质量需求清单" not in page


def test_my_work_asks_the_same_queries_for_one_follow_up_or_many(
    client, enterprise, enterprise_admin
):
    visit_with_follow_up(enterprise, enterprise_admin, text="跟进0")
    client.force_login(enterprise_admin)

    def add_rows():
        for n in range(1, 6):
            visit_with_follow_up(enterprise, enterprise_admin, text=f"跟进{n}")

    def shows(page, when):
        assert ("跟进5" in page) == (when == "many")
        assert "跟进0" in page

    assert_flat(client, reverse("my_work"), add_rows, shows=shows)


def test_a_group_officer_reaches_the_groups_page_from_my_work(client, enterprise, enterprise_admin):
    from qualitymonth.members.models import GroupOfficer
    from qualitymonth.members.tests.conftest import a_group

    group = a_group("机械大组")
    GroupOfficer.objects.create(group=group, person=enterprise_admin, role="leader")
    client.force_login(enterprise_admin)

    page = client.get(reverse("my_work")).content.decode()

    assert 'data-testid="my-work-groups"' in page
    assert reverse("members:group_detail", args=[group.pk]) in page
