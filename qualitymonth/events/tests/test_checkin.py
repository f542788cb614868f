import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from qualitymonth.core.models import AuditEntry
from qualitymonth.events import services
from qualitymonth.events.models import Checkpoint, Event, Registration
from qualitymonth.events.tests.conftest import sign_up


def test_a_ticket_is_admitted_once(lecture):
    ticket = sign_up(lecture, 1)
    services.check_in(actor=None, event=lecture, ticket_code=ticket.ticket_code)
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=lecture, ticket_code=ticket.ticket_code)
    assert error.value.code == "twice"
    assert "已于" in error.value.messages[0]


def test_a_ticket_of_another_event_is_refused_with_that_events_name(lecture):
    ticket = sign_up(lecture, 1)
    forum = Event.objects.create(
        kind="forum", title="长三角论坛", starts_at=lecture.starts_at, ends_at=lecture.ends_at
    )
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=forum, ticket_code=ticket.ticket_code)
    assert error.value.code == "other_event"
    assert "第八期质量大讲堂" in error.value.messages[0]
    assert Registration.objects.get().checked_in_at is None


@pytest.mark.parametrize("code", ["", "x", "forged-code-that-is-long-enough", "<script>"])
def test_a_forged_code_is_not_a_ticket(lecture, code):
    sign_up(lecture, 1)
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=lecture, ticket_code=code)
    assert error.value.code == "unknown"


def test_the_scanned_ticket_address_is_read_as_its_code(lecture):
    ticket = sign_up(lecture, 1)
    scanned = f"https://example.org/events/tickets/{ticket.ticket_code}/"
    services.check_in(actor=None, event=lecture, ticket_code=scanned)
    assert Registration.objects.get().checked_in_at is not None


def test_tickets_expire_after_the_event(lecture):
    ticket = sign_up(lecture, 1)
    Event.objects.filter(pk=lecture.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2) + datetime.timedelta(hours=2),
    )
    lecture.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=lecture, ticket_code=ticket.ticket_code)
    assert error.value.code == "expired"


def test_a_waiting_or_cancelled_ticket_gets_its_own_message(lecture):
    people = [sign_up(lecture, n) for n in range(4)]
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=lecture, ticket_code=people[3].ticket_code)
    assert "候补" in error.value.messages[0]
    services.cancel_registration(actor=None, registration=people[0])
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=None, event=lecture, ticket_code=people[0].ticket_code)
    assert "取消" in error.value.messages[0]


def test_a_team_checks_in_once_at_each_checkpoint_and_arrival_is_recorded(lecture):
    start, finish = (Checkpoint.objects.create(event=lecture, name=n) for n in ("起点", "终点"))
    team = sign_up(lecture, 1, name="青浦一队")
    services.visit_checkpoint(actor=None, checkpoint=start, ticket_code=team.ticket_code)
    services.visit_checkpoint(actor=None, checkpoint=finish, ticket_code=team.ticket_code)
    with pytest.raises(ValidationError) as error:
        services.visit_checkpoint(actor=None, checkpoint=finish, ticket_code=team.ticket_code)
    assert "终点" in error.value.messages[0]
    team.refresh_from_db()
    assert team.checked_in_at is not None
    assert team.checkpoint_visits.count() == 2


def test_every_check_in_leaves_an_audit_entry(lecture, secretariat):
    ticket = sign_up(lecture, 1)
    services.check_in(actor=secretariat, event=lecture, ticket_code=ticket.ticket_code)
    entry = AuditEntry.objects.get(action="registration.check_in")
    assert entry.actor == secretariat


# The door: staff often have only what the person says, not the 24-letter code.


def door(client, event, text, **extra):
    url = reverse("events:check_in", args=[event.pk])
    return client.post(url, {"code": text, **extra}, headers={"HX-Request": "true"})


def test_check_in_finds_a_registration_by_phone(client, run_by_enterprise, enterprise_reporter):
    sign_up(run_by_enterprise, 1, name="王芳", phone="13812345678")
    client.force_login(enterprise_reporter)
    page = door(client, run_by_enterprise, "138 1234 5678").content.decode()
    assert "✔ 王芳" in page
    assert Registration.objects.get().checked_in_at is not None


def test_check_in_finds_a_registration_stored_before_phones_were_normalised(
    client, run_by_enterprise, enterprise_reporter
):
    Registration.objects.create(
        event=run_by_enterprise,
        venue=run_by_enterprise.venues.get(),
        name="演示参会者",
        phone="13900000021",
        status="confirmed",
    )
    client.force_login(enterprise_reporter)
    assert "✔ 演示参会者" in door(client, run_by_enterprise, "+86 139 0000 0021").content.decode()


def test_check_in_finds_a_registration_by_name(client, run_by_enterprise, enterprise_reporter):
    sign_up(run_by_enterprise, 1, name="王芳")
    sign_up(run_by_enterprise, 2, name="李明")
    client.force_login(enterprise_reporter)
    assert "✔ 王芳" in door(client, run_by_enterprise, "王芳").content.decode()
    assert Registration.objects.get(name="王芳").checked_in_at is not None
    assert Registration.objects.get(name="李明").checked_in_at is None


