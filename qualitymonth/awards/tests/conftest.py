"""Fixtures for recognition programs: a QC results round at each step, reviewers, applicants."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_person, make_unit
from qualitymonth.awards import services
from qualitymonth.awards.models import (
    ApplicantKind,
    Application,
    ApplicationStatus,
    Grade,
    ListOrder,
    Panel,
    Program,
    Round,
    RoundStatus,
    Rubric,
)
from qualitymonth.organizations.models import Role

TEMPLATE = "QC小组问题解决型课题成果评价"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files go to the test's own folder, never the server's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def program(db):
    return Program.objects.create(
        key="qc", code="QC", name="QC小组成果", name_en="QC group results"
    )


@pytest.fixture
def craftsman_program(db):
    return Program.objects.create(
        key="craftsman",
        code="CRAFT",
        name="上海质量工匠",
        applicant_kind=ApplicantKind.PERSON,
        list_order=ListOrder.STROKES,
    )


@pytest.fixture
def rubric(secretariat):
    """The shipped problem-solving template (15, 30, 20, 20, 5, 10), copied for the round."""
    if not Rubric.objects.filter(is_template=True, name=TEMPLATE).exists():
        # A transactional test run before this one on the same worker flushed the tables,
        # and with them the templates the migration loads.
        from qualitymonth.awards.data.rubric_templates import load_templates
        from qualitymonth.awards.models import Criterion

        load_templates(Rubric, Criterion)
    return services.copy_rubric(
        actor=secretariat, rubric=Rubric.objects.get(is_template=True, name=TEMPLATE)
    )


def make_round(program, rubric, *, status=RoundStatus.OPEN, **values) -> Round:
    values.setdefault("closes_at", timezone.now() + datetime.timedelta(days=7))
    round_ = Round.objects.create(
        program=program,
        rubric=rubric,
        year=2026,
        title=f"2026年{program.name}",
        status=status,
        published_at=timezone.now(),
        **values,
    )
    for position, name in enumerate(["一等奖", "二等奖", "三等奖"], start=1):
        Grade.objects.create(round=round_, position=position, name=name)
    return round_


@pytest.fixture
def open_round(program, rubric):
    return make_round(program, rubric)


@pytest.fixture
def review_round(program, rubric):
    return make_round(
        program,
        rubric,
        status=RoundStatus.REVIEW,
        closes_at=timezone.now() - datetime.timedelta(days=1),
        min_reviews=2,
        reviewer_cap=3,
    )


def make_reviewer(username, round_=None, *, unit=None):
    unit = unit or make_unit(key=f"home-of-{username}", name=f"{username}的单位")
    reviewer = make_person(username, unit=unit, role=Role.REVIEWER)
    if round_ is not None:
        panel, _ = Panel.objects.get_or_create(round=round_, name="第一评审组")
        panel.reviewers.add(reviewer)
    return reviewer


def make_application(
    round_, *, unit=None, creator=None, name=None, status=ApplicationStatus.IN_REVIEW
):
    unit = unit or make_unit()
    creator = creator or make_person(f"applicant-of-{unit.key}", unit=unit, role=Role.REPORTER)
    return Application.objects.create(
        round=round_,
        applicant_unit=unit,
        created_by=creator,
        holder_name=name or unit.name,
        title=f"降低{unit.name}焊接缺陷率",
        status=status,
        submitted_at=timezone.now() if status != ApplicationStatus.DRAFT else None,
    )


def full_marks_minus(round_, less: int) -> dict:
    """Points for every criterion: its maximum, less `less` points on the largest one."""
    criteria = list(round_.rubric.criteria.all())
    largest = max(criteria, key=lambda c: c.max_points)
    return {c.pk: c.max_points - (less if c == largest else 0) for c in criteria}


def scored(actor, assignment, points: dict, *, submit=True):
    services.save_review(actor=actor, assignment=assignment, points=points, comment="")
    if submit:
        services.submit_review(actor=actor, assignment=assignment)
    return assignment


@pytest.fixture
def graded_round(review_round, secretariat):
    """Three applications, two reviewers who scored all of them, grades proposed for two."""
    applications = [
        make_application(review_round, name=name)
        for name in ("上海电气QC小组", "宝钢股份QC小组", "上汽通用QC小组")
    ]
    reviewers = [make_reviewer(f"expert-{n}", review_round) for n in range(2)]
    for less, application in enumerate(applications):
        for reviewer in reviewers:
            assignment = services.assign_reviewer(
                actor=secretariat, application=application, reviewer=reviewer
            )
            scored(reviewer, assignment, full_marks_minus(review_round, less * 3))
    first, second = review_round.grades.all()[:2]
    services.propose_grades(
        actor=secretariat,
        round=review_round,
        grades={applications[0].pk: first.pk, applications[1].pk: second.pk},
    )
    return review_round


@pytest.fixture
def notice(graded_round, secretariat):
    return services.publish_proposed_list(actor=secretariat, round=graded_round, text="现予公示。")


def end_notice_period(notice):
    """Move the notice period into the past, as if its working days had gone by."""
    notice.starts_on = notice.starts_on - datetime.timedelta(days=30)
    notice.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    notice.save()


@pytest.fixture
def certificate(notice, secretariat):
    """The final list published: 上海电气QC小组's certificate."""
    from qualitymonth.awards.models import Certificate

    end_notice_period(notice)
    services.publish_final_list(actor=secretariat, round=notice.round)
    return Certificate.objects.get(holder_name="上海电气QC小组")
