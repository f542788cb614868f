"""Group standards' figures for the year pages (collected by the figures app)."""

from django.utils.translation import gettext_lazy as _

from qualitymonth.core.figures import Figure
from qualitymonth.standards.selectors import standards_figures

FIGURES = [
    Figure(
        key="standards.published",
        name=_("Group standards published"),
        unit=_("standards"),
        definition=_("Group standards approved and published in the year (numbered that year)."),
        compute=lambda year: standards_figures(year)["published"],
        order=60,
    ),
    Figure(
        key="standards.comments_received",
        name=_("Public comments on draft standards"),
        unit=_("comments"),
        definition=_("Comments on clauses of draft group standards received in the year."),
        compute=lambda year: standards_figures(year)["comments_received"],
        order=61,
    ),
    Figure(
        key="standards.comments_accepted",
        name=_("Public comments accepted"),
        unit=_("comments"),
        definition=_(
            "Comments received in the year that the working group accepted in full or in part."
        ),
        compute=lambda year: standards_figures(year)["comments_accepted"],
        order=62,
    ),
    Figure(
        key="standards.adopters",
        name=_("Enterprises applying group standards"),
        unit=_("declarations"),
        definition=_("Declarations by enterprises, made in the year, that they apply a standard."),
        compute=lambda year: standards_figures(year)["adopters"],
        order=63,
    ),
]
