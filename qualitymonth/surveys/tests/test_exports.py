"""Responses out: times are the wall-clock time in Shanghai, in the CSV and in the XLSX; the
answers' cells follow every change of the answers."""

import csv
import datetime
import io

import pytest
from django.db import transaction
from django.utils import timezone

from qualitymonth.core.spreadsheets import FORMULA_STARTS
from qualitymonth.surveys.exports import stream_csv
from qualitymonth.surveys.models import Answer, Response
from qualitymonth.surveys.tests.conftest import answer, collecting_round

# 02:30 UTC is 10:30 in Shanghai.
SUBMITTED = datetime.datetime(2026, 9, 5, 2, 30, tzinfo=datetime.UTC)


def test_the_csv_gives_the_submission_time_in_shanghai(client, answered, secretariat):
    Response.objects.filter(round=answered).update(submitted_at=SUBMITTED)
    client.force_login(secretariat)
    reply = client.get(f"/surveys/manage/rounds/{answered.pk}/responses.csv")
    lines = b"".join(reply.streaming_content).decode("utf-8-sig").splitlines()
    submitted = lines[1].split(",")[2]
    assert submitted == "2026-09-05 10:30:00"


def test_the_xlsx_has_the_submission_time_as_an_excel_date_time(
    client, answered, secretariat, django_capture_on_commit_callbacks, settings
):
    from openpyxl import load_workbook

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    Response.objects.filter(round=answered).update(submitted_at=SUBMITTED)
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/surveys/manage/rounds/{answered.pk}/exports/", {"format": "xlsx"})
    job = answered.exports.get()
    sheet = load_workbook(io.BytesIO(job.file.read())).active
    cell = sheet.cell(row=2, column=3)
    assert cell.value == datetime.datetime(2026, 9, 5, 10, 30)
    assert cell.is_date and "hh:mm" in cell.number_format
    assert timezone.is_naive(cell.value)


def test_the_csv_neutralises_text_that_a_spreadsheet_would_run(
    client, answered, sites, secretariat
):
    import csv

    from qualitymonth.surveys.tests.conftest import answer

    for note in ("=HYPERLINK(1)", "-2+3", "＝1+1", "@SUM(A1)", "普通说明"):
        answer(answered, sites["s1"], a=5, b=2, c=10, issue="yes", issue_note=note)
    client.force_login(secretariat)
    reply = client.get(f"/surveys/manage/rounds/{answered.pk}/responses.csv")
    text = b"".join(reply.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    notes = [row[rows[0].index("issue_note")] for row in rows[1:]]
    assert {"'=HYPERLINK(1)", "'-2+3", "'＝1+1", "'@SUM(A1)", "普通说明"} <= set(notes)


def csv_rows(round_) -> list[list[str]]:
    text = b"".join(stream_csv(round_)).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.django_db(transaction=True)
def test_each_round_exports_only_its_own_answers(survey_round, sites):
    """Two rounds collected at once: their responses alternate. Committed work, as in
    production: the export reads in a transaction of its own."""
    later = collecting_round(survey_round.system, survey_round.instrument, year=2027)
    for n, site in enumerate(sites.values()):
        answer(survey_round, site, a=n, b=1, c=10 + n)
        answer(later, site, a=9 - n, b=5, c=20 + n)
    answer(survey_round, sites["s1"], a=7, b=2, c=30)
    this_year, next_year = csv_rows(survey_round), csv_rows(later)
    assert [row[12:15] for row in this_year[1:]] == [
        ["0", "1", "10"],
        ["1", "1", "11"],
        ["2", "1", "12"],
        ["7", "2", "30"],
    ]
    assert [row[12:15] for row in next_year[1:]] == [
        ["9", "5", "20"],
        ["8", "5", "21"],
        ["7", "5", "22"],
    ]
    # The same rows when the export runs inside a caller's transaction.
    with transaction.atomic():
        assert csv_rows(later) == next_year


def test_a_changed_or_deleted_answer_changes_the_export(answered, sites):
    """The cells the export reads are kept by the database as answers change."""
    response = Response.objects.get(round=answered, site=sites["s1"])
    Answer.objects.filter(response=response, question__name="a").update(value=2.5)
    Answer.objects.filter(response=response, question__name="b").delete()
    Answer.objects.filter(response=response, question__name="c").update(value=None, text="=1")
    row = next(row for row in csv_rows(answered)[1:] if row[0] == str(response.pk))
    assert row[12:15] == ["2.5", "", "'=1"]


def test_every_formula_start_is_neutralised_in_the_stored_cells(answered, sites):
    """The cells are written by the triggers of a migration, which lists the characters
    itself: they must be the ones the rest of the platform neutralises."""
    for start in FORMULA_STARTS:
        response = answer(answered, sites["s2"], a=1, b=1, c=1, issue="yes", issue_note="x")
        # Set in the database: the form trims the TAB and CR a text could start with.
        Answer.objects.filter(response=response, question__name="issue_note").update(
            text=f"{start}1"
        )
    rows = csv_rows(answered)
    notes = {row[rows[0].index("issue_note")] for row in rows[1:]}
    assert {f"'{start}1" for start in FORMULA_STARTS} <= notes
