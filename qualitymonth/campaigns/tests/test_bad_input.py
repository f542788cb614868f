"""Odd input found in review: each gets a clear message, nothing is stored, nothing fails."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from qualitymonth.campaigns import services
from qualitymonth.campaigns.models import ActivityReport, Campaign, ProgressReport
from qualitymonth.campaigns.tests.conftest import activity_values
from qualitymonth.campaigns.tests.test_imports import HEADER, csv_file, do_import
from qualitymonth.organizations.tests.test_unit_api import bearer, post_json


def test_a_decompression_bomb_is_refused_as_a_photo(
    client, bureau_admin, huangpu_bureau, campaign, category
):
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, format="PNG")
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    client.force_login(bureau_admin)
    data = activity_values(category, starts_on="2020-09-10", ends_on="2020-09-10")
    data.update(unit=huangpu_bureau.pk, category=category.pk, action="", photos=[bomb])
    response = client.post("/campaigns/2020/report/", data)
    assert response.status_code == 200
    assert "bomb.png" in response.content.decode()
    assert not ActivityReport.objects.exists()


@pytest.mark.parametrize("value", ["inf", "nan", "1.5", "十"])
def test_numbers_that_are_not_whole_are_named_in_the_import(
    baoshan_reporter, baoshan_bureau, campaign, value
):
    row = f"开放日,2020-09-05,2020-09-05,宝山,区局,质量宣传,开放日,,{value},0"
    result = do_import(baoshan_reporter, baoshan_bureau, campaign, csv_file(row))
    assert [(error.row, error.column) for error in result.errors] == [(2, "现场参与人数")]
    assert value in result.errors[0].message
    assert not ActivityReport.objects.exists()


def test_a_number_beyond_what_the_database_holds_is_named_in_the_import(
    baoshan_reporter, baoshan_bureau, campaign
):
    row = "开放日,2020-09-05,2020-09-05,宝山,区局,质量宣传,开放日,,1e400,0"
    result = do_import(baoshan_reporter, baoshan_bureau, campaign, csv_file(row))
    assert [(error.row, error.column) for error in result.errors] == [(2, "现场参与人数")]
    assert not ActivityReport.objects.exists()


def test_a_csv_cell_beyond_the_csv_limit_is_a_file_error(
    baoshan_reporter, baoshan_bureau, campaign
):
    row = '"' + "很长" * 70000 + '",2020-09-05,2020-09-05,宝山,区局,质量宣传,开放日,,1,0'
    result = do_import(baoshan_reporter, baoshan_bureau, campaign, csv_file(row))
    assert result.file_errors
    assert not ActivityReport.objects.exists()


def test_a_long_title_is_named_in_the_import(baoshan_reporter, baoshan_bureau, campaign):
    row = "长" * 301 + ",2020-09-05,2020-09-05,宝山,区局,质量宣传,开放日,,1,0"
    result = do_import(baoshan_reporter, baoshan_bureau, campaign, csv_file(row))
    assert [(error.row, error.column) for error in result.errors] == [(2, "活动名称")]


def test_a_damaged_xlsx_sheet_is_a_file_error(baoshan_reporter, baoshan_bureau, campaign):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook")
    upload = SimpleUploadedFile("damaged.xlsx", buffer.getvalue())
    result = do_import(baoshan_reporter, baoshan_bureau, campaign, upload)
    assert result.file_errors


def test_a_file_with_only_the_header_says_so(baoshan_reporter, baoshan_bureau, campaign):
    result = do_import(baoshan_reporter, baoshan_bureau, campaign, csv_file(",,,", header=HEADER))
    assert result.file_errors and not result.ok


def test_a_huge_figure_in_a_progress_report_is_refused(
    client, bureau_admin, huangpu_action, huangpu_bureau
):
    client.force_login(bureau_admin)
    response = client.post(
        f"/campaigns/actions/{huangpu_action.pk}/",
        {
            "unit": huangpu_bureau.pk,
            "status": "in_progress",
            "progress": 40,
            "text": "x",
            "figures": "参与企业: " + "9" * 400,
        },
    )
    assert 'id="id_figures-error"' in response.content.decode()
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("year", [0, 1999, 20000])
def test_a_campaign_year_out_of_range_is_refused(client, secretariat, year):
    client.force_login(secretariat)
    response = client.post("/campaigns/new/", {"year": year, "theme": "质量"})
    assert response.status_code == 200
    assert 'id="id_year-error"' in response.content.decode()
    assert not Campaign.objects.exists()


def test_clearing_the_dates_of_a_campaign_restores_september(client, secretariat, campaign):
    client.force_login(secretariat)
    response = client.post(
        "/campaigns/2020/edit/",
        {
            "year": 2020,
            "theme": "质量成就美好生活",
            "starts_on": "",
            "ends_on": "",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.starts_on == datetime.date(2020, 9, 1)


@pytest.mark.parametrize(
    ("field", "value"), [("title", ""), ("title", "长" * 301), ("place", "地" * 301)]
)
def test_the_api_names_a_bad_text_field(client, bureau_admin, campaign, field, value):
    payload = {
        "title": "开放日",
        "starts_on": "2020-09-10",
        "ends_on": "2020-09-10",
        "kind": "open_day",
    }
    payload[field] = value
    response = post_json(client, "/api/campaigns/2020/activities", payload, **bearer(bureau_admin))
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert not ActivityReport.objects.exists()


def test_copying_keeps_a_sub_action_numbered_before_its_parent(
    secretariat, campaign, category, enterprise
):
    parent = services.create_action(
        actor=secretariat,
        campaign=campaign,
        number="5",
        title="父",
        category=category,
        lead_unit=enterprise,
    )
    services.create_action(
        actor=secretariat,
        campaign=campaign,
        number="3.1",
        title="子",
        category=category,
        lead_unit=enterprise,
        parent=parent,
    )
    copy = services.copy_campaign(actor=secretariat, campaign=campaign, year=2021)
    assert copy.actions.get(number="3.1").parent == copy.actions.get(number="5")


def test_a_cancelled_sub_action_does_not_count_in_its_parents_progress(
    secretariat, campaign, category, enterprise, huangpu_action
):
    for number, progress, status in [("7.1", 100, "done"), ("7.2", 0, "cancelled")]:
        services.create_action(
            actor=secretariat,
            campaign=campaign,
            number=number,
            title=number,
            category=category,
            lead_unit=enterprise,
            parent=huangpu_action,
            progress=progress,
            status=status,
        )
    huangpu_action.refresh_from_db()
    assert (huangpu_action.progress, huangpu_action.status) == (100, "done")


def test_a_parent_action_takes_no_reports_of_its_own(
    secretariat, bureau_admin, huangpu_bureau, huangpu_action, campaign, category
):
    services.create_action(
        actor=secretariat,
        campaign=campaign,
        number="7.1",
        title="子",
        category=category,
        lead_unit=huangpu_bureau,
        parent=huangpu_action,
    )
    with pytest.raises(ValidationError):
        services.file_progress_report(
            actor=bureau_admin,
            action=huangpu_action,
            unit=huangpu_bureau,
            status="done",
            progress=100,
            text="x",
        )


def test_a_draft_campaign_sends_no_reminders(secretariat, campaign, huangpu_action, bureau_admin):
    bureau_admin.email = "admin@huangpu.example"
    bureau_admin.save()
    services.update_campaign(actor=secretariat, campaign=campaign, is_published=False)
    assert services.send_due_reminders(today=huangpu_action.due_on) == 0
