"""The implementation-evaluation questionnaire shipped with the platform: asked of every
adopter of a standard in an evaluation's survey round. Written in Simplified Chinese with its
English; Traditional-Chinese readers read it converted, as every form of the surveys module."""

from qualitymonth.surveys.services.instrument_editor import EditorQuestion

TITLE = "团体标准实施评价问卷"


def _choices(*rows) -> list[dict]:
    return [
        {"name": name, "label": label, "score": score, "labels": {"en": english}}
        for name, label, english, score in rows
    ]


QUESTIONS = [
    EditorQuestion(
        name="applies",
        type="select_one",
        label="贵单位执行本标准的程度",
        required=True,
        choices=_choices(
            ("fully", "全面执行", "Applied in full", 3),
            ("partly", "部分执行", "Applied in part", 2),
            ("not_yet", "尚未执行", "Not applied yet", 1),
        ),
        translations={"en": {"label": "How far does your unit apply this standard?"}},
    ),
    EditorQuestion(
        name="effect",
        type="select_one",
        label="执行本标准对产品和服务质量的效果",
        required=True,
        choices=_choices(
            ("clear", "明显提升", "Clearly improved", 3),
            ("some", "有所提升", "Somewhat improved", 2),
            ("none", "没有明显变化", "No clear change", 1),
        ),
        translations={
            "en": {"label": "What did applying it do for the quality of products and services?"}
        },
    ),
    EditorQuestion(
        name="problems",
        type="text",
        label="执行中遇到的问题",
        translations={"en": {"label": "Problems met in applying it"}},
    ),
    EditorQuestion(
        name="revise",
        type="select_one",
        label="是否建议修订本标准",
        required=True,
        choices=_choices(
            ("no", "不需要修订", "No revision needed", None),
            ("yes", "建议修订", "Should be revised", None),
        ),
        translations={"en": {"label": "Should the standard be revised?"}},
    ),
    EditorQuestion(
        name="suggestion",
        type="text",
        label="修订建议",
        relevant="${revise} = 'yes'",
        translations={"en": {"label": "What should the revision change?"}},
    ),
]
