"""XLSForms in several languages (`label::English (en)`, `label::中文 (zh)`): each reader sees
the questions, choices and messages in their own language; the download keeps the columns."""

import io
import uuid

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from qualitymonth.surveys.models import InstrumentKind
from qualitymonth.surveys.services.instrument_editor import instrument_xlsx
from qualitymonth.surveys.services.instruments import create_instrument
from qualitymonth.surveys.tests.conftest import collecting_round

SURVEY = [
    [
        "type",
        "name",
        "label::English (en)",
        "label::中文 (zh)",
        "hint::English (en)",
        "hint::中文 (zh)",
        "required",
        "constraint",
        "constraint_message::English (en)",
        "constraint_message::中文 (zh)",
        "indicator",
    ],
    [
        "select_one yn",
        "clean",
        "Is the hall clean?",
        "大厅是否整洁？",
        "",
        "",
        "yes",
        "",
        "",
        "",
        "",
    ],
    [
        "integer",
        "wait",
        "Waiting time (minutes)",
        "等候时间（分钟）",
        "Ask the first person in line",
        "询问排在第一位的人",
        "",
        ". <= 120",
        "At most 120 minutes",
        "最多120分钟",
        "",
    ],
]
CHOICES = [
    ["list_name", "name", "label::English (en)", "label::中文 (zh)"],
    ["yn", "yes", "Yes", "是"],
    ["yn", "no", "No", "否"],
]


def workbook(survey=SURVEY, choices=CHOICES, default_language="中文 (zh)") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    choice_sheet = book.create_sheet("choices")
    for row in choices:
        choice_sheet.append(row)
    settings_sheet = book.create_sheet("settings")
    settings_sheet.append(["form_title", "default_language"])
    settings_sheet.append(["Hall check", default_language])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def upload(evaluation, secretariat, content: bytes, name="form.xlsx"):
    return create_instrument(
        evaluation=evaluation,
        kind=InstrumentKind.CHECKLIST,
        title=name,
        upload=SimpleUploadedFile(name, content),
        actor=secretariat,
    )


@pytest.fixture
def round_(evaluation, system, secretariat, inspector, sites):
    return collecting_round(
        system, upload(evaluation, secretariat, workbook()), inspectors=[inspector]
    )


def read_as(client, language: str, round_) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(f"/surveys/rounds/{round_.pk}/collect/").content.decode()


def send_as(client, language: str, round_, **answers) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    site = round_.evaluation.sites.order_by("code").first()
    data = {"client_id": str(uuid.uuid4()), "site": site.pk, **answers}
    return client.post(f"/surveys/rounds/{round_.pk}/collect/", data).content.decode()


def test_an_english_reader_sees_the_english_labels_hints_and_choices(client, round_, inspector):
    client.force_login(inspector)
    page = read_as(client, "en", round_)
    assert "Is the hall clean?" in page and "Waiting time (minutes)" in page
    assert "Ask the first person in line" in page
    assert "> Yes</label>" in page and "> No</label>" in page
    assert "大厅是否整洁" not in page and "> 是</label>" not in page


def test_a_chinese_reader_sees_the_chinese_labels_and_choices(client, round_, inspector):
    client.force_login(inspector)
    page = read_as(client, "zh-hans", round_)
    assert "大厅是否整洁？" in page and "询问排在第一位的人" in page
    assert "> 是</label>" in page and "> 否</label>" in page
    assert "Is the hall clean?" not in page and "> Yes</label>" not in page


def test_a_traditional_chinese_reader_reads_the_simplified_labels_converted(
    client, round_, inspector
):
    client.force_login(inspector)
    page = read_as(client, "zh-hant", round_)
    assert "大廳是否整潔？" in page and "> 是</label>" in page
    assert "Is the hall clean?" not in page


def test_the_constraint_message_is_in_the_readers_language(client, round_, inspector):
    client.force_login(inspector)
    assert "At most 120 minutes" in send_as(client, "en", round_, clean="yes", wait="200")
    assert "最多120分钟" in send_as(client, "zh-hans", round_, clean="yes", wait="200")


def test_a_language_missing_from_the_form_falls_back_to_its_default_language(
    evaluation, secretariat
):
    from django.utils import translation

    survey = [["type", "name", "label::English (en)", "label::中文 (zh)"]]
    survey.append(["text", "note", "", "备注"])
    survey.append(["text", "shop", "Shop", "门店"])
    instrument = upload(evaluation, secretariat, workbook(survey, [["list_name", "name"]]))
    questions = {q.name: q for q in instrument.questions.all()}
    with translation.override("en"):
        assert questions["note"].text("label") == "备注"
        assert questions["shop"].text("label") == "Shop"
    assert questions["shop"].label == "门店"  # the default language is kept as the label


def test_language_codes_map_to_the_platforms_languages():
    from qualitymonth.surveys.xlsform import platform_language

    assert platform_language("English (en)") == "en"
    assert platform_language("English (en-GB)") == "en"
    assert platform_language("中文 (zh)") == "zh-hans"
    assert platform_language("简体 (zh-CN)") == "zh-hans"
    assert platform_language("Chinese (zh-Hans)") == "zh-hans"
    assert platform_language("繁體 (zh-TW)") == "zh-hant"
    assert platform_language("繁體 (zh-HK)") == "zh-hant"
    assert platform_language("Chinese (zh-Hant)") == "zh-hant"
    assert platform_language("Français (fr)") is None
    assert platform_language("default") is None


def test_the_downloaded_xlsform_keeps_the_language_columns(client, evaluation, secretariat):
    first = upload(evaluation, secretariat, workbook())
    content = instrument_xlsx(first)
    book = load_workbook(io.BytesIO(content))
    header = [cell.value for cell in book["survey"][1]]
    assert "label::English (en)" in header and "constraint_message::English (en)" in header
    assert "label::English (en)" in [cell.value for cell in book["choices"][1]]
    again = upload(evaluation, secretariat, content, name="again.xlsx")
    kept = {q.name: q for q in again.questions.all()}
    assert kept["clean"].label == "大厅是否整洁？"
    assert kept["clean"].translations["en"]["label"] == "Is the hall clean?"
    assert kept["wait"].translations["en"]["constraint_message"] == "At most 120 minutes"
    assert kept["wait"].translations["en"]["hint"] == "Ask the first person in line"
    assert [c["labels"]["en"] for c in kept["clean"].choices] == ["Yes", "No"]


def test_a_form_without_language_columns_keeps_its_plain_labels(evaluation, secretariat):
    survey = [["type", "name", "label"], ["text", "shop", "门店名称"]]
    instrument = upload(evaluation, secretariat, workbook(survey, [["list_name", "name"]]))
    question = instrument.questions.get()
    assert question.label == "门店名称" and question.translations == {}
    header = [
        cell.value for cell in load_workbook(io.BytesIO(instrument_xlsx(instrument)))["survey"][1]
    ]
    assert not any("::" in str(column) for column in header)


def test_the_response_page_shows_the_questions_in_the_readers_language(
    client, round_, inspector, secretariat
):
    from qualitymonth.surveys.models import Response

    client.force_login(inspector)
    send_as(client, "en", round_, clean="yes", wait="10")
    response = Response.objects.get(round=round_)
    client.force_login(secretariat)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/surveys/manage/rounds/{round_.pk}/responses/{response.pk}/"
    page = client.get(url).content.decode()
    assert "Is the hall clean?" in page and "大厅是否整洁" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "大厅是否整洁？" in client.get(url).content.decode()
