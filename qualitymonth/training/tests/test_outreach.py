"""The speakers' bureau and youth programmes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_person, make_unit
from qualitymonth.events.models import Event
from qualitymonth.organizations.models import Role, UnitKind
from qualitymonth.training.models import Lecturer, Student, TalkRequest
from qualitymonth.training.services.outreach import (
    assign_lecturer,
    register_student,
    request_talk,
)

TODAY = datetime.date(2026, 9, 1)


@pytest.fixture
def school(db):
    return make_unit(kind=UnitKind.SCHOOL, key="school", name="徐汇中学")


@pytest.fixture
def teacher(school):
    return make_person("teacher", unit=school, role=Role.REPORTER)


def test_a_childs_data_is_refused_without_the_guardians_consent(school, teacher, client):
    client.force_login(teacher)
    birth = timezone.localdate().replace(year=timezone.localdate().year - 10)

    response = client.post(
        "/training/youth/students/",
        {
            "school": school.pk,
            "name": "小明",
            "birth_date": birth.isoformat(),
            "guardian_name": "王芳",
            "guardian_phone": "13900001234",
        },
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "同意" in text or "consent" in text
    assert not Student.objects.exists()


def test_with_the_guardians_consent_the_child_is_registered_and_the_consent_recorded(
    school, teacher
):
    student = register_student(
        actor=teacher,
        school=school,
        name="小明",
        birth_date=datetime.date(2016, 5, 1),
        guardian_name="王芳",
        guardian_phone="139 0000 1234",
        consent=True,
        today=TODAY,
    )

    assert student.consent_at is not None
    assert student.guardian_phone == "+8613900001234"


def test_consent_without_a_guardians_phone_still_stores_nothing(school, teacher):
    with pytest.raises(ValidationError) as refused:
        register_student(
            actor=teacher,
            school=school,
            name="小明",
            birth_date=datetime.date(2016, 5, 1),
            guardian_name="王芳",
            consent=True,
            today=TODAY,
        )

    assert "guardian_phone" in refused.value.message_dict
    assert not Student.objects.exists()


def test_a_student_of_fourteen_needs_no_guardian(school, teacher):
    student = register_student(
        actor=teacher, school=school, name="李华", birth_date=datetime.date(2012, 9, 1), today=TODAY
    )

    assert student.consent_at is None


def test_an_assigned_talk_becomes_an_event_of_the_requesting_unit(enterprise, enterprise_admin):
    lecturer = Lecturer.objects.create(name="顾文涛", title="高级工程师", topics="质量体系")
    talk = request_talk(
        actor=enterprise_admin,
        unit=enterprise,
        topic="全员质量意识",
        wanted_on=timezone.localdate() + datetime.timedelta(days=10),
        audience_size=80,
    )

    assign_lecturer(actor=None, talk=talk, lecturer=lecturer)

    talk.refresh_from_db()
    event = Event.objects.get(pk=talk.event_id)
    assert event.title == "全员质量意识" and event.kind == "lecture"
    assert event.unit_roles.get().unit == enterprise
    assert event.speakers.get().name == "顾文涛"
    assert event.venues.get().capacity == 80
    with pytest.raises(ValidationError):
        assign_lecturer(actor=None, talk=talk, lecturer=lecturer)
    assert Event.objects.count() == 1


def test_a_talk_for_a_past_date_is_refused(enterprise, enterprise_admin):
    with pytest.raises(ValidationError):
        request_talk(
            actor=enterprise_admin,
            unit=enterprise,
            topic="x",
            wanted_on=timezone.localdate() - datetime.timedelta(days=1),
            audience_size=10,
        )
    assert not TalkRequest.objects.exists()


def test_a_unit_asks_for_a_talk_only_for_its_own_unit(enterprise, enterprise_admin, client):
    other = make_unit(name="别的单位")
    client.force_login(enterprise_admin)
    wanted = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()

    response = client.post(
        "/training/talks/request/",
        {"unit": other.pk, "topic": "质量", "wanted_on": wanted, "audience_size": 20},
    )

    assert response.status_code == 400
    assert not TalkRequest.objects.exists()
