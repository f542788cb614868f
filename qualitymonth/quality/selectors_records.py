"""Reads of an enterprise's published records: CSR reports, the case library and honours
from other bodies, and who may open their files. (Split from selectors.py, which re-exports
the names other modules already use.)"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from qualitymonth.core.permissions import require_perm_or_404
from qualitymonth.organizations.selectors import staff_unit_ids

# --- CSR reports ---------------------------------------------------------------------------


def public_csr_reports(year: int | None = None):
    from qualitymonth.quality.models import CSRReport

    reports = (
        CSRReport.objects.filter(status="published")
        .select_related("enterprise")
        .prefetch_related("figures")
        .order_by("-year", "enterprise__sort_key")
    )
    return reports.filter(year=year) if year else reports


def csr_totals(year: int | None = None) -> dict:
    """Published data sheets in base units (t, tce, 人, 万元): by indicator, and by industry."""
    from qualitymonth.quality.models import CSRFigure
    from qualitymonth.quality.services.csr import INDICATORS

    rows = CSRFigure.objects.filter(report__status="published")
    if year:
        rows = rows.filter(report__year=year)
    totals, by_industry = {}, defaultdict(dict)
    for indicator, unit, industry, value in (
        rows.values_list("indicator", "unit", "report__industry")
        .annotate(v=Sum("value"))
        .order_by()
    ):
        factor = INDICATORS.get(indicator, (None, None, {}, None))[2].get(unit)
        if factor is None:
            continue
        totals[indicator] = totals.get(indicator, Decimal(0)) + value * factor
        by_industry[industry][indicator] = (
            by_industry[industry].get(indicator, Decimal(0)) + value * factor
        )
    return {"totals": totals, "by_industry": dict(by_industry)}


def figure_csr_reports(year: int | None = None) -> int:
    """Published CSR reports (enterprise-years)."""
    return public_csr_reports(year).count()


def figure_carbon_reduced(year: int | None = None) -> Decimal:
    """Carbon emissions reduced, tonnes, from published data sheets."""
    return csr_totals(year)["totals"].get("carbon", Decimal(0))


def csr_indicator_total(indicator: str):
    """compute(year) for one indicator of the published data sheets, in its base unit."""

    def compute(year: int | None = None) -> Decimal:
        return csr_totals(year)["totals"].get(indicator, Decimal(0))

    compute.__name__ = f"figure_csr_{indicator}"
    return compute


def csr_indicator_by_industry(indicator: str):
    """by(year, "industry") for one indicator: {industry: total in the base unit}."""

    def by(year: int, dimension: str) -> dict:
        if dimension != "industry":
            return {}
        return {
            industry: values[indicator]
            for industry, values in csr_totals(year)["by_industry"].items()
            if indicator in values
        }

    return by


def csr_to_check():
    from qualitymonth.quality.models import CSRReport

    return (
        CSRReport.objects.exclude(status="published")
        .select_related("enterprise", "checked_by")
        .prefetch_related("figures")
        .order_by("status", "-year", "enterprise__sort_key")
    )


# --- case library --------------------------------------------------------------------------


def search_cases(*, query: str = "", industry: str = "", method: str = "", patents=False):
    from qualitymonth.quality.models import Case

    cases = Case.objects.select_related("enterprise")
    if query:
        cases = cases.filter(
            Q(title__icontains=query) | Q(summary__icontains=query) | Q(benefits__icontains=query)
        )
    if industry:
        cases = cases.filter(industry=industry)
    if method:
        cases = cases.filter(method=method)
    if patents:
        cases = cases.filter(patents__gt=0)
    return cases.order_by("title")


def figure_cases(year: int | None = None) -> int:
    """Cases in the library (innovative quality-technology projects and good practices);
    with a year, those that entered the library that year."""
    from qualitymonth.quality.models import Case

    cases = Case.objects.all()
    return (cases.filter(promoted_on__year=year) if year else cases).count()


def _confirmed_honours(year: int | None = None):
    from qualitymonth.quality.models import Honour

    honours = Honour.objects.filter(confirmed_at__isnull=False)
    return honours.filter(year=year) if year else honours


def figure_honoured_enterprises(year: int | None = None) -> int:
    """Enterprises with at least one confirmed honour from another body (any level)."""
    return _confirmed_honours(year).values("enterprise").distinct().count()


HONOURED_AT = {
    "national": gettext_lazy("Enterprises with a national quality award"),
    "city": gettext_lazy("Enterprises with a city quality award"),
    "district": gettext_lazy("Enterprises with a district quality award"),
}


def honoured_enterprises_by_level(year: int | None = None) -> list[tuple]:
    """(level, what is counted, enterprises with a confirmed honour of that level), every
    level listed; an enterprise with honours at two levels counts at each. One query."""
    counts = dict(
        _confirmed_honours(year)
        .values_list("level")
        .annotate(n=Count("enterprise", distinct=True))
        .order_by()
    )
    return [(level, name, counts.get(level, 0)) for level, name in HONOURED_AT.items()]


def honours_kept_by(user):
    """Honours of the enterprises the person keeps records for, newest first."""
    from qualitymonth.quality.models import Honour

    return (
        Honour.objects.filter(enterprise_id__in=staff_unit_ids(user))
        .select_related("enterprise")
        .order_by("-year", "name", "pk")
    )


def honours_to_confirm():
    from qualitymonth.quality.models import Honour

    return (
        Honour.objects.filter(confirmed_at__isnull=True)
        .select_related("enterprise")
        .order_by("enterprise__sort_key", "-year", "pk")
    )


def get_honour(user, pk: int):
    from qualitymonth.quality.models import Honour

    honour = get_object_or_404(Honour.objects.select_related("enterprise"), pk=pk)
    require_perm_or_404(user, "quality.open_record", honour)
    return honour


# --- files ---------------------------------------------------------------------------------


def get_csr_report(user, pk: int):
    """A published report is anyone's; a draft its enterprise's staff and the secretariat's."""
    from qualitymonth.quality.models import CSRReport

    report = get_object_or_404(CSRReport.objects.select_related("enterprise"), pk=pk)
    if report.status != "published":
        require_perm_or_404(user, "quality.open_record", report)
    return report


def get_benefit(user, pk: int):
    from qualitymonth.quality.models import Benefit

    benefit = get_object_or_404(Benefit.objects.select_related("result__registration__team"), pk=pk)
    if not user.has_perm("quality.confirm_benefit", benefit):  # the confirmer sees the evidence
        require_perm_or_404(user, "quality.open_record", benefit)
    return benefit


def csr_reports_kept_by(user):
    """The person's enterprises' reports not yet published (their drafts)."""
    from qualitymonth.quality.models import CSRReport

    return (
        CSRReport.objects.filter(enterprise_id__in=staff_unit_ids(user))
        .exclude(status="published")
        .select_related("enterprise")
        .order_by("-year", "enterprise__sort_key")
    )
