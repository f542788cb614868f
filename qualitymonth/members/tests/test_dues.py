"""Dues: the year's invoices issued in one go, once per term."""

import datetime

import pytest

from qualitymonth.members.services.terms import add_term, issue_invoice

pytestmark = pytest.mark.django_db


def test_issuing_the_years_invoices_skips_terms_invoiced_already(
    client, membership, member_type, secretariat, association
):
    from qualitymonth.members.models import Invoice
    from qualitymonth.members.tests.conftest import member_unit

    term = add_term(
        actor=secretariat,
        membership=membership,
        type=member_type,
        starts_on=datetime.date(2026, 1, 1),
    )
    issue_invoice(
        actor=secretariat,
        term=term,
        year=2026,
        number="HY2026-001",
        issued_on=datetime.date(2026, 1, 5),
        due_on=datetime.date(2026, 3, 31),
    )
    other = member_unit(association, member_type, name="另一会员")
    client.force_login(secretariat)
    client.post("/members/dues/issue/", {"year": "2026"})
    client.post("/members/dues/issue/", {"year": "2026"})  # a second click issues nothing
    issued = dict(Invoice.objects.values_list("term__membership__unit__name", "number"))
    assert issued == {membership.unit.name: "HY2026-001", other.name: "HY2026-002"}
