"""Programs in stages: quota and ranking decide who moves on, stages open in order, and a
stage's reviewers see no other stage's scores unless the program allows it."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qualitymonth.awards.models import Application
from qualitymonth.quality.models import Advancement, NationalOutcome, StageStatus
from qualitymonth.quality.services.stages import close_stage, open_stage
from qualitymonth.quality.tests.conftest import end_call, entered, panel_of, score, staged_program

pytestmark = pytest.mark.django_db

SCORES = {"甲": 90, "乙": 80, "丙": 70, "丁": 60}


def first_stage_scored(secretariat, enterprise, staff, quotas=(2, 1, 1), share_scores=False):
    program = staged_program(secretariat, quotas, share_scores=share_scores)
    first = program.stages.get(position=1)
    open_stage(actor=secretariat, stage=first)
    entered(first, enterprise, staff, list(SCORES))
    end_call(first)
    score(first, panel_of(first, "enterprise-judge"), SCORES)
    return program, first


def test_a_stages_quota_and_ranking_decide_what_moves_on(secretariat, enterprise, enterprise_admin):
    program, first = first_stage_scored(secretariat, enterprise, enterprise_admin)
    close_stage(actor=secretariat, stage=first)
    moved = Advancement.objects.filter(stage=first, moved_on=True)
    assert sorted(a.application.title for a in moved) == ["乙", "甲"]
    second = program.stages.get(position=2)
    open_stage(actor=secretariat, stage=second)
    assert sorted(second.round.applications.values_list("title", flat=True)) == ["乙", "甲"]


def test_a_stage_opened_before_the_previous_one_closed_is_refused_and_nothing_changes(
    secretariat, enterprise, enterprise_admin
):
    program, _first = first_stage_scored(secretariat, enterprise, enterprise_admin)
    second = program.stages.get(position=2)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        open_stage(actor=secretariat, stage=second)
    assert "previous stage" in " ".join(refused.value.messages)
    second.refresh_from_db()
    assert second.status == StageStatus.WAITING
    assert not Application.objects.filter(round=second.round).exists()


def test_the_last_stage_recommends_its_best_to_the_national_body(
    secretariat, enterprise, enterprise_admin
):
    program, first = first_stage_scored(secretariat, enterprise, enterprise_admin, (3, 2, 1))
    close_stage(actor=secretariat, stage=first)
    for position, judge in ((2, "district-judge"), (3, "city-judge")):
        stage = program.stages.get(position=position)
        open_stage(actor=secretariat, stage=stage)
        score(stage, panel_of(stage, judge), {"甲": 70, "乙": 95, "丙": 80, "丁": 0})
        close_stage(actor=secretariat, stage=stage)
    assert [o.application.title for o in NationalOutcome.objects.all()] == ["乙"]


@pytest.mark.parametrize("share", [False, True])
def test_a_reviewer_of_one_stage_sees_another_stages_scores_only_if_the_program_allows(
    client, secretariat, enterprise, enterprise_admin, share
):
    program, first = first_stage_scored(
        secretariat, enterprise, enterprise_admin, share_scores=share
    )
    close_stage(actor=secretariat, stage=first)
    second = program.stages.get(position=2)
    open_stage(actor=secretariat, stage=second)
    district_judge = panel_of(second, "district-judge")
    client.force_login(district_judge)
    page = client.get(f"/quality/stages/{first.pk}/").content.decode()
    assert ('data-testid="score"' in page) is share
    assert "甲" in page  # the entries themselves are no secret
    own = client.get(f"/quality/stages/{second.pk}/").content.decode()
    assert "Ranking and scores" in own or "排名" in own
