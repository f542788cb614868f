"""The instrument editor: web-made forms behave as uploaded XLSForms; answers keep their meaning."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qualitymonth.core.models import AuditEntry
from qualitymonth.surveys.models import Instrument, InstrumentKind, Response
from qualitymonth.surveys.services.instruments import create_instrument
from qualitymonth.surveys.tests.conftest import collecting_round
from tests.answers import assert_sent_to_sign_in

FIELDS = [
    "position",
    "name",
    "type",
    "label",
    "hint",
    "required",
    "constraint",
    "constraint_message",
    "relevant",
    "choices",
    "indicator_code",
]
# A one-choice question with scores, a required whole number with a constraint, and a text
# shown only when the queue is long.
ROWS = [
    {
        "type": "select_one",
        "name": "queue",
        "label": "排队情况",
        "required": True,
        "indicator_code": "B",
        "choices": "1 | 无需排队 | 1\n2 | 较短 | 2\n\n5 | 很长 | 5",
    },
    {
        "type": "integer",
        "name": "tidy",
        "label": "整洁程度",
        "hint": "现场打分",
        "required": True,
        "constraint": ". >= 0 and . <= 10",
        "constraint_message": "请打0到10分",
        "indicator_code": "A",
    },
    {
        "type": "text",
        "name": "why",
        "label": "排队原因",
        "required": True,
        "relevant": "${queue} = '5'",
    },
]


@pytest.fixture(autouse=True)
def english(client, settings):
    """Messages are checked in their English wording."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def editor_data(rows, *, title="窗口检查表", kind="checklist", action="save", initial=0):
    data = {
        "title": title,
        "kind": kind,
        "action": action,
        "q-TOTAL_FORMS": str(len(rows)),
        "q-INITIAL_FORMS": str(initial),
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "300",
    }
    for index, row in enumerate(rows):
        data[f"q-{index}-ORDER"] = str(index + 1)
        for key, value in row.items():
            if key == "required":
                if value:
                    data[f"q-{index}-required"] = "on"
            else:
                data[f"q-{index}-{key}"] = value
    return data


def new_url(evaluation):
    return f"/surveys/manage/e/{evaluation.key}/instruments/editor/"


def edit_url(instrument):
    return f"/surveys/manage/instruments/{instrument.pk}/edit/"


@pytest.fixture
def made(client, evaluation, system, secretariat):
    """The form of ROWS, made in the editor by the secretariat."""
    client.force_login(secretariat)
    reply = client.post(new_url(evaluation), editor_data(ROWS))
    assert reply.status_code == 302, reply.content.decode()
    return Instrument.objects.get()


@pytest.fixture
def editor_round(made, system, inspector):
    return collecting_round(system, made, year=2027, inspectors=[inspector])


def collect(client, round_, site, **answers):
    data = {"client_id": str(uuid.uuid4()), "site": site.pk, **answers}
    return client.post(f"/surveys/rounds/{round_.pk}/collect/", data)


def test_a_form_made_in_the_editor_is_stored_with_scores_rules_and_items(made):
    queue, tidy, why = made.questions.order_by("position")
    assert [q.name for q in (queue, tidy, why)] == ["queue", "tidy", "why"]
    assert queue.choices == [
        {"name": "1", "label": "无需排队", "score": 1.0},
        {"name": "2", "label": "较短", "score": 2.0},
        {"name": "5", "label": "很长", "score": 5.0},
    ]
    assert (queue.indicator_code, tidy.indicator_code) == ("B", "A")
    assert tidy.required and tidy.constraint == ". >= 0 and . <= 10"
    assert tidy.hint == "现场打分" and tidy.constraint_message == "请打0到10分"
    assert why.relevant == "${queue} = '5'"
    assert made.definition["title"] == "窗口检查表"


def test_making_a_form_is_audited(made):
    entry = AuditEntry.objects.get(action="surveys.instrument.create")
    assert entry.object_id == str(made.pk)
    assert entry.changes["questions"] == 3


def test_the_phone_form_enforces_the_editors_constraint(client, editor_round, sites, inspector):
    client.force_login(inspector)
    reply = collect(client, editor_round, sites["s1"], queue="1", tidy="11")
    assert reply.status_code == 400
    assert "请打0到10分" in reply.content.decode()
    assert not Response.objects.exists()
    assert collect(client, editor_round, sites["s1"], queue="1", tidy="10").status_code == 302
    assert Response.objects.count() == 1


