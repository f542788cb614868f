"""The ranking says which rule each entry's score came from, on the page and in the exports."""

import io

import lxml.html
import openpyxl
import pytest

from qualitymonth.awards import services
from qualitymonth.awards.scoring import rule_applied
from qualitymonth.awards.tests.conftest import (
    full_marks_minus,
    make_application,
    make_reviewer,
    scored,
)


@pytest.fixture
def trimmed_round(review_round, secretariat):
    """Trimmed from three reviews: 上海电气 has three, 宝钢股份 only two."""
    review_round.aggregation = "trimmed"
    review_round.trim_from = 3
    review_round.save()
    reviewers = [make_reviewer(f"trim-{n}", review_round) for n in range(3)]
    for name, panel in (("上海电气QC小组", reviewers), ("宝钢股份QC小组", reviewers[:2])):
        application = make_application(review_round, name=name)
        for less, reviewer in enumerate(panel):
            assignment = services.assign_reviewer(
                actor=secretariat, application=application, reviewer=reviewer
            )
            scored(reviewer, assignment, full_marks_minus(review_round, less))
    return review_round


def test_a_trimmed_round_scores_an_entry_with_too_few_reviews_by_the_mean():
    assert rule_applied("trimmed", 3, 3) == "trimmed"
    assert rule_applied("trimmed", 2, 3) == "mean"
    assert rule_applied("trimmed", 4, 5) == "mean"
    assert rule_applied("mean", 7, 5) == "mean"
    assert rule_applied("zscore", 1, 5) == "zscore"
    assert rule_applied("trimmed", 0, 3) is None


def test_the_ranking_table_names_the_rule_next_to_each_score(client, trimmed_round, secretariat):
    client.force_login(secretariat)
    page = client.get(f"/awards/rounds/{trimmed_round.pk}/manage/").content.decode()
    rules = {
        row.xpath("td[2]")[0].text_content().strip(): row.xpath(".//*[@data-testid='entry-rule']")[
            0
        ].text_content()
        for row in lxml.html.fromstring(page).xpath("//*[@data-testid='ranking-row']")
    }
    assert rules == {
        "上海电气QC小组": "去掉最高分和最低分后的平均分",
        "宝钢股份QC小组": "平均分（评审不足3份，未去掉最高分和最低分）",
    }


def test_the_results_exports_write_each_entrys_rule(client, trimmed_round, secretariat):
    client.force_login(secretariat)
    csv = client.get(f"/awards/rounds/{trimmed_round.pk}/export/results.csv")
    lines = csv.content.decode("utf-8-sig").splitlines()[1:]
    assert {line.split(",")[2]: line.split(",")[7] for line in lines} == {
        "上海电气QC小组": "去掉最高分和最低分后的平均分",
        "宝钢股份QC小组": "平均分（评审不足3份，未去掉最高分和最低分）",
    }
    xlsx = client.get(f"/awards/rounds/{trimmed_round.pk}/export/results.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    header = [cell.value for cell in sheet[1]]
    rules = {
        row[2]: row[header.index("计分规则")]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert rules == {
        "上海电气QC小组": "去掉最高分和最低分后的平均分",
        "宝钢股份QC小组": "平均分（评审不足3份，未去掉最高分和最低分）",
    }
