"""The secretariat's side: runs are reproducible, published, exported; bad input is named."""

import io
import uuid
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from qualitymonth.core.models import AuditEntry, ImportJob
from qualitymonth.core.tasks import run_import
from qualitymonth.surveys.models import (
    Evaluation,
    ExportJob,
    IndexResult,
    IndexRun,
    Instrument,
    Node,
    RunLevel,
    Site,
)
from qualitymonth.surveys.services.indices import compute_index, publish_run
from qualitymonth.surveys.tests.conftest import answer, xlsform_upload
from tests.answers import assert_not_allowed, assert_not_found


def test_the_same_inputs_give_the_same_run(answered, secretariat):
    first = compute_index(round_=answered, actor=secretariat)
    again = compute_index(round_=answered, actor=secretariat)
    assert again.pk == first.pk
    assert IndexRun.objects.count() == 1


def test_a_new_answer_makes_a_new_run_and_the_old_numbers_stay(answered, secretariat, sites):
    first = compute_index(round_=answered, actor=secretariat)
    before = list(IndexResult.objects.filter(run=first).values_list("key", "score").order_by("key"))
    answer(answered, sites["s3"], a=0, b=5, c=30)
    second = compute_index(round_=answered, actor=secretariat)
    assert second.pk != first.pk
    assert second.fingerprint != first.fingerprint
    after = list(IndexResult.objects.filter(run=first).values_list("key", "score").order_by("key"))
    assert after == before


def test_the_district_ranking_updates_after_recomputing(client, answered, secretariat, sites):
    publish_run(run=compute_index(round_=answered, actor=secretariat), actor=secretariat)
    page = client.get(f"/surveys/rounds/{answered.pk}/results/").content.decode()
    assert page.index("乙区") < page.index("甲区")
    for _ in range(6):
        answer(answered, sites["s3"], a=0, b=5, c=10)
    publish_run(run=compute_index(round_=answered, actor=secretariat), actor=secretariat)
    page = client.get(f"/surveys/rounds/{answered.pk}/results/").content.decode()
    assert page.index("甲区") < page.index("乙区")


def test_unpublished_results_are_not_public(client, answered, secretariat):
    compute_index(round_=answered, actor=secretariat)
    assert_not_found(client.get(f"/surveys/rounds/{answered.pk}/results/"), "甲区")


def test_publishing_freezes_the_indicator_system(client, answered, secretariat):
    publish_run(run=compute_index(round_=answered, actor=secretariat), actor=secretariat)
    client.force_login(secretariat)
    reply = client.post(
        f"/surveys/manage/systems/{answered.system_id}/",
        {"group": "_", "w-D1": "0.5", "w-D2": "0.5"},
    )
    assert reply.status_code == 400
    assert Node.objects.get(system=answered.system, code="D1").weight == Decimal("0.6")


def test_drill_down_shows_a_districts_sites(client, answered, secretariat, districts):
    publish_run(run=compute_index(round_=answered, actor=secretariat), actor=secretariat)
    page = client.get(
        f"/surveys/rounds/{answered.pk}/results/{districts['x'].pk}/"
    ).content.decode()
    assert "点位S1" in page and "点位S2" in page and "点位S3" not in page
    assert "44.50" in page


def test_weights_that_do_not_sum_to_one_are_refused(client, system, secretariat):
    client.force_login(secretariat)
    reply = client.post(
        f"/surveys/manage/systems/{system.pk}/", {"group": "_", "w-D1": "0.6", "w-D2": "0.6"}
    )
    assert reply.status_code == 400
    assert "1.2" in reply.content.decode()
    assert Node.objects.get(system=system, code="D2").weight == Decimal("0.4")


def test_ahp_weights_show_the_consistency_ratio(client, system, secretariat):
    client.force_login(secretariat)
    reply = client.post(
        f"/surveys/manage/systems/{system.pk}/",
        {"group": "_", "action": "ahp", "matrix": "[[1, 3], [0.3333333, 1]]"},
        follow=True,
    )
    assert 'data-testid="ahp-cr"' in reply.content.decode()
    assert float(Node.objects.get(system=system, code="D1").weight) == 0.75
    assert AuditEntry.objects.filter(action="surveys.system.ahp").exists()


def test_an_xlsform_error_names_sheet_row_and_message(client, evaluation, secretariat):
    client.force_login(secretariat)
    bad = xlsform_upload(survey=[["select_one missing", "q1", "问题", "", "", "", "", ""]])
    reply = client.post(
        f"/surveys/manage/e/{evaluation.key}/instruments/new/",
        {"title": "坏表", "kind": "checklist", "file": bad},
    )
    text = reply.content.decode()
    assert reply.status_code == 400
    assert "survey" in text and "2" in text and "missing" in text
    assert not Instrument.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(client, evaluation, secretariat):
    client.force_login(secretariat)
    upload = SimpleUploadedFile("form.xlsx", b"not a spreadsheet")
    reply = client.post(
        f"/surveys/manage/e/{evaluation.key}/instruments/new/",
        {"title": "表", "kind": "checklist", "file": upload},
    )
    assert reply.status_code == 400
    assert not Instrument.objects.exists()


