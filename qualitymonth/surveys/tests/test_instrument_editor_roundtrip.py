"""Saving an uploaded XLSForm in the editor keeps what the editor does not show."""

import io
import uuid

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from qualitymonth.surveys.models import InstrumentKind, Response
from qualitymonth.surveys.services.instruments import create_instrument
from qualitymonth.surveys.tests.conftest import collecting_round

EN = "English (en)"


def xlsform() -> bytes:
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(
        [
            "type",
            "name",
            "label",
            f"label::{EN}",
            "required",
            "required_message",
            f"required_message::{EN}",
            "constraint",
            "constraint_message",
            "calculation",
            "choice_filter",
        ]
    )
    survey.append(["calculate", "top", "", "", "", "", "", "", "", "5 + 5", ""])
    survey.append(
        [
            "integer",
            "tidy",
            "整洁程度",
            "Tidiness",
            "yes",
            "请打分",
            "Please score",
            ". <= ${top}",
            "最多10分",
            "",
            "",
        ]
    )
    survey.append(["select_one area", "area", "区域", "Area", "", "", "", "", "", "", ""])
    survey.append(
        ["select_one window", "window", "窗口", "Window", "", "", "", "", "", "", "area = ${area}"]
    )
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label", f"label::{EN}", "area"])
    choices.append(["area", "n", "北区", "North", ""])
    choices.append(["area", "s", "南区", "South", ""])
    choices.append(["window", "w1", "一号窗口", "Window 1", "n"])
    choices.append(["window", "w2", "二号窗口", "Window 2", "s"])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


@pytest.fixture
def saved(client, evaluation, system, secretariat):
    """The uploaded form, opened in the editor and saved unchanged."""
    instrument = create_instrument(
        evaluation=evaluation,
        kind=InstrumentKind.CHECKLIST,
        title="",
        upload=SimpleUploadedFile("form.xlsx", xlsform()),
        actor=secretariat,
    )
    client.force_login(secretariat)
    url = f"/surveys/manage/instruments/{instrument.pk}/edit/"
    page = lxml.html.fromstring(client.get(url).content)
    form = next(f for f in page.forms if "q-TOTAL_FORMS" in f.fields)
    data = dict(form.form_values())
    data["action"] = "save"
    reply = client.post(url, data)
    assert reply.status_code == 302, reply.content.decode()
    instrument.refresh_from_db()
    return instrument


def test_saving_in_the_editor_keeps_the_calculation(saved):
    top = saved.questions.get(name="top")
    assert (top.type, top.calculation) == ("calculate", "5 + 5")


def test_saving_in_the_editor_keeps_the_choice_filter_and_the_choices_columns(saved):
    window = saved.questions.get(name="window")
    assert window.choice_filter == "area = ${area}"
    assert [c["columns"]["area"] for c in window.choices] == ["n", "s"]


def test_saving_in_the_editor_keeps_the_required_message_in_both_languages(saved):
    tidy = saved.questions.get(name="tidy")
    assert tidy.required_message == "请打分"
    with translation.override("en"):
        assert tidy.text("required_message") == "Please score"


def test_an_english_reader_still_sees_the_english_labels_after_an_edit(saved):
    tidy, window = saved.questions.get(name="tidy"), saved.questions.get(name="window")
    with translation.override("en"):
        assert tidy.local_label == "Tidiness"
        assert [c["label"] for c in window.local_choices()] == ["Window 1", "Window 2"]


def test_the_constraint_on_the_calculation_still_accepts_a_valid_answer_after_an_edit(
    client, saved, system, sites, inspector
):
    round_ = collecting_round(system, saved, year=2027, inspectors=[inspector])
    client.force_login(inspector)
    data = {"client_id": str(uuid.uuid4()), "site": sites["s1"].pk, "tidy": "8"}
    data |= {"area": "n", "window": "w1"}
    reply = client.post(f"/surveys/rounds/{round_.pk}/collect/", data)
    assert reply.status_code == 302, reply.content.decode()
    assert Response.objects.filter(round=round_).count() == 1
