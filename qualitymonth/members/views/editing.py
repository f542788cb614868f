"""The secretariat's pages correcting a term, an invoice or a payment (not the admin): the
form opens with the stored values and their version; refusals show at the field."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitymonth.core.forms import save_with
from qualitymonth.core.permissions import permission_required
from qualitymonth.core.versions import VERSION_FIELD, instance_values, instance_version
from qualitymonth.members import selectors_pages as pages
from qualitymonth.members.forms import InvoiceEditForm, PaymentEditForm, TermEditForm
from qualitymonth.members.models import Invoice, Payment, Term
from qualitymonth.members.services import editing


def _form(form_class, request, instance, fields):
    initial = {
        **instance_values(instance, fields),
        VERSION_FIELD: instance_version(instance, fields),
    }
    return form_class(request.POST or None, initial=initial)


def _edit(request, *, form, save, done, unit, title, what):
    saved = save_with(
        request,
        form,
        lambda data: save(version=data.pop(VERSION_FIELD, ""), **data),
        done,
    )
    if saved:
        return redirect("members:unit", pk=unit.pk)
    return render(
        request,
        "members/edit_form.html",
        {"form": form, "unit": unit, "title": title, "what": what},
    )


@permission_required("members.manage")
@require_http_methods(["GET", "POST"])
def term_edit(request, pk):
    term = pages._get(Term.objects.select_related("membership__unit", "type"), pk)
    unit = term.membership.unit
    return _edit(
        request,
        form=_form(TermEditForm, request, term, editing.TERM_FIELDS),
        save=lambda **data: editing.change_term(actor=request.user, term=term, **data),
        done=_("Term saved."),
        unit=unit,
        title=_("Correct a membership term"),
        what=f"{term.type} · {term.starts_on.isoformat()} – {term.ends_on.isoformat()}",
    )


@permission_required("members.manage")
@require_http_methods(["GET", "POST"])
def invoice_edit(request, pk):
    invoice = pages._get(Invoice.objects.select_related("term__membership__unit"), pk)
    return _edit(
        request,
        form=_form(InvoiceEditForm, request, invoice, editing.INVOICE_FIELDS),
        save=lambda **data: editing.change_invoice(actor=request.user, invoice=invoice, **data),
        done=_("Invoice saved."),
        unit=invoice.term.membership.unit,
        title=_("Correct an invoice"),
        what=f"{invoice.number} · {invoice.year}",
    )


@permission_required("members.manage")
@require_http_methods(["GET", "POST"])
def payment_edit(request, pk):
    payment = pages._get(Payment.objects.select_related("invoice__term__membership__unit"), pk)
    return _edit(
        request,
        form=_form(PaymentEditForm, request, payment, editing.PAYMENT_FIELDS),
        save=lambda **data: editing.change_payment(actor=request.user, payment=payment, **data),
        done=_("Payment saved."),
        unit=payment.invoice.term.membership.unit,
        title=_("Correct a payment"),
        what=f"{payment.invoice.number} · {payment.paid_on.isoformat()} · {payment.amount}",
    )
