"""Responses collected elsewhere come in from XLSX or CSV, checked like the web form, once."""

import io
import uuid

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from qualitymonth.core.models import AuditEntry, ImportJob
from qualitymonth.core.tasks import run_import
from qualitymonth.surveys.models import (
    Answer,
    Evaluation,
    Industry,
    InstrumentKind,
    Response,
    Round,
    RoundStatus,
    Source,
    UnitOfAnalysis,
)
from qualitymonth.surveys.services.instruments import create_instrument
from qualitymonth.surveys.services.response_import import MAX_MEGABYTES, MAX_ROWS
from qualitymonth.surveys.tests.conftest import (
    answer,
    build_system,
    collecting_round,
    xlsform_upload,
)
from tests.answers import assert_not_found

HEADING = ["site", "submitted_at", "a", "b", "c", "issue", "issue_note"]
GOOD = [
    ["S1", "2026-03-02 09:30", 8, 2, 10, "yes", "门口堆物"],
    ["S3", "", 10, 1, 30, "no", ""],
]


def xlsx_file(rows, heading=HEADING) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(heading)
    for row in rows:
        book.active.append(row)
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile("responses.xlsx", output.getvalue())


def csv_file(rows, heading=HEADING) -> SimpleUploadedFile:
    lines = [",".join(str(cell) for cell in row) for row in [heading, *rows]]
    return SimpleUploadedFile("responses.csv", ("\ufeff" + "\n".join(lines)).encode())


@pytest.fixture
def desk(client, secretariat):
    """The secretariat, reading the pages in English."""
    client.force_login(secretariat)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, round_, file, **extra):
    """Post the upload page; once queued, run the job as the worker would and read its page."""
    reply = client.post(
        f"/surveys/manage/rounds/{round_.pk}/responses/import/", {"file": file, **extra}
    )
    if reply.status_code != 302:
        return reply
    run_import.call(ImportJob.objects.latest("pk").pk)
    return client.get(reply.url)


def done(reply) -> bool:
    return 'data-status="done"' in reply.content.decode()


def row_errors(reply) -> list[tuple[str, str, str]]:
    """(row, column, problem) of every row the page reports."""
    text = reply.content.decode()
    found = []
    for chunk in text.split('<tr data-testid="row-error">')[1:]:
        cells = chunk.split("</tr>")[0].replace("</td>", "").split("<td>")[1:]
        found.append(tuple(cells))
    return found


@pytest.fixture
def plain_round(evaluation, system, secretariat):
    """A form without constraints: only the indicator system's 0–10 range limits item A."""
    survey = [
        ["integer", "a", "整洁程度", "yes", "", "", "", "A"],
        ["select_one q", "b", "排队情况", "yes", "", "", "", "B"],
        ["decimal", "c", "便民设施数", "yes", "", "", "", "C"],
    ]
    instrument = create_instrument(
        evaluation=evaluation,
        kind=InstrumentKind.CHECKLIST,
        title="无约束检查表",
        upload=xlsform_upload(survey=survey),
        actor=secretariat,
    )
    return Round.objects.create(
        evaluation=evaluation, year=2025, system=system, instrument=instrument
    )


@pytest.fixture
def public_round(secretariat, districts):
    """A questionnaire scored per response: no sites, the respondent's district and industry."""
    evaluation = Evaluation.objects.create(
        key="satisfaction", name="满意度调查", unit_of_analysis=UnitOfAnalysis.RESPONSE
    )
    Industry.objects.create(key="catering", name="餐饮")
    instrument = create_instrument(
        evaluation=evaluation,
        kind=InstrumentKind.QUESTIONNAIRE,
        title="满意度问卷",
        upload=xlsform_upload(),
        actor=secretariat,
    )
    return collecting_round(build_system(evaluation), instrument)


