"""No query parameter breaks a campaigns page or API call: bad values are ignored or named."""

import pytest

from qualitymonth.campaigns import services
from qualitymonth.campaigns.tests.conftest import activity_values
from tests.answers import assert_api_error, assert_not_found

HOSTILE = [
    "abc",
    "-1",
    "99999999999999999999999",
    "2020-13",
    "9999-12",
    "0001-01",
    "1.5",
    "\x00",
    "xyz\x00",
    "%",
    "[]",
]
PARAMETERS = [
    "year",
    "page",
    "category",
    "month",
    "day",
    "state",
    "district",
    "kind",
    "group",
    "action",
    "unit",
    "q",
    "limit",
    "offset",
]
PAGES = [
    "/campaigns/",
    "/campaigns/latest/",
    "/campaigns/2020/",
    "/campaigns/2020/activities/",
    "/campaigns/2020/calendar/",
    "/campaigns/2020/digest/",
    "/campaigns/2020/activities.csv",
    "/campaigns/2020/actions.csv",
    "/campaigns/mine/",
    "/campaigns/reports/",
    "/campaigns/2020/import/",
    "/api/campaigns",
    "/api/campaigns/2020",
    "/api/campaigns/2020/actions",
    "/api/campaigns/2020/activities",
]
HOSTILE_PATHS = [
    "/campaigns/99999999999999999999999/",
    "/campaigns/99999999999999999999999/calendar/",
    "/campaigns/99999999999999999999999/activities/1/",
    "/campaigns/99999999999999999999999/digest.pdf",
    "/campaigns/2020/digest.xyz",
    "/campaigns/actions/99999999999999999999999/",
    "/campaigns/reports/99999999999999999999999/",
    "/campaigns/files/99999999999999999999999/",
    "/api/campaigns/99999999999999999999999",
    "/api/campaigns/99999999999999999999999/activities",
]


@pytest.fixture
def accepted(secretariat, campaign, category, enterprise, enterprise_reporter):
    activity = services.file_activity(
        actor=enterprise_reporter, campaign=campaign, unit=enterprise, **activity_values(category)
    )
    services.accept_activity(actor=secretariat, activity=activity)
    return activity


@pytest.mark.parametrize("path", PAGES)
def test_hostile_query_values_never_break_a_campaigns_page(
    client, secretariat, accepted, huangpu_action, path
):
    client.force_login(secretariat)
    broken = []
    for name in PARAMETERS:
        for value in HOSTILE:
            response = client.get(path, {name: value})
            if response.status_code >= 500:
                broken.append((name, value, response.status_code))
    assert broken == []


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_a_year_or_number_out_of_range_in_the_path_is_not_found(client, secretariat, path):
    client.force_login(secretariat)
    response = client.get(path)
    if path.startswith("/api/"):
        assert_api_error(response, 404)  # JSON for a machine client, not an HTML page
    else:
        assert_not_found(response)
