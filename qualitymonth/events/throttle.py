"""Budgets for anonymous registrations, shared by the web page and the API.

Two budgets, both spent by every attempt (a refused one too, so a script learns nothing by
retrying): one per client address (`REGISTRATION_RATE`) and one per phone number in E.164
(`REGISTRATION_PHONE_RATE`), so rotating addresses with one phone is stopped as surely as one
address rotating phones. Signed-in people and API tokens are known and not counted."""

from django.conf import settings
from django.utils.translation import gettext as _

from qualitymonth.core.budgets import Budget
from qualitymonth.core.clients import over_limit
from qualitymonth.core.phones import phone_or_none


def registration_refused(request, phone_text: str) -> str | None:
    """The message to answer with (429) when this attempt is over a budget, else None."""
    if request.user.is_authenticated:
        return None
    phone = phone_or_none(phone_text or "")
    # An unusable number is refused by the form; only a real number has a budget to spend.
    by_phone = (
        (Budget("events.registration.phone", phone, settings.REGISTRATION_PHONE_RATE),)
        if phone is not None
        else ()
    )
    spent = over_limit(
        request, group="events.registration", rate=settings.REGISTRATION_RATE, also=by_phone
    )
    if spent:
        return _(
            "Too many registrations from your connection or for this phone number. "
            "Please try again in an hour."
        )
    return None


def cancellation_refused(request) -> str | None:
    """Cancelling by ticket code is open to anyone holding the code: counted per address."""
    if request.user.is_authenticated:
        return None
    if over_limit(request, group="events.ticket_cancel", rate=settings.REGISTRATION_RATE):
        return _("Too many attempts from your connection. Please try later.")
    return None
