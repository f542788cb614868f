"""Custom questions (core.questions): every kind is cleaned and shown the same way in every app."""

import datetime

import pytest
from django import forms
from django.http import QueryDict
from django.utils import translation

from qualitymonth.core.questions.answers import (
    LONG_TEXT_MAX,
    TEXT_MAX,
    clean_answers,
    display_answer,
    displayed_answers,
    unanswered,
)
from qualitymonth.core.questions.forms import question_fields
from qualitymonth.events.models import Question

# Unsaved questions of any app serve: the definition, the cleaning and the display are core's.


def question(pk=1, **values) -> Question:
    values.setdefault("label", "问题")
    return Question(pk=pk, **values)


SIZE = {"kind": "choice", "choices": "50人以下\n50人以上", "choices_en": "under 50\n50 or more"}
TOPICS = {
    "kind": "multiple_choice",
    "choices": "质量管理\n标准化\n检验检测",
    "choices_en": "Quality management\nStandards\nTesting",
}


@pytest.mark.parametrize(
    ("values", "sent", "stored", "shown"),
    [
        ({"kind": "text"}, "  上汽通用  ", "上汽通用", "上汽通用"),
        ({"kind": "long_text"}, "第一段\n第二段", "第一段\n第二段", "第一段\n第二段"),
        ({"kind": "number"}, "12.5", "12.5", "12.5"),
        ({"kind": "date"}, "2026-09-01", "2026-09-01", "2026年9月1日"),
        ({"kind": "date"}, datetime.date(2026, 9, 1), "2026-09-01", "2026年9月1日"),
        ({"kind": "yes_no"}, "no", "no", "否"),
        ({"kind": "yes_no"}, "yes", "yes", "是"),
        (SIZE, "50人以上", "50人以上", "50人以上"),
        (TOPICS, ["检验检测", "质量管理"], ["质量管理", "检验检测"], "质量管理、检验检测"),
    ],
)
def test_each_kind_is_stored_and_shown_as_people_read_it(values, sent, stored, shown):
    asked = question(**values)
    answers, errors = clean_answers([asked], {"q1": sent})
    assert errors == {}
    assert answers == {"q1": stored}
    assert display_answer(asked, answers["q1"]) == shown


def test_a_required_question_left_empty_is_refused_unless_it_is_a_draft():
    asked = question(required=True)
    assert clean_answers([asked], {"q1": "  "}) == ({}, {"q1": "这个问题需要回答。"})
    assert clean_answers([asked], {}, require=False) == ({}, {})
    assert unanswered([asked], {}) == [asked]
    assert unanswered([asked], {"q1": "有"}) == []


def test_an_answer_outside_the_list_is_refused_naming_the_question():
    asked = question(label="企业规模", **SIZE)
    answers, errors = clean_answers([asked], {"field_1": "一万人"}, field_name="field_{pk}")
    assert answers == {}
    assert errors == {"field_1": "企业规模：请从所列选项中选择一项。"}


def test_one_unlisted_choice_among_several_refuses_the_answer():
    asked = question(label="关注的话题", **TOPICS)
    _answers, errors = clean_answers([asked], {"q1": ["标准化", "旅游"]})
    assert errors["q1"].startswith("关注的话题：")


@pytest.mark.parametrize(
    ("kind", "sent"),
    [("number", "八个"), ("number", "NaN"), ("date", "2026-02-30"), ("date", "九月一日")],
)
def test_a_number_or_a_date_that_is_not_one_is_refused_naming_the_question(kind, sent):
    _answers, errors = clean_answers([question(label="小组人数", kind=kind)], {"q1": sent})
    assert errors["q1"].startswith("小组人数：")


def test_yes_no_takes_only_yes_or_no():
    _answers, errors = clean_answers([question(label="是否第一次", kind="yes_no")], {"q1": "也许"})
    assert errors["q1"].startswith("是否第一次：")


def test_a_nul_byte_in_an_answer_is_refused_naming_the_question():
    answers, errors = clean_answers([question(label="单位")], {"q1": "上汽\x00通用"})
    assert answers == {}
    assert errors["q1"].startswith("单位：") and "控制字符" in errors["q1"]


def test_answers_longer_than_the_kind_allows_are_refused():
    short, long = question(1, kind="text"), question(2, kind="long_text")
    answers, errors = clean_answers(
        [short, long], {"q1": "字" * (TEXT_MAX + 1), "q2": "字" * LONG_TEXT_MAX}
    )
    assert list(errors) == ["q1"]
    assert answers == {"q2": "字" * LONG_TEXT_MAX}


def test_answers_to_questions_not_asked_are_dropped_and_keys_follow_the_app():
    answers, errors = clean_answers(
        [question(7)],
        {"field_7": "有", "field_8": "多余"},
        field_name="field_{pk}",
        stored_key="{pk}",
    )
    assert (answers, errors) == ({"7": "有"}, {})


def test_ticked_boxes_of_a_form_are_all_kept():
    data = QueryDict(mutable=True)
    data.setlist("q1", ["标准化", "质量管理"])
    answers, _errors = clean_answers([question(**TOPICS)], data)
    assert answers == {"q1": ["质量管理", "标准化"]}


def test_a_choice_removed_from_the_list_later_is_still_shown_as_given():
    assert display_answer(question(**SIZE), "300人以上") == "300人以上"


def test_english_and_traditional_readers_see_labels_and_choices_in_their_language():
    asked = question(label="企业规模", label_en="Company size", help_text="按在职人数", **SIZE)
    with translation.override("en"):
        field = question_fields([asked])["q1"]
        assert field.label == "Company size"
        assert list(field.choices) == [
            ("", "—"),
            ("50人以下", "under 50"),
            ("50人以上", "50 or more"),
        ]
        assert display_answer(asked, "50人以上") == "50 or more"
        assert display_answer(question(kind="yes_no"), "yes") == "yes"
        assert displayed_answers([asked], {"q1": "50人以下"}) == [("Company size", "under 50")]
    with translation.override("zh-hant"):
        field = question_fields([asked])["q1"]
        assert field.label == "企業規模"
        assert field.help_text == "按在職人數"
        assert list(field.choices)[1] == ("50人以下", "50人以下")
        assert display_answer(question(kind="yes_no"), "no") == "否"


def test_each_kind_gets_a_field_that_shapes_its_input():
    kinds = ["text", "long_text", "number", "date", "yes_no", "choice", "multiple_choice"]
    asked = [question(pk, kind=kind, choices="甲\n乙") for pk, kind in enumerate(kinds, 1)]
    fields = question_fields(asked)
    widgets = [type(fields[f"q{pk}"].widget) for pk in range(1, 8)]
    assert widgets == [
        forms.TextInput,
        forms.Textarea,
        forms.TextInput,
        forms.DateInput,
        forms.Select,
        forms.Select,
        forms.CheckboxSelectMultiple,
    ]
    assert fields["q3"].widget.attrs["inputmode"] == "decimal"
    assert fields["q4"].widget.input_type == "date"
    assert list(fields["q5"].choices) == [("", "—"), ("yes", "是"), ("no", "否")]


def test_a_draft_form_asks_for_nothing_and_marks_what_submission_will_need():
    asked = question(label="课题类型", required=True)
    assert question_fields([asked])["q1"].required
    draft = question_fields([asked], field_name="field_{pk}", draft=True)["field_1"]
    assert (draft.required, draft.label) == (False, "课题类型 *")
