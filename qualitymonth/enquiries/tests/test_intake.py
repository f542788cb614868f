"""Filing on the web form and at the desk: what is stored, numbered, routed, timed and sent."""

import datetime
import io

import chinese_calendar
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from qualitymonth.core.clients import client_digest
from qualitymonth.core.uploads import MAX_ATTACHMENT_BYTES
from qualitymonth.enquiries.models import Attachment, Case, Notice, Submission
from qualitymonth.enquiries.tests.conftest import COMPLAINT
from tests.answers import assert_not_allowed

CLIENT = "198.51.100.7"


@pytest.fixture(autouse=True)
def _fresh_rate_limits_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def working_days_after(day: datetime.date, count: int) -> datetime.date:
    """The official calendar, counted by hand: the day of receipt is not counted."""
    while count:
        day += datetime.timedelta(days=1)
        count -= chinese_calendar.is_workday(day)
    return day


def file_on_page(client, kinds, category, district=None, files=(), remote=CLIENT, **values):
    data = {
        **COMPLAINT,
        "kinds": kinds,
        "category": category.pk,
        "district": district.pk if district else "",
        **values,
    }
    if files:
        data["attachments"] = list(files)
    return client.post(reverse("enquiries:new"), data, REMOTE_ADDR=remote)


def errors_of(response) -> set[str]:
    return set(response.context["form"].errors)


