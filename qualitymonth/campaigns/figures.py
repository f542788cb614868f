"""The campaign's figures for the year pages (collected by the figures app)."""

from django.utils.translation import gettext_lazy as _

from qualitymonth.campaigns import selectors
from qualitymonth.campaigns.models import Campaign
from qualitymonth.core.figures import Figure


def accepted_activity_reports(year: int) -> int:
    campaign = Campaign.objects.filter(year=year).first()
    if campaign is None:
        return 0
    return selectors.totals(selectors.public_activities(campaign))["activities"]


FIGURES = [
    Figure(
        key="campaigns.activity_reports",
        name=_("Activity reports"),
        unit=_("reports"),
        definition=_("Activity reports of the year's Quality Month accepted by the secretariat."),
        compute=accepted_activity_reports,
        order=20,
    ),
]
