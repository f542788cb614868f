"""Citizen services' figures for the year pages (collected by the figures app)."""

from django.utils.translation import gettext_lazy as _

from qualitymonth.core.figures import Figure
from qualitymonth.enquiries.selectors_figures import city_totals

FIGURES = [
    Figure(
        key="enquiries.received",
        name=_("Citizen cases received"),
        unit=_("cases"),
        definition=_("Complaints, reports and enquiries received in the year across the city."),
        compute=lambda year: city_totals(year)["received"],
        order=30,
    ),
    Figure(
        key="enquiries.on_time_rate",
        name=_("Cases handled on time"),
        unit="%",
        definition=_("Share of the year's finished handling steps that ended by their deadline."),
        compute=lambda year: city_totals(year)["on_time"] or 0,
        order=31,
    ),
]