def frame_file(rows) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(["code", "name", "district", "industry"])
    for row in rows:
        book.active.append(row)
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile("sites.xlsx", output.getvalue())


def test_a_frame_with_a_bad_row_imports_nothing_and_names_the_row(
    client, evaluation, districts, secretariat
):
    client.force_login(secretariat)
    upload = frame_file([["P1", "点位一", "甲区", ""], ["P2", "点位二", "丙区", ""]])
    reply = client.post(f"/surveys/manage/e/{evaluation.key}/sites/", {"file": upload})
    run_import.call(ImportJob.objects.get().pk)
    text = client.get(reply.url).content.decode()
    assert "<td>3</td><td>district</td>" in text and "丙区" in text
    assert not Site.objects.exists()


def test_the_good_rows_of_a_frame_are_imported_when_asked(
    client, evaluation, districts, secretariat
):
    client.force_login(secretariat)
    upload = frame_file([["P1", "点位一", "甲区", ""], ["P2", "点位二", "丙区", ""]])
    client.post(
        f"/surveys/manage/e/{evaluation.key}/sites/", {"file": upload, "good_rows_only": "on"}
    )
    run_import.call(ImportJob.objects.get().pk)
    assert list(Site.objects.values_list("code", flat=True)) == ["P1"]


def test_raw_answers_are_private_to_the_secretariat(client, answered, inspector, enterprise_admin):
    for person in (inspector, enterprise_admin):
        client.force_login(person)
        assert_not_allowed(client.get(f"/surveys/manage/rounds/{answered.pk}/responses.csv"))
        assert_not_allowed(client.get(f"/surveys/manage/rounds/{answered.pk}/responses/"))


def test_the_csv_export_has_one_row_per_response(client, answered, secretariat):
    client.force_login(secretariat)
    reply = client.get(f"/surveys/manage/rounds/{answered.pk}/responses.csv")
    lines = b"".join(reply.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].endswith("a,b,c,issue,issue_note")
    assert len(lines) == 5
    assert lines[1].split(",")[12:15] == ["8", "2", "10"]


def test_an_xlsx_export_runs_in_the_background_and_can_be_downloaded(
    client, answered, secretariat, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/surveys/manage/rounds/{answered.pk}/exports/", {"format": "xlsx"})
    job = ExportJob.objects.get()
    assert job.finished_at is not None and job.percent == 100
    from openpyxl import load_workbook

    reply = client.get(f"/surveys/manage/rounds/{answered.pk}/exports/{job.pk}/")
    book = load_workbook(io.BytesIO(b"".join(reply.streaming_content)))
    assert book.active.max_row == 5


def test_an_spss_export_keeps_the_question_labels(
    client, answered, secretariat, django_capture_on_commit_callbacks, settings, tmp_path
):
    import pyreadstat

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/surveys/manage/rounds/{answered.pk}/exports/", {"format": "sav"})
    job = ExportJob.objects.get()
    path = tmp_path / "r.sav"
    path.write_bytes(job.file.read())
    frame, meta = pyreadstat.read_sav(str(path), output_format="dict")
    assert meta.column_names_to_labels["a"] == "整洁程度"
    assert sorted(frame["a"]) == [4.0, 6.0, 8.0, 10.0]


def test_the_white_paper_chapter_is_a_word_document_with_the_ranking(client, answered, secretariat):
    from docx import Document

    publish_run(run=compute_index(round_=answered, actor=secretariat), actor=secretariat)
    client.force_login(secretariat)
    reply = client.get(f"/surveys/manage/rounds/{answered.pk}/chapter.docx")
    document = Document(io.BytesIO(reply.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "乙区" in cells and "44.50" in cells
    assert document.inline_shapes  # the ranking chart


def test_the_white_paper_chapter_pdf_has_the_ranking(client, answered, secretariat):
    from pypdf import PdfReader

    publish_run(run=compute_index(round_=answered, actor=secretariat), actor=secretariat)
    client.force_login(secretariat)
    reply = client.get(f"/surveys/manage/rounds/{answered.pk}/chapter.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(reply.content)).pages)
    assert "甲区" in text and "44.50" in text


def test_setting_a_response_aside_is_audited_and_changes_the_next_run(
    client, answered, secretariat
):
    first = compute_index(round_=answered, actor=secretariat)
    response = answered.responses.filter(site__code="S3").get()
    client.force_login(secretariat)
    client.post(
        f"/surveys/manage/rounds/{answered.pk}/responses/{response.pk}/", {"reason": "重复录入"}
    )
    assert AuditEntry.objects.filter(action="surveys.response.void").exists()
    second = compute_index(round_=answered, actor=secretariat)
    assert second.pk != first.pk
    assert not IndexResult.objects.filter(run=second, level=RunLevel.DISTRICT, name="乙区").exists()
    assert uuid.UUID(str(response.client_id))
    assert Evaluation.objects.count() == 1


def test_computing_a_round_without_answers_says_so_and_stores_no_run(
    client, secretariat, survey_round
):
    client.force_login(secretariat)
    reply = client.post(f"/surveys/manage/rounds/{survey_round.pk}/compute/", follow=True)
    assert reply.status_code == 200
    assert "还没有可计算的答卷" in reply.content.decode()
    assert not survey_round.runs.exists()
