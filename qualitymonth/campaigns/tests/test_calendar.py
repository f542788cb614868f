"""The campaign calendar: an activity of many days is one bar per week row, not one per day."""

import datetime
import re

import pytest

from qualitymonth.campaigns import services
from qualitymonth.campaigns.tests.conftest import activity_values


@pytest.fixture
def month_long(secretariat, campaign, category, enterprise, enterprise_reporter):
    activity = services.file_activity(
        actor=enterprise_reporter,
        campaign=campaign,
        unit=enterprise,
        **activity_values(
            category,
            title="质量月主题展览",
            starts_on=datetime.date(2020, 9, 1),
            ends_on=datetime.date(2020, 9, 30),
        ),
    )
    services.accept_activity(actor=secretariat, activity=activity)
    return activity


def section(page: str, testid: str) -> str:
    tag = "table" if testid == "calendar-grid" else "div"
    return re.search(rf'data-testid="{testid}">(.*?)</{tag}>\s', page, re.S).group(1)


def test_a_month_long_activity_is_one_bar_per_week_row(client, month_long):
    page = client.get("/campaigns/2020/calendar/?month=2020-09").content.decode()
    grid = section(page, "calendar-grid")
    # September 2020 starts on a Tuesday and has five week rows.
    bars = re.findall(r'<td colspan="(\d)"><a class="calendar-bar([^"]*)"', grid)
    assert [span for span, _classes in bars] == ["6", "7", "7", "7", "3"]
    assert grid.count("质量月主题展览</a>") == 5
    assert bars[0][1] == " continues-after"
    assert bars[2][1] == " continues-before continues-after"
    assert bars[4][1] == " continues-before"


def test_the_phone_list_names_each_activity_once_per_week_with_its_dates(client, month_long):
    page = client.get("/campaigns/2020/calendar/?month=2020-09").content.decode()
    listing = section(page, "calendar-list")
    assert listing.count("质量月主题展览") == 5
    assert "9月1日 – 9月30日" in listing


def test_a_busy_day_links_to_all_its_activities_beyond_the_bars_shown(
    client, secretariat, campaign, category, enterprise, enterprise_reporter
):
    for n in range(6):
        activity = services.file_activity(
            actor=enterprise_reporter,
            campaign=campaign,
            unit=enterprise,
            **activity_values(category, title=f"开放日第{n + 1}场"),
        )
        services.accept_activity(actor=secretariat, activity=activity)
    grid = section(client.get("/campaigns/2020/calendar/").content.decode(), "calendar-grid")
    assert grid.count('class="calendar-bar') == 4
    assert "/campaigns/2020/activities/?day=2020-09-10" in grid
    assert "全部6项" in grid or "6" in re.search(r'day=2020-09-10">([^<]*)<', grid).group(1)
