"""Joining: an application online, the secretariat's approval, and what approval makes."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from conftest import valid_credit_code
from qualitymonth.members.models import ApplicationStatus, JoinApplication, Status
from qualitymonth.members.selectors import is_member_in_good_standing
from qualitymonth.members.tests.conftest import shows
from qualitymonth.organizations.models import Position, Role, Unit, User

pytestmark = pytest.mark.django_db

CODE = valid_credit_code("91310000MA1FL0000")


def licence_photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (240, 240, 240)).save(buffer, format="PNG")
    return SimpleUploadedFile("licence.png", buffer.getvalue(), content_type="image/png")


def form(member_type, **overrides):
    data = {
        "unit_name": "上海示例精密机械有限公司",
        "credit_code": CODE,
        "licence": licence_photo(),
        "contact_name": "陈静",
        "contact_phone": "13800007777",
        "contact_email": "chen.jing@example.com",
        "industry": "通用设备制造",
        "size": "medium",
        "type": member_type.pk,
    }
    data.update(overrides)
    return data


# The worker closes its connections as in production: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_an_enterprise_applies_and_the_secretariat_approves_it_into_a_member(
    client, association, secretariat, member_type, django_capture_on_commit_callbacks
):
    response = client.post("/members/join/", form(member_type))
    assert response.status_code == 302
    application = JoinApplication.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.licence_type == "image/png"

    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/members/applications/{application.pk}/", {"decision": "approve"})
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    application.refresh_from_db()
    unit = Unit.objects.get(credit_code=CODE)
    assert application.status == ApplicationStatus.APPROVED and application.unit == unit
    contact = User.objects.get(email="chen.jing@example.com")
    assert Position.objects.filter(user=contact, unit=unit, role=Role.UNIT_ADMIN).exists()
    assert unit.memberships.get().terms.get().status == Status.NEW
    assert is_member_in_good_standing(unit)
    welcome = [m for m in mail.outbox if "chen.jing@example.com" in m.to]
    assert welcome and "上海示例精密机械有限公司" in welcome[0].body


def test_an_application_with_a_wrong_check_character_names_the_field(client, member_type):
    wrong = CODE[:-1] + ("0" if CODE[-1] != "0" else "1")
    page = client.post("/members/join/", form(member_type, credit_code=wrong)).content.decode()
    assert shows(page, "The check character (the 18th) does not match; please check the code.")
    assert not JoinApplication.objects.exists()


def test_a_licence_that_is_not_a_pdf_or_picture_is_refused_by_its_content(client, member_type):
    fake = SimpleUploadedFile(
        "licence.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    page = client.post("/members/join/", form(member_type, licence=fake)).content.decode()
    assert shows(
        page, "%(name)s is not a PDF, Word, Excel, PowerPoint or picture file.", name="licence.pdf"
    )
    assert not JoinApplication.objects.exists()


# The worker closes its connections as in production: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_the_secretariat_asks_for_more_and_the_applicant_is_told(
    client, secretariat, member_type, association, django_capture_on_commit_callbacks
):
    client.post("/members/join/", form(member_type))
    application = JoinApplication.objects.get()
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/members/applications/{application.pk}/",
            {"decision": "more", "note": "请补充最近一年的质量管理体系证书。"},
        )
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.MORE_INFO
    assert any("质量管理体系证书" in m.body for m in mail.outbox)


def test_a_photographed_licence_is_stored_without_where_it_was_taken(
    client, member_type, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 13.0, 49.0), 3: "E", 4: (121.0, 28.0, 25.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (240, 240, 240)).save(buffer, format="JPEG", exif=exif)
    photo = SimpleUploadedFile("licence.jpg", buffer.getvalue(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/members/join/", form(member_type, licence=photo))
    application = JoinApplication.objects.get()
    with Image.open(application.licence.path) as stored:
        assert stored.format == "JPEG"
        assert 0x8825 not in stored.getexif()
