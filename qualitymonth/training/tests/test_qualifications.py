"""The chief-quality-officer track: qualification by class and exam, expiry and renewal,
appointment of qualified people only, the district's batch and the public registry."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_person, make_unit
from qualitymonth.organizations.models import Role, UnitKind
from qualitymonth.training.models import (
    Appointment,
    AppointmentBatch,
    ClassEnrolment,
    Course,
    Enrolment,
    Qualification,
    QualificationKind,
)
from qualitymonth.training.services.classes import enrol_in_class, record_attendance
from qualitymonth.training.services.qualifications import (
    appoint,
    publish_batch,
    renew_qualification,
)


@pytest.fixture
def cqo_kind(db):
    return QualificationKind.objects.create(
        key="cqo", name="企业首席质量官", prefix="CQO", validity_years=3, renewal_hours=4
    )


@pytest.fixture
def qualified(training_class, cqo_kind, trainee, trainer):
    """The trainee attends every session of a class that grants the qualification."""
    training_class.qualification_kind = cqo_kind
    training_class.save()
    enrolment = enrol_in_class(user=trainee, training_class=training_class)
    for session in training_class.sessions.all():
        record_attendance(actor=trainer, session=session, present_enrolment_ids={enrolment.pk})
    return Qualification.objects.get(holder=trainee)


@pytest.fixture
def xuhui(db):
    return make_unit(kind=UnitKind.DISTRICT, key="xuhui", name="徐汇区")


@pytest.fixture
def factory(xuhui):
    return make_unit(key="caohejing", name="漕河泾开发区", district=xuhui)


@pytest.fixture
def factory_admin(factory):
    return make_person("factory-admin", unit=factory, role=Role.UNIT_ADMIN)


def _lapse(qualification):
    Qualification.objects.filter(pk=qualification.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )


def test_completing_the_class_grants_a_numbered_qualification_valid_three_years(qualified):
    today = timezone.localdate()
    assert qualified.serial == f"CQO-{today:%Y}-0001"
    assert qualified.valid_until == today.replace(year=today.year + 3)
    assert qualified.is_valid


def test_a_qualification_that_passed_its_date_is_shown_as_lapsed(qualified, client):
    _lapse(qualified)

    page = client.get(f"/certificates/verify/{qualified.serial}/").content.decode()

    assert qualified.serial in page
    assert not Qualification.objects.get(pk=qualified.pk).is_valid


def test_an_enterprise_admin_appoints_a_qualified_person(qualified, factory, factory_admin):
    appointment = appoint(actor=factory_admin, enterprise=factory, number=qualified.serial.lower())

    assert appointment.qualification == qualified
    assert appointment.enterprise == factory


def test_appointing_a_person_whose_qualification_lapsed_is_refused(
    qualified, factory, factory_admin, client
):
    _lapse(qualified)
    client.force_login(factory_admin)

    response = client.post(
        "/training/cqo/appoint/", {"unit": factory.pk, "number": qualified.serial}
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert qualified.serial in text and ("失效" in text or "lapsed" in text)
    assert not Appointment.objects.exists()


def test_appointing_someone_without_a_qualification_is_refused(factory, factory_admin):
    with pytest.raises(ValidationError) as refused:
        appoint(actor=factory_admin, enterprise=factory, number="CQO-2026-9999")

    assert "number" in refused.value.message_dict
    assert not Appointment.objects.exists()


def test_an_admin_cannot_appoint_for_another_unit(qualified, factory, factory_admin, client):
    other = make_unit(key="other-co", name="别的公司")
    client.force_login(factory_admin)

    response = client.post("/training/cqo/appoint/", {"unit": other.pk, "number": qualified.serial})

    assert response.status_code == 400
    assert not Appointment.objects.exists()


def test_renewal_before_its_window_is_refused(qualified):
    with pytest.raises(ValidationError) as refused:
        renew_qualification(actor=qualified.holder, qualification=qualified)

    assert "续期" in refused.value.messages[0] or "Renewal" in refused.value.messages[0]


def test_renewal_without_enough_continuing_hours_is_refused(qualified):
    near_expiry = qualified.valid_until - datetime.timedelta(days=30)
    before = qualified.valid_until

    with pytest.raises(ValidationError):
        renew_qualification(actor=qualified.holder, qualification=qualified, today=near_expiry)

    assert Qualification.objects.get(pk=qualified.pk).valid_until == before


def test_continuing_hours_before_expiry_renew_for_another_period(qualified):
    course = Course.objects.create(
        key="ce", title="继续教育", strand="basics", level="advanced", hours=Decimal("4")
    )
    Enrolment.objects.create(course=course, user=qualified.holder, completed_at=timezone.now())
    near_expiry = qualified.valid_until - datetime.timedelta(days=30)
    before = qualified.valid_until

    renewed = renew_qualification(
        actor=qualified.holder, qualification=qualified, today=near_expiry
    )

    assert renewed.valid_until == before.replace(year=before.year + 3)
    assert renewed.renewed_on == near_expiry


def test_a_lapsed_qualification_cannot_be_renewed(qualified):
    course = Course.objects.create(
        key="ce", title="继续教育", strand="basics", level="advanced", hours=Decimal("10")
    )
    Enrolment.objects.create(course=course, user=qualified.holder, completed_at=timezone.now())
    _lapse(qualified)

    with pytest.raises(ValidationError) as refused:
        renew_qualification(actor=qualified.holder, qualification=qualified)

    assert "重新" in refused.value.messages[0] or "again" in refused.value.messages[0]


def test_a_district_publishes_only_its_own_enterprises_appointments(
    qualified, cqo_kind, xuhui, factory, factory_admin
):
    ours = appoint(actor=factory_admin, enterprise=factory, number=qualified.serial)
    elsewhere_unit = make_unit(key="pudong-co", name="浦东公司")
    other_holder = make_person("other-holder")
    other = Qualification.objects.create(
        serial="CQO-X-1",
        holder=other_holder,
        holder_name="张三",
        kind=cqo_kind,
        granted_on=timezone.localdate(),
        valid_until=timezone.localdate() + datetime.timedelta(days=9),
    )
    theirs = Appointment.objects.create(
        qualification=other, enterprise=elsewhere_unit, appointed_on=timezone.localdate()
    )
    batch = AppointmentBatch.objects.create(district=xuhui, kind=cqo_kind, title="徐汇区第二批")

    with pytest.raises(ValidationError):
        publish_batch(actor=None, batch=batch, appointment_ids={ours.pk, theirs.pk})
    assert AppointmentBatch.objects.get(pk=batch.pk).published_at is None

    publish_batch(actor=None, batch=batch, appointment_ids={ours.pk})
    assert list(batch.appointments.all()) == [ours]


def test_the_registry_finds_people_by_name_unit_and_number(
    qualified, factory, factory_admin, client
):
    appoint(actor=factory_admin, enterprise=factory, number=qualified.serial)

    for query in ("trainee", "漕河泾", qualified.serial[-4:]):
        page = client.get("/training/cqo/", {"q": query}).content.decode()
        assert qualified.serial in page, query
    assert qualified.serial not in client.get("/training/cqo/", {"q": "无此人"}).content.decode()


def test_a_class_enrolment_keeps_the_unit_for_the_record(training_class, trainee, factory):
    enrolment = enrol_in_class(user=trainee, training_class=training_class, unit=factory)
    assert ClassEnrolment.objects.get(pk=enrolment.pk).unit == factory
