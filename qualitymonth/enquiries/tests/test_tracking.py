"""A citizen follows their case: number and phone, the status page, adding, rating."""

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from qualitymonth.enquiries.models import Case
from qualitymonth.enquiries.services import handling
from qualitymonth.enquiries.services.intake import file_submission
from qualitymonth.enquiries.tests.conftest import COMPLAINT
from tests.answers import assert_not_found

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fresh_rate_limits_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def complaint(routing, categories, districts) -> Case:
    [case] = file_submission(
        kinds=["complaint"],
        category=categories["glasses"],
        data={**COMPLAINT, "district": districts["huangpu"]},
        channel="web",
    )
    return case


def close(case, staff) -> Case:
    for step in ("accepted", "mediating", "agreement", "closed"):
        case = handling.change_status(case=case, to=step, actor=staff, text="双方同意退款。")
    return case


def track(client, number, phone, **extra):
    return client.post(reverse("enquiries:track"), {"number": number, "phone": phone}, **extra)


def proved(client, case):
    response = track(client, case.number, COMPLAINT["phone"])
    assert response.status_code == 302
    return response


def test_the_right_number_and_phone_open_the_case_with_its_status(client, complaint):
    response = proved(client, complaint)
    assert response.url == complaint.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert f'data-testid="case-number">{complaint.number}<' in page
    assert 'data-status="received"' in page and 'data-testid="event-filed"' in page


def test_the_phone_may_be_written_another_way_and_the_number_in_lower_case(client, complaint):
    response = track(client, complaint.number.lower(), "+86 138 1234 5678")
    assert response.url == complaint.get_absolute_url()


def test_a_wrong_phone_gets_the_same_message_as_an_unknown_number_and_no_case_data(
    client, complaint
):
    wrong_phone = track(client, complaint.number, "13900000000")
    unknown = track(client, "TS209901010001", COMPLAINT["phone"])
    assert wrong_phone.status_code == unknown.status_code == 400
    assert list(wrong_phone.context["form"].non_field_errors()) == list(
        unknown.context["form"].non_field_errors()
    )
    page = wrong_phone.content.decode()
    assert 'data-testid="track-error"' in page
    assert COMPLAINT["name"] not in page and 'data-testid="case-status"' not in page
    assert client.get(complaint.get_absolute_url()).status_code == 404


def test_checking_numbers_too_often_is_refused_with_429(client, complaint, settings):
    settings.ENQUIRY_TRACK_RATE = "2/h"
    for _n in range(2):
        track(client, complaint.number, "13900000000")
    refused = track(client, complaint.number, COMPLAINT["phone"])
    assert refused.status_code == 429
    assert COMPLAINT["name"] not in refused.content.decode()
    assert_not_found(client.get(complaint.get_absolute_url()), COMPLAINT["name"])


def test_another_client_cannot_open_a_case_or_its_files_without_the_check(
    client, complaint, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # files are written on commit
        event = handling.add_information(
            case=complaint, text="", files=[SimpleUploadedFile("receipt.pdf", PDF)]
        )
    attachment = event.attachments.get()
    assert_not_found(client.get(complaint.get_absolute_url()), COMPLAINT["name"])
    file_url = reverse("enquiries:case_file", args=[complaint.number, attachment.pk])
    assert_not_found(client.get(file_url), "%PDF")
    proved(client, complaint)
    assert b"".join(client.get(file_url).streaming_content) == PDF


def test_staff_of_another_unit_get_404(client, complaint, xuhui_staff):
    client.force_login(xuhui_staff)
    assert_not_found(client.get(complaint.get_absolute_url()), COMPLAINT["name"])


def test_staff_of_the_handling_unit_are_sent_to_the_desk(client, complaint, huangpu_staff):
    client.force_login(huangpu_staff)
    response = client.get(complaint.get_absolute_url())
    assert response.status_code == 302
    assert response.url == reverse("enquiries:desk_case", args=[complaint.number])


def test_the_page_shows_when_the_next_step_is_due(client, complaint):
    proved(client, complaint)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert f'data-due="{complaint.clocks.get().due_on:%Y-%m-%d}"' in page


def test_a_refusal_shows_its_reason(client, complaint, huangpu_staff):
    handling.change_status(
        case=complaint, to="not_accepted", actor=huangpu_staff, reason="too_late", text="已超三年。"
    )
    proved(client, complaint)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert 'data-status="not_accepted"' in page and 'data-testid="case-reason"' in page
    assert "已超三年。" in page


def test_a_transfer_stays_internal(client, complaint, huangpu_staff, bureaus):
    handling.transfer(
        case=complaint, to_unit=bureaus["xuhui"], actor=huangpu_staff, text="商户在徐汇区。"
    )
    proved(client, complaint)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert 'data-testid="event-transfer"' not in page and "商户在徐汇区。" not in page


def test_the_filer_adds_information_before_closing_and_it_joins_the_history(client, complaint):
    proved(client, complaint)
    response = client.post(
        reverse("enquiries:case_add", args=[complaint.number]),
        {"text": "补充：验光单照片。", "attachments": [SimpleUploadedFile("验光单.pdf", PDF)]},
    )
    assert response.status_code == 302
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert 'data-testid="event-addition"' in page and "补充：验光单照片。" in page
    assert 'data-testid="event-file">验光单.pdf<' in page
    complaint.refresh_from_db()
    assert not complaint.needs_attention


def test_information_added_after_closing_is_forwarded_and_flagged_for_the_unit(
    client, complaint, huangpu_staff
):
    close(complaint, huangpu_staff)
    proved(client, complaint)
    client.cookies["qm_language"] = "en"
    response = client.post(
        reverse("enquiries:case_add", args=[complaint.number]), {"text": "商家又来电话了。"}
    )
    with translation.override("en"):
        told = [str(message) for message in get_messages(response.wsgi_request)]
    assert told == ["The case is closed; what you added has been forwarded to the handling unit."]
    complaint.refresh_from_db()
    assert complaint.needs_attention
    assert complaint.events.filter(kind="late_addition", text="商家又来电话了。").exists()


def test_an_empty_addition_is_refused(client, complaint):
    proved(client, complaint)
    response = client.post(reverse("enquiries:case_add", args=[complaint.number]), {"text": " "})
    assert response.status_code == 400
    assert not complaint.events.filter(kind="addition").exists()


def test_the_filer_rates_a_closed_case_once(client, complaint, huangpu_staff):
    close(complaint, huangpu_staff)
    proved(client, complaint)
    url = reverse("enquiries:case_rate", args=[complaint.number])
    assert client.post(url, {"rating": "4", "comment": "处理及时。"}).status_code == 302
    again = client.post(url, {"rating": "1"})
    assert again.status_code == 400
    complaint.refresh_from_db()
    assert (complaint.rating, complaint.rating_comment) == (4, "处理及时。")
    assert complaint.events.filter(kind="rating").count() == 1


def test_an_open_case_cannot_be_rated(client, complaint):
    proved(client, complaint)
    response = client.post(reverse("enquiries:case_rate", args=[complaint.number]), {"rating": "5"})
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.rating is None


def test_the_filer_sees_their_own_personal_data(client, complaint):
    proved(client, complaint)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert 'data-testid="personal-data"' in page and COMPLAINT["address"] in page
