import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qualitymonth.campaigns import services
from qualitymonth.campaigns.models import ActivityReport
from qualitymonth.core.models import ImportJob
from qualitymonth.core.tasks import run_import

HEADER = "活动名称,开始日期,结束日期,地点,主办单位,类别,形式,计划编号,现场参与人数,线上观看人数"


def csv_file(*rows, header=HEADER, name="activities.csv") -> SimpleUploadedFile:
    text = "\n".join([header, *rows]) + "\n"
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


GOOD = [
    "质量开放日,2020-09-05,2020-09-05,宝山,区市场监管局,质量宣传,开放日,,120,0",
    "QC成果发布,2020/9/12,2020/9/12,宝山,区总工会,质量提升,论坛,,80,500",
    "质量知识竞赛,2020年9月20日,2020年9月21日,线上,团区委,群众性质量活动,竞赛,,0,3000",
]


def upload_and_run(client, data) -> str:
    """Post the upload page, run the queued job as the worker would, return the job's page."""
    response = client.post("/campaigns/2020/import/", data)
    assert response.status_code == 302, response.content.decode()
    run_import.call(ImportJob.objects.latest("pk").pk)
    return client.get(response.url).content.decode()


def do_import(user, unit, campaign, upload, **options):
    return services.import_activities(
        actor=user, campaign=campaign, unit=unit, upload=upload, **options
    )


def test_a_clean_file_imports_every_row(baoshan_reporter, baoshan_bureau, campaign):
    result = do_import(baoshan_reporter, baoshan_bureau, campaign, csv_file(*GOOD))
    assert result.ok and result.rows == 3
    titles = list(ActivityReport.objects.order_by("starts_on").values_list("title", "kind"))
    assert titles == [
        ("质量开放日", "open_day"),
        ("QC成果发布", "forum"),
        ("质量知识竞赛", "contest"),
    ]


def test_errors_name_their_rows_and_nothing_is_imported(baoshan_reporter, baoshan_bureau, campaign):
    rows = [
        GOOD[0],
        "坏日期,2020-13-01,2020-09-05,宝山,区局,质量宣传,开放日,,10,0",
        GOOD[1],
        "负人数,2020-09-05,2020-09-05,宝山,区局,质量宣传,开放日,,-10,0",
        "越界,2020-10-05,2020-10-05,宝山,区局,质量宣传,舞会,,1,0",
    ]
    result = do_import(baoshan_reporter, baoshan_bureau, campaign, csv_file(*rows))
    assert not result.ok
    assert sorted({error.row for error in result.errors}) == [3, 5, 6]
    messages = [str(error) for error in result.errors]
    assert "第5行，现场参与人数：数据不能为负数。" in messages
    assert any(m.startswith("第6行，形式：") and "舞会" in m for m in messages)
    assert any(m.startswith("第3行，开始日期：") and "2020-13-01" in m for m in messages)
    assert not ActivityReport.objects.exists()


def test_the_good_rows_are_imported_when_the_user_asks(baoshan_reporter, baoshan_bureau, campaign):
    rows = [GOOD[0], "负人数,2020-09-05,2020-09-05,宝山,区局,质量宣传,开放日,,-10,0", GOOD[1]]
    result = do_import(
        baoshan_reporter, baoshan_bureau, campaign, csv_file(*rows), good_rows_only=True
    )
    assert [error.row for error in result.errors] == [3]
    assert len(result.created) == 2
    assert ActivityReport.objects.count() == 2


def test_a_file_without_the_required_columns_is_refused(baoshan_reporter, baoshan_bureau, campaign):
    upload = csv_file("质量开放日,宝山", header="活动名称,地点")
    result = do_import(baoshan_reporter, baoshan_bureau, campaign, upload)
    assert "开始日期" in result.file_errors[0] and "形式" in result.file_errors[0]
    assert not ActivityReport.objects.exists()


def test_an_unreadable_spreadsheet_gets_a_message(baoshan_reporter, baoshan_bureau, campaign):
    upload = SimpleUploadedFile("broken.xlsx", b"PK\x03\x04 not really a zip")
    result = do_import(baoshan_reporter, baoshan_bureau, campaign, upload)
    assert result.file_errors
    assert not ActivityReport.objects.exists()


