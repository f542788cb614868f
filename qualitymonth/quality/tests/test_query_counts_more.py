"""More list pages that ask the database a fixed number of times at 1 and at N rows: the
programs, a program's recommended list, a stage's entries and ranking, the counts, the case
library, the benefits (queue and drill-down) and the honours."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_unit
from qualitymonth.awards import services as awards
from qualitymonth.awards.models import Program
from qualitymonth.quality.models import Case, NationalOutcome
from qualitymonth.quality.services.cases import record_honour
from qualitymonth.quality.services.records import claim_benefit, confirm_benefit
from qualitymonth.quality.services.stages import create_staged_program, open_stage
from qualitymonth.quality.services.teams import add_result
from qualitymonth.quality.tests.conftest import (
    end_call,
    entered,
    panel_of,
    qc_template,
    register,
)
from tests.queries import assert_flat, count_queries

pytestmark = pytest.mark.django_db


def seeing(text):
    """The page shows `text` with few rows and with many."""

    def check(page, _n):
        assert text in page

    return check


def new_program(actor, n, levels=("district", "city")):
    program, _created = Program.objects.get_or_create(
        key="qc-results", defaults={"code": "QC", "name": "QC小组成果"}
    )
    return create_staged_program(
        actor=actor,
        program=program,
        year=2026,
        title=f"2026年QC成果{n}",
        stages=[{"level": level, "quota": 1, "rubric": qc_template()} for level in levels],
        closes_at=timezone.now() + datetime.timedelta(days=1),
    )


def test_the_programs_list_is_flat(client, secretariat):
    new_program(secretariat, 1)
    assert_flat(
        client,
        "/quality/programs/",
        lambda: [new_program(secretariat, n) for n in range(2, 6)],
        shows=seeing("2026年QC成果1"),
    )


@pytest.fixture
def open_first(secretariat):
    program = new_program(secretariat, 1)
    first = program.stages.get(position=1)
    open_stage(actor=secretariat, stage=first)
    return program, first


def test_a_stages_entries_are_flat(client, open_first, enterprise, enterprise_admin):
    _program, first = open_first
    entered(first, enterprise, enterprise_admin, ["甲"])
    assert_flat(
        client,
        f"/quality/stages/{first.pk}/",
        lambda: entered(first, enterprise, enterprise_admin, ["乙", "丙", "丁", "戊"]),
        shows=seeing('data-testid="entry"'),
    )


def test_a_stages_ranking_is_flat(client, open_first, enterprise, enterprise_admin, secretariat):
    _program, first = open_first
    titles = ["甲", "乙", "丙", "丁", "戊"]
    entered(first, enterprise, enterprise_admin, titles)
    end_call(first)
    judge = panel_of(first, "judge")
    client.force_login(secretariat)
    url = f"/quality/stages/{first.pk}/"
    client.get(url)
    # Scored entries at 1 and at 5: the same number of queries for the ranking.
    score_one = first.round.applications.filter(title="甲")
    criterion = first.round.rubric.criteria.get()
    assignment = awards.assign_reviewer(actor=None, application=score_one.get(), reviewer=judge)
    awards.save_review(actor=judge, assignment=assignment, points={criterion.pk: "90"}, comment="")
    awards.submit_review(actor=judge, assignment=assignment)
    few, page = count_queries(client, url)
    assert page.count('data-testid="ranking-row"') == 5
    others = first.round.applications.exclude(title="甲")
    for application in others:
        assignment = awards.assign_reviewer(actor=None, application=application, reviewer=judge)
        awards.save_review(
            actor=judge, assignment=assignment, points={criterion.pk: "80"}, comment=""
        )
        awards.submit_review(actor=judge, assignment=assignment)
    many, page = count_queries(client, url)
    assert page.count('data-testid="score"') == 5 and "80" in page
    assert many == few, f"{few} queries with one score, {many} with five"


def test_a_programs_recommended_list_is_flat(client, open_first, enterprise, enterprise_admin):
    program, first = open_first
    entered(first, enterprise, enterprise_admin, ["甲", "乙", "丙", "丁", "戊"])
    applications = list(first.round.applications.order_by("title"))

    def recommend(chosen):
        for application in chosen:
            NationalOutcome.objects.create(
                program=program, application=application, recommended_at=timezone.now()
            )

    recommend(applications[:1])
    assert_flat(
        client,
        f"/quality/programs/{program.pk}/",
        lambda: recommend(applications[1:]),
        shows=seeing('data-testid="recommended"'),
    )


def test_the_counts_are_flat(client, enterprise, huangpu):
    register(enterprise, "甲组", 2026, "A-1", [("王芳", "leader")])

    def more():
        for n in range(2, 6):
            unit = make_unit(key=f"e-{n}", name=f"企业{n}", district=huangpu)
            register(unit, f"组{n}", 2026, f"A-{n}", [("李", "leader")], industry="food")

    assert_flat(client, "/quality/teams/counts/?year=2026", more)


def test_the_case_library_is_flat(client, enterprise):
    def case(n):
        Case.objects.create(
            enterprise=make_unit(key=f"c-{n}", name=f"企业{n}"),
            title=f"案例{n}",
            industry="manufacturing",
            method="lean",
            summary="精益改善。",
        )

    case(1)
    assert_flat(
        client,
        "/quality/cases/",
        lambda: [case(n) for n in range(2, 6)],
        shows=seeing("案例1"),
    )


def claimed(enterprise, n, secretariat=None):
    registration = register(enterprise, f"组{n}", 2026, f"B-{n}", [("李", "leader")])
    result = add_result(actor=None, registration=registration, title=f"成果{n}", method="qc")
    benefit = claim_benefit(
        actor=None,
        result=result,
        kind="cost",
        value="10",
        unit="万元",
        evidence=SimpleUploadedFile("e.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    if secretariat:
        confirm_benefit(actor=secretariat, benefit=benefit)
    return benefit


def test_the_benefits_queue_is_flat(client, enterprise, secretariat):
    claimed(enterprise, 1)
    client.force_login(secretariat)
    assert_flat(
        client,
        "/quality/benefits/",
        lambda: [claimed(enterprise, n) for n in range(2, 6)],
        shows=seeing("成果1"),
    )


def test_the_benefit_drilldown_is_flat(client, enterprise, secretariat):
    claimed(enterprise, 1, secretariat)
    assert_flat(
        client,
        "/quality/figures/benefits/cost/",
        lambda: [claimed(enterprise, n, secretariat) for n in range(2, 6)],
        shows=seeing("成果1"),
    )


def test_the_honours_page_is_flat(client, enterprise, enterprise_admin, secretariat):
    def honour(n, unit=enterprise):
        record_honour(
            actor=None,
            enterprise=unit,
            name=f"质量奖{n}",
            body="区人民政府",
            level="district",
            year=2025,
            proof=SimpleUploadedFile("p.pdf", b"%PDF-1.4\n%%EOF\n"),
        )

    honour(1)
    client.force_login(enterprise_admin)
    assert_flat(
        client,
        "/quality/honours/",
        lambda: [honour(n) for n in range(2, 6)],
        shows=seeing("质量奖1"),
    )
    client.force_login(secretariat)
    assert_flat(
        client,
        "/quality/honours/",
        lambda: [honour(n, make_unit(key=f"h-{n}")) for n in range(6, 10)],
        shows=seeing('data-testid="honour-to-confirm"'),
    )


def years_shown(page, n):
    assert page.count('data-testid="team-year"') == (1 if n == "few" else 6)


def test_a_teams_years_are_flat(client, enterprise, enterprise_admin):
    first = register(enterprise, "甲组", 2020, "Y-2020", [("王芳", "leader"), ("李强",)])
    add_result(actor=None, registration=first, title="成果2020", method="qc")
    client.force_login(enterprise_admin)

    def more():
        for year in range(2021, 2026):
            registration = register(
                enterprise, "甲组", year, f"Y-{year}", [("王芳", "leader"), (f"人{year}",)]
            )
            add_result(actor=None, registration=registration, title=f"成果{year}", method="qc")

    assert_flat(
        client,
        f"/quality/teams/{first.team_id}/",
        more,
        shows=years_shown,
    )
