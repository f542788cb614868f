"""Refused writes name the field and what is wrong, and save nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qualitymonth.core.models import AuditEntry
from qualitymonth.members.models import Payment, Term, TermChange
from qualitymonth.members.services.terms import add_term, issue_invoice, record_payment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # The messages are compared as an English reader gets them.
    with translation.override("en"):
        yield


def test_a_term_overlapping_another_is_refused_and_nothing_is_saved(
    membership, member_type, secretariat
):
    add_term(
        actor=secretariat,
        membership=membership,
        type=member_type,
        starts_on=datetime.date(2026, 1, 1),
    )
    before = (Term.objects.count(), TermChange.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        add_term(
            actor=secretariat,
            membership=membership,
            type=member_type,
            starts_on=datetime.date(2026, 6, 1),
        )
    assert refused.value.message_dict["starts_on"] == [
        "This term overlaps the term from 2026-01-01 to 2026-12-31; a unit has one term at a time."
    ]
    assert (Term.objects.count(), TermChange.objects.count(), AuditEntry.objects.count()) == before


def test_a_payment_larger_than_what_is_owed_is_refused(membership, member_type, secretariat):
    term = add_term(
        actor=secretariat,
        membership=membership,
        type=member_type,
        starts_on=datetime.date(2026, 1, 1),
    )
    invoice = issue_invoice(
        actor=secretariat,
        term=term,
        year=2026,
        number="HY2026-001",
        issued_on=datetime.date(2026, 1, 5),
        due_on=datetime.date(2026, 3, 31),
    )
    record_payment(
        actor=secretariat,
        invoice=invoice,
        amount="1500",
        paid_on=datetime.date(2026, 2, 1),
        bank_reference="TX123",
        receipt_number="R-1",
        fapiao_number="044001",
    )
    with pytest.raises(ValidationError) as refused:
        record_payment(
            actor=secretariat, invoice=invoice, amount="600", paid_on=datetime.date(2026, 2, 2)
        )
    assert refused.value.message_dict["amount"] == [
        "This payment (600 yuan) is more than the 500.00 yuan still owed on invoice HY2026-001."
    ]
    assert list(Payment.objects.values_list("amount", flat=True)) == [Decimal("1500.00")]


def test_a_second_application_for_a_unit_already_a_member_is_refused_by_credit_code(
    client, membership, member_type
):
    from qualitymonth.members.models import JoinApplication
    from qualitymonth.members.tests.conftest import shows
    from qualitymonth.members.tests.test_joining import CODE, form

    membership.unit.credit_code = CODE
    membership.unit.save()
    page = client.post("/members/join/", form(member_type, credit_code=CODE.lower()))
    assert shows(
        page.content.decode(),
        "A unit with this credit code is already a member; ask the secretariat to renew its "
        "membership instead.",
    )
    assert not JoinApplication.objects.exists()


def test_a_follow_up_owned_by_someone_who_cannot_open_the_visit_is_refused(
    secretariat, enterprise, bureau_admin
):
    from qualitymonth.members.models import FollowUp, Visit
    from qualitymonth.members.services.visits import create_visit, parse_follow_ups

    follow_ups = parse_follow_ups("整理质量需求清单 | huangpu-admin | 2026-05-01")
    with pytest.raises(ValidationError) as refused:
        create_visit(
            actor=secretariat,
            kind="visit",
            day=datetime.date(2026, 4, 2),
            title="走访上汽通用",
            units=[enterprise],
            follow_ups=follow_ups,
        )
    assert refused.value.message_dict["follow_ups"] == [
        "huangpu-admin cannot open this visit (neither the secretariat nor staff of a unit "
        "met), so cannot own “整理质量需求清单”."
    ]
    assert not Visit.objects.exists() and not FollowUp.objects.exists()
