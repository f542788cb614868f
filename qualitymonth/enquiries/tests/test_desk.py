"""The staff desk: each unit its own cases, their deadlines, and handling them from the page."""

import pytest
from django.urls import reverse

from conftest import make_person
from qualitymonth.enquiries.models import CaseEvent, Clock, ReplyTemplate
from qualitymonth.enquiries.services.handling import add_information, change_status
from qualitymonth.enquiries.statuses import Kind
from qualitymonth.enquiries.tests.desk_helpers import due_in, file_case, png
from tests.answers import assert_not_allowed, assert_sent_to_sign_in

pytestmark = pytest.mark.django_db


def listed(client, **params) -> list[str]:
    response = client.get(reverse("enquiries:desk"), params)
    assert response.status_code == 200
    return [row.number for row in response.context["page"]]


@pytest.fixture
def huangpu_case(routing, categories, districts):
    return file_case(categories["glasses"], districts["huangpu"])


@pytest.fixture
def xuhui_case(routing, categories, districts):
    return file_case(categories["glasses"], districts["xuhui"], name="李四", phone="13987654321")


def test_a_unit_sees_only_its_own_cases(client, huangpu_staff, huangpu_case, xuhui_case):
    client.force_login(huangpu_staff)
    assert listed(client) == [huangpu_case.number]
    html = client.get(reverse("enquiries:desk")).content.decode()
    assert xuhui_case.number not in html


def test_the_secretariat_sees_every_units_cases(client, secretariat, huangpu_case, xuhui_case):
    client.force_login(secretariat)
    assert set(listed(client)) == {huangpu_case.number, xuhui_case.number}
    assert listed(client, unit=xuhui_case.unit_id) == [xuhui_case.number]


def test_another_units_case_its_files_and_actions_answer_404(
    client,
    xuhui_staff,
    routing,
    categories,
    districts,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):  # the file exists: 404 is the unit
        case = file_case(categories["glasses"], districts["huangpu"], files=[png()])
    file = case.submission.attachments.get()
    client.force_login(xuhui_staff)
    number = case.number
    assert client.get(reverse("enquiries:desk_case", args=[number])).status_code == 404
    assert (
        client.get(reverse("enquiries:desk_attachment", args=[number, file.pk])).status_code == 404
    )
    posts = {
        "desk_status": {"status-status": "accepted"},
        "desk_transfer": {
            "transfer-unit": xuhui_staff.positions.get().unit_id,
            "transfer-text": "x",
        },
        "desk_note": {"note-text": "mine now"},
        "desk_reply": {"reply-text": "hello"},
        "desk_acknowledge": {},
    }
    for name, data in posts.items():
        assert client.post(reverse(f"enquiries:{name}", args=[number]), data).status_code == 404
    case.refresh_from_db()
    assert case.status == "received" and case.unit.key == "huangpu-amr"
    assert list(case.events.values_list("kind", flat=True)) == ["filed"]


def test_a_citizen_is_refused_the_desk_and_a_visitor_sent_to_sign_in(client, citizen, db):
    client.force_login(citizen)
    assert_not_allowed(client.get(reverse("enquiries:desk")))
    assert_not_allowed(client.get(reverse("enquiries:desk_export")))
    client.logout()
    assert_sent_to_sign_in(client.get(reverse("enquiries:desk")))


def test_the_counters_count_the_units_open_late_near_and_flagged_cases(
    client, huangpu_staff, routing, categories, districts, xuhui_case
):
    late, near, calm, closed = (
        file_case(categories["glasses"], districts["huangpu"]) for _ in "1234"
    )
    due_in(late, -3)
    due_in(near, 0)
    due_in(xuhui_case, -3)  # another unit's: not counted here
    change_status(case=closed, to="not_accepted", reason="too_late", actor=huangpu_staff)
    add_information(case=closed, text="我找到了收据。")
    client.force_login(huangpu_staff)
    counters = client.get(reverse("enquiries:desk")).context["counters"]
    assert counters["open"] == 3
    assert counters["overdue"] == 1
    assert counters["near"] == 1
    assert counters["attention"] == 1
    assert counters["on_time"] == 100  # the closed one decided within its time limit
    assert calm.number in listed(client, open_only="on")