def test_a_good_file_stores_each_response_with_its_answers(desk, survey_round, sites):
    reply = upload(desk, survey_round, xlsx_file(GOOD))
    assert done(reply)
    first = Response.objects.get(site=sites["s1"])
    assert first.source == Source.IMPORT
    assert first.district == sites["s1"].district
    assert first.submitted_at.isoformat() == "2026-03-02T01:30:00+00:00"  # 09:30 in Shanghai
    stored = {a.question.name: (a.value, a.text) for a in first.answers.select_related("question")}
    assert stored == {
        "a": (8.0, ""),
        "b": (2.0, "2"),
        "c": (10.0, ""),
        "issue": (None, "yes"),
        "issue_note": (None, "门口堆物"),
    }
    assert Response.objects.get(site=sites["s3"]).answers.count() == 4
    survey_round.refresh_from_db()
    assert survey_round.answers_revision == 1
    entry = AuditEntry.objects.get(action="surveys.responses.import")
    assert entry.changes["imported"] == 2 and entry.changes["rows"] == 2


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("a", 11, "0到10分"),  # the form's own constraint message
        ("b", 9, "Choose one of the listed answers."),
        ("site", "S9", "The sampling frame has no site with the code “S9”."),
        ("c", "", "This question is required."),
        ("issue_note", "", "This question is required."),  # required when issue is yes
    ],
)
def test_a_bad_row_is_named_and_nothing_is_stored(
    desk, survey_round, sites, column, value, problem
):
    bad = list(GOOD[0])
    bad[HEADING.index(column)] = value
    reply = upload(desk, survey_round, xlsx_file([GOOD[1], bad]))
    assert not done(reply)
    assert row_errors(reply) == [("3", column, problem)]
    assert "Nothing was imported." in reply.content.decode()
    assert not Response.objects.exists()


def test_an_answer_outside_the_items_range_is_refused(desk, plain_round, sites):
    reply = upload(
        desk, plain_round, xlsx_file([["S1", 11, 2, 10]], heading=["site", "a", "b", "c"])
    )
    assert row_errors(reply) == [("2", "a", "The answer must be between 0 and 10.")]
    assert not Response.objects.exists()


def test_the_good_rows_are_stored_when_asked(desk, survey_round, sites):
    bad = ["S2", "", 8, 7, 10, "", ""]
    reply = upload(desk, survey_round, xlsx_file([GOOD[0], bad, GOOD[1]]), good_rows_only="on")
    assert done(reply)  # the page names the skipped row
    assert row_errors(reply) == [("3", "b", "Choose one of the listed answers.")]
    assert sorted(Response.objects.values_list("site__code", flat=True)) == ["S1", "S3"]


def test_importing_the_same_file_again_stores_nothing_twice(desk, survey_round, sites):
    file = xlsx_file(GOOD)
    upload(desk, survey_round, file)
    refused = upload(desk, survey_round, SimpleUploadedFile("again.xlsx", file.open().read()))
    assert "This very file was already imported on" in refused.content.decode()
    again = SimpleUploadedFile("again.xlsx", file.open().read())
    reply = upload(desk, survey_round, again, import_again="on")
    assert "Responses imported: 0. Already stored: 2." in reply.content.decode()
    assert Response.objects.count() == 2
    assert Answer.objects.count() == 9


def test_the_same_responses_as_csv_after_xlsx_are_not_stored_twice(desk, survey_round, sites):
    upload(desk, survey_round, xlsx_file(GOOD))
    upload(desk, survey_round, csv_file(GOOD))
    assert Response.objects.count() == 2


def test_two_identical_paper_forms_are_two_responses(desk, survey_round, sites):
    upload(desk, survey_round, xlsx_file([GOOD[1], GOOD[1]]))
    assert Response.objects.filter(site=sites["s3"]).count() == 2


def test_a_response_already_stored_by_its_client_id_is_skipped(desk, survey_round, sites):
    known = uuid.uuid4()
    answer(survey_round, sites["s1"], a=8, b=2, c=10, client_id=known)
    rows = [[str(known), *GOOD[0]], [str(uuid.uuid4()), *GOOD[1]]]
    reply = upload(desk, survey_round, xlsx_file(rows, heading=["client_id", *HEADING]))
    assert done(reply)
    assert Response.objects.count() == 2
    assert Response.objects.get(client_id=known).source == Source.WEB


def test_a_response_id_column_identifies_the_response(desk, survey_round, sites):
    upload(desk, survey_round, csv_file([["R-1", *GOOD[1]]], heading=["response_id", *HEADING]))
    changed = ["R-1", "S3", "", 9, 1, 30, "no", ""]
    upload(desk, survey_round, csv_file([changed], heading=["response_id", *HEADING]))
    assert Response.objects.get().answers.get(question__name="a").value == 10


