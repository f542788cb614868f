"""The generic version check: what a form carries, what counts as changed, what is said."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from qualitymonth.core.versions import StaleVersion, changed_since, check_version, version_of


def test_an_unchanged_record_passes():
    values = {"title": "质量开放日", "points": Decimal("12.00"), "day": datetime.date(2026, 9, 1)}
    check_version(version_of(values), dict(values))


def test_only_the_changed_fields_are_named():
    opened = version_of({"title": "A", "weight": 1, "units": [3, 1]})
    assert changed_since(opened, {"title": "A", "weight": 2, "units": [3, 1]}) == ["weight"]


def test_the_refusal_names_each_changed_field_with_its_current_value_in_chinese():
    opened = version_of({"theme": "旧主题", "year": 2026})
    with translation.override("zh-hans"), pytest.raises(StaleVersion) as refusal:
        check_version(
            opened, {"theme": "新主题", "year": 2026}, labels={"theme": "主题", "year": "年份"}
        )
    message = refusal.value.messages[0]
    assert message.startswith("未保存：")
    assert "主题：新主题" in message and "年份" not in message
    assert refusal.value.changed == ["theme"]


def test_the_refusal_reads_in_english_too():
    opened = version_of({"comment": ""})
    with translation.override("en"), pytest.raises(StaleVersion) as refusal:
        check_version(opened, {"comment": "Well argued"}, labels={"comment": "Comment"})
    assert "Comment: Well argued" in refusal.value.messages[0]


def test_a_value_emptied_meanwhile_is_shown_as_empty():
    with translation.override("en"), pytest.raises(StaleVersion) as refusal:
        check_version(version_of({"place": "外滩"}), {"place": ""}, labels={"place": "Place"})
    assert "Place: (empty)" in refusal.value.messages[0]


@pytest.mark.parametrize("token", ["garbage!", "e30", "W10", "x" * 300_000])
def test_a_token_that_is_not_ours_counts_as_stale(token):
    with pytest.raises(StaleVersion):
        check_version(token, {"title": "A"})


@pytest.mark.parametrize("token", [None, ""])
def test_no_version_means_no_check(token):
    check_version(token, {"title": "A"})
