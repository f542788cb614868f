"""Chinese text on the citizen-service pages and in their translations uses full-width
punctuation with no stray spaces; lists are joined with 、 in Chinese and ", " in English."""

import re
from html import unescape
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from qualitymonth.enquiries.services.handling import change_status
from qualitymonth.enquiries.tests.desk_helpers import file_case

pytestmark = pytest.mark.django_db

HAN = r"[\u4e00-\u9fff]"
CJK_PUNCT = r"[\u3000-\u303f\uff01-\uff1f“”]"
CHINESE = f"(?:{HAN}|{CJK_PUNCT})"
# Half-width punctuation touching Chinese, or a space between Chinese and a number.
WRONG = re.compile(
    rf"{CHINESE} *(?:[,;:!?()]|\.(?![A-Za-z]))|[,;:!?(] *{HAN}|\) *{HAN}"
    rf"|{HAN} +\d+ *{HAN}|(?<![\w-])\d+ +{HAN}"
    rf"|{CJK_PUNCT} +{HAN}"
)
BLOCK = re.compile(
    r"(?is)<(?:/?(?:p|div|li|ul|ol|td|th|tr|h\d|dt|dd|option|label|legend|section|article|nav"
    r"|header|footer|form|fieldset|summary|details|table|thead|tbody|button|select|textarea"
    r"|small|time|strong|a)\b[^>]*|br\s*/?)>"
)


def visible_text(html: str) -> str:
    """The page's text, one line per block (and per link or label, which stand apart)."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", "\n", html)
    html = BLOCK.sub("\n", html)
    html = re.sub(r"(?s)<[^>]+>", "", html)
    return unescape(html)


def problems(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        line = re.sub(r"\s+", " ", line).strip()
        found += [line[max(0, m.start() - 12) : m.end() + 12] for m in WRONG.finditer(line)]
    return found


def get(client, url, language="zh-hans") -> str:
    client.cookies["qm_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return visible_text(response.content.decode())


def test_the_time_limits_end_with_a_chinese_full_stop(client, db):
    text = get(client, reverse("enquiries:index"))
    assert "答复时限：7个工作日。" in text and "核查时限：15个工作日。" in text
    assert "受理时限：7个工作日；调解时限：60个自然日。" in text
    assert problems(text) == []
    english = get(client, reverse("enquiries:index"), "en")
    assert "Answered within 7 working days." in english


def test_the_tracks_a_field_is_required_for_are_listed_with_the_enumeration_comma(
    client, categories
):
    text = get(client, reverse("enquiries:new"))
    assert "以下类型必填：投诉、举报。" in text
    assert problems(text) == []
    assert "Required for: complaint, report." in get(client, reverse("enquiries:new"), "en")


def test_the_desk_case_page_reads_as_chinese(
    client, secretariat, routing, categories, districts, huangpu_staff
):
    case = file_case(categories["glasses"], districts["huangpu"], kinds=["complaint", "report"])[0]
    change_status(case=case, to="not_accepted", reason="outside_duties", actor=huangpu_staff)
    client.force_login(secretariat)
    text = get(client, reverse("enquiries:desk_case", args=[case.number]))
    assert "原因：" in text
    assert problems(text) == []


def test_the_zh_hans_catalogue_of_citizen_services_uses_full_width_punctuation():
    path = Path(settings.BASE_DIR) / "qualitymonth/locale/zh_Hans/LC_MESSAGES/django.po"
    found = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or not any("enquiries" in f for f, _line in entry.occurrences):
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            # Placeholders stand for Chinese words or numbers; ASCII names stay as written.
            text = re.sub(r"<[^>]+>", "", text)  # markup is not text
            if problems(re.sub(r"%\((\w+)\)s", "某", text).replace("某 某", "某某")):
                found.append((entry.msgid, text))
    assert found == []
