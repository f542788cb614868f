"""Public pages: the figures of the mass quality activities and the CSR reports list, and
the CSR steps (an enterprise submits, the secretariat checks and publishes)."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.cache import anonymous_page
from qualitymonth.core.permissions import permission_required
from qualitymonth.quality import selectors, selectors_records
from qualitymonth.quality.models import CSRReport, Industry
from qualitymonth.quality.services import csr as services
from qualitymonth.quality.services.csr import INDICATORS


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and len(value) == 4 else None


def year_key(request):
    """The one part of the query string these pages show, the year (core/cache.py); None (not
    kept) for a year outside the platform's."""
    year = _year(request)
    if year is not None and not 1990 <= year < 2100:
        return None
    return (str(year or ""),)


# Teams, results, outcomes (quality's tables) with programs and applications (awards') and
# enterprises (organizations' units).
@anonymous_page("quality", "awards", "organizations", key=year_key)
def figures(request):
    year = _year(request)
    csr = selectors_records.csr_totals(year)
    return render(
        request,
        "quality/figures.html",
        {
            "year": year,
            "years": selectors.years_registered(),
            "teams": selectors.figure_teams(year) if year else None,
            "staff": selectors.figure_participating_staff(year) if year else None,
            "recommended": selectors.figure_national_recommendations(year) if year else None,
            "awarded": selectors.figure_national_awards(year) if year else None,
            "cost": selectors.figure_cost_saved(year),
            "energy": selectors.figure_energy_saved(year),
            "defects": selectors.figure_defects_reduced(year),
            "reports": selectors_records.figure_csr_reports(year),
            "cases": selectors_records.figure_cases(year),
            "honoured": selectors_records.honoured_enterprises_by_level(year),
            "csr": [
                (str(INDICATORS[key][0]), csr["totals"].get(key, Decimal(0)), INDICATORS[key][1])
                for key in INDICATORS
            ],
            "csr_indicators": [(str(v[0]), v[1]) for v in INDICATORS.values()],
            "csr_by_industry": [
                (
                    Industry(industry).label,
                    [csr["by_industry"][industry].get(key, Decimal(0)) for key in INDICATORS],
                )
                for industry in Industry.values
                if industry in csr["by_industry"]
            ],
        },
    )


# A reader who keeps or checks reports has their own lists (and forms): never the visitors' page.
@anonymous_page("quality", "organizations", key=year_key)
def csr_reports(request):
    return render(
        request,
        "quality/csr_reports.html",
        {
            "reports": selectors_records.public_csr_reports(_year(request)),
            "mine": selectors_records.csr_reports_kept_by(request.user)
            if request.user.is_authenticated
            else [],
            "to_check": selectors_records.csr_to_check()
            if request.user.has_perm("quality.manage")
            else [],
        },
    )


@permission_required("quality.keep_records")
def csr_submit(request):
    enterprises = selectors.enterprises_kept_by(request.user)
    if request.method == "POST":
        enterprise = enterprises.filter(pk=request.POST.get("enterprise") or 0).first()
        year = request.POST.get("year", "")
        figures = [
            {
                "indicator": key,
                "value": request.POST.get(f"value_{key}", ""),
                "unit": request.POST.get(f"unit_{key}", ""),
            }
            for key in INDICATORS
            if request.POST.get(f"value_{key}", "").strip()
        ]
        try:
            if enterprise is None or not year.isdigit():
                raise ValidationError(_("Choose the enterprise and the year."))
            services.submit_csr_report(
                actor=request.user,
                enterprise=enterprise,
                year=int(year),
                industry=request.POST.get("industry", "other"),
                pdf=request.FILES.get("pdf"),
                figures=figures,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The report is submitted; the secretariat will check it."))
            return redirect("quality:csr_reports")
    return render(
        request,
        "quality/csr_submit.html",
        {
            "enterprises": enterprises,
            "industries": Industry.choices,
            "indicators": [(k, v[0], list(v[2]), v[3]) for k, v in INDICATORS.items()],
        },
        status=400 if request.method == "POST" else 200,
    )


def _csr_step(request, pk, step, done: str, **kwargs):
    if not request.user.has_perm("quality.manage"):
        raise PermissionDenied
    report = get_object_or_404(CSRReport, pk=pk)
    try:
        step(actor=request.user, report=report, **kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("quality:csr_reports")


@login_required
@require_POST
def csr_check(request, pk):
    return _csr_step(
        request,
        pk,
        services.check_report,
        _("The report is checked; publish it when it may go on the public list."),
        note=request.POST.get("note", ""),
    )


@login_required
@require_POST
def csr_publish(request, pk):
    return _csr_step(request, pk, services.publish_report, _("The report is published."))