def test_check_in_accepts_the_ticket_code_in_any_case(
    client, run_by_enterprise, enterprise_reporter
):
    ticket = sign_up(run_by_enterprise, 1, name="王芳")
    Registration.objects.filter(pk=ticket.pk).update(ticket_code="AbCdEfGhIjKlMnOpQrStUvWx")
    client.force_login(enterprise_reporter)
    assert "✔ 王芳" in door(client, run_by_enterprise, "abcdefghijklmnopqrstuvwx").content.decode()


def test_the_service_admits_a_ticket_code_typed_in_another_case(lecture):
    ticket = sign_up(lecture, 1)
    Registration.objects.filter(pk=ticket.pk).update(ticket_code="AbCdEfGhIjKlMnOpQrStUvWx")
    services.check_in(actor=None, event=lecture, ticket_code="ABCDEFGHIJKLMNOPQRSTUVWX")
    assert Registration.objects.get().checked_in_at is not None


def test_two_codes_differing_only_in_case_admit_only_the_exact_one(lecture):
    first, second = sign_up(lecture, 1), sign_up(lecture, 2)
    Registration.objects.filter(pk=first.pk).update(ticket_code="AbCdEfGhIjKlMnOpQrStUvWx")
    Registration.objects.filter(pk=second.pk).update(ticket_code="abcdefghijklmnopqrstuvwx")
    with pytest.raises(ValidationError):
        services.check_in(actor=None, event=lecture, ticket_code="ABCDEFGHIJKLMNOPQRSTUVWX")
    services.check_in(actor=None, event=lecture, ticket_code="abcdefghijklmnopqrstuvwx")
    assert Registration.objects.get(pk=second.pk).checked_in_at is not None
    assert Registration.objects.get(pk=first.pk).checked_in_at is None


def test_several_people_with_one_name_are_offered_as_a_choice(
    client, run_by_enterprise, enterprise_reporter
):
    one = sign_up(run_by_enterprise, 1, name="王芳", phone="13812345678")
    two = sign_up(run_by_enterprise, 2, name="王芳", phone="13987654321")
    client.force_login(enterprise_reporter)
    page = door(client, run_by_enterprise, "王芳").content.decode()
    assert "有多人与“王芳”相符，请选择一位。" in page
    assert page.count('data-testid="check-in-choice"') == 2
    assert "138****5678" in page and "139****4321" in page
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()
    chosen = door(client, run_by_enterprise, two.ticket_code).content.decode()
    assert "✔ 王芳" in chosen
    assert Registration.objects.get(pk=two.pk).checked_in_at is not None
    assert Registration.objects.get(pk=one.pk).checked_in_at is None


def test_the_door_does_not_find_people_registered_for_another_event(
    client, run_by_enterprise, enterprise_reporter
):
    other = Event.objects.create(
        kind="forum",
        title="长三角论坛",
        starts_at=run_by_enterprise.starts_at,
        ends_at=run_by_enterprise.ends_at,
    )
    other.venues.create(name="会场")
    sign_up(other, 1, name="外场嘉宾", phone="13812345678")
    client.force_login(enterprise_reporter)
    for text in ("外场嘉宾", "13812345678"):
        page = door(client, run_by_enterprise, text).content.decode()
        assert f"本活动的报名中没有与“{text}”相符的人。" in page
        assert "外场嘉宾" not in page.replace(f"“{text}”", "")
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_staff_of_another_unit_cannot_search_an_events_registrations(
    client, run_by_enterprise, bureau_admin
):
    sign_up(run_by_enterprise, 1, name="王芳")
    client.force_login(bureau_admin)
    assert door(client, run_by_enterprise, "王芳").status_code == 404
    assert Registration.objects.get().checked_in_at is None


def test_the_check_in_api_finds_a_registration_by_phone_and_names_several_matches(
    client, run_by_enterprise, enterprise_reporter
):
    from qualitymonth.organizations.tests.test_unit_api import bearer, post_json

    sign_up(run_by_enterprise, 1, name="王芳", phone="13812345678")
    sign_up(run_by_enterprise, 2, name="王芳", phone="13987654321")
    url = f"/api/events/{run_by_enterprise.pk}/check-ins"
    auth = bearer(enterprise_reporter)
    response = post_json(client, url, {"code": "13812345678"}, **auth)
    assert response.status_code == 200 and response.json()["name"] == "王芳"
    several = post_json(client, url, {"code": "王芳"}, **auth)
    assert several.status_code == 409 and several.json()["code"] == "several"


def test_the_check_in_page_names_the_event_with_chinese_punctuation(
    client, run_by_enterprise, enterprise_reporter
):
    client.force_login(enterprise_reporter)
    page = client.get(reverse("events:check_in", args=[run_by_enterprise.pk])).content.decode()
    assert "<h1>签到：第八期质量大讲堂</h1>" in page
    assert "票号、手机号或姓名" in page
