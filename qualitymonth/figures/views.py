"""The year's figures: pages read stored values; the worker computes them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.cache import anonymous_page
from qualitymonth.core.permissions import permission_required
from qualitymonth.figures import selectors, selectors_dashboards, services
from qualitymonth.figures.forms import HandEntryForm

YEARS = range(1990, 2100)


def _year(year: int) -> int:
    if year not in YEARS:
        raise Http404
    return year


def index(request):
    """The navigation's entry: the current year's page."""
    return redirect("figures:year", year=timezone.localdate().year)


# Stored values, hand entries (with who entered them) and the publication: figures' tables and
# organizations' people; a signed-in reader's dashboard links are their own.
@anonymous_page("figures", "organizations")
def public_year(request, year):
    context = selectors.year_page(_year(year), public=True)
    dashboards = selectors_dashboards.dashboards_for(request.user)
    return render(request, "figures/year.html", {**context, "manage": False, **dashboards})


@permission_required("figures.manage")
def manage_year(request, year):
    context = selectors.year_page(_year(year), public=False)
    dashboards = selectors_dashboards.dashboards_for(request.user)
    return render(request, "figures/year.html", {**context, "manage": True, **dashboards})


@require_POST
@permission_required("figures.manage")
def recompute(request, year):
    services.queue_recompute(_year(year))
    messages.success(request, _("The figures are being computed; reload the page in a minute."))
    return redirect("figures:manage", year=year)


@require_POST
@permission_required("figures.manage")
def publish(request, year):
    try:
        services.publish_year(actor=request.user, year=_year(year))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The year's figures are published and frozen."))
    return redirect("figures:manage", year=year)


@permission_required("figures.manage")
def enter(request, year):
    _year(year)
    form = HandEntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_by_hand(
                actor=request.user,
                key=form.cleaned_data["key"],
                year=year,
                value=form.cleaned_data["value"],
                source=form.cleaned_data["source"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The figure is saved with its source."))
            return redirect("figures:manage", year=year)
    return render(request, "figures/enter.html", {"form": form, "year": year})
