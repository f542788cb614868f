"""A stage with a public notice (公示): grades proposed, the list published, the stage closes
only after the notice period, and only entries still proposed move on."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from qualitymonth.awards.models import Grade, Notice, Program
from qualitymonth.awards.services import propose_grades, publish_proposed_list, withdraw_entry
from qualitymonth.quality.models import Advancement, StageStatus
from qualitymonth.quality.services.stages import close_stage, create_staged_program, open_stage
from qualitymonth.quality.tests.conftest import end_call, entered, panel_of, qc_template, score

pytestmark = pytest.mark.django_db


def test_a_stage_on_notice_moves_on_only_the_entries_still_proposed_after_the_period(
    secretariat, enterprise, enterprise_admin
):
    staged = create_staged_program(
        actor=secretariat,
        program=Program.objects.create(key="qc", code="QC", name="QC小组成果"),
        year=2026,
        title="2026年QC成果",
        stages=[
            {"level": "district", "quota": 2, "rubric": qc_template(), "needs_notice": True},
            {"level": "city", "quota": 1, "rubric": qc_template()},
        ],
        closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    stage = staged.stages.get(position=1)
    open_stage(actor=secretariat, stage=stage)
    entered(stage, enterprise, enterprise_admin, ["甲", "乙", "丙"])
    end_call(stage)
    score(stage, panel_of(stage, "district-judge"), {"甲": 95, "乙": 85, "丙": 75})
    with translation.override("en"), pytest.raises(ValidationError) as early:
        close_stage(actor=secretariat, stage=stage)
    assert "public notice" in early.value.messages[0]

    grade = Grade.objects.create(round=stage.round, name="优秀")
    entries = {a.title: a for a in stage.round.applications.all()}
    propose_grades(
        actor=secretariat, round=stage.round, grades={a.pk: grade.pk for a in entries.values()}
    )
    notice = publish_proposed_list(actor=secretariat, round=stage.round)
    assert set(stage.round.applications.values_list("status", flat=True)) == {"proposed"}
    with translation.override("en"), pytest.raises(ValidationError) as running:
        close_stage(actor=secretariat, stage=stage)
    assert notice.ends_on.isoformat() in running.value.messages[0]

    # An objection upheld during the notice: the best-scored entry is withdrawn.
    withdraw_entry(actor=secretariat, application=entries["甲"], reason="成果数据经核实有误。")
    Notice.objects.filter(pk=notice.pk).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    close_stage(actor=secretariat, stage=stage)
    stage.refresh_from_db()
    assert stage.status == StageStatus.CLOSED
    moved = Advancement.objects.filter(stage=stage, moved_on=True)
    assert sorted(a.application.title for a in moved) == ["丙", "乙"]
    assert not Advancement.objects.get(stage=stage, application=entries["甲"]).moved_on
