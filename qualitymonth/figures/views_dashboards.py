"""The city's and the districts' dashboards: the current year's figures beside the last."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from qualitymonth.core.permissions import permission_required, require_perm_or_404
from qualitymonth.figures import selectors_dashboards


@permission_required("figures.view_city_dashboard")
def city(request):
    context = selectors_dashboards.city_dashboard(timezone.localdate().year)
    return render(request, "figures/dashboard_city.html", context)


@login_required
def district(request, pk):
    unit = selectors_dashboards.get_district(pk)
    if unit is None:
        raise Http404
    require_perm_or_404(request.user, "figures.view_district_dashboard", unit)
    context = selectors_dashboards.district_dashboard(unit, timezone.localdate().year)
    return render(request, "figures/dashboard_district.html", context)