def test_the_filters_pick_late_near_flagged_and_numbered_cases(
    client, huangpu_staff, routing, categories, districts
):
    late, near, flagged = (file_case(categories["glasses"], districts["huangpu"]) for _ in "123")
    due_in(late, -1)
    due_in(near, 1)
    change_status(case=flagged, to="not_accepted", reason="too_late", actor=huangpu_staff)
    add_information(case=flagged, text="补充")
    client.force_login(huangpu_staff)
    assert listed(client, overdue="on") == [late.number]
    assert listed(client, near="on") == [near.number]
    assert listed(client, attention="on") == [flagged.number]
    assert listed(client, q=near.number[-6:]) == [near.number]
    assert listed(client, status="not_accepted") == [flagged.number]
    assert listed(client, kind=Kind.REPORT) == []


def test_an_overdue_due_date_shows_in_red(client, huangpu_staff, huangpu_case):
    due = due_in(huangpu_case, -2)
    client.force_login(huangpu_staff)
    html = client.get(reverse("enquiries:desk")).content.decode()
    assert f'data-testid="due-late">{due:%Y-%m-%d}<' in html


def test_the_case_page_shows_the_clock_with_its_source_and_the_history(
    client, huangpu_staff, huangpu_case
):
    client.force_login(huangpu_staff)
    response = client.get(reverse("enquiries:desk_case", args=[huangpu_case.number]))
    html = response.content.decode()
    clock = huangpu_case.clocks.get()
    assert f"{clock.due_on:%Y-%m-%d}" in html and "第四十六条" in html
    assert 'data-testid="event-filed"' in html
    choices = response.context["status_form"].fields["status"].choices
    assert {value for value, _label in choices} == {"accepted", "not_accepted"}


def test_changing_the_status_with_its_reason_stops_the_clock_and_records_it(
    client, huangpu_staff, huangpu_case
):
    client.force_login(huangpu_staff)
    response = client.post(
        reverse("enquiries:desk_status", args=[huangpu_case.number]),
        {"status-status": "not_accepted", "status-reason": "too_late", "status-text": "超过三年。"},
    )
    assert response.status_code == 302
    huangpu_case.refresh_from_db()
    assert (huangpu_case.status, huangpu_case.reason) == ("not_accepted", "too_late")
    assert huangpu_case.clocks.get().stopped_on is not None
    event = huangpu_case.events.get(kind="status")
    assert event.actor == huangpu_staff and event.text == "超过三年。" and event.is_public


