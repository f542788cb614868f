"""Quality fixtures: teams registered through the service, as an enterprise does."""

import pytest

from conftest import make_unit
from qualitymonth.organizations.models import UnitKind
from qualitymonth.quality.services.teams import MemberLine, register_team


def register(enterprise, name, year, number, members, *, kind="qc_site", industry="manufacturing"):
    return register_team(
        actor=None,
        enterprise=enterprise,
        name=name,
        kind=kind,
        year=year,
        number=number,
        topic=f"{name}的课题",
        members=[
            MemberLine(m[0], m[1] if len(m) > 1 else "member", m[2] if len(m) > 2 else "")
            for m in members
        ],
        industry=industry,
    )


@pytest.fixture
def pudong(db):
    return make_unit(kind=UnitKind.DISTRICT, key="pudong", name="浦东新区")


@pytest.fixture
def other_enterprise(huangpu):
    return make_unit(key="park-hotel", name="上海国际饭店", district=huangpu)


# --- staged programs ---------------------------------------------------------------------

import datetime  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.utils import timezone  # noqa: E402

from conftest import make_person  # noqa: E402
from qualitymonth.awards import services as awards  # noqa: E402
from qualitymonth.awards.models import Criterion, Panel, Program, Round, Rubric  # noqa: E402
from qualitymonth.quality.services.stages import create_staged_program, open_stage  # noqa: E402
from qualitymonth.quality.services.teams import add_result  # noqa: E402


def qc_template() -> Rubric:
    rubric = Rubric.objects.create(name="QC成果评分表", is_template=True, source="T/CAQ 10201")
    Criterion.objects.create(rubric=rubric, name="成果", max_points=Decimal(100))
    return rubric


def staged_program(actor, quotas=(3, 2, 1), *, share_scores=False):
    program = Program.objects.create(key="qc-results", code="QC", name="QC小组成果")
    return create_staged_program(
        actor=actor,
        program=program,
        year=2026,
        title="2026年QC成果",
        stages=[
            {"level": level, "quota": quota, "rubric": qc_template()}
            for level, quota in zip(("enterprise", "district", "city"), quotas, strict=False)
        ],
        closes_at=timezone.now() + datetime.timedelta(days=1),
        share_scores=share_scores,
    )


def end_call(stage):
    Round.objects.filter(pk=stage.round_id).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    stage.round.refresh_from_db()
    awards.close_applications(actor=None, round=stage.round)


def panel_of(stage, username):
    reviewer = make_person(username)
    panel = Panel.objects.create(round=stage.round, name=f"{stage.get_level_display()}评审组")
    panel.reviewers.add(reviewer)
    return reviewer


def score(stage, reviewer, points_by_title: dict):
    """The reviewer scores each entry of the stage (by title) and submits."""
    criterion = stage.round.rubric.criteria.get()
    for application in stage.round.applications.all():
        assignment = awards.assign_reviewer(actor=None, application=application, reviewer=reviewer)
        awards.save_review(
            actor=reviewer,
            assignment=assignment,
            points={criterion.pk: str(points_by_title[application.title])},
            comment="",
        )
        awards.submit_review(actor=reviewer, assignment=assignment)


def entered(stage, enterprise, staff, titles):
    """Results of the enterprise's teams entered in the (open) first stage."""
    from qualitymonth.quality.services.stages import apply_with_result

    for title in titles:
        registration = register(
            enterprise, f"小组{title}", 2026, f"N-{title}", [("王芳", "leader")]
        )
        result = add_result(actor=staff, registration=registration, title=title, method="qc")
        apply_with_result(actor=staff, result=result, stage=stage)


__all__ = ["open_stage"]
