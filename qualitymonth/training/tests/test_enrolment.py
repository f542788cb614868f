"""Enrolment in classes: a unit enrols its staff; capacity is never exceeded; those beyond
it wait in line and the first of them takes a place someone gives up."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django_tasks_db.models import DBTaskResult

from conftest import make_person
from qualitymonth.organizations.models import Role
from qualitymonth.training.models import ClassEnrolment
from qualitymonth.training.services.classes import (
    cancel_enrolment,
    enrol_in_class,
    enrol_staff,
)
from tests.queries import assert_flat


@pytest.fixture
def staff(enterprise, enterprise_admin):
    return [make_person(f"sgm-{n}", unit=enterprise, role=Role.REPORTER) for n in range(3)]


def _statuses(training_class):
    """Each person's status: their registration's, for the class's event."""
    return dict(
        training_class.enrolments.order_by("user__username").values_list(
            "user__username", "registration__status"
        )
    )


def test_a_unit_enrols_its_staff_beyond_capacity_into_the_waiting_list(
    training_class, enterprise, enterprise_admin, staff, client
):
    client.force_login(enterprise_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(
        f"/training/classes/{training_class.key}/enrol-staff/",
        {"unit": enterprise.pk, "people": [person.pk for person in staff]},
        follow=True,
    )

    assert _statuses(training_class) == {
        "sgm-0": "confirmed",
        "sgm-1": "confirmed",
        "sgm-2": "waiting",
    }
    page = response.content.decode()
    assert "on the waiting list: sgm-2" in page
    assert set(training_class.enrolments.values_list("unit", flat=True)) == {enterprise.pk}


def test_cancelling_a_place_gives_it_to_the_first_on_the_waiting_list(training_class):
    first, second, third, fourth = (make_person(f"p{n}") for n in range(4))
    for person in (first, second, third, fourth):
        enrol_in_class(user=person, training_class=training_class)

    promoted = cancel_enrolment(actor=first, enrolment=training_class.enrolments.get(user=first))

    assert promoted.user == third
    assert _statuses(training_class) == {
        "p0": "cancelled",
        "p1": "confirmed",
        "p2": "confirmed",
        "p3": "waiting",
    }


def test_leaving_the_waiting_list_promotes_nobody(training_class):
    people = [make_person(f"p{n}") for n in range(3)]
    for person in people:
        enrol_in_class(user=person, training_class=training_class)

    promoted = cancel_enrolment(
        actor=people[2], enrolment=training_class.enrolments.get(user=people[2])
    )

    assert promoted is None
    assert training_class.enrolments.filter(registration__status="confirmed").count() == 2


def test_enrolling_again_after_cancelling_joins_the_end_of_the_line(training_class):
    people = [make_person(f"p{n}") for n in range(4)]
    for person in people:
        enrol_in_class(user=person, training_class=training_class)
    cancel_enrolment(actor=people[0], enrolment=training_class.enrolments.get(user=people[0]))

    again = enrol_in_class(user=people[0], training_class=training_class)

    assert again.status == "waiting"
    cancel_enrolment(actor=people[1], enrolment=training_class.enrolments.get(user=people[1]))
    assert training_class.enrolments.get(user=people[3]).status == "confirmed"
    assert training_class.enrolments.get(user=people[0]).status == "waiting"


def test_a_unit_cannot_enrol_someone_who_is_not_its_staff(
    training_class, enterprise, enterprise_admin, staff
):
    outsider = make_person("outsider")

    with pytest.raises(ValidationError, match="outsider"):
        enrol_staff(
            actor=enterprise_admin,
            training_class=training_class,
            unit=enterprise,
            people=[staff[0], outsider],
        )

    assert not ClassEnrolment.objects.exists()


def test_the_unit_cancels_its_persons_place_and_the_next_gets_it(
    training_class, enterprise, enterprise_admin, staff, client
):
    enrol_staff(
        actor=enterprise_admin, training_class=training_class, unit=enterprise, people=staff
    )
    client.force_login(enterprise_admin)

    client.post(
        f"/training/class-enrolments/{training_class.enrolments.get(user=staff[0]).pk}/cancel/"
    )

    assert _statuses(training_class) == {
        "sgm-0": "cancelled",
        "sgm-1": "confirmed",
        "sgm-2": "confirmed",
    }


def test_another_units_administrator_cannot_cancel_a_place(
    training_class, enterprise, enterprise_admin, staff, bureau_admin, client
):
    enrol_staff(
        actor=enterprise_admin, training_class=training_class, unit=enterprise, people=staff
    )
    client.force_login(bureau_admin)

    response = client.post(
        f"/training/class-enrolments/{training_class.enrolments.get(user=staff[0]).pk}/cancel/"
    )

    assert response.status_code == 404
    assert training_class.enrolments.get(user=staff[0]).status == "confirmed"


def test_waiting_trainees_are_not_on_the_attendance_list(
    training_class, enterprise, enterprise_admin, staff, trainer, client
):
    enrol_staff(
        actor=enterprise_admin, training_class=training_class, unit=enterprise, people=staff
    )
    session = training_class.sessions.first()
    client.force_login(trainer)

    page = client.get(f"/training/classes/{training_class.key}/sessions/{session.pk}/attendance/")

    text = page.content.decode()
    assert "sgm-0" in text and "sgm-1" in text
    assert "sgm-2" not in text


def test_the_staff_enrolment_page_stays_flat(training_class, enterprise, enterprise_admin, client):
    client.force_login(enterprise_admin)
    n = iter(range(100))

    def more():
        for _ in range(3):
            person = make_person(f"more-{next(n)}", unit=enterprise, role=Role.REPORTER)
            enrol_in_class(user=person, training_class=training_class, unit=enterprise)
            make_person(f"free-{next(n)}", unit=enterprise, role=Role.REPORTER)

    more()
    assert_flat(client, f"/training/classes/{training_class.key}/enrol-staff/", more)


def test_the_roster_with_its_waiting_list_stays_flat(training_class, trainer, client):
    client.force_login(trainer)
    n = iter(range(100))

    def more():
        for _ in range(3):
            enrol_in_class(user=make_person(f"w-{next(n)}"), training_class=training_class)

    more()  # two places and a waiting list
    assert_flat(client, f"/training/classes/{training_class.key}/roster/", more)


def test_the_person_promoted_from_the_waiting_list_is_told_by_email(
    training_class, django_capture_on_commit_callbacks
):
    people = [make_person(f"p{n}") for n in range(3)]
    for person in people:
        enrol_in_class(user=person, training_class=training_class)
    people[2].email = "p2@example.org"
    people[2].save()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_enrolment(actor=people[0], enrolment=training_class.enrolments.get(user=people[0]))

    [queued] = DBTaskResult.objects.all()
    mail = queued.args_kwargs["kwargs"]
    assert mail["to"] == ["p2@example.org"]
    assert "首席质量官培训班" in mail["subject"]
    assert "/training/classes/cqo/" in mail["body"]


def test_more_places_go_to_the_waiting_list_in_turn(training_class, secretariat, client):
    people = [make_person(f"p{n}") for n in range(5)]
    for person in people:
        enrol_in_class(user=person, training_class=training_class)
    client.force_login(secretariat)

    client.post(
        f"/training/classes/{training_class.key}/edit/",
        {
            "key": training_class.key,
            "title": training_class.title,
            "fee": "0",
            "capacity": "4",
            "hours": "24",
            "attendance_required": "80",
            "trainer_names": "trainer",
            "is_published": "on",
        },
    )

    assert _statuses(training_class) == {
        "p0": "confirmed",
        "p1": "confirmed",
        "p2": "confirmed",
        "p3": "confirmed",
        "p4": "waiting",
    }
