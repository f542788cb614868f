"""Reduced training fees, a right of the membership type: the staff of a member unit in good
standing whose type carries it pay the class's member fee; everyone else the full fee."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import make_person, make_unit
from qualitymonth.members.models import MembershipType
from qualitymonth.members.services.terms import add_term
from qualitymonth.organizations.models import Membership, Role
from qualitymonth.training.services import classes as services

pytestmark = pytest.mark.django_db


def member(association, *, right=True, ends=datetime.date(2026, 12, 31), key="m"):
    kind = MembershipType.objects.create(
        key=key, name="会员单位", dues_per_year=Decimal(2000), reduced_training_fees=right
    )
    unit = make_unit(name=f"会员企业{key}")
    membership = Membership.objects.create(association=association, unit=unit)
    add_term(
        actor=None,
        membership=membership,
        type=kind,
        starts_on=datetime.date(ends.year, 1, 1),
        ends_on=ends,
    )
    return unit, make_person(f"staff-{key}", unit=unit, role=Role.REPORTER)


@pytest.fixture
def priced(training_class):
    training_class.fee = Decimal("1200")
    training_class.member_fee = Decimal("800")
    training_class.capacity = 10
    training_class.save()
    return training_class


def test_a_members_staff_pay_the_member_fee(association, priced):
    _unit, person = member(association)

    enrolment = services.enrol_in_class(user=person, training_class=priced)

    assert enrolment.fee == Decimal("800")


def test_someone_outside_any_member_unit_pays_the_full_fee(priced):
    person = make_person("outsider", unit=make_unit(name="非会员企业"), role=Role.REPORTER)

    enrolment = services.enrol_in_class(user=person, training_class=priced)

    assert enrolment.fee == Decimal("1200")


def test_a_membership_type_without_the_right_pays_the_full_fee(association, priced):
    _unit, person = member(association, right=False)

    assert services.enrol_in_class(user=person, training_class=priced).fee == Decimal("1200")


def test_a_lapsed_member_pays_the_full_fee(association, priced):
    _unit, person = member(association, ends=datetime.date(2025, 3, 31))

    assert services.enrol_in_class(user=person, training_class=priced).fee == Decimal("1200")


def test_a_unit_enrolling_its_staff_gets_the_member_fee_for_each(association, priced):
    unit, admin = member(association)
    people = [make_person(f"worker-{n}", unit=unit, role=Role.REPORTER) for n in range(2)]

    services.enrol_staff(actor=admin, training_class=priced, unit=unit, people=people)

    assert [e.fee for e in priced.enrolments.order_by("pk")] == [Decimal("800")] * 2


def test_the_class_page_quotes_each_reader_their_own_fee(client, association, priced):
    _unit, person = member(association)
    page = client.get(reverse("training:class", args=[priced.key])).content.decode()
    assert "800" in page and 'data-testid="your-fee"' not in page  # anonymous: both prices

    client.force_login(person)
    page = client.get(reverse("training:class", args=[priced.key])).content.decode()

    your_fee = page[page.index('data-testid="your-fee"') :]
    assert "800" in your_fee[:200]