def test_the_xlsx_template_filled_in_imports(client, baoshan_reporter, baoshan_bureau, campaign):
    client.force_login(baoshan_reporter)
    template = client.get("/campaigns/2020/import/template.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book.worksheets[0]
    sheet.append(["质量讲堂", "2020-09-18", "2020-09-18", "宝山", "区局", "质量宣传", "讲座"])
    output = io.BytesIO()
    book.save(output)
    upload = SimpleUploadedFile("filled.xlsx", output.getvalue())
    page = upload_and_run(client, {"unit": baoshan_bureau.pk, "file": upload})
    assert 'data-status="done"' in page
    # The template's example row and the added one.
    assert sorted(ActivityReport.objects.values_list("kind", flat=True)) == ["lecture", "open_day"]


@pytest.mark.parametrize("good_rows_only", [False, True])
def test_the_upload_page_lists_every_bad_row(
    client, baoshan_reporter, baoshan_bureau, campaign, good_rows_only
):
    client.force_login(baoshan_reporter)
    rows = [GOOD[0], "负人数,2020-09-05,2020-09-05,宝山,区局,质量宣传,开放日,,-10,0"]
    data = {"unit": baoshan_bureau.pk, "file": csv_file(*rows)}
    if good_rows_only:
        data["good_rows_only"] = "on"
    page = upload_and_run(client, data)
    assert '<tr data-testid="row-error"><td>3</td><td>现场参与人数</td>' in page
    assert ActivityReport.objects.count() == (1 if good_rows_only else 0)


def test_a_corrected_file_sent_again_lists_the_rows_already_imported_and_imports_nothing(
    client, baoshan_reporter, baoshan_bureau, campaign
):
    bad = "负人数,2020-09-05,2020-09-05,宝山,区局,质量宣传,开放日,,-10,0"
    first = do_import(
        baoshan_reporter, baoshan_bureau, campaign, csv_file(GOOD[0], bad), good_rows_only=True
    )
    assert len(first.created) == 1
    client.force_login(baoshan_reporter)
    corrected = csv_file(GOOD[0], bad.replace("-10", "10"))
    page = upload_and_run(client, {"unit": baoshan_bureau.pk, "file": corrected})
    notices = " ".join(page.split('data-testid="import-notice">')[1:])
    assert "第2行：“质量开放日”" in notices and "已经导入" in notices
    assert "第3行" not in notices
    assert ActivityReport.objects.count() == 1


def test_rows_already_imported_are_skipped_when_the_user_says_so(
    baoshan_reporter, baoshan_bureau, campaign
):
    do_import(baoshan_reporter, baoshan_bureau, campaign, csv_file(GOOD[0]))
    result = do_import(
        baoshan_reporter, baoshan_bureau, campaign, csv_file(*GOOD), duplicates="skip"
    )
    assert [duplicate.row for duplicate in result.duplicates] == [2]
    assert sorted(a.title for a in result.created) == ["QC成果发布", "质量知识竞赛"]
    assert ActivityReport.objects.filter(title="质量开放日").count() == 1


def test_rows_already_imported_are_imported_again_only_when_confirmed(
    client, baoshan_reporter, baoshan_bureau, campaign
):
    do_import(baoshan_reporter, baoshan_bureau, campaign, csv_file(GOOD[0]))
    client.force_login(baoshan_reporter)
    upload_and_run(
        client,
        {"unit": baoshan_bureau.pk, "file": csv_file(GOOD[0]), "already_imported": "again"},
    )
    assert ActivityReport.objects.filter(title="质量开放日").count() == 2


def test_the_same_file_sent_twice_is_refused_naming_when_and_by_whom(
    client, baoshan_reporter, baoshan_bureau, campaign
):
    client.force_login(baoshan_reporter)
    data = {"unit": baoshan_bureau.pk}
    upload_and_run(client, {**data, "file": csv_file(*GOOD)})
    page = client.post("/campaigns/2020/import/", {**data, "file": csv_file(*GOOD)})
    text = page.content.decode()
    assert 'data-testid="same-file"' in text and "这个文件已于" in text
    assert baoshan_reporter.get_username() in text or baoshan_reporter.get_full_name() in text
    assert 'name="import_again"' in text
    assert ImportJob.objects.count() == 1 and ActivityReport.objects.count() == 3


def test_another_units_report_with_the_same_title_is_not_a_duplicate(
    baoshan_reporter, baoshan_bureau, campaign, huangpu_bureau, secretariat
):
    do_import(secretariat, huangpu_bureau, campaign, csv_file(GOOD[0]))
    result = do_import(baoshan_reporter, baoshan_bureau, campaign, csv_file(GOOD[0]))
    assert result.ok and not result.duplicates and len(result.created) == 1


def test_the_good_rows_checkbox_sits_inside_its_label_before_its_help(
    client, baoshan_reporter, campaign
):
    client.force_login(baoshan_reporter)
    page = client.get("/campaigns/2020/import/").content.decode()
    label = page.index('<label for="id_good_rows_only"')
    box = page.index('id="id_good_rows_only"')
    label_end = page.index("</label>", label)
    help_text = page.index('id="id_good_rows_only-help"')
    assert label < box < label_end < help_text
    assert 'aria-describedby="id_good_rows_only-help"' in page
