"""Pages everyone sees: events, registration, tickets, certificates."""

import io
import mimetypes
import re

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qualitymonth.core.cache import anonymous_page
from qualitymonth.core.pdf import NoChineseFont
from qualitymonth.core.phones import national
from qualitymonth.events import calendars, certificates, selectors, services
from qualitymonth.events.forms import CommitmentForm, RegistrationForm
from qualitymonth.events.models import (
    EventKind,
    EventPhoto,
    Invitation,
    RegistrationMode,
    RegistrationStatus,
    Series,
)
from qualitymonth.events.services.certificates import attendance_certificate
from qualitymonth.events.throttle import cancellation_refused, registration_refused
from qualitymonth.events.views.calendars import webcal_url

# What the event pages show: events with their campaign's actions, units, posts about them.
# They change with the clock too (upcoming, over): a cached page lives a minute at most.
EVENT_DATA = ("events", "campaigns", "organizations", "publishing")


@anonymous_page(*EVENT_DATA, lifetime=60)
def event_list(request):
    filters = selectors.EventFilters.from_query(request.GET)
    page = Paginator(selectors.event_list(filters), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {
            "page": page,
            "filters": filters,
            "kinds": EventKind.choices,
            "series_list": Series.objects.all(),
            "webcal": webcal_url(request, reverse("events:feed_all")),
            "can_run": request.user.is_authenticated
            and selectors.events_run_by(request.user).exists(),
        },
    )


TOO_MANY = 429
INVITATION_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,40}")


def site_url(request) -> str:
    """Scheme and host the person reached us at: links in the e-mails they cause use it."""
    return f"{request.scheme}://{request.get_host()}"


def _invitation(request, event) -> Invitation | None:
    token = request.GET.get("invitation") or request.POST.get("invitation") or ""
    if event.registration != RegistrationMode.INVITATION or not INVITATION_TOKEN.fullmatch(token):
        return None
    return event.invitations.filter(token=token).first()


def _initial(user) -> dict:
    """A signed-in person registers themselves: their name, phone and e-mail are filled in."""
    if not user.is_authenticated:
        return {}
    return {
        "name": user.get_full_name(),
        "phone": national(user.phone) if user.phone else "",
        "email": user.email,
    }


REGISTERED = {
    RegistrationStatus.CONFIRMED: gettext_lazy("You are registered."),
    RegistrationStatus.PENDING: gettext_lazy(
        "Your registration was received and awaits the organisers' approval."
    ),
    RegistrationStatus.WAITING: gettext_lazy("The event is full: you are on the waiting list."),
}


# Its registration form's CSRF token is each reader's own (core/cache.py puts it in).
@anonymous_page(*EVENT_DATA, lifetime=60, forms=True)
def event_detail(request, pk):
    event = selectors.get_public_event(pk)
    invitation = _invitation(request, event)
    can_register = not event.is_over and (
        event.registration == RegistrationMode.OPEN or invitation is not None
    )
    if event.is_over and request.method == "POST":
        messages.error(request, _("This event is over: registration has closed."))
    form, status = None, 200
    if can_register:
        form = RegistrationForm(request.POST or None, event=event, initial=_initial(request.user))
        refused = (
            registration_refused(request, request.POST.get("phone", ""))
            if request.method == "POST"
            else None
        )
        if refused:
            form.is_valid()  # the fields keep what was typed; nothing is stored
            form.add_error(None, refused)
            status = TOO_MANY
        elif request.method == "POST" and form.is_valid():
            try:
                registration = services.register(
                    actor=request.user,
                    event=event,
                    invitation=invitation,
                    site_url=site_url(request),
                    **form.service_values(),
                )
            except ValidationError as error:
                _errors_on(form, error)
            else:
                # Say what happened: a seat, a request awaiting approval, or the waiting list.
                messages.success(request, REGISTERED[registration.status])
                return redirect("events:ticket", code=registration.ticket_code)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "form": form,
            "invitation": invitation,
            "mine": selectors.registrations_of(request.user).filter(event=event, user__isnull=False)
            if request.user.is_authenticated
            else [],
            "seats": selectors.seats_left(event),
            "is_over": event.is_over,
            "agenda": event.agenda.select_related("speaker", "venue"),
            "speakers": event.speakers.all(),
            "unit_roles": event.unit_roles.select_related("unit"),
            "photos": event.photos.all(),
            "commitment_form": CommitmentForm()
            if event.display_oath and not event.is_over
            else None,
            "wall": selectors.wall(event)[:12] if event.display_oath else None,
            "can_run": request.user.has_perm("events.run_event", event),
            "can_register_group": request.user.has_perm("events.register_group")
            and event.registration != RegistrationMode.NONE
            and not event.is_over,
            "webcal": webcal_url(request, reverse("events:feed_all")),
            "webcal_series": webcal_url(
                request, reverse("events:feed_series", args=[event.series.key])
            )
            if event.series
            else "",
        },
        status=status,
    )


