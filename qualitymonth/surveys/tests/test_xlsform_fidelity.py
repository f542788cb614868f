"""XLSForms as the ODK/Kobo specification (and pyxform) reads them: each feature the web form
supports works from upload to stored answer; each it does not is refused at upload with its
sheet and row, all at once."""

import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from qualitymonth.surveys.models import Answer, InstrumentKind, Response
from qualitymonth.surveys.services.instruments import create_instrument
from qualitymonth.surveys.tests.conftest import collecting_round

HEADER = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "required_message",
    "relevant",
    "constraint",
    "constraint_message",
    "calculation",
    "choice_filter",
]


def form(survey: list[list], choices: list[list] = (), choice_header=None) -> SimpleUploadedFile:
    """An XLSForm workbook; survey rows are written from row 2 (row 1 is the header)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(HEADER)
    for row in survey:
        sheet.append(row)
    choice_sheet = book.create_sheet("choices")
    choice_sheet.append(choice_header or ["list_name", "name", "label", "district"])
    for row in choices:
        choice_sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return SimpleUploadedFile("form.xlsx", output.getvalue())


def row(kind, name, label="", **columns) -> list:
    values = {"type": kind, "name": name, "label": label, **columns}
    return [values.get(column, "") for column in HEADER]


def upload(evaluation, secretariat, survey, choices=()):
    return create_instrument(
        evaluation=evaluation,
        kind=InstrumentKind.CHECKLIST,
        title="检查表",
        upload=form(survey, choices),
        actor=secretariat,
    )


def refusals(evaluation, secretariat, survey, choices=()) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        upload(evaluation, secretariat, survey, choices)
    return raised.value.message_dict["file"]


@pytest.fixture
def make_round(evaluation, system, secretariat, inspector, sites):
    def make(survey, choices=()):
        return collecting_round(
            system, upload(evaluation, secretariat, survey, choices), inspectors=[inspector]
        )

    return make


def send(client, round_, **answers):
    site = round_.evaluation.sites.order_by("code").first()
    data = {"client_id": str(uuid.uuid4()), "site": site.pk, **answers}
    return client.post(f"/surveys/rounds/{round_.pk}/collect/", data)


def stored(name) -> str:
    return Answer.objects.get(question__name=name).text


STREETS = [
    ["d", "a", "甲区", ""],
    ["d", "b", "乙区", ""],
    ["s", "s1", "甲区一街", "a"],
    ["s", "s2", "乙区一街", "b"],
    ["s", "s3", "甲区二街", "a"],
]
CASCADE = [
    row("select_one d", "district", "区", required="yes"),
    row("select_one s", "street", "街道", required="yes", choice_filter="district=${district}"),
]


def test_a_choice_the_filter_excludes_is_refused(client, make_round, inspector):
    round_ = make_round(CASCADE, STREETS)
    client.force_login(inspector)
    reply = send(client, round_, district="a", street="s2")
    assert reply.status_code == 400
    assert "不在可选范围" in reply.content.decode()
    assert not Response.objects.exists()
    assert send(client, round_, district="a", street="s3").status_code == 302
    assert stored("street") == "s3"


def test_the_form_offers_only_the_choices_the_filter_allows(client, make_round, inspector):
    round_ = make_round(CASCADE, STREETS)
    client.force_login(inspector)
    url = f"/surveys/rounds/{round_.pk}/relevance/"
    assert client.post(url, {"district": "a"}).json()["choices"] == {"street": ["s1", "s3"]}
    assert client.post(url, {"district": "b"}).json()["choices"] == {"street": ["s2"]}
    page = client.get(f"/surveys/rounds/{round_.pk}/collect/").content.decode()
    # Before a district is chosen no street is offered (each choice is there, hidden).
    assert 'data-choice="s1" hidden' in page


def test_an_other_answer_and_its_text_are_stored(client, make_round, inspector):
    round_ = make_round(
        [row("select_one kinds or_other", "kind", "问题类型", required="yes")],
        [["kinds", "queue", "排队", ""], ["kinds", "dirty", "脏乱", ""]],
    )
    client.force_login(inspector)
    url = f"/surveys/rounds/{round_.pk}/relevance/"
    assert "kind_other" in client.post(url, {"kind": "other"}).json()["shown"]
    reply = send(client, round_, kind="other", kind_other="无障碍通道被占用")
    assert reply.status_code == 302
    assert (stored("kind"), stored("kind_other")) == ("other", "无障碍通道被占用")


def test_calculations_are_stored_and_used_by_constraints(client, make_round, inspector):
    round_ = make_round(
        [
            row("integer", "staff", "在岗人数", required="yes"),
            row("calculate", "windows", calculation="${staff} * 2"),
            row(
                "integer",
                "open",
                "开放窗口数",
                required="yes",
                constraint=". <= ${windows}",
                constraint_message="开放窗口不能多于 ${windows} 个",
            ),
        ]
    )
    client.force_login(inspector)
    refused = send(client, round_, staff="3", open="7")
    assert "开放窗口不能多于 6 个" in refused.content.decode()  # ${windows} filled in
    assert send(client, round_, staff="3", open="6").status_code == 302
    assert Answer.objects.get(question__name="windows").value == 6.0
    assert stored("windows") == "6"


def test_regex_constraints_are_accepted_and_enforced(client, make_round, inspector):
    round_ = make_round(
        [
            row(
                "text",
                "phone",
                "联系电话",
                constraint="regex(., '^1[0-9]{10}$')",
                constraint_message="请填写 11 位手机号",
            )
        ]
    )
    client.force_login(inspector)
    assert "请填写 11 位手机号" in send(client, round_, phone="12345").content.decode()
    assert send(client, round_, phone="13812345678").status_code == 302
    assert stored("phone") == "13812345678"


def test_metadata_is_filled_in_by_the_server(client, make_round, inspector):
    round_ = make_round(
        [
            row("start", "start"),
            row("end", "end"),
            row("today", "today"),
            row("username", "username"),
            row("deviceid", "deviceid"),
            row("audit", "audit"),
            row("integer", "score", "得分", required="yes"),
        ]
    )
    client.force_login(inspector)
    page = client.get(f"/surveys/rounds/{round_.pk}/collect/").content.decode()
    started = page.split('name="started" value="')[1].split('"')[0]
    client_id = str(uuid.uuid4())
    # Whatever the phone sends for them, the server's values are stored.
    client.post(
        f"/surveys/rounds/{round_.pk}/collect/",
        {
            "client_id": client_id,
            "site": round_.evaluation.sites.first().pk,
            "started": started,
            "score": "5",
            "username": "someone-else",
        },
    )
    assert stored("username") == "inspector-1"
    assert stored("deviceid") == client_id
    assert stored("today") == timezone.localdate().isoformat()
    assert stored("start") <= stored("end")
    assert stored("start").endswith("+08:00")


def test_required_message_and_labels_use_the_answers(client, make_round, inspector):
    round_ = make_round(
        [
            row("text", "shop", "门店名称", required="yes"),
            row(
                "integer",
                "rating",
                "${shop} 的评分",
                hint="给 ${shop} 打 1 到 5 分",
                required="yes",
                required_message="请给 ${shop} 打分",
            ),
        ]
    )
    client.force_login(inspector)
    reply = send(client, round_, shop="南京路店").content.decode()
    assert "请给 南京路店 打分" in reply
    assert "南京路店 的评分" in reply and "给 南京路店 打 1 到 5 分" in reply
    assert "${shop}" not in reply
    labels = client.post(f"/surveys/rounds/{round_.pk}/relevance/", {"shop": "外滩店"}).json()
    assert labels["labels"]["rating"] == {
        "label": "外滩店 的评分",
        "hint": "给 外滩店 打 1 到 5 分",
    }


def test_refusals_name_the_real_rows_of_the_sheet(evaluation, secretariat):
    messages = refusals(
        evaluation,
        secretariat,
        [
            row("start", "start"),  # row 2
            row("begin_group", "g", "第一组"),  # row 3
            row("integer", "a", "甲"),  # row 4
            [],  # row 5, left empty
            row("integer", "b", "乙", constraint=". >>> 3"),  # row 6
            row("end_group", ""),  # row 7
            row("barcode", "code", "条码"),  # row 8
        ],
    )
    assert any("第6行" in m and "constraint" in m for m in messages), messages
    assert any("第8行" in m and "barcode" in m for m in messages), messages


def test_an_upload_reports_every_problem_at_once(client, evaluation, secretariat):
    survey = [
        row("integer", "a", "甲"),  # row 2
        row("begin_repeat", "rooms", "房间"),  # row 3
        row("text", "room", "房间号"),  # row 4
        row("end_repeat", ""),  # row 5
        row("select_one_from_file shops.csv", "shop", "门店", required="yes"),  # row 6
        row("integer", "b", "乙", relevant="${nowhere} = 1"),  # row 7
        row("text", "c", "丙", constraint="frobnicate(.)"),  # row 8
    ]
    client.force_login(secretariat)
    reply = client.post(
        f"/surveys/manage/e/{evaluation.key}/instruments/new/",
        {"title": "检查表", "kind": InstrumentKind.CHECKLIST, "file": form(survey)},
    )
    page = reply.content.decode()
    assert "工作表“survey”第3行" in page and "重复组" in page
    assert "工作表“survey”第6行" in page and "外部选项文件" in page
    assert "工作表“survey”第7行" in page and "nowhere" in page
    assert "工作表“survey”第8行" in page
    assert not evaluation.instruments.exists()


def test_a_form_with_a_repeat_is_refused_with_its_row(evaluation, secretariat):
    messages = refusals(
        evaluation,
        secretariat,
        [row("integer", "a", "甲"), row("begin repeat", "r", "重复"), row("text", "t", "丁"),
         row("end repeat", "")],
    )  # fmt: skip
    assert len(messages) == 1 and "第3行" in messages[0] and "重复组" in messages[0]


def test_external_choice_files_are_refused_with_their_row(evaluation, secretariat):
    messages = refusals(
        evaluation,
        secretariat,
        [row("integer", "a", "甲"), row("select_one_from_file shops.csv", "shop", "门店")],
    )
    assert len(messages) == 1 and "第3行" in messages[0] and "外部选项文件" in messages[0]


def test_the_downloaded_xlsform_keeps_calculations_filters_and_messages(evaluation, secretariat):
    from qualitymonth.surveys.services.instrument_editor import instrument_xlsx

    first = upload(
        evaluation,
        secretariat,
        [
            *CASCADE,
            row("integer", "n", "数量", required="yes", required_message="请填写 ${street} 的数量"),
            row("calculate", "double", calculation="${n} * 2"),
            row("today", "today"),
        ],
        STREETS,
    )
    again = create_instrument(
        evaluation=evaluation,
        kind=InstrumentKind.CHECKLIST,
        title="再次上传",
        upload=SimpleUploadedFile("again.xlsx", instrument_xlsx(first)),
        actor=secretariat,
    )
    kept = {q.name: q for q in again.questions.all()}
    assert kept["double"].calculation == "${n} * 2"
    assert kept["street"].choice_filter == "district=${district}"
    assert kept["street"].choices[0]["columns"] == {"district": "a"}
    assert kept["n"].required_message == "请填写 ${street} 的数量"
    assert kept["today"].type == "today"


def test_list_names_with_underscores_are_accepted(client, make_round, inspector):
    round_ = make_round(
        [row("select_one yes_no or_other", "open", "是否营业", required="yes")],
        [["yes_no", "yes", "是", ""], ["yes_no", "no", "否", ""]],
    )
    client.force_login(inspector)
    assert send(client, round_, open="yes").status_code == 302
    assert stored("open") == "yes"
