"""The demo campaigns: the 2018 plan of seed 003, the 2020 round-up of seed 002, ceremonies."""

from qualitymonth.campaigns import selectors
from qualitymonth.campaigns.models import ActivityReport, Campaign, ProgressReport
from qualitymonth.campaigns.services import rolled_up_progress


def test_the_2018_plan_has_twenty_numbered_actions_in_four_categories(demo):
    campaign = Campaign.objects.get(year=2018)
    top = campaign.actions.filter(parent__isnull=True)
    assert sorted(int(n) for n in top.values_list("number", flat=True)) == list(range(1, 21))
    assert [c.name for c in campaign.categories.all()] == [
        "质量提升",
        "质量宣传",
        "质量整治",
        "群众性质量活动",
    ]
    assert campaign.theme == "质量提升 助力卓越的全球城市建设"


def test_the_2018_plan_has_reports_waiting_for_the_secretariat(demo):
    assert ProgressReport.objects.filter(state="submitted").count() >= 2
    assert ProgressReport.objects.filter(state="returned").exists()


def test_parents_in_the_2018_plan_carry_their_childrens_progress(demo):
    for parent in Campaign.objects.get(year=2018).actions.filter(children__isnull=False).distinct():
        children = list(parent.children.values_list("progress", "weight"))
        assert parent.progress == rolled_up_progress(parent.rollup, children)


def test_baoshans_43_activities_were_imported_and_accepted(demo):
    baoshan = ActivityReport.objects.filter(campaign__year=2020, unit__key="baoshan-amr")
    assert baoshan.count() == 43
    assert set(baoshan.values_list("state", flat=True)) == {"accepted"}
    assert set(baoshan.values_list("district__key", flat=True)) == {"baoshan"}


def test_the_2020_digest_counts_the_construction_observation(demo):
    digest = selectors.digest_of(Campaign.objects.get(year=2020))
    observation = ActivityReport.objects.get(campaign__year=2020, participants=2961)
    assert observation.online_viewers >= 11000
    assert digest["totals"]["participants"] >= 2961
    assert {row["group"] for row in digest["by"]["group"]} == {
        "district",
        "commission",
        "enterprise",
    }


def test_the_ceremonies_of_2014_and_2018_are_there(demo):
    assert ActivityReport.objects.filter(campaign__year=2014, kind="ceremony").exists()
    assert ActivityReport.objects.filter(campaign__year=2018, kind="ceremony").exists()