def test_unknown_columns_are_named(desk, survey_round, sites):
    reply = upload(
        desk, survey_round, xlsx_file([["S1", 8, 2, 10, 1]], heading=["site", "a", "b", "c", "zz"])
    )
    assert not done(reply)
    assert "The file has columns that are not in the template: zz." in reply.content.decode()
    assert not Response.objects.exists()


def test_a_csv_file_is_imported(desk, survey_round, sites):
    reply = upload(desk, survey_round, csv_file(GOOD))
    assert done(reply)
    assert Answer.objects.get(response__site=sites["s3"], question__name="c").value == 30


@pytest.mark.parametrize(
    ("file", "problem"),
    [
        (SimpleUploadedFile("r.xlsx", b"not a spreadsheet"), "The spreadsheet cannot be read."),
        (SimpleUploadedFile("r.csv", b"site,a,b,c\n"), "The file is empty."),
        (
            SimpleUploadedFile("r.csv", b"site,a\n" + b"S1,8\n" * (MAX_ROWS + 1)),
            f"The file has more than {MAX_ROWS} rows; split it.",
        ),
        (
            SimpleUploadedFile("r.csv", b"site,a\n" + b" " * (MAX_MEGABYTES * 1024 * 1024)),
            f"The file is larger than {MAX_MEGABYTES} MB; split it.",
        ),
    ],
    ids=["not a table", "empty", "too many rows", "too large"],
)
def test_a_bad_file_stores_nothing(desk, survey_round, sites, file, problem):
    reply = upload(desk, survey_round, file, good_rows_only="on")
    assert not done(reply)
    assert problem in reply.content.decode()
    assert not Response.objects.exists()


def test_a_closed_round_still_takes_paper_forms(desk, survey_round, sites):
    survey_round.status = RoundStatus.CLOSED
    survey_round.save()
    upload(desk, survey_round, xlsx_file(GOOD))
    assert Response.objects.count() == 2


def test_a_per_response_round_takes_district_and_industry(desk, public_round, districts):
    heading = ["district", "industry", "a", "b", "c"]
    reply = upload(desk, public_round, csv_file([["甲区", "餐饮", 8, 2, 10]], heading=heading))
    assert done(reply)
    response = Response.objects.get()
    assert response.district == districts["x"] and response.industry.key == "catering"
    assert response.site is None


def test_an_unknown_district_is_named(desk, public_round, districts):
    heading = ["district", "a", "b", "c"]
    reply = upload(desk, public_round, csv_file([["丙区", 8, 2, 10]], heading=heading))
    assert row_errors(reply) == [("2", "district", "No district is called “丙区”.")]


def test_only_the_secretariat_imports(client, survey_round, inspector, enterprise_admin):
    for person in (inspector, enterprise_admin):
        client.force_login(person)
        base = f"/surveys/manage/rounds/{survey_round.pk}/responses"
        assert client.get(f"{base}/import/").status_code == 403
        assert client.get(f"{base}/template.xlsx").status_code == 403
        assert upload(client, survey_round, xlsx_file(GOOD)).status_code == 403
    assert not Response.objects.exists()


def test_another_round_is_not_found(desk, survey_round):
    assert_not_found(desk.get("/surveys/manage/rounds/999999/responses/import/"))
    assert_not_found(desk.get("/surveys/manage/rounds/999999/responses/template.xlsx"))


def test_the_template_is_headed_by_the_question_names(desk, survey_round):
    reply = desk.get(f"/surveys/manage/rounds/{survey_round.pk}/responses/template.xlsx")
    book = load_workbook(io.BytesIO(reply.content))
    heading = [cell.value for cell in book.worksheets[0][1]]
    assert heading == ["client_id", "site", "submitted_at", "a", "b", "c", "issue", "issue_note"]


def test_the_round_page_links_to_the_import(desk, survey_round):
    page = desk.get(f"/surveys/manage/rounds/{survey_round.pk}/").content.decode()
    assert f"/surveys/manage/rounds/{survey_round.pk}/responses/import/" in page
