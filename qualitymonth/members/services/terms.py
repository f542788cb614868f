"""Writes of membership types, terms and dues. Every change leaves a TermChange and an
audit entry; a refused change saves nothing."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.members.models import (
    Invoice,
    MembershipType,
    Payment,
    Status,
    StatusRules,
    Term,
    TermChange,
)
from qualitymonth.members.selectors import shanghai_today
from qualitymonth.organizations.models import Membership


def status_rules() -> StatusRules:
    rules = StatusRules.objects.order_by("pk").first()
    return rules or StatusRules.objects.create()


def _record(term: Term, *, actor, what: str, changes: dict) -> None:
    TermChange.objects.create(
        term=term, actor=actor if _signed_in(actor) else None, what=what, changes=changes
    )
    log_action(actor=actor, action=f"member_term.{what}", obj=term, changes=changes)


def _signed_in(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _check_no_overlap(membership: Membership, starts_on, ends_on, *, exclude=None) -> None:
    others = Term.objects.filter(
        membership=membership,
        starts_on__lte=ends_on,
        ends_on__gte=starts_on,
        cancelled_on__isnull=True,
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    clash = others.order_by("starts_on").first()
    if clash is not None:
        raise ValidationError(
            {
                "starts_on": _(
                    "This term overlaps the term from %(start)s to %(end)s; a unit has one "
                    "term at a time."
                )
                % {"start": clash.starts_on.isoformat(), "end": clash.ends_on.isoformat()}
            },
            code="overlap",
        )


def term_end(starts_on: datetime.date, years: int) -> datetime.date:
    """The day before the same date `years` later (29 February counts from 1 March)."""
    try:
        same = starts_on.replace(year=starts_on.year + years)
    except ValueError:
        same = datetime.date(starts_on.year + years, 3, 1)
    return same - datetime.timedelta(days=1)


@transaction.atomic
def add_term(
    *,
    actor,
    membership: Membership,
    type: MembershipType,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Term:
    ends_on = ends_on or term_end(starts_on, type.term_years)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("A term ends on or after the day it starts.")})
    _check_no_overlap(membership, starts_on, ends_on)
    is_first = not Term.objects.filter(membership=membership, starts_on__lt=starts_on).exists()
    term = Term(
        membership=membership, type=type, starts_on=starts_on, ends_on=ends_on, is_first=is_first
    )
    term.status = status_rules().status_on(term, today or shanghai_today())
    term.save()
    _record(
        term,
        actor=actor,
        what="create",
        changes={
            "type": type.key,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "status": term.status,
        },
    )
    return term


@transaction.atomic
def renew(*, actor, term: Term, type: MembershipType | None = None) -> Term:
    """The next term, starting the day after this one ends."""
    return add_term(
        actor=actor,
        membership=term.membership,
        type=type or term.type,
        starts_on=term.ends_on + datetime.timedelta(days=1),
    )


@transaction.atomic
def cancel_term(*, actor, term: Term, on: datetime.date) -> Term:
    term = Term.objects.select_for_update().get(pk=term.pk)
    if term.cancelled_on is not None:
        raise ValidationError(_("This term is already cancelled."))
    term.cancelled_on = on
    term.status = status_rules().status_on(term, shanghai_today())
    term.save(update_fields=["cancelled_on", "status"])
    _record(
        term,
        actor=actor,
        what="cancel",
        changes={"cancelled_on": on.isoformat(), "status": term.status},
    )
    return term


def refresh_statuses(*, now: datetime.datetime | None = None) -> int:
    """Store each term's status for `today` (the worker runs this after midnight in
    Shanghai); each change is written to the term's history. Returns how many changed."""
    today = shanghai_today(now)
    rules = status_rules()
    changed = 0
    for term in Term.objects.exclude(status__in=(Status.EXPIRED, Status.CANCELLED)).iterator():
        status = rules.status_on(term, today)
        if status != term.status:
            with transaction.atomic():
                before = term.status
                term.status = status
                term.save(update_fields=["status"])
                _record(
                    term,
                    actor=None,
                    what="status",
                    changes={"status": [before, status], "on": today.isoformat()},
                )
            changed += 1
    return changed


# --- dues ------------------------------------------------------------------------------------


@transaction.atomic
def issue_invoice(
    *, actor, term: Term, year: int, number: str, issued_on, due_on, amount: Decimal | None = None
) -> Invoice:
    amount = term.type.dues_per_year if amount is None else Decimal(amount)
    errors = {}
    if amount <= 0:
        errors["amount"] = _("An invoice is for more than nothing.")
    if Invoice.objects.filter(number=number).exists():
        errors["number"] = _("Another invoice has this number.")
    if Invoice.objects.filter(term=term, year=year).exists():
        errors["year"] = _("This term already has an invoice for this year.")
    if errors:
        raise ValidationError(errors)
    invoice = Invoice.objects.create(
        term=term, year=year, number=number, amount=amount, issued_on=issued_on, due_on=due_on
    )
    log_action(
        actor=actor,
        action="member_invoice.create",
        obj=invoice,
        changes={"amount": str(amount), "year": year},
    )
    return invoice


@transaction.atomic
def issue_year_invoices(*, actor, year: int, issued_on, due_on) -> int:
    """An invoice of the year's dues for every term running in `year` that has none yet,
    numbered on from the year's last number. Returns how many were issued."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    terms = (
        Term.objects.filter(starts_on__lte=last, ends_on__gte=first, cancelled_on__isnull=True)
        .exclude(invoices__year=year)
        .select_related("type", "membership__unit")
        .order_by("membership__unit__sort_key", "pk")
    )
    taken = set(Invoice.objects.filter(year=year).values_list("number", flat=True))
    n, issued = 0, 0
    for term in terms:
        n += 1
        while f"HY{year}-{n:03d}" in taken:
            n += 1
        issue_invoice(
            actor=actor,
            term=term,
            year=year,
            number=f"HY{year}-{n:03d}",
            issued_on=issued_on,
            due_on=due_on,
        )
        issued += 1
    return issued


def paid_so_far(invoice: Invoice) -> Decimal:
    return invoice.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def owed(invoice: Invoice) -> Decimal:
    return invoice.amount - paid_so_far(invoice)


@transaction.atomic
def record_payment(
    *,
    actor,
    invoice: Invoice,
    amount,
    paid_on,
    bank_reference: str = "",
    receipt_number: str = "",
    fapiao_number: str = "",
) -> Payment:
    """A bank transfer against an invoice; more than what is still owed is refused."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("A payment is for more than nothing.")})
    owed = invoice.amount - paid_so_far(invoice)
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
    payment = Payment.objects.create(
        invoice=invoice,
        amount=amount,
        paid_on=paid_on,
        bank_reference=bank_reference.strip(),
        receipt_number=receipt_number.strip(),
        fapiao_number=fapiao_number.strip(),
        recorded_by=actor if _signed_in(actor) else None,
    )
    log_action(
        actor=actor,
        action="member_payment.create",
        obj=payment,
        changes={"amount": str(amount), "invoice": invoice.number},
    )
    return payment
