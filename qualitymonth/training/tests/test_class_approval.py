"""Classes whose enrolments need the secretariat's approval, as events' registrations may: a
place is held while it waits, the secretariat approves or declines it on the roster, and a
declined place goes to the first on the waiting list (core's waiting-list rule, shared with
events)."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from conftest import make_person
from qualitymonth.core.models import AuditEntry
from qualitymonth.training.models import EnrolmentStatus
from qualitymonth.training.services.checkin import check_in_to_session
from qualitymonth.training.services.classes import (
    approve_enrolment,
    cancel_enrolment,
    decline_enrolment,
    enrol_in_class,
)


@pytest.fixture
def approved_class(training_class):
    training_class.requires_approval = True
    training_class.save()
    return training_class


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_an_enrolment_waits_for_approval_holding_a_place(approved_class, trainee, english):
    english.force_login(trainee)

    response = english.post(f"/training/classes/{approved_class.key}/enrol/", follow=True)

    page = response.content.decode()
    assert "held until the secretariat approves" in page
    assert "1 of 2 places taken" in page
    assert approved_class.enrolments.get().status == EnrolmentStatus.PENDING


def test_a_pending_place_counts_so_the_next_waits(approved_class):
    first, second, third = (
        enrol_in_class(user=make_person(name), training_class=approved_class)
        for name in ("a", "b", "c")
    )
    assert [first.status, second.status, third.status] == ["pending", "pending", "waiting"]


def test_the_secretariat_approves_on_the_roster(approved_class, trainee, secretariat, english):
    enrolment = enrol_in_class(user=trainee, training_class=approved_class)
    english.force_login(secretariat)
    roster = english.get(f"/training/classes/{approved_class.key}/roster/").content.decode()
    assert "Awaiting approval" in roster and "trainee" in roster

    response = english.post(f"/training/class-enrolments/{enrolment.pk}/approve/", follow=True)

    assert "enrolment is approved" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.CONFIRMED
    assert AuditEntry.objects.filter(action="training.class.approve").count() == 1


def test_a_declined_place_goes_to_the_first_waiting(approved_class, secretariat):
    people = [make_person(name) for name in ("a", "b", "c")]
    enrolments = [enrol_in_class(user=p, training_class=approved_class) for p in people]

    promoted = decline_enrolment(actor=secretariat, enrolment=enrolments[0])

    assert promoted == enrolments[2]
    enrolments[2].refresh_from_db()
    # Promoted into a place that still needs the secretariat's approval, as in events.
    assert enrolments[2].status == EnrolmentStatus.PENDING
    enrolments[0].refresh_from_db()
    assert enrolments[0].status == EnrolmentStatus.DECLINED


def test_a_declined_person_cannot_enrol_again(approved_class, trainee, secretariat):
    enrolment = enrol_in_class(user=trainee, training_class=approved_class)
    decline_enrolment(actor=secretariat, enrolment=enrolment)

    with translation.override("en"), pytest.raises(ValidationError, match="declined"):
        enrol_in_class(user=trainee, training_class=approved_class)


def test_a_trainer_may_not_approve(approved_class, trainee, trainer, english):
    enrolment = enrol_in_class(user=trainee, training_class=approved_class)
    english.force_login(trainer)

    response = english.post(f"/training/class-enrolments/{enrolment.pk}/approve/")

    assert response.status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.PENDING


def test_only_a_pending_enrolment_is_approved(approved_class, trainee, secretariat):
    enrolment = enrol_in_class(user=trainee, training_class=approved_class)
    approve_enrolment(actor=secretariat, enrolment=enrolment)

    with translation.override("en"), pytest.raises(ValidationError, match="awaiting approval"):
        approve_enrolment(actor=secretariat, enrolment=enrolment)


def test_a_pending_enrolment_is_not_checked_in(approved_class, trainee, trainer):
    enrolment = enrol_in_class(user=trainee, training_class=approved_class)

    with translation.override("en"), pytest.raises(ValidationError, match="approval"):
        check_in_to_session(
            actor=trainer, session=approved_class.sessions.first(), scanned=enrolment.code
        )


def test_cancelling_a_pending_place_promotes_the_first_waiting(approved_class, secretariat):
    people = [make_person(name) for name in ("a", "b", "c")]
    enrolments = [enrol_in_class(user=p, training_class=approved_class) for p in people]

    assert cancel_enrolment(actor=people[1], enrolment=enrolments[1]) == enrolments[2]


def test_without_approval_a_class_confirms_at_once(training_class, trainee):
    assert enrol_in_class(user=trainee, training_class=training_class).status == "confirmed"
