"""Exports of a round: every date-time in Shanghai time, the rule each entry was scored by."""

import datetime
import io
import zoneinfo

import openpyxl
import pytest

from qualitymonth.awards.models import Review
from qualitymonth.organizations.models import User

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
EARLY = datetime.datetime(2026, 3, 2, 7, 30, tzinfo=SHANGHAI)  # 23:30 the day before in UTC


@pytest.fixture
def early_review(graded_round):
    """One review submitted at 07:30 in Shanghai."""
    review = Review.objects.filter(assignment__application__round=graded_round).first()
    Review.objects.filter(pk=review.pk).update(submitted_at=EARLY)
    return review


def _sheet(response):
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows())
    return [cell.value for cell in rows[0]], rows[1:]


def test_the_score_export_writes_the_submission_as_an_excel_date_time_in_shanghai(
    client, graded_round, secretariat, early_review
):
    client.force_login(secretariat)
    header, rows = _sheet(client.get(f"/awards/rounds/{graded_round.pk}/export/scores.xlsx"))
    column = header.index("提交时间")
    cells = [row[column] for row in rows if row[column].value == EARLY.replace(tzinfo=None)]
    assert len(cells) == 6  # one per criterion of that review
    assert "hh:mm" in cells[0].number_format


def test_the_score_csv_writes_the_submission_in_local_time(
    client, graded_round, secretariat, early_review
):
    client.force_login(secretariat)
    response = client.get(f"/awards/rounds/{graded_round.pk}/export/scores.csv")
    text = response.content.decode("utf-8-sig")
    assert text.count("2026-03-02 07:30:00") == 6
    assert "2026-03-01" not in text and "+00:00" not in text


def test_the_score_export_names_the_reviewer_beside_the_user_name(
    client, graded_round, secretariat
):
    User.objects.filter(username="expert-0").update(display_name="张伟")
    client.force_login(secretariat)
    header, rows = _sheet(client.get(f"/awards/rounds/{graded_round.pk}/export/scores.xlsx"))
    names = {
        (row[header.index("评审专家")].value, row[header.index("用户名")].value) for row in rows
    }
    assert names == {("张伟", "expert-0"), ("expert-1", "expert-1")}
