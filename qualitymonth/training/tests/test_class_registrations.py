"""A class's places are an event's: an enrolment is a registration for the class's event (of
kind "training", not published on its own), its ticket is checked in at each session, and
what the events' services do to it the class sees."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import make_person, make_unit
from qualitymonth.events import selectors as events
from qualitymonth.events.services import cancel_registration, ticket_url
from qualitymonth.organizations.models import Role
from qualitymonth.training.selectors import training_figures
from qualitymonth.training.services.checkin import check_in_to_session
from qualitymonth.training.services.classes import (
    cancel_enrolment,
    enrol_in_class,
    record_attendance,
)


def test_an_enrolment_is_a_ticket_among_the_trainees_events(training_class, trainee):
    enrolment = enrol_in_class(user=trainee, training_class=training_class)

    [ticket] = events.registrations_of(trainee)

    assert ticket.ticket_code == enrolment.code
    assert ticket.event.kind == "training" and not ticket.event.is_published
    assert ticket.event.title == training_class.title
    assert ticket.event.starts_at == training_class.sessions.first().starts_at


def test_the_ticket_pages_address_scanned_at_a_session_checks_the_trainee_in(
    training_class, trainee, trainer
):
    enrolment = enrol_in_class(user=trainee, training_class=training_class)
    session = training_class.sessions.first()

    check_in_to_session(actor=trainer, session=session, scanned=ticket_url(enrolment.registration))

    assert session.attended.filter(enrolment=enrolment).exists()


def test_a_ticket_cancelled_through_the_events_gives_the_class_place_to_the_first_waiting(
    training_class,
):
    people = [make_person(f"p{n}") for n in range(3)]
    first, _second, third = (
        enrol_in_class(user=person, training_class=training_class) for person in people
    )
    assert third.status == "waiting"

    cancel_registration(actor=people[0], registration=first.registration)

    first.registration.refresh_from_db()
    third.registration.refresh_from_db()
    assert first.status == "cancelled"
    assert third.status == "confirmed"


def test_enrolling_again_after_cancelling_takes_a_new_ticket(training_class, trainee):
    enrolment = enrol_in_class(user=trainee, training_class=training_class)
    old_code = enrolment.code
    cancel_enrolment(actor=trainee, enrolment=enrolment)

    again = enrol_in_class(user=trainee, training_class=training_class)

    assert again.pk == enrolment.pk and again.status == "confirmed"
    assert again.code != old_code


def test_a_completed_class_stays_in_the_record_when_its_ticket_is_cancelled_afterwards(
    training_class, trainee, trainer, client
):
    enrolment = enrol_in_class(user=trainee, training_class=training_class)
    for session in training_class.sessions.order_by("starts_at")[:4]:
        record_attendance(actor=trainer, session=session, present_enrolment_ids={enrolment.pk})
    enrolment.refresh_from_db()
    serial = enrolment.certificate.serial

    cancel_registration(actor=trainee, registration=enrolment.registration)  # the ticket page

    client.force_login(trainee)
    assert serial in client.get("/training/mine/").content.decode()
    assert training_figures()["trainee_times"] == 1
    with pytest.raises(ValidationError):
        enrol_in_class(user=trainee, training_class=training_class)


def test_the_ticket_among_my_events_links_to_the_class_page_which_opens(
    client, training_class, trainee
):
    enrol_in_class(user=trainee, training_class=training_class)
    training_class.refresh_from_db()
    client.force_login(trainee)

    mine = client.get(reverse("events:mine")).content.decode()

    class_page = reverse("training:class", args=[training_class.key])
    assert f'href="{class_page}"' in mine
    assert reverse("events:detail", args=[training_class.event_id]) not in mine
    assert training_class.title in client.get(class_page).content.decode()


def test_a_units_record_of_a_class_place_points_at_the_class(training_class):
    unit = make_unit(key="maker", name="某制造企业")
    staffer = make_person("staffer", unit=unit, role=Role.REPORTER)
    enrol_in_class(user=staffer, training_class=training_class)

    [row] = events.registrations_of_units([unit.pk])

    assert row["url"] == reverse("training:class", args=[training_class.key])