def test_a_missing_reason_is_shown_by_the_field_and_nothing_changes(
    client, huangpu_staff, huangpu_case
):
    client.force_login(huangpu_staff)
    response = client.post(
        reverse("enquiries:desk_status", args=[huangpu_case.number]),
        {"status-status": "not_accepted", "status-reason": "", "status-text": "我们写的说明"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-reason"' in html
    assert "我们写的说明" in html  # what was typed is still there
    huangpu_case.refresh_from_db()
    assert huangpu_case.status == "received"
    assert not huangpu_case.events.filter(kind="status").exists()


def test_a_reply_template_fills_in_the_number_and_the_name(client, huangpu_staff, huangpu_case):
    template = ReplyTemplate.objects.create(
        kind=Kind.COMPLAINT,
        status="accepted",
        title="受理",
        body="{name}您好，您的投诉（编号{number}）已受理。",
    )
    ReplyTemplate.objects.create(kind=Kind.REPORT, status="case_opened", title="立案", body="x")
    client.force_login(huangpu_staff)
    url = reverse("enquiries:desk_case", args=[huangpu_case.number])
    response = client.get(url)
    filled = f"王小明您好，您的投诉（编号{huangpu_case.number}）已受理。"
    assert [t["title"] for t in response.context["templates"]] == ["受理"]
    assert response.context["templates"][0]["text"] == filled
    assert 'id="reply-templates"' in response.content.decode()
    # Without the script, "Use" fills the form on the server.
    form = client.get(url, {"template": template.pk}).context["status_form"]
    assert (form.initial["status"], form.initial["text"]) == ("accepted", filled)


def test_handing_over_moves_the_case_to_the_other_units_list(
    client, huangpu_staff, xuhui_staff, huangpu_case, bureaus
):
    client.force_login(huangpu_staff)
    response = client.post(
        reverse("enquiries:desk_transfer", args=[huangpu_case.number]),
        {"transfer-unit": bureaus["xuhui"].pk, "transfer-text": "商家在徐汇区。"},
    )
    assert response.status_code == 302 and response.url == reverse("enquiries:desk")
    assert listed(client) == []
    page = reverse("enquiries:desk_case", args=[huangpu_case.number])
    assert client.get(page).status_code == 404
    event = CaseEvent.objects.get(case=huangpu_case, kind="transfer")
    assert (event.from_unit, event.to_unit, event.is_public) == (
        bureaus["huangpu"],
        bureaus["xuhui"],
        False,
    )
    client.force_login(xuhui_staff)
    assert listed(client) == [huangpu_case.number]
    html = client.get(page).content.decode()
    assert 'data-testid="event-transfer"' in html and "商家在徐汇区。" in html


def test_a_transfer_without_a_reason_is_refused_by_the_field(
    client, huangpu_staff, huangpu_case, bureaus
):
    client.force_login(huangpu_staff)
    response = client.post(
        reverse("enquiries:desk_transfer", args=[huangpu_case.number]),
        {"transfer-unit": bureaus["xuhui"].pk, "transfer-text": " "},
    )
    assert response.status_code == 400
    assert 'data-testid="error-text"' in response.content.decode()
    huangpu_case.refresh_from_db()
    assert huangpu_case.unit == bureaus["huangpu"]


def test_an_internal_note_stays_internal_and_a_reply_reaches_the_citizen(
    client, huangpu_staff, huangpu_case, django_capture_on_commit_callbacks
):
    client.force_login(huangpu_staff)
    number = huangpu_case.number
    client.post(reverse("enquiries:desk_note", args=[number]), {"note-text": "已电话联系商家"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("enquiries:desk_reply", args=[number]), {"reply-text": "请补充收据"})
    note, reply = huangpu_case.events.filter(kind__in=["note", "reply"]).order_by("pk")
    assert (note.text, note.is_public) == ("已电话联系商家", False)
    assert (reply.text, reply.is_public) == ("请补充收据", True)
    assert huangpu_case.notices.filter(text__contains="请补充收据").count() == 2  # e-mail, SMS


def test_information_after_closing_is_acknowledged_from_the_page(
    client, huangpu_staff, huangpu_case
):
    change_status(case=huangpu_case, to="not_accepted", reason="too_late", actor=huangpu_staff)
    add_information(case=huangpu_case, text="新的证据")
    client.force_login(huangpu_staff)
    page = reverse("enquiries:desk_case", args=[huangpu_case.number])
    assert 'data-testid="attention-banner"' in client.get(page).content.decode()
    client.post(reverse("enquiries:desk_acknowledge", args=[huangpu_case.number]))
    huangpu_case.refresh_from_db()
    assert not huangpu_case.needs_attention
    assert 'data-testid="attention-banner"' not in client.get(page).content.decode()


def test_case_handlers_of_a_unit_above_see_the_cases_of_the_bureau_below(
    client, districts, huangpu_case
):
    district_handler = make_person("hp-district", unit=districts["huangpu"], role="case_handler")
    client.force_login(district_handler)
    assert listed(client) == [huangpu_case.number]


def test_a_case_without_a_running_clock_shows_no_due_date(client, huangpu_staff, huangpu_case):
    Clock.objects.filter(case=huangpu_case).delete()
    client.force_login(huangpu_staff)
    page = client.get(reverse("enquiries:desk")).context["page"]
    assert page[0].running_due is None


def test_the_secretariat_erases_personal_data_on_request_after_the_retention_period(
    client, secretariat, huangpu_staff, huangpu_case, settings, categories, districts
):
    settings.ENQUIRY_RETENTION_DAYS = 0
    erase = reverse("enquiries:desk_erase", args=[huangpu_case.number])
    client.force_login(secretariat)
    client.post(erase)  # still open: refused
    huangpu_case.submission.refresh_from_db()
    assert huangpu_case.submission.name == "王小明"

    change_status(case=huangpu_case, to="not_accepted", reason="too_late", actor=huangpu_staff)
    client.post(erase)
    submission = huangpu_case.submission
    submission.refresh_from_db()
    assert (submission.name, submission.phone, submission.facts) == ("", "", "")
    assert submission.erased_at is not None
    huangpu_case.refresh_from_db()
    # What the figures need stays.
    assert (huangpu_case.category, huangpu_case.district, huangpu_case.status) == (
        categories["glasses"],
        districts["huangpu"],
        "not_accepted",
    )
    page = client.get(reverse("enquiries:desk_case", args=[huangpu_case.number])).content
    assert b"13812345678" not in page and 'data-testid="erased"' in page.decode()


def test_a_handling_unit_cannot_erase(client, huangpu_staff, huangpu_case):
    change_status(case=huangpu_case, to="not_accepted", reason="too_late", actor=huangpu_staff)
    client.force_login(huangpu_staff)
    client.post(reverse("enquiries:desk_erase", args=[huangpu_case.number]))
    huangpu_case.submission.refresh_from_db()
    assert huangpu_case.submission.erased_at is None
