"""The activity upload runs in the worker: progress, the result page, repeats and permissions."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from conftest import make_person
from qualitymonth.campaigns.models import ActivityReport
from qualitymonth.campaigns.tests.test_imports import GOOD, csv_file
from qualitymonth.core.models import ImportJob, ImportStatus
from qualitymonth.core.tasks import run_import
from qualitymonth.organizations.models import Position, Role

URL = "/campaigns/2020/import/"


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def many_rows(count: int) -> SimpleUploadedFile:
    rows = [
        f"活动{n},2020-09-05,2020-09-05,宝山,区局,质量宣传,开放日,,{n % 90},0" for n in range(count)
    ]
    return csv_file(*rows, name="many.csv")


# The worker opens and closes its own connections, as it does in production.
@pytest.mark.django_db(transaction=True)
def test_a_5000_row_file_is_imported_by_the_worker_with_progress_to_the_end(
    client, baoshan_reporter, baoshan_bureau, campaign
):
    client.force_login(baoshan_reporter)
    response = client.post(URL, {"unit": baoshan_bureau.pk, "file": many_rows(5000)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == f"/imports/{job.pk}/"
    # The request only checked and queued the file: nothing imported yet.
    assert job.status == ImportStatus.QUEUED and job.rows_total == 5000
    assert not ActivityReport.objects.exists()
    waiting = client.get(response.url).content.decode()
    assert 'hx-trigger="every 2s"' in waiting and "已检查 0 / 5000 行" in waiting

    run_worker()

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert (job.rows_done, job.rows_total) == (5000, 5000)
    assert ActivityReport.objects.filter(unit=baoshan_bureau).count() == 5000
    page = client.get(response.url).content.decode()
    assert "已检查 5000 / 5000 行" in page and "已导入 5000 行。" in page
    assert 'hx-trigger="every 2s"' not in page  # the page stops polling
    assert not job.upload  # the file is not kept, only its checksum


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_after_commit_leaves_a_done_job_and_the_reupload_is_refused(
    client, baoshan_reporter, baoshan_bureau, campaign
):
    client.force_login(baoshan_reporter)
    client.post(URL, {"unit": baoshan_bureau.pk, "file": csv_file(*GOOD)})
    job = ImportJob.objects.get()
    # The worker commits the rows and the job's status together …
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and ActivityReport.objects.count() == 3
    # … so when it dies right after, a rerun of the same task changes nothing.
    run_import.call(job.pk)
    assert ActivityReport.objects.count() == 3

    # The user never saw the result and uploads the same bytes again: refused, saying when, who.
    again = client.post(URL, {"unit": baoshan_bureau.pk, "file": csv_file(*GOOD)})
    text = again.content.decode()
    assert again.status_code == 400
    assert "这个文件已于" in text and "baoshan-reporter" in text
    assert f'href="/imports/{job.pk}/"' in text
    assert ImportJob.objects.count() == 1 and ActivityReport.objects.count() == 3

    # Ticking "Import it again" (and saying to import the rows already there) imports them again.
    confirmed = client.post(
        URL,
        {
            "unit": baoshan_bureau.pk,
            "file": csv_file(*GOOD),
            "import_again": "on",
            "already_imported": "again",
        },
    )
    assert confirmed.status_code == 302
    run_worker()
    assert ImportJob.objects.filter(status=ImportStatus.DONE).count() == 2
    assert ActivityReport.objects.count() == 6


def test_a_file_still_being_imported_is_refused_too(
    client, baoshan_reporter, baoshan_bureau, campaign
):
    client.force_login(baoshan_reporter)
    client.post(URL, {"unit": baoshan_bureau.pk, "file": csv_file(*GOOD)})
    page = client.post(URL, {"unit": baoshan_bureau.pk, "file": csv_file(*GOOD)})
    assert "这个文件自" in page.content.decode() and "正在导入" in page.content.decode()
    assert ImportJob.objects.count() == 1


def test_the_same_file_for_another_unit_is_not_a_repeat(
    client, secretariat, baoshan_bureau, huangpu_bureau, campaign
):
    person = make_person("two-units", unit=baoshan_bureau, role=Role.REPORTER)
    Position.objects.create(user=person, unit=huangpu_bureau, role=Role.REPORTER)
    client.force_login(person)
    for unit in (baoshan_bureau, huangpu_bureau):
        response = client.post(URL, {"unit": unit.pk, "file": csv_file(*GOOD)})
        assert response.status_code == 302
    assert ImportJob.objects.count() == 2


def test_another_units_job_page_is_not_found(
    client, baoshan_reporter, baoshan_bureau, huangpu_bureau, campaign
):
    client.force_login(baoshan_reporter)
    client.post(URL, {"unit": baoshan_bureau.pk, "file": csv_file(*GOOD)})
    job = ImportJob.objects.get()
    assert "排队中" in client.get(f"/imports/{job.pk}/").content.decode()
    outsider = make_person("huangpu-reporter", unit=huangpu_bureau, role=Role.REPORTER)
    client.force_login(outsider)
    assert client.get(f"/imports/{job.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/imports/{job.pk}/").status_code == 302  # to the sign-in page


def test_row_errors_are_shown_on_the_job_page_naming_row_and_column(
    client, baoshan_reporter, baoshan_bureau, campaign
):
    client.force_login(baoshan_reporter)
    bad = "负人数,2020-09-05,2020-09-05,宝山,区局,质量宣传,开放日,,-10,0"
    response = client.post(URL, {"unit": baoshan_bureau.pk, "file": csv_file(GOOD[0], bad)})
    run_import.call(ImportJob.objects.get().pk)
    page = client.get(response.url).content.decode()
    assert "<td>3</td><td>现场参与人数</td><td>数据不能为负数。</td>" in page
    assert 'data-status="failed"' in page and "未导入" in page
    assert not ActivityReport.objects.exists()


def test_a_file_over_the_row_limit_is_refused_by_the_upload_page(
    client, baoshan_reporter, baoshan_bureau, campaign
):
    client.force_login(baoshan_reporter)
    response = client.post(URL, {"unit": baoshan_bureau.pk, "file": many_rows(5001)})
    assert response.status_code == 400
    assert "文件超过 5000 行，请拆分后上传。" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_without_the_columns_is_refused_by_the_upload_page(
    client, baoshan_reporter, baoshan_bureau, campaign
):
    client.force_login(baoshan_reporter)
    upload = csv_file("质量开放日,宝山", header="活动名称,地点")
    response = client.post(URL, {"unit": baoshan_bureau.pk, "file": upload})
    assert response.status_code == 400 and "开始日期" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_zip_bomb_is_refused_by_the_upload_page(
    client, baoshan_reporter, baoshan_bureau, campaign
):
    output = io.BytesIO()
    with (
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(150):
            member.write(b"\0" * (1024 * 1024))
    client.force_login(baoshan_reporter)
    upload = SimpleUploadedFile("bomb.xlsx", output.getvalue())
    response = client.post(URL, {"unit": baoshan_bureau.pk, "file": upload})
    assert response.status_code == 400
    assert "表格解压后超过 100 MB，无法读取。" in response.content.decode()
    assert not ImportJob.objects.exists()
