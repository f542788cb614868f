"""Asking for more is not a dead end: the applicant answers through a signed link, adds
documents (a new licence checked by content) and the application returns to the secretariat.
An application may name more people, each given an account on approval."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from conftest import valid_credit_code
from qualitymonth.members.models import ApplicationStatus, JoinApplication
from qualitymonth.members.services.joining import (
    ask_for_more,
    more_link_token,
    submit_application,
)
from qualitymonth.members.tests.conftest import shows
from qualitymonth.members.tests.test_joining import CODE, form, licence_photo
from qualitymonth.organizations.models import Position, Role, Unit, User
from tests.answers import assert_not_found

pytestmark = pytest.mark.django_db

NOTE = "请补充近三年的质量管理体系认证证书。"


def pdf(name="认证证书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% certificate\n", content_type="application/pdf")


def not_a_document(name="证书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00 a program", content_type="application/pdf")


def applied(member_type, **overrides) -> JoinApplication:
    data = form(member_type, **overrides)
    data["type"] = member_type
    data.pop("people", None)
    return submit_application(actor=None, people=overrides.get("people", []), **data)


@pytest.fixture
def asked(member_type, secretariat):
    application = applied(member_type)
    return ask_for_more(actor=secretariat, application=application, note=NOTE)


def link(application) -> str:
    return f"/members/join/more/{more_link_token(application)}/"


@pytest.mark.django_db(transaction=True)
def test_the_applicant_answers_by_the_e_mailed_link_and_the_application_returns(
    client, secretariat, member_type, django_capture_on_commit_callbacks
):
    application = applied(member_type)
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/members/applications/{application.pk}/", {"decision": "more", "note": NOTE})
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    message = next(m for m in mail.outbox if "chen.jing@example.com" in m.to)
    assert NOTE in message.body
    url = re.search(r"https?://\S+/members/join/more/\S+/", message.body).group(0)
    path = url.split("//", 1)[1].split("/", 1)[1]
    client.logout()

    page = client.get(f"/{path}").content.decode()
    assert NOTE in page and "上海示例精密机械有限公司" in page
    response = client.post(
        f"/{path}",
        {
            "answer": "已补充证书。",
            "documents": [pdf(), pdf("检测报告.pdf")],
            "licence": licence_photo(),
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.answer == "已补充证书。"
    assert sorted(application.documents.values_list("name", flat=True)) == [
        "检测报告.pdf",
        "认证证书.pdf",
    ]
    # The link was for that request: used once, it leads nowhere.
    assert client.get(f"/{path}").status_code == 404

    client.force_login(secretariat)
    detail = client.get(f"/members/applications/{application.pk}/").content.decode()
    assert "已补充证书。" in detail and "认证证书.pdf" in detail
    document = application.documents.get(name="认证证书.pdf")
    download = client.get(f"/members/applications/{application.pk}/documents/{document.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_document_that_is_not_one_by_its_content_is_refused_and_nothing_is_kept(client, asked):
    page = client.post(
        link(asked), {"answer": "见附件。", "documents": [pdf(), not_a_document()]}
    ).content.decode()
    assert shows(
        page, "%(name)s is not a PDF, Word, Excel, PowerPoint or picture file.", name="证书.pdf"
    )
    asked.refresh_from_db()
    assert asked.status == ApplicationStatus.MORE_INFO and asked.answer == ""
    assert not asked.documents.exists()


def test_a_new_licence_is_checked_by_content_too(client, asked):
    fake = SimpleUploadedFile("licence.pdf", b"MZ\x90\x00 not a pdf", content_type="image/png")
    client.post(link(asked), {"answer": "换了营业执照。", "licence": fake})
    asked.refresh_from_db()
    assert asked.status == ApplicationStatus.MORE_INFO and asked.licence_type == "image/png"


def test_an_empty_answer_is_asked_for(client, asked):
    page = client.post(link(asked), {"answer": " "}).content.decode()
    assert shows(page, "This field is required.") or shows(
        page, "Answer the secretariat's question."
    )
    asked.refresh_from_db()
    assert asked.status == ApplicationStatus.MORE_INFO


def test_a_forged_or_stale_link_leads_nowhere(client, asked, secretariat):
    assert_not_found(client.get(link(asked)[:-3] + "xx/"), NOTE)
    stale = link(asked)
    ask_for_more(actor=secretariat, application=asked, note="再补充一份。")
    # Asked again: only the newest link answers.
    assert_not_found(client.get(stale), NOTE)


def test_another_applications_document_answers_not_found(client, asked, secretariat, member_type):
    client.post(link(asked), {"answer": "见附件。", "documents": [pdf()]})
    other = applied(member_type, credit_code=valid_credit_code("91310000MA1FL1111"))
    document = asked.documents.get()
    client.force_login(secretariat)
    assert_not_found(client.get(f"/members/applications/{other.pk}/documents/{document.pk}/"))


PEOPLE = (
    "王磊 | wang.lei@example.com | 13800008888 | reporter\n"
    "李娜 | li.na@example.com | 13800009999 | 单位管理员"
)


def test_the_people_named_on_an_application_each_get_an_account_on_approval(
    client, association, secretariat, member_type
):
    response = client.post("/members/join/", form(member_type, people=PEOPLE))
    assert response.status_code == 302
    application = JoinApplication.objects.get()
    assert [p["email"] for p in application.people] == ["wang.lei@example.com", "li.na@example.com"]
    client.force_login(secretariat)
    assert (
        "wang.lei@example.com"
        in client.get(f"/members/applications/{application.pk}/").content.decode()
    )
    client.post(f"/members/applications/{application.pk}/", {"decision": "approve"})
    unit = Unit.objects.get(credit_code=CODE)
    roles = {
        (p.user.email, p.role) for p in Position.objects.filter(unit=unit).select_related("user")
    }
    assert roles == {
        ("chen.jing@example.com", Role.UNIT_ADMIN),
        ("wang.lei@example.com", Role.REPORTER),
        ("li.na@example.com", Role.UNIT_ADMIN),
    }
    assert User.objects.get(email="li.na@example.com").display_name == "李娜"


def test_a_person_line_with_problems_is_named_and_no_application_is_kept(client, member_type):
    bad = "王磊 | not-an-email | 13800008888 | reporter\n李娜 | li.na@example.com | 123 | boss"
    page = client.post("/members/join/", form(member_type, people=bad)).content.decode()
    assert "1" in page and shows(page, "give a valid e-mail address")
    assert shows(page, "the role is unit administrator or unit reporter")
    assert not JoinApplication.objects.exists()
