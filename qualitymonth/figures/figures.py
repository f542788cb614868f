"""Figures the platform cannot see: entered by hand with their source document."""

from django.utils.translation import gettext_lazy as _

from qualitymonth.core.figures import Figure

FIGURES = [
    Figure(
        key="figures.broadcast_reach",
        name=_("Broadcast reach"),
        unit=_("people"),
        definition=_(
            "Viewers and listeners of the year's broadcasts, as reported by the broadcaster."
        ),
        order=90,
    ),
]
