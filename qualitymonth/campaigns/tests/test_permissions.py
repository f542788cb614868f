"""Another unit's actions and reports answer 404; secretariat pages refuse other roles."""

import pytest

from qualitymonth.campaigns import services
from qualitymonth.campaigns.models import ProgressReport
from qualitymonth.campaigns.tests.conftest import activity_values, png
from tests.answers import assert_not_allowed, assert_not_found


def test_a_unit_does_not_see_another_units_action(client, enterprise_reporter, huangpu_action):
    client.force_login(enterprise_reporter)
    assert_not_found(client.get(f"/campaigns/actions/{huangpu_action.pk}/"), huangpu_action.title)


def test_a_unit_cannot_report_on_another_units_action(client, enterprise_reporter, huangpu_action):
    client.force_login(enterprise_reporter)
    response = client.post(
        f"/campaigns/actions/{huangpu_action.pk}/",
        {"status": "done", "progress": 100, "text": "冒名"},
    )
    assert response.status_code == 404
    assert not ProgressReport.objects.exists()


def test_a_co_responsible_unit_sees_and_reports_on_a_shared_action(
    client, secretariat, enterprise, enterprise_reporter, huangpu_action
):
    services.update_action(actor=secretariat, action=huangpu_action, co_units=[enterprise])
    client.force_login(enterprise_reporter)
    response = client.post(
        f"/campaigns/actions/{huangpu_action.pk}/",
        {"unit": enterprise.pk, "status": "in_progress", "progress": 30, "text": "配合开展"},
    )
    assert response.status_code == 302
    assert ProgressReport.objects.get().unit == enterprise


def test_the_workspace_lists_only_the_units_own_actions(
    client, enterprise_reporter, huangpu_action, enterprise_action
):
    client.force_login(enterprise_reporter)
    page = client.get("/campaigns/mine/").content.decode()
    assert enterprise_action.title in page
    assert huangpu_action.title not in page


def test_a_unit_does_not_see_another_units_activity_report(
    client, bureau_admin, huangpu_bureau, enterprise_reporter, campaign, category
):
    activity = services.file_activity(
        actor=bureau_admin, campaign=campaign, unit=huangpu_bureau, **activity_values(category)
    )
    client.force_login(enterprise_reporter)
    assert_not_found(client.get(f"/campaigns/reports/{activity.pk}/"), activity.title)
    assert_not_found(client.get(f"/campaigns/reports/{activity.pk}/edit/"), activity.title)
    # Not yet accepted: not public either.
    assert_not_found(client.get(f"/campaigns/2020/activities/{activity.pk}/"), activity.title)


def test_photos_of_unaccepted_reports_are_private(
    client,
    bureau_admin,
    huangpu_bureau,
    enterprise_reporter,
    campaign,
    category,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):  # files are written on commit
        activity = services.file_activity(
            actor=bureau_admin,
            campaign=campaign,
            unit=huangpu_bureau,
            photos=[png()],
            **activity_values(category),
        )
    photo = activity.files.get()
    client.force_login(enterprise_reporter)
    assert client.get(f"/campaigns/files/{photo.pk}/").status_code == 404
    client.force_login(bureau_admin)
    response = client.get(f"/campaigns/files/{photo.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "url", ["/campaigns/new/", "/campaigns/2020/edit/", "/campaigns/2020/copy/"]
)
def test_only_the_secretariat_manages_the_plan(client, bureau_admin, campaign, url):
    client.force_login(bureau_admin)
    assert_not_allowed(client.get(url), 'name="year"')


def test_a_reporter_cannot_review(client, bureau_admin, huangpu_bureau, huangpu_action):
    report = services.file_progress_report(
        actor=bureau_admin,
        action=huangpu_action,
        unit=huangpu_bureau,
        status="done",
        progress=100,
        text="自己批准",
    )
    client.force_login(bureau_admin)
    response = client.post(f"/campaigns/progress/{report.pk}/review/", {"decision": "accept"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.state == "submitted"


def test_an_unpublished_campaign_is_hidden_from_the_public(client, secretariat, campaign):
    services.update_campaign(actor=secretariat, campaign=campaign, is_published=False)
    assert_not_found(client.get("/campaigns/2020/"), campaign.theme)
    client.force_login(secretariat)
    assert campaign.theme in client.get("/campaigns/2020/").content.decode()
