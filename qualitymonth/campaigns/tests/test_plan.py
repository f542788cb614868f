import datetime

import pytest
from django.core.exceptions import ValidationError

from qualitymonth.campaigns import services
from qualitymonth.campaigns.models import Action, ActionStatus, Campaign, Rollup
from qualitymonth.core.models import AuditEntry


def test_a_new_campaign_runs_through_september_with_the_four_standard_categories(campaign):
    assert (campaign.starts_on, campaign.ends_on) == (
        datetime.date(2020, 9, 1),
        datetime.date(2020, 9, 30),
    )
    assert [c.name for c in campaign.categories.all()] == [
        "质量提升",
        "质量宣传",
        "质量整治",
        "群众性质量活动",
    ]
    assert campaign.theme_zh_hant == "質量成就美好生活"


def test_a_second_campaign_for_the_same_year_is_refused(secretariat, campaign):
    with pytest.raises(ValidationError) as error:
        services.create_campaign(actor=secretariat, year=2020, theme="另一个")
    assert "2020" in error.value.message_dict["year"][0]
    assert Campaign.objects.count() == 1


def test_action_numbers_sort_as_numbers(secretariat, campaign, category, enterprise):
    for number in ["10", "9", "3.10", "3.9", "3"]:
        services.create_action(
            actor=secretariat,
            campaign=campaign,
            number=number,
            title=f"任务{number}",
            category=category,
            lead_unit=enterprise,
        )
    assert list(campaign.actions.values_list("number", flat=True)) == [
        "3",
        "3.9",
        "3.10",
        "9",
        "10",
    ]


def test_a_duplicate_action_number_is_refused_with_a_message(
    secretariat, campaign, category, huangpu_action, enterprise
):
    with pytest.raises(ValidationError) as error:
        services.create_action(
            actor=secretariat,
            campaign=campaign,
            number="7",
            title="重复",
            category=category,
            lead_unit=enterprise,
        )
    assert error.value.message_dict["number"]
    assert campaign.actions.count() == 1


def test_a_due_date_outside_the_campaign_year_is_refused(
    secretariat, campaign, category, enterprise
):
    with pytest.raises(ValidationError) as error:
        services.create_action(
            actor=secretariat,
            campaign=campaign,
            number="1",
            title="白皮书",
            category=category,
            lead_unit=enterprise,
            due_on=datetime.date(2021, 1, 15),
        )
    assert "2020" in error.value.message_dict["due_on"][0]


def test_an_action_cannot_be_moved_below_its_own_sub_action(
    secretariat, campaign, category, enterprise, huangpu_action
):
    child = services.create_action(
        actor=secretariat,
        campaign=campaign,
        number="7.1",
        title="子任务",
        category=category,
        lead_unit=enterprise,
        parent=huangpu_action,
    )
    with pytest.raises(ValidationError) as error:
        services.update_action(actor=secretariat, action=huangpu_action, parent=child)
    assert error.value.message_dict["parent"]


@pytest.mark.parametrize(
    ("rollup", "children", "expected"),
    [
        (Rollup.AVERAGE, [(100, 1), (50, 3), (0, 1)], 50),
        (Rollup.WEIGHTED, [(100, 1), (50, 3), (0, 1)], 50),
        (Rollup.WEIGHTED, [(100, 3), (0, 1)], 75),
        (Rollup.AVERAGE, [(100, 3), (0, 1)], 50),
        (Rollup.AVERAGE, [(33, 1), (34, 1)], 34),  # 33.5 rounds half up
        (Rollup.WEIGHTED, [(80, 0), (20, 0)], 0),
    ],
)
def test_rolled_up_progress_arithmetic(rollup, children, expected):
    assert services.rolled_up_progress(rollup, children) == expected