def _errors_on(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def photo(request, pk):
    """Photos of published events are public; media files are not served any other way."""
    photo = get_object_or_404(EventPhoto, pk=pk, event__is_published=True)
    return FileResponse(photo.image.open("rb"), content_type=_image_type(photo.image.name))


def _image_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def series_detail(request, key):
    series = selectors.get_series(key)
    return render(
        request,
        "events/series_detail.html",
        {
            "series": series,
            "events": selectors.public_events().filter(series=series),
            "webcal": webcal_url(request, reverse("events:feed_series", args=[key])),
        },
    )


def ticket(request, code):
    registration = selectors.get_ticket(code)
    return render(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "event": registration.event,
            "answers": selectors.answers_of(registration),
            "ticket_url": request.build_absolute_uri(),
            "attended": selectors.attended_in_series(registration).exists()
            and registration.event.kind == EventKind.LECTURE,
        },
    )


def ticket_qr(request, code):
    """The QR code holds the ticket page's address: a phone camera opens it, a scanner reads it.

    A standalone SVG file needs its XML namespace, or no browser shows it in an <img>.
    Only a ticket that admits someone has a code."""
    registration = selectors.get_ticket(code)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Http404
    url = request.build_absolute_uri(reverse("events:ticket", args=[registration.ticket_code]))
    svg = io.BytesIO()
    segno.make(url, error="m").save(svg, kind="svg", scale=6, border=2, light="#fff")
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


def ticket_ics(request, code):
    registration = selectors.get_ticket(code)
    url = request.build_absolute_uri(reverse("events:ticket", args=[code]))
    response = HttpResponse(
        calendars.single(registration.event, url=url), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="event.ics"'
    return response


@require_POST
def ticket_cancel(request, code):
    registration = selectors.get_ticket(code)
    refused = cancellation_refused(request)
    if refused:
        messages.error(request, refused)
        response = ticket(request, code)
        response.status_code = TOO_MANY
        return response
    try:
        services.cancel_registration(
            actor=request.user, registration=registration, site_url=site_url(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration was cancelled."))
    return redirect("events:ticket", code=code)


def certificate(request, code):
    registration = selectors.get_ticket(code)
    sessions = list(selectors.attended_in_series(registration))
    if registration.event.kind != EventKind.LECTURE or not sessions:
        messages.error(request, _("A certificate is issued after attending a lecture."))
        return redirect("events:ticket", code=code)
    certificate = attendance_certificate(
        actor=request.user, registration=registration, attended=sessions
    )
    try:
        pdf = certificates.attendance_pdf(certificate, registration, sessions, request)
    except NoChineseFont:
        messages.error(request, _("This server has no Chinese font, so it cannot make the PDF."))
        return redirect("events:ticket", code=code)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="certificate.pdf"'
    return response


@login_required
def my_registrations(request):
    return render(
        request,
        "events/my_registrations.html",
        {"registrations": selectors.registrations_of(request.user)[:200]},
    )
