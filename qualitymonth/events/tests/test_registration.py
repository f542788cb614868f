import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from qualitymonth.events import services
from qualitymonth.events.models import Event, Registration, RegistrationStatus, Venue
from qualitymonth.events.tests.conftest import at_once, sign_up


def test_seats_are_confirmed_until_the_venue_is_full_then_people_wait(lecture, hall):
    statuses = [sign_up(lecture, n, hall).status for n in range(5)]
    assert statuses == ["confirmed"] * 3 + ["waiting"] * 2


def test_a_cancellation_promotes_the_longest_waiting_person(lecture, hall):
    people = [sign_up(lecture, n, hall) for n in range(5)]
    promoted = services.cancel_registration(actor=None, registration=people[1])
    assert promoted == people[3]
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {
        "听众0": "confirmed",
        "听众1": "cancelled",
        "听众2": "confirmed",
        "听众3": "confirmed",
        "听众4": "waiting",
    }


def test_cancelling_twice_promotes_only_once(lecture, hall):
    people = [sign_up(lecture, n, hall) for n in range(5)]
    services.cancel_registration(actor=None, registration=people[0])
    assert services.cancel_registration(actor=None, registration=people[0]) is None
    assert Registration.objects.filter(status="confirmed").count() == 3


def test_the_same_phone_cannot_register_twice(lecture, hall):
    sign_up(lecture, 1, hall)
    with pytest.raises(ValidationError) as error:
        sign_up(lecture, 1, hall)
    assert error.value.message_dict["phone"]
    assert Registration.objects.count() == 1


def test_a_closed_registration_is_refused(lecture, hall):
    Event.objects.filter(pk=lecture.pk).update(
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError):
        sign_up(lecture, 1, hall)
    assert not Registration.objects.exists()


def test_approval_holds_the_seat_while_pending(lecture, hall):
    Event.objects.filter(pk=lecture.pk).update(requires_approval=True)
    lecture.refresh_from_db()
    statuses = [sign_up(lecture, n, hall).status for n in range(4)]
    assert statuses == ["pending"] * 3 + ["waiting"]


def test_tickets_are_unguessable(lecture, hall):
    codes = {sign_up(lecture, n, hall).ticket_code for n in range(5)}
    assert len(codes) == 5 and all(len(code) >= 24 for code in codes)


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_parallel_registrations_never_oversells():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite has one writer at a time")
    starts = timezone.now() + datetime.timedelta(days=7)
    event = Event.objects.create(
        kind="lecture",
        title="并发测试",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )
    venue = Venue.objects.create(event=event, name="会场", capacity=10)
    errors = at_once(30, lambda n: sign_up(event, n, venue))
    assert errors == []
    counts = dict(Registration.objects.values_list("status").order_by().annotate(n=Count("pk")))
    assert counts == {RegistrationStatus.CONFIRMED: 10, RegistrationStatus.WAITING: 20}


def test_an_invitation_only_event_refuses_people_without_an_invitation(lecture):
    Event.objects.filter(pk=lecture.pk).update(registration="invitation")
    lecture.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        sign_up(lecture, 1)
    assert "邀请" in error.value.messages[0]
    assert not Registration.objects.exists()


def test_an_invitation_admits_as_many_people_as_it_has_places(lecture):
    Event.objects.filter(pk=lecture.pk).update(registration="invitation")
    lecture.refresh_from_db()
    invitation = services.create_invitation(actor=None, event=lecture, label="上汽通用", places=2)
    sign_up(lecture, 1, invitation=invitation)
    sign_up(lecture, 2, invitation=invitation)
    with pytest.raises(ValidationError) as error:
        sign_up(lecture, 3, invitation=invitation)
    assert error.value.code == "invitation_used"
    assert Registration.objects.count() == 2


