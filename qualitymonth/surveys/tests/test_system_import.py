"""An indicator system edited as XLSX: the export back in through the worker, checked whole,
stored whole, the same file not twice unless the user says so."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from qualitymonth.core.models import AuditEntry, ImportJob, ImportStatus
from qualitymonth.core.tasks import run_import
from qualitymonth.surveys.models import IndexResult, IndicatorSystem, Node, RunLevel
from qualitymonth.surveys.services.indices import compute_index, publish_run
from qualitymonth.surveys.services.system_file import LIMITS, MAX_ROWS
from qualitymonth.surveys.services.systems import XLSX_COLUMNS, set_ahp, system_xlsx


def exported(system) -> list[list]:
    """The rows of the system's XLSX download, heading first."""
    sheet = load_workbook(io.BytesIO(system_xlsx(system))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx_upload(rows: list[list], name="system.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def edit(rows: list[list], which: str, **values) -> list[list]:
    """The row whose code is `which`, with some columns changed."""
    for row in rows[1:]:
        if row[0] == which:
            for column, value in values.items():
                row[XLSX_COLUMNS.index(column)] = value
    return rows


def row_number(rows: list[list], code: str) -> int:
    return next(i for i, row in enumerate(rows, start=1) if row[0] == code)


def hierarchy(system) -> list[tuple]:
    system.refresh_from_db()
    codes = dict(system.nodes.values_list("pk", "code"))
    nodes = [
        (
            n.pk,
            n.code,
            codes.get(n.parent_id, ""),
            n.level,
            n.name,
            n.name_zh_hant,
            n.name_en,
            n.position,
            n.weight,
            n.weighting,
            n.ahp_matrix,
            n.direction,
            n.normalisation,
            n.scale_min,
            n.scale_max,
            n.target,
        )
        for n in system.nodes.order_by("code")
    ]
    return [(system.weighting, system.ahp_matrix), *nodes]


@pytest.fixture
def signed_in(client, secretariat, settings):
    """The secretariat, reading the pages in English."""
    client.force_login(secretariat)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(system) -> str:
    return f"/surveys/manage/systems/{system.pk}/import/"


def post(client, system, upload, mode="replace", **extra):
    """Upload; once queued, run the job as the worker would and return the job's page."""
    reply = client.post(url(system), {"file": upload, "mode": mode, **extra})
    if reply.status_code != 302:
        return reply
    run_import.call(ImportJob.objects.latest("pk").pk)
    return client.get(reply.url)


def status(reply) -> str:
    return reply.content.decode().split('data-status="', 1)[1].split('"', 1)[0]


def continue_url(reply) -> str:
    """Where the job page's "Continue" leads."""
    page = reply.content.decode()
    return page.rsplit('<p><a href="', 1)[1].split('"', 1)[0]


def test_an_unchanged_export_imports_to_the_identical_hierarchy(signed_in, system, secretariat):
    set_ahp(system=system, parent=None, matrix=[[1, 3], [1 / 3, 1]], actor=secretariat)
    i1 = Node.objects.get(system=system, code="I1")
    set_ahp(system=system, parent=i1, matrix=[[1, 2], [0.5, 1]], actor=secretariat)
    Node.objects.filter(code="C").update(normalisation="target", target=25.5, name_en="Facilities")
    before = hierarchy(system)
    rows = exported(system)
    reply = post(signed_in, system, xlsx_upload(rows))
    assert status(reply) == ImportStatus.DONE
    assert hierarchy(system) == before
    assert exported(system) == rows


def test_changed_weights_are_used_by_the_next_index(signed_in, answered, secretariat):
    system = answered.system
    first = compute_index(round_=answered, actor=secretariat)
    rows = edit(exported(system), "D1", weight=0.2)
    edit(rows, "D2", weight=0.8)
    post(signed_in, system, xlsx_upload(rows))
    second = compute_index(round_=answered, actor=secretariat)
    city = IndexResult.objects.get(run=second, level=RunLevel.CITY)
    assert second.weights["D1"] == 0.2 and second.weights["D2"] == 0.8
    assert city.score == pytest.approx(0.2 * city.parts["D1"] + 0.8 * city.parts["D2"])
    assert city.score != IndexResult.objects.get(run=first, level=RunLevel.CITY).score


def test_a_csv_file_is_imported_and_the_page_shows_the_new_weights(signed_in, system):
    rows = edit(exported(system), "A", weight=0.3)
    edit(rows, "B", weight=0.7)
    text = "\n".join(",".join("" if v is None else str(v) for v in row) for row in rows)
    upload = SimpleUploadedFile("system.csv", text.encode("utf-8"))
    reply = post(signed_in, system, upload)
    assert "version 1 has the file&#x27;s hierarchy" in reply.content.decode()
    assert continue_url(reply) == f"/surveys/manage/systems/{system.pk}/"
    page = signed_in.get(continue_url(reply)).content.decode()
    assert 'name="w-B" value="0.700000"' in page
    assert Node.objects.get(system=system, code="B").weight == Decimal("0.7")


def test_rows_added_and_left_out_change_the_hierarchy(signed_in, system):
    kept = Node.objects.get(system=system, code="A").pk
    rows = [row for row in exported(system) if row[0] != "B"]
    edit(rows, "A", weight=0.4)
    rows.append(["E", "I1", "item", "新增", 0.6, "manual", "higher", "goalposts", 0, 5, None])
    reply = post(signed_in, system, xlsx_upload(rows))
    assert status(reply) == ImportStatus.DONE
    codes = dict(Node.objects.filter(system=system).values_list("code", "parent__code"))
    assert codes == {
        "D1": None,
        "D2": None,
        "I1": "D1",
        "I2": "D2",
        "A": "I1",
        "C": "I2",
        "E": "I1",
    }
    assert Node.objects.get(system=system, code="A").pk == kept


def test_an_import_is_audited_once(signed_in, system):
    post(signed_in, system, xlsx_upload(edit(exported(system), "A", name="整洁度")))
    entry = AuditEntry.objects.get(action="surveys.system.import")
    assert entry.changes["changed"] == ["A"]


def test_an_ahp_group_whose_weights_change_is_weighted_by_hand_and_says_so(
    signed_in, system, secretariat
):
    set_ahp(system=system, parent=None, matrix=[[1, 3], [1 / 3, 1]], actor=secretariat)
    rows = edit(exported(system), "D1", weight=0.5)
    edit(rows, "D2", weight=0.5)
    reply = post(signed_in, system, xlsx_upload(rows))
    assert "pairwise comparisons do not fit" in reply.content.decode()
    system.refresh_from_db()
    assert (system.weighting, system.ahp_matrix) == ("manual", None)
    assert Node.objects.get(system=system, code="D1").weight == Decimal("0.5")


def test_missing_columns_are_named_and_nothing_is_stored(signed_in, system):
    before = hierarchy(system)
    rows = [[value for i, value in enumerate(row) if i not in (2, 4)] for row in exported(system)]
    reply = post(signed_in, system, xlsx_upload(rows))
    text = reply.content.decode()
    assert reply.status_code == 400
    assert "missing: level, weight" in text
    assert hierarchy(system) == before


def _set(which, **values):
    return lambda rows: edit(rows, which, **values)


BAD_ROWS = {
    "duplicate code": (_set("B", code="A"), "B", "code", "already used in row"),
    "unknown parent": (_set("I2", parent="D9"), "I2", "parent", "No row has the code D9"),
    "dimension with a parent": (_set("D2", parent="D1"), "D2", "parent", "has no parent"),
    "indicator under an item": (_set("I2", parent="A"), "I2", "level", "A is not one"),
    "item under an item": (_set("C", parent="A"), "C", "level", "A is an item"),
    "unknown level": (_set("C", level="section"), "C", "level", "dimension, indicator, item"),
    "unknown direction": (_set("A", direction="up"), "A", "direction", "higher, lower"),
    "unknown normalisation": (
        _set("A", normalisation="rank"),
        "A",
        "normalisation",
        "goalposts, minmax, zscore, target",
    ),
    "unknown weighting": (_set("I1", weighting="vote"), "I1", "weighting", "manual, equal, ahp"),
    "weight not a number": (_set("A", weight="heavy"), "A", "weight", "Enter a number"),
    "weight above one": (_set("C", weight=1.5), "C", "weight", "between 0 and 1"),
    "weights not summing to one": (
        _set("B", weight=0.6),
        "A",
        "weight",
        "The weights under I1 sum to 1.1",
    ),
    "dimension weights not summing to one": (
        _set("D2", weight=0.5),
        "D1",
        "weight",
        "The weights under the dimensions sum to 1.1",
    ),
    "scale upside down": (
        _set("A", scale_min=10, scale_max=0),
        "A",
        "scale_max",
        "above the lowest",
    ),
    "target missing": (_set("C", normalisation="target"), "C", "target", "Give the target"),
}


@pytest.mark.parametrize("case", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_bad_row_is_named_and_nothing_is_stored(signed_in, system, case):
    change, code, column, message = case
    before = hierarchy(system)
    rows = exported(system)
    number = row_number(rows, code)
    reply = post(signed_in, system, xlsx_upload(change(rows)))
    text = reply.content.decode()
    assert status(reply) == ImportStatus.FAILED and "Nothing was imported." in text
    assert f'<tr data-testid="row-error"><td>{number}</td><td>{column}</td><td>' in text
    assert message in text
    assert hierarchy(system) == before
    assert not AuditEntry.objects.filter(action="surveys.system.import").exists()


def test_an_item_that_questions_score_cannot_be_left_out(signed_in, survey_round):
    system = survey_round.system
    before = hierarchy(system)
    rows = [row for row in exported(system) if row[0] not in ("C", "I2", "D2")]
    edit(rows, "D1", weight=1)
    reply = post(signed_in, system, xlsx_upload(rows))
    text = reply.content.decode()
    assert status(reply) == ImportStatus.FAILED
    assert "score the item C, which the file leaves out" in text
    assert hierarchy(system) == before


def test_a_file_with_too_many_rows_is_refused(signed_in, system):
    before = hierarchy(system)
    lines = [",".join(XLSX_COLUMNS)]
    lines += [f"X{i},,dimension,维度,0" for i in range(MAX_ROWS + 1)]
    upload = SimpleUploadedFile("big.csv", "\n".join(lines).encode())
    reply = post(signed_in, system, upload)
    assert reply.status_code == 400
    assert f"more than {MAX_ROWS} rows; split it" in reply.content.decode()
    assert hierarchy(system) == before and not ImportJob.objects.exists()


def test_a_file_too_large_is_refused(signed_in, system):
    before = hierarchy(system)
    upload = SimpleUploadedFile("big.csv", b"code" + b" " * LIMITS.bytes)
    reply = post(signed_in, system, upload)
    assert reply.status_code == 400
    assert "larger than 2 MB" in reply.content.decode()
    assert hierarchy(system) == before and not ImportJob.objects.exists()


def test_a_frozen_system_is_not_replaced(signed_in, answered, secretariat):
    publish_run(run=compute_index(round_=answered, actor=secretariat), actor=secretariat)
    system = answered.system
    before = hierarchy(system)
    reply = post(signed_in, system, xlsx_upload(edit(exported(system), "A", name="新名称")))
    assert reply.status_code == 400
    assert "make a new version to change it" in reply.content.decode()
    assert hierarchy(system) == before


def test_a_file_can_become_the_next_version(signed_in, answered, secretariat):
    publish_run(run=compute_index(round_=answered, actor=secretariat), actor=secretariat)
    system = answered.system
    before = hierarchy(system)
    rows = edit(exported(system), "D1", weight=0.3)
    edit(rows, "D2", weight=0.7)
    reply = post(signed_in, system, xlsx_upload(rows), mode="new_version")
    copy = IndicatorSystem.objects.get(evaluation=system.evaluation, version=2)
    assert status(reply) == ImportStatus.DONE
    assert continue_url(reply) == f"/surveys/manage/systems/{copy.pk}/"
    assert copy.nodes.get(code="D1").weight == Decimal("0.3")
    assert copy.frozen_at is None and copy.nodes.count() == 7
    assert hierarchy(system) == before


def test_only_the_secretariat_imports(client, system, inspector):
    before = hierarchy(system)
    client.force_login(inspector)
    assert client.get(f"/surveys/manage/systems/{system.pk}/import/").status_code == 403
    rows = edit(exported(system), "A", name="新名称")
    assert post(client, system, xlsx_upload(rows)).status_code == 403
    assert hierarchy(system) == before and not ImportJob.objects.exists()


def test_the_job_page_of_a_system_import_is_not_there_for_an_inspector(
    signed_in, system, inspector
):
    reply = signed_in.post(url(system), {"file": xlsx_upload(exported(system)), "mode": "replace"})
    signed_in.force_login(inspector)
    assert signed_in.get(reply.url).status_code == 404


def test_the_import_runs_in_the_worker_and_its_page_shows_progress_then_the_result(
    signed_in, system
):
    rows = edit(exported(system), "D1", weight=0.3)
    edit(rows, "D2", weight=0.7)
    reply = signed_in.post(url(system), {"file": xlsx_upload(rows), "mode": "replace"})
    job = ImportJob.objects.get()
    assert reply.status_code == 302 and reply.url == f"/imports/{job.pk}/"
    # The request only checked the file's limits and heading: nothing changed yet.
    assert Node.objects.get(system=system, code="D1").weight == Decimal("0.6")
    waiting = signed_in.get(reply.url).content.decode()
    assert 'data-status="queued"' in waiting and 'hx-trigger="every 2s"' in waiting
    assert "0 of 7 rows checked" in waiting and "Import the indicator system" in waiting

    run_import.call(job.pk)

    page = signed_in.get(reply.url).content.decode()
    assert 'data-status="done"' in page and 'hx-trigger="every 2s"' not in page
    assert "7 of 7 rows checked" in page and "7 rows were imported." in page
    assert Node.objects.get(system=system, code="D1").weight == Decimal("0.3")
    job.refresh_from_db()
    assert not job.upload  # only the checksum is kept


def test_the_same_file_again_is_refused_unless_the_user_confirms(signed_in, system):
    data = xlsx_upload(edit(exported(system), "A", name="整洁度")).read()

    def same_file():
        return SimpleUploadedFile("system.xlsx", data)

    first = post(signed_in, system, same_file())
    assert status(first) == ImportStatus.DONE
    # Someone renames A by hand afterwards; the old file would quietly put the name back.
    Node.objects.filter(system=system, code="A").update(name="环境整洁")

    again = post(signed_in, system, same_file())
    text = again.content.decode()
    assert again.status_code == 400
    assert "This very file was already imported on" in text and "secretariat" in text
    assert f'href="/imports/{ImportJob.objects.get().pk}/"' in text
    assert 'data-testid="import-again"' in text
    assert Node.objects.get(system=system, code="A").name == "环境整洁"

    confirmed = post(signed_in, system, same_file(), import_again="on")
    assert status(confirmed) == ImportStatus.DONE
    assert Node.objects.get(system=system, code="A").name == "整洁度"
    assert AuditEntry.objects.filter(action="surveys.system.import").count() == 2


def test_row_errors_are_in_the_uploaders_language(client, system, secretariat):
    client.force_login(secretariat)  # the platform's language: Simplified Chinese
    rows = exported(system)
    page = post(client, system, xlsx_upload(edit(rows, "A", weight="heavy")))
    text = page.content.decode()
    assert status(page) == ImportStatus.FAILED and "未导入" in text
    number = row_number(rows, "A")
    assert f'<tr data-testid="row-error"><td>{number}</td><td>weight</td><td>请输入数字。' in text


def test_the_system_page_leads_to_the_import_form(signed_in, system):
    page = signed_in.get(f"/surveys/manage/systems/{system.pk}/").content.decode()
    assert f'href="/surveys/manage/systems/{system.pk}/import/"' in page
    form = signed_in.get(f"/surveys/manage/systems/{system.pk}/import/").content.decode()
    assert 'value="replace"' in form and "Make a new version from the file" in form
