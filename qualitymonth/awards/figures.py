"""Recognition figures for the year pages (collected by the figures app)."""

from django.utils.translation import gettext_lazy as _

from qualitymonth.awards.selectors import year_application_counts
from qualitymonth.core.figures import Figure

FIGURES = [
    Figure(
        key="awards.applications",
        name=_("Award applications"),
        unit=_("applications"),
        definition=_("Applications sent to the year's recognition rounds, drafts left out."),
        compute=lambda year: year_application_counts(year)["applications"],
        order=60,
    ),
    Figure(
        key="awards.winners",
        name=_("Award winners"),
        unit=_("applications"),
        definition=_("Applications recognised in the year's rounds."),
        compute=lambda year: year_application_counts(year)["awarded"],
        order=61,
    ),
]
