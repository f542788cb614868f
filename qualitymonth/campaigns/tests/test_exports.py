import csv
import io

import openpyxl

from qualitymonth.campaigns import services
from qualitymonth.campaigns.tests.conftest import activity_values
from tests.answers import assert_not_found


def test_actions_export_as_xlsx_and_csv(client, campaign, huangpu_action, enterprise_action):
    book = openpyxl.load_workbook(io.BytesIO(client.get("/campaigns/2020/actions.xlsx").content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert [row[:2] for row in rows[1:]] == [("7", "开展企业质量开放日"), ("8", "举办质量月直播")]

    text = client.get("/campaigns/2020/actions.csv").content.decode("utf-8-sig")
    assert [row[0] for row in csv.reader(io.StringIO(text))][1:] == ["7", "8"]


def test_activities_export_follows_the_filters_and_defuses_formulas(
    client, secretariat, bureau_admin, huangpu_bureau, campaign, category
):
    for title, kind in (("=HYPERLINK(1)", "forum"), ("开放日", "open_day")):
        activity = services.file_activity(
            actor=bureau_admin,
            campaign=campaign,
            unit=huangpu_bureau,
            **activity_values(category, title=title, kind=kind),
        )
        services.accept_activity(actor=secretariat, activity=activity)
    text = client.get("/campaigns/2020/activities.csv?kind=forum").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [row[0] for row in rows[1:]] == ["'=HYPERLINK(1)"]

    book = openpyxl.load_workbook(io.BytesIO(client.get("/campaigns/2020/activities.xlsx").content))
    titles = [row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == sorted(["=HYPERLINK(1)", "开放日"])
    assert book.worksheets[0].cell(2, 1).data_type == "s"  # text, not a formula


def test_an_unknown_export_format_is_not_found(client, campaign):
    assert_not_found(client.get("/campaigns/2020/actions.pdf"))
