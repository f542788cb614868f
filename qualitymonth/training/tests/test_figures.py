"""Training figures by year, strand, unit and district."""

from decimal import Decimal

from django.utils import timezone

from conftest import make_person, make_unit
from qualitymonth.organizations.models import UnitKind
from qualitymonth.training.models import ClassEnrolment, Enrolment
from qualitymonth.training.selectors import training_figures
from qualitymonth.training.services.classes import enrol_in_class
from tests.queries import assert_flat


def test_figures_count_trainees_times_hours_and_completion(course, training_class, trainee):
    district = make_unit(kind=UnitKind.DISTRICT, key="xh", name="徐汇区")
    factory = make_unit(name="漕河泾", district=district)
    other = make_person("other")
    Enrolment.objects.create(course=course, user=trainee, completed_at=timezone.now())
    Enrolment.objects.create(course=course, user=other)
    enrolment = enrol_in_class(user=trainee, training_class=training_class, unit=factory)
    ClassEnrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())

    figures = training_figures()

    assert figures["trainees"] == 2
    assert figures["trainee_times"] == 3
    assert figures["hours"] == Decimal("26.0")
    assert figures["classes"] == 1
    assert figures["completion_rate"] == 66.7
    assert figures["by_strand"][0]["times"] == 2 and figures["by_strand"][0]["rate"] == 50.0
    assert figures["by_unit"][0]["unit__name"] == "漕河泾"
    assert figures["by_district"][0]["unit__district__name"] == "徐汇区"
    assert training_figures(2001)["trainee_times"] == 0


def test_the_figures_page_is_the_secretariats_and_stays_flat(course, secretariat, client):
    client.force_login(secretariat)
    Enrolment.objects.create(course=course, user=make_person("first"))

    def more():
        for n in range(3):
            Enrolment.objects.create(course=course, user=make_person(f"more-{n}"))

    assert_flat(client, "/training/figures/", more)
    page = client.get("/training/figures/").content.decode()
    assert 'data-testid="strand-row"' in page and ">4<" in page


def test_other_apps_read_the_classes_a_units_people_attended(training_class, trainee, trainer):
    from qualitymonth.training.selectors import class_attendance_of_units
    from qualitymonth.training.services.classes import enrol_in_class, record_attendance

    unit = make_unit(name="漕河泾")
    enrolment = enrol_in_class(user=trainee, training_class=training_class, unit=unit)
    sessions = list(training_class.sessions.order_by("starts_at")[:2])
    for session in sessions:
        record_attendance(actor=trainer, session=session, present_enrolment_ids={enrolment.pk})

    rows = class_attendance_of_units([unit.pk])

    assert rows == [
        {
            "at": sessions[-1].starts_at,
            "title": "首席质量官培训班",
            "class_key": "cqo",
            "unit_id": unit.pk,
            "people": 1,
        }
    ]
    assert class_attendance_of_units([unit.pk + 1000]) == []
    assert class_attendance_of_units([unit.pk], year=2001) == []
