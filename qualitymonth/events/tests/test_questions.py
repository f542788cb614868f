"""The organiser's questions on the registration form, with every kind core's questions offer."""

import re

import lxml.html
from django.urls import reverse

from qualitymonth.events.models import Registration

TOPICS = {
    "label": "关注的话题",
    "label_en": "Topics of interest",
    "kind": "multiple_choice",
    "choices": "质量管理\n标准化\n检验检测",
    "choices_en": "Quality management\nStandards\nTesting",
}


def test_several_choices_and_a_date_are_registered_and_shown_on_the_ticket(client, lecture):
    topics = lecture.questions.create(position=1, **TOPICS)
    arrival = lecture.questions.create(position=2, label="到达日期", kind="date")
    response = client.post(
        reverse("events:detail", args=[lecture.pk]),
        {
            "name": "李明",
            "phone": "13812345678",
            f"q{topics.pk}": ["检验检测", "质量管理"],
            f"q{arrival.pk}": "2026-09-01",
        },
        follow=True,
    )
    registration = Registration.objects.get()
    assert registration.answers == {
        f"q{topics.pk}": ["质量管理", "检验检测"],
        f"q{arrival.pk}": "2026-09-01",
    }
    page = response.content.decode()
    assert re.findall(r'data-testid="ticket-answer">([^<]*)<', page) == [
        "质量管理、检验检测",
        "2026年9月1日",
    ]


def test_an_english_reader_picks_from_the_english_choices(client, lecture):
    topics = lecture.questions.create(**TOPICS)
    client.cookies["qm_language"] = "en"
    page = lxml.html.fromstring(
        client.get(reverse("events:detail", args=[lecture.pk])).content.decode()
    )
    boxes = page.xpath(f"//input[@type='checkbox'][@name='q{topics.pk}']")
    labels = [box.getparent().text_content().strip() for box in boxes]
    assert labels == ["Quality management", "Standards", "Testing"]
    assert [box.get("value") for box in boxes] == ["质量管理", "标准化", "检验检测"]


def test_a_choice_not_listed_is_refused_on_the_form_naming_the_question(client, lecture):
    topics = lecture.questions.create(**TOPICS)
    response = client.post(
        reverse("events:detail", args=[lecture.pk]),
        {"name": "李明", "phone": "13812345678", f"q{topics.pk}": ["旅游"]},
    )
    assert "关注的话题" in response.content.decode()
    assert not Registration.objects.exists()
