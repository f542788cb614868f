"""The demo group standards: the seed-001 guide through every step, one in public comment
now, one withdrawn, one in drafting, one proposal; all marked demo."""

from django.urls import reverse

from qualitymonth.standards import review, selectors, services
from qualitymonth.standards.models import PilotProject, Standard, State

GUIDE = "生物医药智能制造生产现场管理实施指南"


def test_every_stage_has_a_demo_standard(demo):
    states = dict(Standard.objects.values_list("title", "state"))
    assert states[GUIDE] == State.PUBLISHED
    assert states["汽车涂装车间质量巡检规范"] == State.COMMENT
    assert states["质量信得过班组建设通用要求（2019版）"] == State.WITHDRAWN
    assert states["新能源汽车电池包装配现场管理指南"] == State.DRAFTING
    assert states["城市公共服务质量监测指南"] == State.PROPOSED
    assert all(Standard.objects.values_list("is_demo", flat=True))


def test_the_guides_review_panel_has_no_expert_of_its_drafting_units(demo):
    guide = Standard.objects.get(title=GUIDE)
    (meeting,) = selectors.meetings_of(guide)
    panel = list(meeting.panel.all())
    assert meeting.decision == guide.review_decision == "pass_with_changes"
    assert len(panel) == 3 and all(member.conclusion for member in panel)
    assert not any(review.conflict_reason(meeting, m.expert, m.affiliation) for m in panel)


def test_the_guides_review_meeting_is_a_demo_event_with_the_panels_tickets(demo):
    guide = Standard.objects.get(title=GUIDE)
    (meeting,) = selectors.meetings_of(guide)
    assert meeting.event.is_demo and not meeting.event.is_published
    tickets = {m.registration.user_id for m in meeting.panel.all()}
    assert tickets == {m.expert_id for m in meeting.panel.all()}


def test_the_guides_page_shows_what_changed_after_the_comments(demo, client):
    guide = Standard.objects.get(title=GUIDE)
    assert services.current_version(guide).number == 2
    page = client.get(reverse("standards:diff", args=[guide.pk])).content.decode()
    assert "<ins>（含环境监测系统）</ins>" in page


def test_the_standard_in_comment_is_open_now(demo):
    standard = Standard.objects.get(title="汽车涂装车间质量巡检规范")
    assert services.comments_open(standard)


def test_two_enterprises_apply_the_guide(demo, client):
    guide = Standard.objects.get(title=GUIDE)
    assert sorted(a.unit.key for a in selectors.adopters_of(guide)) == ["inoherb", "yazhen"]
    page = client.get(reverse("standards:standard", args=[guide.pk])).content.decode()
    assert page.count('data-testid="adopter"') == 2


def test_two_pilot_projects_one_accepted(demo):
    projects = PilotProject.objects.filter(is_demo=True)
    assert sorted(projects.values_list("level", flat=True)) == ["city", "national"]
    assert projects.filter(accepted_on__isnull=False).count() == 1


def test_the_guides_implementation_evaluation_is_on_its_page(demo, client):
    guide = Standard.objects.get(title=GUIDE)
    page = client.get(reverse("standards:standard", args=[guide.pk])).content.decode()
    assert page.count('data-testid="evaluation"') == 1 and "实施评价结果审定会" in page
    assert "1 of 2 adopters answered (50%)" in page or "2 家采用单位中 1 家已作答（50%）" in page


def test_the_guides_evaluation_went_through_a_survey_round_over_its_adopters(demo):
    guide = Standard.objects.get(title=GUIDE)
    (evaluation,) = selectors.evaluations_with_progress(guide)
    round_ = evaluation.survey_round
    assert round_.is_demo and round_.status == "closed"
    assert round_.responses.filter(is_demo=True).count() == 1
    assert (evaluation.adopters_surveyed, evaluation.responses) == (2, 1)
    assert evaluation.progress["rate"] == 50
