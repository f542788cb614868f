"""The GB/T 19580 self-assessment: 1,000 points in seven categories, each item within its
maximum (so each category within its cap, the sum of its items' maximums); kept as a draft
by the enterprise, scored by a reviewer once submitted."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import make_person, make_unit
from qualitymonth.core.models import AuditEntry
from qualitymonth.quality import selectors
from qualitymonth.quality.data.rubric_templates import CATEGORY_CAPS, ITEMS
from qualitymonth.quality.models import AssessmentItem, SelfAssessment
from qualitymonth.quality.services.records import (
    save_self_assessment,
    score_self_assessment,
    submit_self_assessment,
)

pytestmark = pytest.mark.django_db


def full_marks():
    return {
        code: {"points": points, "strengths": "好", "improvements": "改"}
        for code, (_n, _e, points, _c) in ITEMS.items()
    }


def test_full_marks_sum_to_1000_and_each_category_to_the_sum_of_its_items(enterprise):
    assessment = save_self_assessment(
        actor=None, enterprise=enterprise, year=2026, items=full_marks()
    )
    totals = selectors.assessment_totals(assessment)
    assert totals["total"] == Decimal(1000)
    assert totals["categories"] == {code: Decimal(cap) for code, cap in CATEGORY_CAPS.items()}
    assert sum(CATEGORY_CAPS.values()) == 1000


def test_an_item_above_its_maximum_is_refused_and_nothing_is_saved(enterprise):
    items = full_marks()
    items["4.1.2"]["points"] = 51  # 高层领导的作用: at most 50
    with pytest.raises(ValidationError) as refused:
        save_self_assessment(actor=None, enterprise=enterprise, year=2026, items=items)
    assert "4.1.2" in refused.value.messages[0] and "50" in refused.value.messages[0]
    assert not SelfAssessment.objects.exists() and not AssessmentItem.objects.exists()


def test_the_radar_compares_with_the_previous_year(enterprise):
    half = {code: {"points": points / 2} for code, (_n, _e, points, _c) in ITEMS.items()}
    save_self_assessment(actor=None, enterprise=enterprise, year=2025, items=half)
    this = save_self_assessment(actor=None, enterprise=enterprise, year=2026, items=full_marks())
    radar = selectors.radar(this)
    assert [s["name"] for s in radar["series"]] == ["2026", "2025"]
    assert (
        radar["series"][0]["values"] == [100.0] * 7 and radar["series"][1]["values"] == [50.0] * 7
    )


def submitted(enterprise, year=2026, share=1):
    assessment = save_self_assessment(
        actor=None,
        enterprise=enterprise,
        year=year,
        items={code: {"points": points * share} for code, (_n, _e, points, _c) in ITEMS.items()},
    )
    return submit_self_assessment(actor=None, assessment=assessment)


def test_a_reviewer_scores_a_submitted_self_assessment_and_each_change_is_audited(
    enterprise, secretariat
):
    draft = save_self_assessment(actor=None, enterprise=enterprise, year=2026, items=full_marks())
    with pytest.raises(ValidationError):
        score_self_assessment(actor=secretariat, assessment=draft, points={"4.1.2": 40})
    assessment = submit_self_assessment(actor=None, assessment=draft)
    with pytest.raises(ValidationError) as refused:
        score_self_assessment(
            actor=secretariat, assessment=assessment, points={"4.1.2": 40, "4.1.3": 31}
        )
    assert "4.1.3" in refused.value.messages[0]
    assert not AssessmentItem.objects.filter(reviewer_points__isnull=False).exists()
    score_self_assessment(
        actor=secretariat, assessment=assessment, points={"4.1.2": 40, "4.1.3": "25.5"}
    )
    assessment.refresh_from_db()
    assert assessment.scored_at is not None
    reviewed = selectors.assessment_totals(assessment, "reviewer_points")
    assert reviewed["categories"]["4.1"] == Decimal("65.5") and reviewed["total"] == Decimal("65.5")
    assert selectors.assessment_totals(assessment)["total"] == Decimal(1000)  # own untouched
    entry = AuditEntry.objects.get(action="quality_assessment.score")
    assert entry.actor == secretariat and set(entry.changes) == {"4.1.2", "4.1.3"}


def test_the_list_shows_an_enterprise_its_own_and_the_secretariat_the_submitted_ones(
    client, enterprise, enterprise_admin, other_enterprise, secretariat
):
    save_self_assessment(actor=None, enterprise=enterprise, year=2025, items={})
    submitted(enterprise, 2026)
    save_self_assessment(actor=None, enterprise=other_enterprise, year=2026, items={})
    client.force_login(enterprise_admin)
    mine = client.get("/quality/assessments/").content.decode()
    assert mine.count('data-testid="assessment-row"') == 2 and "上海国际饭店" not in mine
    client.force_login(secretariat)
    theirs = client.get("/quality/assessments/").content.decode()
    assert theirs.count('data-testid="assessment-row"') == 1  # drafts stay the enterprise's


def test_an_enterprise_edits_its_saved_draft_until_it_submits(client, enterprise, enterprise_admin):
    draft = save_self_assessment(
        actor=None, enterprise=enterprise, year=2026, items={"4.1.2": {"points": 10}}
    )
    client.force_login(enterprise_admin)
    form = client.get(f"/quality/assessments/{draft.pk}/edit/").content.decode()
    assert 'name="points_4.1.2" id="points_4.1.2" value="10' in form
    client.post(
        f"/quality/assessments/{draft.pk}/edit/",
        {"points_4.1.2": "30", "strengths_4.1.2": "高层亲自推动", "points_4.1.3": "20"},
    )
    items = {i.code: i for i in draft.items.all()}
    assert items["4.1.2"].self_points == 30 and items["4.1.2"].strengths == "高层亲自推动"
    assert items["4.1.3"].self_points == 20
    assert SelfAssessment.objects.count() == 1
    done = submitted(enterprise, 2025)
    response = client.post(f"/quality/assessments/{done.pk}/edit/", {"points_4.1.2": "1"})
    assert response.status_code == 302
    assert done.items.get(code="4.1.2").self_points == 50


def test_a_reviewer_of_the_years_programs_may_score_and_others_find_nothing(
    client, enterprise, secretariat
):
    from qualitymonth.quality.tests.conftest import panel_of, staged_program

    assessment = submitted(enterprise, 2026, share=Decimal("0.5"))
    judge = panel_of(staged_program(secretariat).stages.get(position=1), "city-judge")
    client.force_login(judge)
    assert 'data-testid="assessment-row"' in client.get("/quality/assessments/").content.decode()
    client.post(f"/quality/assessments/{assessment.pk}/", {"review_4.1.2": "20"})
    assert assessment.items.get(code="4.1.2").reviewer_points == 20
    stranger = make_person("stranger")
    client.force_login(stranger)
    assert client.get(f"/quality/assessments/{assessment.pk}/").status_code == 404
    assert client.post(f"/quality/assessments/{assessment.pk}/", {}).status_code == 404


def test_the_list_of_self_assessments_is_flat(client, secretariat):
    from tests.queries import assert_flat

    def one(n):
        submitted(make_unit(key=f"e{n}", name=f"企业{n}"), 2026)

    one(0)
    client.force_login(secretariat)
    assert_flat(
        client,
        "/quality/assessments/",
        lambda: [one(n) for n in range(1, 5)],
        shows=lambda page, n: (
            page.count('data-testid="assessment-row"') == (1 if n == "few" else 5)
        ),
    )
