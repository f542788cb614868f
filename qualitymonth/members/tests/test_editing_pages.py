"""The secretariat corrects a term, an invoice and a payment on the members pages: the rules
of the first entry hold (terms never overlap, nothing is paid beyond an invoice), a refusal
is shown at the field and saves nothing, and a page opened before someone else's change
cannot overwrite it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from qualitymonth.members.models import Invoice, Payment, Term, TermChange
from qualitymonth.members.services import editing
from qualitymonth.members.services.terms import add_term, issue_invoice, record_payment
from qualitymonth.members.tests.conftest import shows

pytestmark = pytest.mark.django_db


@pytest.fixture
def dues(membership, member_type, secretariat):
    """Terms for 2025 and 2026; the 2026 invoice of 2000 yuan with 1500 paid."""
    older = add_term(
        actor=secretariat,
        membership=membership,
        type=member_type,
        starts_on=datetime.date(2025, 1, 1),
    )
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
    payment = record_payment(
        actor=secretariat,
        invoice=invoice,
        amount="1500",
        paid_on=datetime.date(2026, 2, 1),
        receipt_number="R-1",
    )
    return {"older": older, "term": term, "invoice": invoice, "payment": payment}


def opens_with(page: str, message: str) -> bool:
    """The start of `message` (up to its first value) on the page, in any of its languages."""
    from django.conf import settings
    from django.utils import translation

    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            if translation.gettext(message).split("%(")[0] in page:
                return True
    return False


def version_on(page: str) -> str:
    return re.search(r'name="version" value="([^"]*)"', page).group(1)


def test_the_secretariat_corrects_a_terms_end_and_the_history_says_so(client, secretariat, dues):
    client.force_login(secretariat)
    url = reverse("members:term_edit", args=[dues["term"].pk])
    page = client.get(url).content.decode()
    assert 'value="2026-12-31"' in page

    response = client.post(
        url,
        {
            "type": dues["term"].type_id,
            "starts_on": "2026-01-01",
            "ends_on": "2026-06-30",
            "version": version_on(page),
        },
    )

    assert response["Location"] == reverse("members:unit", args=[dues["term"].membership.unit_id])
    dues["term"].refresh_from_db()
    assert dues["term"].ends_on == datetime.date(2026, 6, 30)
    change = TermChange.objects.filter(term=dues["term"]).last()
    assert (change.what, change.actor, change.changes["ends_on"]) == (
        "change",
        secretariat,
        ["2026-12-31", "2026-06-30"],
    )


def test_a_term_moved_over_another_is_refused_at_its_start_and_nothing_changes(
    client, secretariat, dues
):
    client.force_login(secretariat)
    url = reverse("members:term_edit", args=[dues["term"].pk])
    version = version_on(client.get(url).content.decode())
    history = TermChange.objects.count()

    page = client.post(
        url,
        {
            "type": dues["term"].type_id,
            "starts_on": "2025-10-01",
            "ends_on": "2026-12-31",
            "version": version,
        },
    ).content.decode()

    assert shows(
        page,
        "This term overlaps the term from %(start)s to %(end)s; a unit has one term at a time.",
        start="2025-01-01",
        end="2025-12-31",
    )
    dues["term"].refresh_from_db()
    assert dues["term"].starts_on == datetime.date(2026, 1, 1)
    assert TermChange.objects.count() == history


def test_an_invoice_cannot_be_lowered_below_what_was_paid_on_it(client, secretariat, dues):
    client.force_login(secretariat)
    url = reverse("members:invoice_edit", args=[dues["invoice"].pk])
    page = client.get(url).content.decode()

    page = client.post(
        url,
        {
            "number": "HY2026-001",
            "amount": "1000",
            "issued_on": "2026-01-05",
            "due_on": "2026-03-31",
            "version": version_on(page),
        },
    ).content.decode()

    assert shows(
        page,
        "%(paid)s yuan has been paid on this invoice already; its amount cannot be less.",
        paid="1500.00",
    )
    assert Invoice.objects.get().amount == Decimal("2000.00")


def test_a_payment_corrected_to_more_than_the_invoice_is_refused(client, secretariat, dues):
    client.force_login(secretariat)
    url = reverse("members:payment_edit", args=[dues["payment"].pk])
    page = client.get(url).content.decode()
    assert "HY2026-001" in page

    page = client.post(
        url,
        {"amount": "2500", "paid_on": "2026-02-01", "version": version_on(page)},
    ).content.decode()

    assert shows(
        page,
        "This payment (%(amount)s yuan) is more than the %(owed)s yuan still owed on invoice "
        "%(number)s.",
        amount="2500",
        owed="2000.00",
        number="HY2026-001",
    )
    assert Payment.objects.get().amount == Decimal("1500.00")


def test_a_payment_is_corrected_with_its_fapiao_number(client, secretariat, dues):
    client.force_login(secretariat)
    url = reverse("members:payment_edit", args=[dues["payment"].pk])
    version = version_on(client.get(url).content.decode())

    client.post(
        url,
        {
            "amount": "2000",
            "paid_on": "2026-02-01",
            "receipt_number": "R-1",
            "fapiao_number": "31002026000001",
            "version": version,
        },
    )

    payment = Payment.objects.get()
    assert (payment.amount, payment.fapiao_number) == (Decimal("2000.00"), "31002026000001")


def test_a_page_opened_before_a_colleagues_change_cannot_overwrite_it(client, secretariat, dues):
    client.force_login(secretariat)
    url = reverse("members:invoice_edit", args=[dues["invoice"].pk])
    stale = version_on(client.get(url).content.decode())
    editing.change_invoice(
        actor=secretariat,
        invoice=dues["invoice"],
        version=stale,
        number="HY2026-001",
        amount="1800",
        issued_on=datetime.date(2026, 1, 5),
        due_on=datetime.date(2026, 3, 31),
    )

    page = client.post(
        url,
        {
            "number": "HY2026-001",
            "amount": "2200",
            "issued_on": "2026-01-05",
            "due_on": "2026-03-31",
            "version": stale,
        },
    ).content.decode()

    assert opens_with(
        page,
        "Not saved: this was changed after you opened it, by someone else or in another tab. "
        "As it stands now: %(changes)s. Open the page again to see the current values, then "
        "make your changes again.",
    )
    assert Invoice.objects.get().amount == Decimal("1800.00")


def test_only_the_secretariat_opens_the_correction_pages(client, enterprise_admin, dues):
    client.force_login(enterprise_admin)

    response = client.get(reverse("members:term_edit", args=[dues["term"].pk]))

    assert "2026-12-31" not in response.content.decode()
    assert Term.objects.get(pk=dues["term"].pk).ends_on == datetime.date(2026, 12, 31)
