"""The shipped scoring tables against the published tables they name: each template's items
are read and summed per category, and compared with the published points."""

from decimal import Decimal

import pytest

from qualitymonth.awards.models import Rubric
from qualitymonth.quality.data.rubric_templates import (
    CATEGORY_CAPS,
    EXCELLENCE,
    EXCELLENCE_SOURCE,
    ITEMS,
    TEMPLATES,
)

# GB/T 19580-2012 (with GB/Z 19579-2012, annex B): category → (points, {item: points}).
GB_T_19580_2012 = {
    "4.1": (110, {"4.1.2": 50, "4.1.3": 30, "4.1.4": 30}),
    "4.2": (90, {"4.2.2": 40, "4.2.3": 50}),
    "4.3": (90, {"4.3.2": 40, "4.3.3": 50}),
    "4.4": (130, {"4.4.2": 60, "4.4.3": 15, "4.4.4": 20, "4.4.5": 15, "4.4.6": 10, "4.4.7": 10}),
    "4.5": (100, {"4.5.2": 50, "4.5.3": 50}),
    "4.6": (80, {"4.6.2": 40, "4.6.3": 40}),
    "4.7": (
        400,
        {"4.7.2": 80, "4.7.3": 80, "4.7.4": 80, "4.7.5": 60, "4.7.6": 50, "4.7.7": 50},
    ),
}

# The total each evaluation table is scored out of.
TOTALS = {"质量信得过班组评价": 100, "现场管理星级评价（五星现场）": 1000, "用户满意评价": 1000}


def test_the_self_assessment_items_sum_to_the_published_points_of_each_category():
    items_by_category: dict[str, dict[str, int]] = {}
    for code, (_name, _name_en, points, category) in ITEMS.items():
        items_by_category.setdefault(category, {})[code] = points
    assert items_by_category == {c: items for c, (_cap, items) in GB_T_19580_2012.items()}
    for category, (cap, items) in GB_T_19580_2012.items():
        assert CATEGORY_CAPS[category] == cap == sum(items.values()), category
    assert sum(CATEGORY_CAPS.values()) == 1000
    assert [code for code, *_rest in EXCELLENCE] == list(GB_T_19580_2012)
    assert "GB/T 19580-2012" in EXCELLENCE_SOURCE


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t["name"])
def test_each_evaluation_table_sums_to_its_total_and_names_its_source(template):
    points = [points for _name, _en, points, _guidance in template["criteria"]]
    assert sum(points) == TOTALS[template["name"]]
    assert all(p > 0 for p in points)
    names = [name for name, *_rest in template["criteria"]]
    assert len(set(names)) == len(names)
    assert "中国质量协会" in template["source"]


@pytest.mark.django_db
@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t["name"])
def test_the_loaded_templates_carry_the_tables_points(template):
    rubric = Rubric.objects.get(is_template=True, name=template["name"])
    loaded = [(c.name, c.max_points) for c in rubric.criteria.order_by("position")]
    assert loaded == [(name, Decimal(points)) for name, _en, points, _g in template["criteria"]]
    assert rubric.source == template["source"]
