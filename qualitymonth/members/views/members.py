import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qualitymonth.core.forms import save_with
from qualitymonth.core.permissions import permission_required, require_perm_or_404
from qualitymonth.members import exports, selectors, timeline
from qualitymonth.members import selectors_pages as pages
from qualitymonth.members.forms import MemberFilterForm, PaymentForm, TermForm
from qualitymonth.members.models import Invoice
from qualitymonth.members.services import terms as term_services
from qualitymonth.organizations.models import Membership
from qualitymonth.organizations.selectors import people_of

PAGE_SIZE = 50


def _filtered_members(request):
    form = MemberFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    members = pages.member_list(
        query=filters.get("q", ""),
        status=filters.get("status", ""),
        type=filters.get("type"),
        group=filters.get("group"),
        district=filters.get("district"),
    )
    return form, members


def index(request):
    """The secretariat's member list; a member unit's staff their unit's page; anyone else
    the application form."""
    if request.user.has_perm("members.manage"):
        return redirect("members:list")
    own = pages.own_member_unit(request.user)
    if own is not None:
        return redirect("members:unit", pk=own)
    return redirect("members:apply")


@permission_required("members.manage")
def member_list(request):
    form, members = _filtered_members(request)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/member_list.html", {"form": form, "page": page})


@permission_required("members.manage")
def member_list_xlsx(request):
    _form, members = _filtered_members(request)
    header, rows = exports.members_rows(members)
    return exports.xlsx_response("members", header, rows, _("Members"))


def _unit_for(request, pk):
    unit = pages.get_member_unit(pk)
    require_perm_or_404(request.user, "members.view_member_unit", unit)
    return unit


def _timeline_args(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in timeline.KINDS else ""
    year = pages.year_from(request.GET.get("year")) if request.GET.get("year") else None
    return kind, year


@login_required
def unit_page(request, pk):
    unit = _unit_for(request, pk)
    kind, year = _timeline_args(request)
    every = timeline.timeline(request.user, unit)
    items = [i for i in every if (not kind or i.kind == kind) and (not year or i.day.year == year)]
    context = {
        "unit": unit,
        "terms": selectors.terms_of(unit),
        "invoices": selectors.invoices_of(unit),
        "positions": people_of(unit),
        "items": items,
        "counts": timeline.counts_per_year(every),
        "kinds": timeline.KINDS,
        "kind": kind,
        "year": year,
        "can_manage": request.user.has_perm("members.manage"),
        "term_form": TermForm(),
    }
    return render(request, "members/unit_page.html", context)


@login_required
def unit_page_xlsx(request, pk):
    unit = _unit_for(request, pk)
    kind, year = _timeline_args(request)
    items = timeline.timeline(request.user, unit, kind=kind, year=year)
    header, rows = exports.timeline_rows(items)
    return exports.xlsx_response(f"unit-{unit.pk}", header, rows, unit.name)


@permission_required("members.manage")
@require_POST
def term_add(request, pk):
    unit = pages.get_member_unit(pk)
    membership = Membership.objects.filter(unit=unit).order_by("pk").first()
    form = TermForm(request.POST)
    saved = save_with(
        request,
        form,
        lambda data: term_services.add_term(actor=request.user, membership=membership, **data),
        _("Term saved."),
    )
    if not saved:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return redirect("members:unit", pk=unit.pk)


@permission_required("members.manage")
def dues(request):
    year = pages.year_from(request.GET.get("year"))
    invoices = pages.dues_of_year(year)
    return render(request, "members/dues.html", {"year": year, "invoices": invoices})


@permission_required("members.manage")
@require_POST
def dues_issue(request):
    """Invoice the year's dues to every member without one; due at the end of March."""
    year = pages.year_from(request.POST.get("year"))
    issued = term_services.issue_year_invoices(
        actor=request.user,
        year=year,
        issued_on=selectors.shanghai_today(),
        due_on=datetime.date(year, 3, 31),
    )
    messages.success(request, _("%(count)s invoices issued.") % {"count": issued})
    return redirect(f"{reverse('members:dues')}?year={year}")


@permission_required("members.manage")
def dues_xlsx(request):
    year = pages.year_from(request.GET.get("year"))
    header, rows = exports.dues_rows(pages.dues_of_year(year))
    return exports.xlsx_response(f"dues-{year}", header, rows, _("Dues"))


@permission_required("members.manage")
@require_http_methods(["GET", "POST"])
def payment_add(request, pk):
    invoice = pages._get(Invoice.objects.select_related("term__membership__unit"), pk)
    form = PaymentForm(request.POST or None)
    saved = save_with(
        request,
        form,
        lambda data: term_services.record_payment(actor=request.user, invoice=invoice, **data),
        _("Payment recorded."),
    )
    if saved:
        return redirect(f"{reverse('members:dues')}?year={invoice.year}")
    return render(
        request,
        "members/payment_form.html",
        {"form": form, "invoice": invoice, "owed": term_services.owed(invoice)},
    )
