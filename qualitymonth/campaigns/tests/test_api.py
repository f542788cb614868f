import pytest

from qualitymonth.campaigns import services
from qualitymonth.campaigns.models import ActivityReport
from qualitymonth.campaigns.tests.conftest import activity_values
from qualitymonth.organizations.tests.test_unit_api import bearer, post_json
from tests.answers import assert_api_error

PAYLOAD = {
    "title": "质量开放日",
    "starts_on": "2020-09-10",
    "ends_on": "2020-09-10",
    "kind": "open_day",
    "participants": 150,
    "online_viewers": 2000,
}


def test_anyone_reads_campaigns_and_their_actions(client, campaign, huangpu_action, huangpu_bureau):
    campaigns = client.get("/api/campaigns").json()
    assert [(c["year"], len(c["categories"])) for c in campaigns] == [(2020, 4)]
    actions = client.get("/api/campaigns/2020/actions").json()
    assert [(a["number"], a["lead_unit_id"]) for a in actions] == [("7", huangpu_bureau.pk)]
    assert client.get("/api/campaigns/1999").status_code == 404


def test_anyone_reads_only_accepted_activities(
    client, secretariat, bureau_admin, huangpu_bureau, campaign, category
):
    accepted, _pending = (
        services.file_activity(
            actor=bureau_admin,
            campaign=campaign,
            unit=huangpu_bureau,
            **activity_values(category, title=title),
        )
        for title in ("已采用", "待审核")
    )
    services.accept_activity(actor=secretariat, activity=accepted)
    data = client.get("/api/campaigns/2020/activities").json()
    assert [item["title"] for item in data["items"]] == ["已采用"]
    assert data["items"][0]["group"] == "district"


def test_a_unit_files_an_activity_with_its_token(
    client, bureau_admin, huangpu_bureau, huangpu, campaign, category, huangpu_action
):
    payload = {**PAYLOAD, "category": category.pk, "action": "7"}
    response = post_json(client, "/api/campaigns/2020/activities", payload, **bearer(bureau_admin))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["state"], body["unit_id"], body["district_id"]) == (
        "submitted",
        huangpu_bureau.pk,
        huangpu.pk,
    )
    activity = ActivityReport.objects.get()
    assert (activity.action, activity.online_viewers) == (huangpu_action, 2000)


def test_a_token_cannot_file_for_another_unit(
    client, bureau_admin, enterprise, enterprise_reporter, campaign
):
    payload = {**PAYLOAD, "unit": enterprise.pk}
    response = post_json(client, "/api/campaigns/2020/activities", payload, **bearer(bureau_admin))
    assert response.status_code == 404
    assert not ActivityReport.objects.exists()


def test_a_citizen_cannot_file_activities(client, citizen, campaign):
    response = post_json(client, "/api/campaigns/2020/activities", PAYLOAD, **bearer(citizen))
    assert_api_error(response, 403)
    assert not ActivityReport.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"participants": -1}, "participants"),
        ({"starts_on": "2020-10-01", "ends_on": "2020-10-01"}, "starts_on"),
        ({"starts_on": "2020-09-31"}, "starts_on"),
        ({"kind": "party"}, "kind"),
        ({"action": "99"}, "action"),
    ],
)
def test_bad_activity_payloads_name_the_field(client, bureau_admin, campaign, change, field):
    response = post_json(
        client,
        "/api/campaigns/2020/activities",
        {**PAYLOAD, **change},
        **bearer(bureau_admin),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not ActivityReport.objects.exists()
