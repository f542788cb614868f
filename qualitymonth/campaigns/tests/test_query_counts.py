"""Campaign list pages ask the database as often for many rows as for one, for a visitor, a
unit administrator and the secretariat."""

import datetime
import itertools

import pytest

from qualitymonth.campaigns import services
from qualitymonth.campaigns.tests.conftest import activity_values
from tests.queries import assert_flat

PERSONAS = ["anonymous", "bureau_admin", "secretariat"]
numbers = itertools.count(100)


def add_actions(secretariat, campaign, category, unit, n=6):
    def add():
        for _ in range(n):
            number = next(numbers)
            services.create_action(
                actor=secretariat,
                campaign=campaign,
                number=str(number),
                title=f"行动{number}",
                category=category,
                lead_unit=unit,
                due_on=datetime.date(2020, 9, 20),
            )

    return add


def add_activities(secretariat, campaign, category, unit, actor, n=6):
    def add():
        for _ in range(n):
            number = next(numbers)
            activity = services.file_activity(
                actor=actor,
                campaign=campaign,
                unit=unit,
                **activity_values(category, title=f"活动{number}"),
            )
            services.accept_activity(actor=secretariat, activity=activity)

    return add


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_plan_page_is_flat_in_the_number_of_actions(
    as_persona, persona, secretariat, campaign, category, huangpu_bureau, huangpu_action
):
    def shows(page, _size):
        assert huangpu_action.title in page

    assert_flat(
        as_persona(persona),
        "/campaigns/2020/",
        add_actions(secretariat, campaign, category, huangpu_bureau),
        shows=shows,
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_campaign_list_is_flat_in_the_number_of_campaigns(
    as_persona, persona, secretariat, campaign
):
    def add():
        for year in range(2010, 2016):
            services.create_campaign(actor=secretariat, year=year, theme=f"{year}年主题")

    def shows(page, size):
        assert campaign.theme in page
        if size == "many":
            assert "2015年主题" in page

    assert_flat(as_persona(persona), "/campaigns/", add, shows=shows)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", ["/campaigns/2020/activities/", "/campaigns/2020/calendar/"])
def test_the_activity_pages_are_flat_in_the_number_of_activities(
    as_persona, persona, url, secretariat, bureau_admin, campaign, category, huangpu_bureau
):
    add_activities(secretariat, campaign, category, huangpu_bureau, bureau_admin, n=1)()

    def shows(page, _size):
        assert "活动" in page

    assert_flat(
        as_persona(persona),
        url,
        add_activities(secretariat, campaign, category, huangpu_bureau, bureau_admin),
        shows=shows,
    )


def test_the_workspace_is_flat_in_the_number_of_the_units_actions(
    client, secretariat, bureau_admin, campaign, category, huangpu_bureau, huangpu_action
):
    client.force_login(bureau_admin)

    def shows(page, _size):
        assert huangpu_action.title in page

    assert_flat(
        client,
        "/campaigns/mine/",
        add_actions(secretariat, campaign, category, huangpu_bureau),
        shows=shows,
    )


def test_the_review_list_is_flat_in_the_number_of_reports(
    client, secretariat, bureau_admin, campaign, category, huangpu_bureau
):
    def add(n):
        def run():
            for _ in range(n):
                number = next(numbers)
                services.file_activity(
                    actor=bureau_admin,
                    campaign=campaign,
                    unit=huangpu_bureau,
                    **activity_values(category, title=f"待审活动{number}"),
                )

        return run

    add(1)()
    client.force_login(secretariat)

    def shows(page, _size):
        assert "待审活动" in page

    assert_flat(client, "/campaigns/reports/", add(6), shows=shows)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_plan_page_is_flat_in_the_number_of_the_campaigns_events_with_actions(
    as_persona, persona, campaign, huangpu_action
):
    from django.utils import timezone

    from qualitymonth.events.models import Event

    def add():
        for _ in range(6):
            starts = timezone.now() + datetime.timedelta(days=next(numbers) % 20 + 1)
            Event.objects.create(
                kind="lecture",
                title="行动的活动",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=1),
                campaign=campaign,
                action=huangpu_action,
                is_published=True,
            )

    def shows(page, size):
        assert huangpu_action.title in page
        if size == "many":
            assert page.count("行动的活动") == 6

    assert_flat(as_persona(persona), "/campaigns/2020/", add, shows=shows)
