import datetime

import pytest
from django.core.exceptions import ValidationError

from qualitymonth.campaigns import services
from qualitymonth.campaigns.models import ActivityReport, ReporterGroup, ReportState
from qualitymonth.campaigns.tests.conftest import activity_values, png
from qualitymonth.core.models import AuditEntry
from tests.answers import assert_not_found


def test_a_district_bureaus_report_is_grouped_under_its_district(
    bureau_admin, huangpu, huangpu_bureau, campaign, category
):
    activity = services.file_activity(
        actor=bureau_admin, campaign=campaign, unit=huangpu_bureau, **activity_values(category)
    )
    assert (activity.group, activity.district) == (ReporterGroup.DISTRICT, huangpu)
    assert activity.state == ReportState.SUBMITTED


def test_an_enterprise_report_is_grouped_with_enterprises(
    enterprise_reporter, enterprise, campaign, category
):
    activity = services.file_activity(
        actor=enterprise_reporter, campaign=campaign, unit=enterprise, **activity_values(category)
    )
    assert activity.group == ReporterGroup.ENTERPRISE


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_on": datetime.date(2020, 8, 31)}, "starts_on"),
        ({"ends_on": datetime.date(2020, 10, 1)}, "ends_on"),
        (
            {"starts_on": datetime.date(2020, 9, 12), "ends_on": datetime.date(2020, 9, 11)},
            "ends_on",
        ),
        ({"participants": -5}, "participants"),
        ({"online_viewers": -1}, "online_viewers"),
        ({"participants": 10**12}, "participants"),
    ],
)
def test_bad_dates_and_negative_figures_are_refused(
    bureau_admin, huangpu_bureau, campaign, category, overrides, field
):
    with pytest.raises(ValidationError) as error:
        services.file_activity(
            actor=bureau_admin,
            campaign=campaign,
            unit=huangpu_bureau,
            **activity_values(category, **overrides),
        )
    assert field in error.value.message_dict
    assert not ActivityReport.objects.exists()


def test_the_web_form_shows_a_date_outside_the_campaign_on_its_field(
    client, bureau_admin, huangpu_bureau, campaign, category
):
    client.force_login(bureau_admin)
    data = activity_values(category, starts_on="2020-10-02", ends_on="2020-10-02")
    data.update(unit=huangpu_bureau.pk, category=category.pk, action="")
    response = client.post("/campaigns/2020/report/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_starts_on-error"' in page
    assert not ActivityReport.objects.exists()


def test_a_returned_report_is_corrected_and_goes_back_for_review(
    client, secretariat, bureau_admin, huangpu_bureau, campaign, category
):
    activity = services.file_activity(
        actor=bureau_admin, campaign=campaign, unit=huangpu_bureau, **activity_values(category)
    )
    services.return_activity(actor=secretariat, activity=activity, comment="人数有误")
    client.force_login(bureau_admin)
    assert "人数有误" in client.get(f"/campaigns/reports/{activity.pk}/").content.decode()
    data = activity_values(category, participants=180, starts_on="2020-09-10", ends_on="2020-09-10")
    data.update(category=category.pk, action="", photos=[png()])
    response = client.post(f"/campaigns/reports/{activity.pk}/edit/", data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.participants, activity.state) == (180, ReportState.SUBMITTED)
    assert activity.files.count() == 1
    change = AuditEntry.objects.get(action="activity.update", object_id=str(activity.pk))
    assert change.changes["participants"] == [100, 180]


def test_an_accepted_report_can_no_longer_be_changed(
    client, secretariat, bureau_admin, huangpu_bureau, campaign, category
):
    activity = services.file_activity(
        actor=bureau_admin, campaign=campaign, unit=huangpu_bureau, **activity_values(category)
    )
    services.accept_activity(actor=secretariat, activity=activity)
    client.force_login(bureau_admin)
    assert_not_found(client.get(f"/campaigns/reports/{activity.pk}/edit/"), 'name="title"')
    with pytest.raises(ValidationError):
        services.update_activity(actor=bureau_admin, activity=activity, participants=1)
