from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qualitymonth.core.cache import anonymous_page
from qualitymonth.core.permissions import permission_required, require_perm_or_404
from qualitymonth.organizations import selectors, services
from qualitymonth.organizations.forms import PeopleFilterForm, UnitFilterForm, UnitForm

PAGE_SIZE = 30


def _directory_key(request):
    """What of the query string the directory shows (core/cache.py): the filters the form
    accepts and the page number; None (not kept) for an HTMX search's results alone, an
    invalid filter or a page number that is not a small one."""
    if request.headers.get("HX-Request"):
        return None
    if request.GET and not UnitFilterForm(request.GET).is_valid():
        return None
    # As sent: the form and the pages' links show them so.
    query, kind, level, page = (
        request.GET.get(name, "") for name in ("q", "kind", "level", "page")
    )
    small_page = page == "" or (page.isdigit() and len(page) <= 3)
    return (query, kind, level, page) if len(query) <= 100 and small_page else None


# The directory shows units and their memberships (organizations' tables) only.
@anonymous_page("organizations", key=_directory_key)
def unit_list(request):
    form = UnitFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    units = selectors.unit_directory(
        query=filters.get("q", ""), kind=filters.get("kind", ""), level=filters.get("level", "")
    )
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "organizations/_unit_results.html"
        if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted")
        else "organizations/unit_list.html"
    )
    return render(request, template, {"form": form, "page": page})


def unit_detail(request, pk):
    unit = selectors.get_unit(pk)
    user = request.user
    context = {
        "unit": unit,
        "children": selectors.children_of(unit),
        "memberships": selectors.memberships_of(unit),
        "can_see_contacts": user.has_perm("organizations.view_unit_contacts", unit),
        "can_see_people": user.has_perm("organizations.view_unit_people", unit),
        "can_edit": user.has_perm("organizations.change_unit", unit),
    }
    if context["can_see_people"]:
        context["positions"] = selectors.people_of(unit)
    return render(request, "organizations/unit_detail.html", context)


def _save_unit(request, form, save):
    if form.is_valid():
        try:
            unit = save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved %(unit)s.") % {"unit": unit.display_name})
            return redirect("organizations:unit_detail", pk=unit.pk)
    return None


@permission_required("organizations.add_unit")
def unit_create(request):
    form = UnitForm(request.POST or None)
    if request.method == "POST":
        response = _save_unit(
            request, form, lambda data: services.create_unit(actor=request.user, **data)
        )
        if response:
            return response
    return render(request, "organizations/unit_form.html", {"form": form, "unit": None})


@login_required
def unit_edit(request, pk):
    unit = selectors.get_unit(pk)
    require_perm_or_404(request.user, "organizations.change_unit", unit)
    # The form gets its own copy: validating it writes into the instance, and the
    # service must see the stored values to record what changed.
    form = UnitForm(
        request.POST or None,
        instance=selectors.get_unit(pk),
        editable_kind=request.user.has_perm("organizations.add_unit"),
    )
    if request.method == "POST":
        response = _save_unit(
            request,
            form,
            lambda data: services.update_unit(actor=request.user, unit=unit, **data),
        )
        if response:
            return response
    return render(request, "organizations/unit_form.html", {"form": form, "unit": unit})


@login_required
def people_list(request):
    form = PeopleFilterForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    people = selectors.people_visible_to(request.user, query=query)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "organizations/people_list.html", {"form": form, "page": page})


@login_required
def person_detail(request, pk):
    person = selectors.get_person_for(request.user, pk)
    return render(
        request,
        "organizations/person_detail.html",
        {"person": person, "positions": selectors.positions_of(person)},
    )