def test_registration_is_refused_once_the_event_is_over(lecture):
    Event.objects.filter(pk=lecture.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    lecture.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        sign_up(lecture, 1)
    assert error.value.code == "over"


def test_a_required_question_must_be_answered_and_a_choice_must_be_listed(lecture):
    size = lecture.questions.create(
        label="企业规模", kind="choice", choices="50人以下\n50人以上", required=True
    )
    with pytest.raises(ValidationError) as error:
        sign_up(lecture, 1)
    assert error.value.message_dict[f"q{size.pk}"] == ["这个问题需要回答。"]
    with pytest.raises(ValidationError) as error:
        sign_up(lecture, 1, answers={f"q{size.pk}": "一万人"})
    assert f"q{size.pk}" in error.value.message_dict
    registration = sign_up(lecture, 1, answers={f"q{size.pk}": "50人以下", "q999": "ignored"})
    assert registration.answers == {f"q{size.pk}": "50人以下"}


def test_a_phone_number_is_required_and_checked(lecture):
    with pytest.raises(ValidationError) as error:
        sign_up(lecture, 1, phone="")
    assert "phone" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        sign_up(lecture, 1, phone="call me")
    assert error.value.message_dict["phone"] == ["请填写11位手机号码或带区号的固定电话。"]
    assert not Registration.objects.exists()


@pytest.mark.parametrize("phone", ["1381234567", "138123456789", "23812345678", "+86 12345"])
def test_a_mobile_number_that_cannot_exist_is_refused(lecture, phone):
    with pytest.raises(ValidationError) as error:
        sign_up(lecture, 1, phone=phone)
    assert error.value.message_dict["phone"] == ["请填写11位手机号码或带区号的固定电话。"]
    assert not Registration.objects.exists()


def test_phone_numbers_are_stored_in_e164_however_they_were_typed(lecture):
    registration = sign_up(lecture, 1, phone="138 1234-5678")
    registration.refresh_from_db()
    assert registration.phone == "+8613812345678"
    with pytest.raises(ValidationError) as error:
        sign_up(lecture, 2, phone="+86 138 1234 5678")
    assert error.value.message_dict["phone"] == ["此人已报名本活动。"]


def test_a_number_stored_before_normalising_still_counts_as_registered(lecture, hall):
    Registration.objects.create(
        event=lecture, venue=hall, name="旧记录", phone="13812345678", status="confirmed"
    )
    with pytest.raises(ValidationError):
        sign_up(lecture, 2, phone="+8613812345678")


def test_a_group_registration_stores_its_phones_in_e164(lecture, enterprise):
    services.register_group(
        actor=None, event=lecture, unit=enterprise, people=[("员工甲", "139-0000-0001")]
    )
    assert Registration.objects.get().phone == "+8613900000001"


def test_registration_for_an_ended_event_is_refused_with_a_message(lecture):
    Event.objects.filter(pk=lecture.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    lecture.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        sign_up(lecture, 1, phone="not even a phone")
    assert error.value.messages == ["活动已结束，报名已截止。"]
    assert not Registration.objects.exists()


def test_a_unit_registers_its_people_who_wait_once_seats_run_out(lecture, enterprise):
    people = [(f"员工{n}", f"1390000000{n}") for n in range(5)]
    registrations = services.register_group(
        actor=None, event=lecture, unit=enterprise, people=people
    )
    assert [r.status for r in registrations] == ["confirmed"] * 3 + ["waiting"] * 2
    assert {r.unit for r in registrations} == {enterprise}


def test_a_group_with_a_bad_line_registers_nobody_and_names_the_line(lecture, enterprise):
    sign_up(lecture, 1, phone="13900000002")
    people = [("员工甲", "13900000001"), ("员工乙", "13900000002"), ("", "13900000003")]
    with pytest.raises(ValidationError) as error:
        services.register_group(actor=None, event=lecture, unit=enterprise, people=people)
    problems = error.value.message_dict["people"]
    assert problems[0].startswith("第2行") and problems[1].startswith("第3行")
    assert Registration.objects.filter(unit=enterprise).count() == 0


def test_a_group_larger_than_the_event_allows_is_refused(lecture, enterprise):
    Event.objects.filter(pk=lecture.pk).update(max_group_size=2)
    lecture.refresh_from_db()
    people = [(f"员工{n}", f"1390000000{n}") for n in range(3)]
    with pytest.raises(ValidationError) as error:
        services.register_group(actor=None, event=lecture, unit=enterprise, people=people)
    assert "2" in error.value.message_dict["people"][0]


def test_approving_confirms_and_declining_frees_the_seat_for_the_next_in_line(lecture):
    Event.objects.filter(pk=lecture.pk).update(requires_approval=True)
    lecture.refresh_from_db()
    people = [sign_up(lecture, n) for n in range(4)]
    services.approve_registration(actor=None, registration=people[0])
    promoted = services.decline_registration(actor=None, registration=people[1])
    assert promoted == people[3]
    statuses = list(Registration.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["confirmed", "declined", "pending", "pending"]
