"""The secretariat's workspace: late and silent actions of the campaign year they pick."""

import datetime
import re

import pytest

from qualitymonth.campaigns import services


@pytest.fixture
def plan_2018(secretariat, campaign, huangpu_bureau):
    """The 2018 campaign, older than the 2020 one, with three actions past their due dates."""
    older = services.create_campaign(actor=secretariat, year=2018, theme="提升供给质量")
    category = older.categories.first()
    for number, title in (("3", "质量开放日"), ("5", "质量讲堂"), ("9", "品牌论坛")):
        services.create_action(
            actor=secretariat,
            campaign=older,
            number=number,
            title=title,
            category=category,
            lead_unit=huangpu_bureau,
            due_on=datetime.date(2018, 9, 20),
        )
    return older


def listed(page: str, testid: str) -> str:
    return re.search(rf'data-testid="{testid}">(.*?)</ul>', page, re.S).group(1)


def test_the_late_actions_of_an_earlier_campaign_are_listed_when_its_year_is_picked(
    client, secretariat, plan_2018, huangpu_action
):
    client.force_login(secretariat)
    page = client.get("/campaigns/mine/?year=2018").content.decode()
    late = listed(page, "late-actions")
    assert all(title in late for title in ("质量开放日", "质量讲堂", "品牌论坛"))
    assert "开展企业质量开放日" not in late  # 2020's action
    assert '<option value="2018" selected>' in page
    silent = listed(page, "silent-actions")
    assert "品牌论坛" in silent and "开展企业质量开放日" not in silent


def test_the_workspace_follows_the_latest_campaign_unless_a_year_is_picked(
    client, secretariat, plan_2018, huangpu_action
):
    client.force_login(secretariat)
    page = client.get("/campaigns/mine/").content.decode()
    assert "品牌论坛" not in listed(page, "late-actions")
    assert "开展企业质量开放日" in listed(page, "silent-actions")
    assert '<option value="2020" selected>' in page


@pytest.mark.parametrize("year", ["abc", "1900", "99999999999999999999999", "", "2018.5"])
def test_a_year_without_a_campaign_shows_the_latest(client, secretariat, plan_2018, year):
    client.force_login(secretariat)
    response = client.get("/campaigns/mine/", {"year": year})
    assert response.status_code == 200
    assert '<option value="2020" selected>' in response.content.decode()