def test_a_parent_takes_its_progress_and_status_from_its_sub_actions(
    secretariat, campaign, category, enterprise, huangpu_action
):
    services.update_action(actor=secretariat, action=huangpu_action, rollup=Rollup.WEIGHTED)
    for number, progress, weight, status in [
        ("7.1", 100, 3, ActionStatus.DONE),
        ("7.2", 20, 1, ActionStatus.IN_PROGRESS),
    ]:
        services.create_action(
            actor=secretariat,
            campaign=campaign,
            number=number,
            title=number,
            category=category,
            lead_unit=enterprise,
            parent=huangpu_action,
            progress=progress,
            weight=weight,
            status=status,
        )
    huangpu_action.refresh_from_db()
    assert huangpu_action.progress == 80  # (100×3 + 20×1) / 4
    assert huangpu_action.status == ActionStatus.IN_PROGRESS

    services.update_action(actor=secretariat, action=huangpu_action, rollup=Rollup.AVERAGE)
    huangpu_action.refresh_from_db()
    assert huangpu_action.progress == 60


def test_copying_a_campaign_moves_dates_and_keeps_the_plan(
    secretariat, campaign, category, huangpu_action, enterprise, huangpu_bureau
):
    child = services.create_action(
        actor=secretariat,
        campaign=campaign,
        number="7.1",
        title="外滩开放日",
        category=category,
        lead_unit=enterprise,
        co_units=[huangpu_bureau],
        parent=huangpu_action,
        due_on=datetime.date(2020, 2, 29),
        progress=100,
        status=ActionStatus.DONE,
    )

    copy = services.copy_campaign(actor=secretariat, campaign=campaign, year=2021)

    assert (copy.starts_on, copy.ends_on) == (datetime.date(2021, 9, 1), datetime.date(2021, 9, 30))
    assert copy.is_published is False and copy.copied_from == campaign
    assert list(copy.categories.values_list("name", flat=True)) == list(
        campaign.categories.values_list("name", flat=True)
    )
    new_parent = copy.actions.get(number="7")
    new_child = copy.actions.get(number="7.1")
    assert new_child.parent == new_parent
    assert new_child.category.campaign == copy
    assert new_parent.due_on == datetime.date(2021, 9, 20)
    assert new_child.due_on == datetime.date(2021, 2, 28)  # no 29 February in 2021
    assert list(new_child.co_units.all()) == [huangpu_bureau]
    assert (new_child.progress, new_child.status) == (0, ActionStatus.NOT_STARTED)
    # The original is untouched.
    child.refresh_from_db()
    assert (child.progress, child.campaign) == (100, campaign)
    assert Action.objects.filter(campaign=campaign).count() == 2
    assert AuditEntry.objects.filter(action="campaign.copy", object_id=str(copy.pk)).exists()


def test_the_secretariat_copies_a_campaign_from_the_web(client, secretariat, huangpu_action):
    client.force_login(secretariat)
    response = client.post("/campaigns/2020/copy/", {"year": 2021})
    assert response.status_code == 302
    assert response["Location"] == "/campaigns/2021/"
    page = client.get("/campaigns/2021/").content.decode()
    assert "开展企业质量开放日" in page


def test_the_secretariat_adds_an_action_and_sees_the_form_error_for_a_bad_number(
    client, secretariat, campaign, category, enterprise
):
    client.force_login(secretariat)
    data = {
        "number": "3-a",
        "category": category.pk,
        "title": "质量提升沙龙",
        "lead_unit": enterprise.pk,
        "status": "not_started",
        "progress": 0,
        "rollup": "average",
        "weight": 1,
    }
    response = client.post("/campaigns/2020/actions/new/", data)
    assert response.status_code == 200
    assert "3.2" in response.content.decode()  # the message shows the expected shape
    assert not campaign.actions.exists()

    response = client.post("/campaigns/2020/actions/new/", {**data, "number": "3"})
    assert response.status_code == 302
    assert campaign.actions.get().title_zh_hant == "質量提升沙龍"
