"""Tickets: the e-mail that carries one, with the event as an iCalendar attachment."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from qualitymonth.core.tasks import queue_email
from qualitymonth.events import calendars
from qualitymonth.events.models import Registration, RegistrationStatus


def _base(site_url: str | None) -> str:
    """The address people reach the platform at: the request's when there is one."""
    return (site_url or settings.SITE_URL).rstrip("/")


def ticket_url(registration: Registration, site_url: str | None = None) -> str:
    return _base(site_url) + reverse("events:ticket", args=[registration.ticket_code])


def qr_url(registration: Registration, site_url: str | None = None) -> str:
    return _base(site_url) + reverse("events:ticket_qr", args=[registration.ticket_code])


def _body(registration: Registration, site_url: str | None) -> str:
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
        lines += [
            _("Show the QR code on your ticket page at the entrance:"),
            ticket_url(registration, site_url),
            "",
            # Mail programs do not show images from the web by default: the code opens alone.
            _("The QR code alone: %(url)s") % {"url": qr_url(registration, site_url)},
            _("Ticket code (staff can also find you by your phone number): %(code)s")
            % {"code": registration.ticket_code},
        ]
    else:
        lines += [
            _("Your ticket page shows your place and lets you cancel:"),
            ticket_url(registration, site_url),
        ]
    lines += ["", _("The event is attached for your calendar.")]
    return "\n".join(lines)


def send_ticket(registration: Registration, *, site_url: str | None = None) -> None:
    """E-mail the ticket (after the transaction commits); no address, no e-mail.

    `site_url` is the address of the request that caused the e-mail (scheme and host), so
    that links work wherever the platform is reached; without one, settings.SITE_URL."""
    if not registration.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your ticket: %(event)s") % {"event": registration.event.display_title}
        body = _body(registration, site_url)
        ics = calendars.single(registration.event, url=ticket_url(registration, site_url))
    queue_email(
        to=[registration.email],
        subject=subject,
        body=body,
        attachments=[("event.ics", ics.decode("utf-8"), "text/calendar")],
    )
