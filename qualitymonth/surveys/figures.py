"""The evaluations' figures for the year pages (collected by the figures app): the fieldwork
of the year's evaluation rounds, for the city and each district."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitymonth.core.figures import Figure
from qualitymonth.surveys.models import Response

DISTRICT = "district"


def _valid(year: int):
    """Responses of the year's rounds that were not set aside."""
    return Response.objects.filter(round__year=year, voided_at__isnull=True)


def responses(year: int) -> int:
    return _valid(year).count()


def sites_visited(year: int) -> int:
    return _valid(year).filter(site__isnull=False).values("site_id").distinct().count()


def _by_district(year: int, dimension: str, district: str, counted) -> dict[str, int]:
    if dimension != DISTRICT:
        return {}
    rows = _valid(year).order_by().values_list(f"{district}__key").annotate(n=counted)
    return {key: n for key, n in rows if key}


FIGURES = [
    Figure(
        key="surveys.responses",
        name=_("Survey responses"),
        unit=_("responses"),
        definition=_(
            "Responses recorded in the year's evaluation rounds, without those set aside, "
            "by the district each was recorded in."
        ),
        compute=responses,
        dimensions=("year", DISTRICT),
        by=lambda year, dimension: _by_district(year, dimension, "district", Count("pk")),
        order=55,
    ),
    Figure(
        key="surveys.sites_visited",
        name=_("Sites surveyed"),
        unit=pgettext_lazy("figure unit", "sites"),
        definition=_(
            "Sites, enterprises and people of the sampling frames with at least one response "
            "in the year's evaluation rounds, by the district of the site."
        ),
        compute=sites_visited,
        dimensions=("year", DISTRICT),
        by=lambda year, dimension: _by_district(
            year, dimension, "site__district", Count("site_id", distinct=True)
        ),
        order=56,
    ),
]
