"""The ticket page, its QR code, and the ticket e-mail."""

import re
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from qualitymonth.events import services
from qualitymonth.events.models import Event, Registration
from qualitymonth.events.tests.conftest import sign_up

SVG = "{http://www.w3.org/2000/svg}svg"


def test_the_qr_code_is_an_svg_file_a_browser_can_show(client, lecture):
    ticket = sign_up(lecture, 1)
    page = client.get(reverse("events:ticket", args=[ticket.ticket_code])).content.decode()
    src = re.search(r'<img src="([^"]+)"[^>]*data-testid="ticket-qr"', page).group(1)
    assert src == reverse("events:ticket_qr", args=[ticket.ticket_code])
    response = client.get(src)
    assert response["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.content)
    assert root.tag == SVG
    assert len(list(root.iter("{http://www.w3.org/2000/svg}path"))) >= 1


def test_a_cancelled_ticket_says_so_links_to_the_event_and_has_no_qr_code(client, lecture):
    ticket = sign_up(lecture, 1)
    services.cancel_registration(actor=None, registration=ticket)
    page = client.get(reverse("events:ticket", args=[ticket.ticket_code])).content.decode()
    assert "此报名已取消，本票不能再用于入场。" in page
    assert f'href="{lecture.get_absolute_url()}" data-testid="back-to-event"' in page
    assert "ticket-qr" not in page and "取消报名" not in page
    assert client.get(reverse("events:ticket_qr", args=[ticket.ticket_code])).status_code == 404


def test_the_cancel_form_asks_for_confirmation_without_an_inline_handler(client, lecture):
    ticket = sign_up(lecture, 1)
    page = client.get(reverse("events:ticket", args=[ticket.ticket_code])).content.decode()
    cancel = reverse("events:ticket_cancel", args=[ticket.ticket_code])
    form = re.search(rf'<form[^>]*action="{cancel}"[^>]*>', page).group(0)
    assert re.search(r'data-confirm="[^"]+？[^"]*"', form)
    assert not re.search(r"\son[a-z]+=", page)


def test_a_registration_awaiting_approval_is_not_told_it_is_registered(client, lecture):
    Event.objects.filter(pk=lecture.pk).update(requires_approval=True)
    response = client.post(
        reverse("events:detail", args=[lecture.pk]),
        {"name": "李明", "phone": "13812345678"},
        follow=True,
    )
    page = response.content.decode()
    assert "报名已提交，正在等待主办方审核。" in page
    assert "报名成功" not in page
    assert "主办方尚未审核您的报名。审核通过后，本页将显示入场二维码。" in page


def test_a_confirmed_registration_is_told_it_is_registered(client, lecture):
    response = client.post(
        reverse("events:detail", args=[lecture.pk]),
        {"name": "李明", "phone": "13812345678"},
        follow=True,
    )
    assert "报名成功。" in response.content.decode()


def test_the_ticket_shows_answers_as_people_read_them(client, lecture):
    first = lecture.questions.create(label="是否第一次参加", kind="yes_no")
    size = lecture.questions.create(label="企业规模", kind="choice", choices="50人以下\n50人以上")
    ticket = sign_up(lecture, 1, answers={f"q{first.pk}": "no", f"q{size.pk}": "50人以下"})
    page = client.get(reverse("events:ticket", args=[ticket.ticket_code])).content.decode()
    answers = re.findall(r'data-testid="ticket-answer">([^<]*)<', page)
    assert answers == ["否", "50人以下"]


@pytest.mark.django_db(transaction=True)
def test_the_ticket_e_mail_links_to_the_address_the_person_registered_at(client, lecture, settings):
    settings.ALLOWED_HOSTS = ["quality.example.gov.cn"]
    client.post(
        reverse("events:detail", args=[lecture.pk]),
        {"name": "李明", "phone": "13812345678", "email": "li@example.org"},
        HTTP_HOST="quality.example.gov.cn",
    )
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    registration = Registration.objects.get()
    body = mail.outbox[-1].body
    code = registration.ticket_code
    assert f"http://quality.example.gov.cn/events/tickets/{code}/" in body
    assert f"http://quality.example.gov.cn/events/tickets/{code}/qr.svg" in body
    assert "127.0.0.1" not in body
    _, content, _ = mail.outbox[-1].attachments[0]
    entry = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(entry["uid"]) == f"event-{lecture.pk}@quality.example.gov.cn"


@pytest.mark.django_db(transaction=True)
def test_a_ticket_e_mailed_without_a_request_uses_the_site_url(lecture, settings):
    settings.SITE_URL = "https://quality.example.gov.cn"
    Event.objects.filter(pk=lecture.pk).update(requires_approval=True)
    ticket = sign_up(lecture, 1, email="li@example.org", notify=False)
    services.approve_registration(actor=None, registration=ticket)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    body = mail.outbox[-1].body
    assert f"https://quality.example.gov.cn/events/tickets/{ticket.ticket_code}/qr.svg" in body
    assert ticket.ticket_code in body
