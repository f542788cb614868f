import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from conftest import make_person
from qualitymonth.events.models import EventUnit, Registration, Speaker
from qualitymonth.events.tests.conftest import sign_up
from qualitymonth.organizations.models import Role
from tests.answers import assert_not_found


def register_on_page(client, event, **values):
    data = {"name": "李明", "phone": "13812345678", "email": "li@example.org", **values}
    return client.post(reverse("events:detail", args=[event.pk]), data)


def test_the_event_page_shows_agenda_speakers_and_seats_in_english(client, lecture, hall):
    speaker = Speaker.objects.create(
        event=lecture, name="唐晓芬", name_en="Tang Xiaofen", affiliation_en="President"
    )
    lecture.agenda.create(
        starts_at="09:00", title="主题演讲", title_en="Keynote", speaker=speaker, venue=hall
    )
    sign_up(lecture, 1)
    client.cookies["qm_language"] = "en"
    html = client.get(lecture.get_absolute_url()).content.decode()
    assert "Quality Lecture Hall No. 8" in html
    assert "09:00" in html and "Keynote" in html and "Tang Xiaofen" in html
    assert "2 seats left" in html
    assert "webcal://" in html


def test_registering_on_the_page_leads_to_the_ticket_with_its_qr_code(client, lecture):
    response = register_on_page(client, lecture)
    registration = Registration.objects.get()
    assert response.url == reverse("events:ticket", args=[registration.ticket_code])
    page = client.get(response.url).content.decode()
    assert "李明" in page and reverse("events:ticket_qr", args=[registration.ticket_code]) in page
    svg = client.get(reverse("events:ticket_qr", args=[registration.ticket_code]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<path" in svg.content


def test_a_bad_registration_shows_the_message_beside_the_field(client, lecture):
    response = register_on_page(client, lecture, phone="1381234567")
    assert "请填写11位手机号码或带区号的固定电话。" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_full_event_puts_the_next_person_on_the_waiting_list(client, lecture):
    for n in range(3):
        sign_up(lecture, n)
    response = register_on_page(client, lecture)
    page = client.get(response.url).content.decode()
    assert "候补" in page and "ticket-qr" not in page


@pytest.mark.django_db(transaction=True)
def test_the_ticket_is_e_mailed_with_the_event_for_the_calendar(client, lecture):
    register_on_page(client, lecture)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    message = mail.outbox[-1]
    registration = Registration.objects.get()
    assert message.to == ["li@example.org"]
    assert registration.ticket_code in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename == "event.ics" and mimetype == "text/calendar"
    entry = Calendar.from_ical(content).walk("VEVENT")[0]
    assert entry.decoded("dtstart") == lecture.starts_at.replace(microsecond=0)


def test_cancelling_from_the_ticket_page_gives_the_seat_to_the_first_waiting(client, lecture):
    people = [sign_up(lecture, n) for n in range(4)]
    client.post(reverse("events:ticket_cancel", args=[people[0].ticket_code]))
    statuses = list(Registration.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["cancelled", "confirmed", "confirmed", "confirmed"]


def test_people_see_only_their_own_registrations(client, lecture, citizen):
    sign_up(lecture, 1, actor=citizen, name="市民本人")
    sign_up(lecture, 2, name="别人")
    client.force_login(citizen)
    page = client.get(reverse("events:mine")).content.decode()
    assert "市民本人" in page and "别人" not in page


def test_unit_reporters_see_the_registrations_of_their_unit_only(
    client, lecture, enterprise, enterprise_reporter, huangpu_bureau
):
    from qualitymonth.events import services

    services.register_group(
        actor=None, event=lecture, unit=enterprise, people=[("本单位员工", "13900000001")]
    )
    services.register_group(
        actor=None, event=lecture, unit=huangpu_bureau, people=[("外单位员工", "13900000002")]
    )
    client.force_login(enterprise_reporter)
    page = client.get(reverse("events:mine")).content.decode()
    assert "本单位员工" in page and "外单位员工" not in page


def test_a_unit_registers_people_from_its_page(client, lecture, enterprise, enterprise_reporter):
    client.force_login(enterprise_reporter)
    client.post(
        reverse("events:register_group", args=[lecture.pk]),
        {"unit": enterprise.pk, "people": "张三, 13900000001\n李四，13900000002"},
    )
    assert list(Registration.objects.values_list("name", "unit")) == [
        ("张三", enterprise.pk),
        ("李四", enterprise.pk),
    ]


def test_a_reporter_cannot_register_for_another_unit(
    client, lecture, enterprise_reporter, huangpu_bureau
):
    client.force_login(enterprise_reporter)
    response = client.post(
        reverse("events:register_group", args=[lecture.pk]),
        {"unit": huangpu_bureau.pk, "people": "张三, 13900000001"},
    )
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_staff_of_other_units_get_404_on_the_event_they_do_not_run(
    client, lecture, enterprise_admin
):
    sign_up(lecture, 1, name="报名者甲")
    client.force_login(enterprise_admin)
    for name in ("manage", "check_in"):
        response = client.get(reverse(f"events:{name}", args=[lecture.pk]))
        assert_not_found(response, "报名者甲")
    url = reverse("events:attendees_export", args=[lecture.pk, "csv"])
    assert_not_found(client.get(url), "报名者甲")


def test_the_door_checks_a_ticket_in_and_refuses_it_the_second_time(
    client, run_by_enterprise, enterprise_reporter
):
    ticket = sign_up(run_by_enterprise, 1, name="王芳")
    client.force_login(enterprise_reporter)
    url = reverse("events:check_in", args=[run_by_enterprise.pk])
    first = client.post(url, {"code": ticket.ticket_code}, headers={"HX-Request": "true"})
    assert "✔ 王芳" in first.content.decode()
    assert re.search(r'figure-checked-in">1<', first.content.decode())
    second = client.post(url, {"code": ticket.ticket_code}, headers={"HX-Request": "true"})
    assert "已于" in second.content.decode()


def test_attendee_lists_mask_phones_unless_the_viewer_may_see_them(
    client, run_by_enterprise, enterprise_reporter, secretariat
):
    sign_up(run_by_enterprise, 1, phone="13812345678")
    url = reverse("events:attendees_export", args=[run_by_enterprise.pk, "csv"])
    client.force_login(enterprise_reporter)
    masked = client.get(url).content.decode("utf-8-sig")
    assert "138****5678" in masked and "13812345678" not in masked
    client.force_login(secretariat)
    assert "13812345678" in client.get(url).content.decode("utf-8-sig")


def test_the_unit_admin_of_an_organiser_sees_phones(client, run_by_enterprise, enterprise):
    admin = make_person("organiser-admin", unit=enterprise, role=Role.UNIT_ADMIN)
    sign_up(run_by_enterprise, 1, phone="13812345678")
    client.force_login(admin)
    page = client.get(reverse("events:manage", args=[run_by_enterprise.pk])).content.decode()
    assert "13812345678" in page


def test_the_attendee_xlsx_has_a_row_per_registration(client, lecture, secretariat):
    from io import BytesIO

    from openpyxl import load_workbook

    lecture.questions.create(label="企业规模")
    sign_up(lecture, 1, name="甲")
    sign_up(lecture, 2, name="乙")
    client.force_login(secretariat)
    response = client.get(reverse("events:attendees_export", args=[lecture.pk, "xlsx"]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "姓名" and rows[0][-1] == "企业规模"
    assert [row[0] for row in rows[1:]] == ["甲", "乙"]


def test_an_invitation_link_opens_the_form_of_an_invitation_only_event(client, lecture):
    from qualitymonth.events import services

    lecture.registration = "invitation"
    lecture.save()
    invitation = services.create_invitation(actor=None, event=lecture, label="嘉宾", places=1)
    assert "register-form" not in client.get(lecture.get_absolute_url()).content.decode()
    url = f"{lecture.get_absolute_url()}?invitation={invitation.token}"
    assert "register-form" in client.get(url).content.decode()
    client.post(url, {"name": "嘉宾甲", "phone": "13900000001", "invitation": invitation.token})
    assert Registration.objects.get().invitation == invitation


def test_the_co_organiser_role_lets_staff_run_but_a_supporter_does_not(
    client, lecture, enterprise, enterprise_reporter
):
    EventUnit.objects.create(event=lecture, unit=enterprise, role="supporter")
    client.force_login(enterprise_reporter)
    assert_not_found(client.get(reverse("events:manage", args=[lecture.pk])))
    EventUnit.objects.filter(event=lecture, unit=enterprise).update(role="co_organiser")
    assert lecture.title in client.get(reverse("events:manage", args=[lecture.pk])).content.decode()


def test_a_signed_in_person_sees_their_ticket_link_on_the_event_page(client, lecture, citizen):
    registration = sign_up(lecture, 1, actor=citizen)
    client.force_login(citizen)
    page = client.get(lecture.get_absolute_url()).content.decode()
    assert reverse("events:ticket", args=[registration.ticket_code]) in page


def test_the_campaign_page_lists_its_events_with_a_calendar_subscription(client, lecture):
    import datetime

    from qualitymonth.campaigns.models import Campaign

    campaign = Campaign.objects.create(
        year=2026,
        theme="质量强国",
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 9, 30),
        is_published=True,
    )
    lecture.campaign = campaign
    lecture.save()
    page = client.get(reverse("campaigns:campaign_detail", args=[2026])).content.decode()
    assert lecture.title in page
    assert "webcal://testserver/events/campaigns/2026/calendar.ics" in page


def test_photos_of_a_published_event_are_shown_and_unpublished_ones_are_not(
    client, lecture, settings, tmp_path
):
    from qualitymonth.campaigns.tests.conftest import png

    settings.MEDIA_ROOT = tmp_path
    upload = png("hall.png")
    photo = lecture.photos.create(image=upload, caption="现场")
    upload.seek(0)
    url = reverse("events:photo", args=[photo.pk])
    assert url in client.get(lecture.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == upload.read()
    lecture.is_published = False
    lecture.save()
    assert client.get(url).status_code == 404
