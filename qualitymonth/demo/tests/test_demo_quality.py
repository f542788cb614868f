"""The quality demo: teams, staged programs scored with their tables, records with files."""

from decimal import Decimal

from qualitymonth.awards.models import Review, Rubric
from qualitymonth.quality import selectors, selectors_records
from qualitymonth.quality.models import (
    Benefit,
    Case,
    CSRReport,
    Honour,
    Registration,
    Result,
    StagedProgram,
    Team,
)

TRUSTWORTHY = "2026年度上海市质量信得过班组评审"


def test_every_quality_record_of_the_demo_is_marked_demo(demo):
    for model in (Team, Result, StagedProgram, CSRReport, Case, Honour):
        assert model.objects.exists(), model
        assert not model.objects.filter(is_demo=False).exists(), model


def test_the_trustworthy_team_round_is_scored_with_its_published_table(demo):
    program = StagedProgram.objects.get(title=TRUSTWORTHY)
    stage = program.stages.get()
    template = Rubric.objects.get(is_template=True, name="质量信得过班组评价")
    table = [(c.name, c.max_points) for c in stage.round.rubric.criteria.order_by("position")]
    assert table == [(c.name, c.max_points) for c in template.criteria.order_by("position")]
    assert sum(points for _name, points in table) == 100
    reviews = Review.objects.filter(assignment__application__round=stage.round)
    assert reviews.count() == 3 and all(r.submitted_at for r in reviews)
    for review in reviews:  # every criterion of the table scored, within its maximum
        scores = {s.criterion.name: s.points for s in review.scores.select_related("criterion")}
        assert set(scores) == {name for name, _max in table}
        assert all(Decimal(0) <= scores[name] <= maximum for name, maximum in table)
    ranking = [a.application.title for a in stage.advancements.order_by("rank")]
    assert ranking == [
        "灌装线班组质量信得过建设",
        "船坞电焊班质量信得过班组建设",
        "人民广场站值班班组质量信得过建设",
    ]
    recommended = [o.application.title for o in selectors.recommended_list(program)]
    assert sorted(recommended) == sorted(ranking[:2])


def test_the_demo_counts_enterprises_with_confirmed_honours_per_level(demo):
    levels = {v: n for v, _label, n in selectors_records.honoured_enterprises_by_level()}
    assert levels == {"national": 0, "city": 1, "district": 1}  # the hotel's is unconfirmed
    assert all(h.proof for h in Honour.objects.all())


def test_a_demo_member_on_two_teams_of_one_enterprise_in_a_year_is_shown(demo):
    shared = selectors.shared_identities(
        Registration.objects.filter(
            year=2026, team__enterprise__key="shentong-metro"
        ).select_related("team")
    )
    assert any("#M04" in identities for identities in shared.values())


def test_every_confirmed_demo_benefit_has_its_evidence(demo):
    confirmed = Benefit.objects.filter(confirmed_at__isnull=False)
    assert confirmed.count() == 4
    assert not confirmed.filter(evidence="").exists()
    assert all(b.confirmed_by.username == "secretariat" for b in confirmed)


def test_the_2026_qc_results_round_runs_three_stages_to_two_recommendations(demo):
    program = StagedProgram.objects.get(title="2026年度上海市优秀质量管理小组成果分级评审")
    stages = list(program.stages.order_by("position"))
    assert [(s.level, s.quota, s.status) for s in stages] == [
        ("enterprise", 5, "closed"),
        ("district", 3, "closed"),
        ("city", 2, "closed"),
    ]
    moved = [s.advancements.filter(moved_on=True).count() for s in stages]
    assert moved == [5, 3, 2]
    recommended = sorted(o.application.title for o in selectors.recommended_list(program))
    assert recommended == ["研制电池包气密检测新方法", "降低涂装橘皮缺陷率"]
    awarded = program.outcomes.filter(awarded=True)
    assert [o.application.title for o in awarded] == ["研制电池包气密检测新方法"]


def test_the_demo_csr_reports_go_through_check_then_publish(demo):
    statuses = dict(CSRReport.objects.filter(year=2025).values_list("enterprise__key", "status"))
    assert statuses == {
        "saic-gm": "published",
        "cosco-heavy": "published",
        "bright-dairy": "checked",
    }
    assert not CSRReport.objects.filter(status__in=["checked", "published"], check_note="").exists()
