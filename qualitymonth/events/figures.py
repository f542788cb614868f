"""The events' figures for the year pages (collected by the figures app)."""

from django.utils.translation import gettext_lazy as _

from qualitymonth.core.figures import Figure
from qualitymonth.events import selectors

FIGURES = [
    Figure(
        key="events.held",
        name=_("Events held"),
        unit=_("events"),
        definition=_("Published events that started in the year."),
        compute=selectors.events_held_in,
        order=10,
    ),
    Figure(
        key="events.checked_in",
        name=_("Attendees checked in"),
        unit=_("people"),
        definition=_("Registrations checked in at the door of the year's published events."),
        compute=selectors.attendees_checked_in,
        order=11,
    ),
]