def test_the_phone_form_asks_the_third_question_only_when_the_queue_is_long(
    client, editor_round, sites, inspector
):
    client.force_login(inspector)
    page = client.get(f"/surveys/rounds/{editor_round.pk}/collect/").content.decode()
    assert 'data-name="why" hidden' in page
    assert collect(client, editor_round, sites["s1"], queue="1", tidy="8").status_code == 302
    reply = collect(client, editor_round, sites["s2"], queue="5", tidy="8")
    assert reply.status_code == 400
    assert 'data-testid="error-why"' in reply.content.decode()
    assert Response.objects.count() == 1


def test_editing_an_unused_instrument_replaces_its_questions(client, made):
    page = client.get(edit_url(made)).content.decode()
    assert "排队情况" in page and "5 | 很长 | 5" in page
    rows = [
        {**ROWS[1], "name": "clean", "label": "清洁程度"},
        {"type": "decimal", "name": "seats", "label": "座位数", "indicator_code": "C"},
    ]
    reply = client.post(edit_url(made), editor_data(rows, title="新检查表", initial=3))
    assert reply.status_code == 302
    made.refresh_from_db()
    assert made.title == "新检查表"
    assert list(made.questions.values_list("name", "position")) == [("clean", 1), ("seats", 2)]
    assert Instrument.objects.count() == 1
    assert AuditEntry.objects.filter(action="surveys.instrument.edit").exists()


def test_rows_are_saved_in_the_order_asked_and_deleted_rows_are_dropped(client, made):
    data = {**editor_data(ROWS, initial=3), "q-0-ORDER": "2", "q-1-ORDER": "1", "q-2-DELETE": "on"}
    assert client.post(edit_url(made), data).status_code == 302
    assert list(made.questions.values_list("name", flat=True)) == ["tidy", "queue"]


def test_editing_an_instrument_with_answers_is_refused(client, answered, secretariat):
    instrument = answered.instrument
    before = list(instrument.questions.values_list("name", "label"))
    client.force_login(secretariat)
    page = client.get(edit_url(instrument)).content.decode()
    assert 'data-testid="instrument-used"' in page and 'data-testid="save-instrument"' not in page
    rows = [{"type": "integer", "name": "a", "label": "改过的问题", "indicator_code": "A"}]
    reply = client.post(edit_url(instrument), editor_data(rows, title=instrument.title, initial=6))
    assert reply.status_code == 409
    assert "Save it as a copy" in reply.content.decode()
    assert list(instrument.questions.values_list("name", "label")) == before
    assert Instrument.objects.count() == 1


def test_saving_a_used_instrument_as_a_copy_leaves_the_original(client, answered, secretariat):
    instrument = answered.instrument
    before = list(instrument.questions.values("name", "label", "choices"))
    client.force_login(secretariat)
    rows = [{"type": "integer", "name": "a", "label": "改过的问题", "indicator_code": "A"}]
    data = editor_data(rows, title=instrument.title, action="copy", initial=6)
    reply = client.post(edit_url(instrument), data)
    copy = Instrument.objects.exclude(pk=instrument.pk).get()
    assert reply.status_code == 302 and reply["Location"] == edit_url(copy)
    assert copy.title == f"{instrument.title} (copy)"
    assert list(copy.questions.values_list("label", flat=True)) == ["改过的问题"]
    assert list(instrument.questions.values("name", "label", "choices")) == before
    answered.refresh_from_db()
    assert answered.instrument_id == instrument.pk
    assert AuditEntry.objects.get(action="surveys.instrument.copy").changes["copy_of"] == (
        instrument.pk
    )


