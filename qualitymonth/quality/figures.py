"""Quality teams' figures for the year pages (collected by the figures app)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitymonth.core.figures import Figure
from qualitymonth.quality import selectors, selectors_records

FIGURES = [
    Figure(
        key="quality.teams",
        name=_("Quality teams"),
        unit=_("teams"),
        definition=_("QC groups and front-line teams registered for the year."),
        compute=selectors.figure_teams,
        order=50,
    ),
    Figure(
        key="quality.staff",
        name=_("Staff on quality teams"),
        unit=_("people"),
        definition=_("People on the year's teams, each counted once per enterprise."),
        compute=selectors.figure_participating_staff,
        order=51,
    ),
    Figure(
        key="quality.honoured_enterprises",
        name=_("Enterprises with quality awards"),
        unit=pgettext_lazy("figure unit", "enterprises"),
        definition=_(
            "Enterprises with a quality award of the year from another body (national, city or "
            "district), counted once the secretariat has checked its proof."
        ),
        compute=selectors_records.figure_honoured_enterprises,
        order=52,
    ),
]
