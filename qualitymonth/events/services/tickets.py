"""Tickets: the e-mail that carries one, with the event as an iCalendar attachment."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from qualitymonth.core.tasks import queue_email
from qualitymonth.events import calendars
from qualitymonth.events.models import Registration, RegistrationStatus


def ticket_url(registration: Registration) -> str:
    return settings.SITE_URL + reverse("events:ticket", args=[registration.ticket_code])


def _body(registration: Registration) -> str:
    event = registration.event
    lines = [
        _("Dear %(name)s,") % {"name": registration.name},
        "",
        _("Your registration for “%(event)s” is %(status)s.")
        % {"event": event.display_title, "status": registration.get_status_display()},
        _("When: %(when)s") % {"when": calendars.when(event)},
        _("Where: %(venue)s") % {"venue": registration.venue.name},
        "",
    ]
    if registration.status == RegistrationStatus.CONFIRMED:
        lines.append(_("Show the QR code on your ticket page at the entrance:"))
    else:
        lines.append(_("Your ticket page shows your place and lets you cancel:"))
    lines += [ticket_url(registration), "", _("The event is attached for your calendar.")]
    return "\n".join(lines)


def send_ticket(registration: Registration) -> None:
    """E-mail the ticket (after the transaction commits); no address, no e-mail."""
    if not registration.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your ticket: %(event)s") % {"event": registration.event.display_title}
        body = _body(registration)
        ics = calendars.single(registration.event, url=ticket_url(registration))
    queue_email(
        to=[registration.email],
        subject=subject,
        body=body,
        attachments=[("event.ics", ics.decode("utf-8"), "text/calendar")],
    )
