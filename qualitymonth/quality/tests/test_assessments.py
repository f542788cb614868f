"""The GB/T 19580 self-assessment: 1,000 points in seven capped categories."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from qualitymonth.quality import selectors
from qualitymonth.quality.data.rubric_templates import CATEGORY_CAPS, ITEMS
from qualitymonth.quality.models import AssessmentItem, SelfAssessment
from qualitymonth.quality.services.records import save_self_assessment

pytestmark = pytest.mark.django_db


def full_marks():
    return {
        code: {"points": points, "strengths": "好", "improvements": "改"}
        for code, (_n, _e, points, _c) in ITEMS.items()
    }


def test_full_marks_sum_to_1000_and_each_category_to_its_cap(enterprise):
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
