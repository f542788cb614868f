"""The secretariat corrects a term, an invoice or a payment on the members pages. Each save
is checked against the version the page was opened with (a second tab or a colleague's
change is never overwritten), keeps the rules the first entry kept (terms never overlap,
nothing is paid beyond an invoice) and leaves a history; a refused save changes nothing."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.core.versions import check_instance_version
from qualitymonth.members.models import Invoice, MembershipType, Payment, Term
from qualitymonth.members.selectors import shanghai_today
from qualitymonth.members.services.terms import _check_no_overlap, _record, status_rules

CENT = Decimal("0.01")
TERM_FIELDS = ["type", "starts_on", "ends_on", "cancelled_on"]
INVOICE_FIELDS = ["number", "amount", "issued_on", "due_on"]
PAYMENT_FIELDS = ["amount", "paid_on", "bank_reference", "receipt_number", "fapiao_number"]


def _diff(instance, values: dict) -> dict:
    changes = {}
    for name, new in values.items():
        old = getattr(instance, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
    return changes


def _plain(value):
    if isinstance(value, MembershipType):
        return value.key
    if isinstance(value, (datetime.date, Decimal)):
        return str(value)
    return value


@transaction.atomic
def change_term(
    *,
    actor,
    term: Term,
    version: str | None,
    type: MembershipType,
    starts_on: datetime.date,
    ends_on: datetime.date,
    cancelled_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Term:
    term = Term.objects.select_for_update().get(pk=term.pk)
    check_instance_version(term, version, TERM_FIELDS)
    errors = {}
    if ends_on < starts_on:
        errors["ends_on"] = _("A term ends on or after the day it starts.")
    if cancelled_on is not None and cancelled_on < starts_on:
        errors["cancelled_on"] = _("A term is cancelled on or after the day it starts.")
    outside = (
        term.invoices.exclude(year__gte=starts_on.year, year__lte=ends_on.year)
        .order_by("year")
        .first()
    )
    if outside is not None:
        errors["starts_on"] = _(
            "Invoice %(number)s bills this term for %(year)s, outside these dates; correct "
            "the invoice first."
        ) % {"number": outside.number, "year": outside.year}
    if errors:
        raise ValidationError(errors)
    if cancelled_on is None:
        _check_no_overlap(term.membership, starts_on, ends_on, exclude=term)
    values = {
        "type": type,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "cancelled_on": cancelled_on,
    }
    changes = _diff(term, values)
    if not changes:
        return term
    for name, value in values.items():
        setattr(term, name, value)
    term.is_first = (
        not Term.objects.filter(membership=term.membership, starts_on__lt=starts_on)
        .exclude(pk=term.pk)
        .exists()
    )
    term.status = status_rules().status_on(term, today or shanghai_today())
    term.save()
    _record(term, actor=actor, what="change", changes={**changes, "status": term.status})
    return term


def _paid_besides(invoice: Invoice, payment: Payment | None = None) -> Decimal:
    payments = invoice.payments.all()
    if payment is not None:
        payments = payments.exclude(pk=payment.pk)
    total = payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return Decimal(total).quantize(CENT)  # SQLite's sum drops the cents' zeros


@transaction.atomic
def change_invoice(
    *,
    actor,
    invoice: Invoice,
    version: str | None,
    number: str,
    amount,
    issued_on: datetime.date,
    due_on: datetime.date,
) -> Invoice:
    # The same lock as a payment being recorded: no payment slips in under a lowered amount.
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    check_instance_version(invoice, version, INVOICE_FIELDS)
    amount, number = Decimal(amount), number.strip()
    errors = {}
    if amount <= 0:
        errors["amount"] = _("An invoice is for more than nothing.")
    paid = _paid_besides(invoice)
    if amount < paid:
        errors["amount"] = _(
            "%(paid)s yuan has been paid on this invoice already; its amount cannot be less."
        ) % {"paid": paid}
    if Invoice.objects.filter(number=number).exclude(pk=invoice.pk).exists():
        errors["number"] = _("Another invoice has this number.")
    if due_on < issued_on:
        errors["due_on"] = _("An invoice falls due on or after the day it is issued.")
    if errors:
        raise ValidationError(errors)
    values = {"number": number, "amount": amount, "issued_on": issued_on, "due_on": due_on}
    changes = _diff(invoice, values)
    if changes:
        for name, value in values.items():
            setattr(invoice, name, value)
        invoice.save()
        log_action(actor=actor, action="member_invoice.change", obj=invoice, changes=changes)
    return invoice


@transaction.atomic
def change_payment(
    *,
    actor,
    payment: Payment,
    version: str | None,
    amount,
    paid_on: datetime.date,
    bank_reference: str = "",
    receipt_number: str = "",
    fapiao_number: str = "",
) -> Payment:
    # The invoice first, as record_payment locks it: two payments never overpay it together.
    invoice = Invoice.objects.select_for_update().get(pk=payment.invoice_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    check_instance_version(payment, version, PAYMENT_FIELDS)
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("A payment is for more than nothing.")})
    owed = invoice.amount - _paid_besides(invoice, payment)
    if amount > owed:
        raise ValidationError(
            {
                "amount": _(
                    "This payment (%(amount)s yuan) is more than the %(owed)s yuan still "
                    "owed on invoice %(number)s."
                )
                % {"amount": amount, "owed": owed, "number": invoice.number}
            },
            code="overpaid",
        )
    values = {
        "amount": amount,
        "paid_on": paid_on,
        "bank_reference": bank_reference.strip(),
        "receipt_number": receipt_number.strip(),
        "fapiao_number": fapiao_number.strip(),
    }
    changes = _diff(payment, values)
    if changes:
        for name, value in values.items():
            setattr(payment, name, value)
        payment.save()
        log_action(
            actor=actor,
            action="member_payment.change",
            obj=payment,
            changes={**changes, "invoice": invoice.number},
        )
    return payment
