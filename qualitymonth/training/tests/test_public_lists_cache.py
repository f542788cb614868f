"""Training's public lists kept for anonymous readers (core/cache.py): the classes, the
speakers' bureau and the quality officers' registry. A write shows at once, a kept page asks
the database nothing, a registry search is its own page, and a signed-in reader never gets
the visitors' page nor they theirs."""

import pytest

from conftest import Client, make_person, make_unit
from qualitymonth.core.tests import sign_in_support
from qualitymonth.core.tests.cache_support import page_cache, queries_to_read, read
from qualitymonth.organizations.models import Role, Unit
from qualitymonth.training.models import Lecturer, Qualification, QualificationKind
from qualitymonth.training.services.classes import (
    approve_enrolment,
    enrol_in_class,
    record_attendance,
)
from qualitymonth.training.services.qualifications import appoint

each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis
pytestmark = pytest.mark.django_db
__all__ = ["page_cache"]  # autouse: pages kept in every test of the module

CLASSES = "/training/classes/"
LECTURERS = "/training/lecturers/"
REGISTRY = "/training/cqo/"


@pytest.fixture
def qualified(training_class, trainee, trainer):
    """The trainee attended every session of a class that grants the qualification."""
    kind = QualificationKind.objects.create(key="cqo", name="企业首席质量官", prefix="CQO")
    training_class.qualification_kind = kind
    training_class.save()
    enrolment = enrol_in_class(user=trainee, training_class=training_class)
    for session in training_class.sessions.all():
        record_attendance(actor=trainer, session=session, present_enrolment_ids={enrolment.pk})
    return Qualification.objects.get(holder=trainee)


# --- the classes --------------------------------------------------------------------------


def test_the_places_taken_and_an_unpublished_class_show_at_once(each_cache, training_class):
    assert "已报名0人" in read(Client(), CLASSES)  # "0 of 2 places taken"
    assert queries_to_read(Client(), CLASSES) == 0  # the kept page

    enrol_in_class(user=make_person("first"), training_class=training_class)
    assert "已报名1人" in read(Client(), CLASSES)
    assert queries_to_read(Client(), CLASSES) == 0

    training_class.is_published = False
    training_class.save()
    assert "首席质量官培训班" not in read(Client(), CLASSES)


def test_an_approved_place_shows_at_once(each_cache, training_class, trainer):
    """Approval writes only the enrolment's registration (events' rows)."""
    training_class.requires_approval = True
    training_class.save()
    enrolment = enrol_in_class(user=make_person("first"), training_class=training_class)
    assert "已报名0人" in read(Client(), CLASSES)  # awaiting approval: no place taken yet

    approve_enrolment(actor=trainer, enrolment=enrolment)
    assert "已报名1人" in read(Client(), CLASSES)


# --- the speakers' bureau -----------------------------------------------------------------


def test_a_lecturer_shows_at_once_and_leaves_at_once(each_cache):
    read(Client(), LECTURERS)
    assert queries_to_read(Client(), LECTURERS) == 0

    lecturer = Lecturer.objects.create(name="王质量", topics="卓越绩效\n质量文化")
    assert "王质量" in read(Client(), LECTURERS)
    assert queries_to_read(Client(), LECTURERS) == 0

    Lecturer.objects.filter(pk=lecturer.pk).update(is_active=False)
    assert "王质量" not in read(Client(), LECTURERS)


# --- the registry -------------------------------------------------------------------------


def test_an_appointment_and_a_renamed_enterprise_show_at_once(each_cache, qualified):
    assert qualified.serial in read(Client(), REGISTRY)
    assert queries_to_read(Client(), REGISTRY) == 0

    factory = make_unit(name="漕河泾开发区")
    admin = make_person("factory-admin", unit=factory, role=Role.UNIT_ADMIN)
    appoint(actor=admin, enterprise=factory, number=qualified.serial)
    assert "漕河泾开发区" in read(Client(), REGISTRY)

    Unit.objects.filter(pk=factory.pk).update(name="临港新片区")  # organizations' rows
    page = read(Client(), REGISTRY)
    assert "临港新片区" in page and "漕河泾开发区" not in page


def test_each_search_is_its_own_page_and_made_up_parameters_are_not(each_cache, qualified):
    assert qualified.serial in read(Client(), REGISTRY, q="trainee")
    assert qualified.serial not in read(Client(), REGISTRY, q="无此人")
    assert qualified.serial in read(Client(), REGISTRY, q="trainee")  # not the other search's
    assert queries_to_read(Client(), REGISTRY, q="trainee", made="up") == 0
    assert queries_to_read(Client(), REGISTRY, q="  trainee ") == 0  # the same words

    Qualification.objects.filter(pk=qualified.pk).update(holder_name="另一人")
    assert qualified.serial not in read(Client(), REGISTRY, q="trainee")


# --- visitors and signed-in readers -------------------------------------------------------


@pytest.mark.parametrize("url", [CLASSES, LECTURERS, REGISTRY])
def test_a_signed_in_reader_and_a_visitor_never_get_each_others_page(each_cache, trainee, url):
    signed_in = Client()
    signed_in.force_login(trainee)
    read(Client(), url)  # the visitors' page is kept
    assert 'data-testid="my-learning"' in read(signed_in, url)
    for page in (read(Client(), url), read(Client(), url)):
        assert 'data-testid="my-learning"' not in page
        assert "csrfmiddlewaretoken" not in page