BAD = {
    "duplicate name": (
        [ROWS[1], {**ROWS[1], "label": "又一题"}],
        "Row 2 (“tidy”), Name: Row 1 already has this name.",
    ),
    "invalid name": (
        [{**ROWS[1], "name": "1st score"}],
        "Row 1 (“1st score”), Name: A name starts with a letter",
    ),
    "select without choices": (
        [{**ROWS[0], "choices": ""}],
        "Row 1 (“queue”), Choices: A choice question needs at least one choice.",
    ),
    "bad choice line": (
        [{**ROWS[0], "choices": "1 | 无需排队 | 1\n2 | 较短 | many"}],
        "Row 1 (“queue”), Choices: Line 2: the score “many” is not a number.",
    ),
    "unreadable relevant": (
        [ROWS[0], {**ROWS[2], "relevant": "${queue} = "}],
        "Row 2 (“why”), Shown when: “${queue} =” cannot be read as an expression",
    ),
    "relevant naming no question": (
        [{**ROWS[2], "relevant": "${nowhere} = '5'"}],
        "Row 1 (“why”), Shown when: There is no question named “nowhere”.",
    ),
    "unreadable constraint": (
        [{**ROWS[1], "constraint": ". >= (0"}],
        "Row 1 (“tidy”), Constraint: “. &gt;= (0” cannot be read as an expression",
    ),
    "unknown indicator code": (
        [{**ROWS[1], "indicator_code": "Z9"}],
        "Row 1 (“tidy”), Indicator item: “Z9” is not an item",
    ),
    "name pyxform reserves": (
        [{**ROWS[1], "name": "meta"}],
        "Row 1 (“meta”), Name: On the &#x27;survey&#x27; sheet, the &#x27;name&#x27; value",
    ),
    "missing label": (
        [{**ROWS[1], "label": ""}],
        "Row 1 (“tidy”), Label: This field is required.",
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_names_the_row_and_field_and_stores_nothing(
    client, evaluation, system, secretariat, case
):
    rows, message = BAD[case]
    client.force_login(secretariat)
    reply = client.post(new_url(evaluation), editor_data(rows))
    assert reply.status_code == 400
    page = reply.content.decode()
    assert 'data-testid="editor-errors"' in page
    assert message in page
    assert not Instrument.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="surveys.instrument").exists()


def test_a_bad_edit_leaves_the_instrument_as_it_was(client, made):
    before = list(made.questions.values_list("name", flat=True))
    rows = [{**ROWS[1], "indicator_code": "Z9"}]
    reply = client.post(edit_url(made), editor_data(rows, initial=3))
    assert reply.status_code == 400
    assert list(made.questions.values_list("name", flat=True)) == before


def test_an_empty_form_is_refused(client, evaluation, system, secretariat):
    client.force_login(secretariat)
    reply = client.post(new_url(evaluation), editor_data([]))
    assert reply.status_code == 400
    assert "Add at least one question." in reply.content.decode()
    assert not Instrument.objects.exists()


def test_add_a_question_without_javascript_adds_an_empty_row(client, evaluation, secretariat):
    client.force_login(secretariat)
    reply = client.post(new_url(evaluation), editor_data([ROWS[1]], action="add"))
    page = reply.content.decode()
    assert reply.status_code == 200
    assert 'name="q-1-name"' in page and 'value="tidy"' in page
    assert not Instrument.objects.exists()


def test_the_downloaded_xlsform_uploads_to_the_same_questions(
    client, survey_round, evaluation, secretariat
):
    instrument = survey_round.instrument
    client.force_login(secretariat)
    reply = client.get(f"/surveys/manage/instruments/{instrument.pk}.xlsx")
    assert reply.status_code == 200
    assert reply["Content-Type"].startswith("application/vnd.openxmlformats")
    again = create_instrument(
        evaluation=evaluation,
        kind=InstrumentKind.CHECKLIST,
        title="",
        upload=SimpleUploadedFile("again.xlsx", reply.content),
        actor=secretariat,
    )
    assert again.title == instrument.title
    assert list(again.questions.values(*FIELDS)) == list(instrument.questions.values(*FIELDS))


def test_an_editor_form_opens_again_in_the_editor_unchanged(client, made):
    page = client.get(edit_url(made))
    rows = editor_data(
        [{**row, "choices": row.get("choices", "").replace("\n\n", "\n")} for row in ROWS],
        initial=3,
    )
    before = list(made.questions.values(*FIELDS))
    assert page.status_code == 200
    assert client.post(edit_url(made), rows).status_code == 302
    assert list(made.questions.values(*FIELDS)) == before


def test_the_manage_page_links_to_the_editor(client, made, evaluation):
    page = client.get("/surveys/manage/").content.decode()
    assert new_url(evaluation) in page
    assert edit_url(made) in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_secretariat_uses_the_editor(client, survey_round, inspector, method):
    instrument = survey_round.instrument
    client.force_login(inspector)
    send = getattr(client, method)
    for url in (new_url(survey_round.evaluation), edit_url(instrument)):
        assert send(url, editor_data(ROWS) if method == "post" else None).status_code == 403
    assert client.get(f"/surveys/manage/instruments/{instrument.pk}.xlsx").status_code == 403
    assert Instrument.objects.count() == 1
    assert instrument.questions.count() == 6


def test_signed_out_visitors_are_sent_to_sign_in(client, evaluation):
    assert_sent_to_sign_in(client.get(new_url(evaluation)))


def test_answers_kept_after_a_round_changed_form_still_block_editing(
    client, answered, evaluation, secretariat
):
    original = answered.instrument
    answered.instrument = Instrument.objects.create(
        evaluation=evaluation, kind="checklist", title="新"
    )
    answered.save()
    client.force_login(secretariat)
    rows = [{"type": "integer", "name": "a", "label": "改过的问题", "indicator_code": "A"}]
    reply = client.post(edit_url(original), editor_data(rows, title="改", initial=6))
    assert reply.status_code == 409
    assert original.questions.count() == 6