def test_a_complaint_is_numbered_routed_to_the_district_bureau_timed_and_sent_by_mail_and_sms(
    client, routing, categories, districts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = file_on_page(client, ["complaint"], categories["glasses"], districts["huangpu"])
    assert response.status_code == 302
    today = timezone.localdate()
    submission = Submission.objects.get()
    case = Case.objects.get()
    assert (submission.name, submission.phone, submission.channel) == (
        "王小明",
        "+8613812345678",  # stored in E.164
        "web",
    )
    assert case.number == f"TS{today:%Y%m%d}0001"
    assert (case.kind, case.status, case.unit) == ("complaint", "received", routing["huangpu"])
    clock = case.clocks.get()
    assert clock.step == "accept" and clock.due_on == working_days_after(today, 7)
    assert {(n.channel, n.recipient) for n in Notice.objects.filter(case=case)} == {
        ("email", "wang@example.org"),
        ("sms", "+8613812345678"),
    }
    thanks = client.get(response.url).content.decode()
    assert f'data-testid="tracking-number">{case.number}<' in thanks


def test_a_complaint_and_a_report_together_become_two_cases_on_their_own_tracks(
    client, routing, categories, districts
):
    response = file_on_page(
        client, ["complaint", "report"], categories["glasses"], districts["xuhui"]
    )
    assert response.status_code == 302
    cases = {case.kind: case for case in Case.objects.all()}
    assert set(cases) == {"complaint", "report"}
    assert cases["complaint"].number.startswith("TS") and cases["report"].number.startswith("JB")
    assert (cases["complaint"].status, cases["report"].status) == ("received", "checking")
    assert cases["complaint"].submission_id == cases["report"].submission_id
    assert {clock.step for clock in cases["report"].clocks.all()} == {"check"}
    thanks = client.get(response.url).content.decode()
    assert cases["complaint"].number in thanks and cases["report"].number in thanks


def test_a_question_to_a_category_that_only_answers_questions_needs_no_name(
    client, routing, categories, association
):
    response = file_on_page(
        client,
        ["consultation"],
        categories["standards"],
        name="",
        address="",
        email="",
        business_name="",
        business_address="",
        request="",
        facts="眼镜的国家标准是哪一个？",
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.number.startswith("ZX") and case.status == "asked"
    assert case.unit == association and case.submission.name == ""


def test_a_category_that_only_answers_questions_refuses_a_complaint(client, routing, categories):
    response = file_on_page(client, ["complaint"], categories["standards"])
    assert response.status_code == 400
    assert "kinds" in errors_of(response)
    assert not Submission.objects.exists()


def test_a_complaint_without_the_statutory_data_names_each_missing_field_and_stores_nothing(
    client, routing, categories, districts
):
    missing = ["name", "phone", "address", "business_name", "business_address", "request"]
    response = file_on_page(
        client,
        ["complaint"],
        categories["glasses"],
        districts["huangpu"],
        **dict.fromkeys(missing, ""),
        email="",
    )
    assert response.status_code == 400
    assert set(missing) <= errors_of(response)
    page = response.content.decode()
    for field in missing:
        assert f'data-testid="error-{field}"' in page
    assert not Submission.objects.exists() and not Case.objects.exists()


def test_an_anonymous_report_needs_only_the_business_and_the_facts(
    client, routing, categories, districts
):
    response = file_on_page(
        client,
        ["report"],
        categories["glasses"],
        districts["huangpu"],
        name="",
        phone="",
        email="",
        address="",
        business_address="",
        request="",
    )
    assert response.status_code == 302
    assert Case.objects.get().submission.name == ""
    assert 'data-testid="no-phone"' in client.get(response.url).content.decode()


def test_an_invalid_phone_number_is_named_and_nothing_is_stored(
    client, routing, categories, districts
):
    response = file_on_page(
        client, ["complaint"], categories["glasses"], districts["huangpu"], phone="12345"
    )
    assert response.status_code == 400
    assert errors_of(response) == {"phone"}
    assert not Submission.objects.exists()


def test_a_text_file_named_like_a_photo_is_refused_and_nothing_is_stored(
    client, routing, categories, districts
):
    fake = SimpleUploadedFile("receipt.jpg", b"just some text, not a picture", "image/jpeg")
    response = file_on_page(
        client, ["complaint"], categories["glasses"], districts["huangpu"], files=[fake]
    )
    assert response.status_code == 400
    assert errors_of(response) == {"attachments"}
    assert not Submission.objects.exists() and not Attachment.objects.exists()


def test_an_oversized_attachment_is_refused_and_nothing_is_stored(
    client, routing, categories, districts
):
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * MAX_ATTACHMENT_BYTES)
    response = file_on_page(
        client, ["complaint"], categories["glasses"], districts["huangpu"], files=[big]
    )
    assert response.status_code == 400
    assert errors_of(response) == {"attachments"}
    assert not Submission.objects.exists() and not Attachment.objects.exists()


def test_photos_and_receipts_are_kept_by_their_content_type(client, routing, categories, districts):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    photo = SimpleUploadedFile("glasses.png", buffer.getvalue())
    pdf_named_as_photo = SimpleUploadedFile("receipt.jpg", b"%PDF-1.4\n%%EOF\n")
    response = file_on_page(
        client,
        ["complaint"],
        categories["glasses"],
        districts["huangpu"],
        files=[photo, pdf_named_as_photo],
    )
    assert response.status_code == 302
    kept = dict(Attachment.objects.values_list("name", "content_type"))
    assert kept == {"glasses.png": "image/png", "receipt.jpg": "application/pdf"}


def test_a_robot_filling_the_hidden_field_is_refused(client, routing, categories, districts):
    response = file_on_page(
        client,
        ["complaint"],
        categories["glasses"],
        districts["huangpu"],
        website="http://spam.example",
    )
    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_one_connection_filing_too_often_is_refused_with_429_and_nothing_is_stored(
    client, routing, categories, districts, settings
):
    settings.ENQUIRY_RATE = "2/h"
    for _n in range(2):
        response = file_on_page(client, ["complaint"], categories["glasses"], districts["xuhui"])
        assert response.status_code == 302
    refused = file_on_page(client, ["complaint"], categories["glasses"], districts["xuhui"])
    assert refused.status_code == 429
    assert 'data-testid="form-error"' in refused.content.decode()
    assert Submission.objects.count() == 2
    other = file_on_page(
        client, ["complaint"], categories["glasses"], districts["xuhui"], remote="192.0.2.1"
    )
    assert other.status_code == 302


def test_the_connection_is_kept_as_a_keyed_digest_not_as_an_address(
    client, routing, categories, districts
):
    file_on_page(client, ["complaint"], categories["glasses"], districts["huangpu"])
    stored = Submission.objects.get().client_digest
    assert stored == client_digest(CLIENT) and CLIENT not in stored


def test_a_signed_in_citizen_files_under_their_account_and_sees_the_case_in_their_list(
    client, routing, categories, districts, citizen
):
    client.force_login(citizen)
    file_on_page(client, ["complaint"], categories["glasses"], districts["huangpu"])
    case = Case.objects.get()
    assert case.submission.account == citizen
    client.logout()
    client.force_login(citizen)  # a new session: the account alone opens the case
    assert case.number in client.get(reverse("enquiries:track")).content.decode()
    assert client.get(case.get_absolute_url()).status_code == 200


def test_staff_record_a_phone_call_with_the_channel_and_who_recorded_it(
    client, routing, categories, districts, huangpu_staff
):
    client.force_login(huangpu_staff)
    data = {
        **COMPLAINT,
        "kinds": ["complaint"],
        "category": categories["glasses"].pk,
        "district": districts["huangpu"].pk,
        "channel": "phone",
    }
    response = client.post(reverse("enquiries:record"), data)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert (submission.channel, submission.recorded_by, submission.account) == (
        "phone",
        huangpu_staff,
        None,
    )
    assert response.url == Case.objects.get().get_absolute_url()


def test_only_staff_who_handle_cases_may_record_calls(client, routing, categories, citizen):
    client.force_login(citizen)
    assert_not_allowed(client.get(reverse("enquiries:record")), 'name="channel"')


def test_the_index_shows_which_tracks_each_category_takes(client, routing, categories):
    page = client.get(reverse("enquiries:index")).content.decode()
    assert 'data-testid="file-eyeglasses-report"' in page
    assert 'data-testid="file-standards-consultation"' in page
    assert 'data-testid="file-standards-complaint"' not in page
