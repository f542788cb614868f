"""Pages everyone sees: events, registration, tickets, certificates."""

import mimetypes

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qualitymonth.core.forms import save_with
from qualitymonth.core.pdf import NoChineseFont
from qualitymonth.events import calendars, certificates, selectors, services
from qualitymonth.events.forms import CommitmentForm, RegistrationForm
from qualitymonth.events.models import EventKind, EventPhoto, Invitation, RegistrationMode, Series
from qualitymonth.events.views.calendars import webcal_url


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


def _invitation(request, event) -> Invitation | None:
    token = request.GET.get("invitation") or request.POST.get("invitation") or ""
    if event.registration != RegistrationMode.INVITATION or not token:
        return None
    return event.invitations.filter(token=token).first()


def event_detail(request, pk):
    event = selectors.get_public_event(pk)
    invitation = _invitation(request, event)
    can_register = event.registration == RegistrationMode.OPEN or invitation is not None
    form = None
    if can_register:
        initial = {}
        if request.user.is_authenticated:
            initial = {"name": request.user.get_full_name(), "email": request.user.email}
        form = RegistrationForm(request.POST or None, event=event, initial=initial)

        def register(data):
            return services.register(
                actor=request.user,
                event=event,
                invitation=invitation,
                **form.service_values(),
            )

        registration = save_with(request, form, register, _("You are registered."))
        if registration is not None:
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
            "agenda": event.agenda.select_related("speaker", "venue"),
            "speakers": event.speakers.all(),
            "unit_roles": event.unit_roles.select_related("unit"),
            "photos": event.photos.all(),
            "commitment_form": CommitmentForm() if event.display_oath else None,
            "wall": selectors.wall(event)[:12] if event.display_oath else None,
            "can_run": request.user.has_perm("events.run_event", event),
            "can_register_group": request.user.has_perm("events.register_group")
            and event.registration != RegistrationMode.NONE,
            "webcal": webcal_url(request, reverse("events:feed_all")),
            "webcal_series": webcal_url(
                request, reverse("events:feed_series", args=[event.series.key])
            )
            if event.series
            else "",
        },
    )


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
            "ticket_url": request.build_absolute_uri(),
            "attended": selectors.attended_in_series(registration).exists()
            and registration.event.kind == EventKind.LECTURE,
        },
    )


def ticket_qr(request, code):
    """The QR code holds the ticket page's address: a phone camera opens it, a scanner reads it."""
    registration = selectors.get_ticket(code)
    url = request.build_absolute_uri(reverse("events:ticket", args=[registration.ticket_code]))
    svg = segno.make(url, error="m").svg_inline(scale=6, border=2)
    return HttpResponse(svg, content_type="image/svg+xml")


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
    try:
        services.cancel_registration(actor=request.user, registration=registration)
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
    try:
        pdf = certificates.attendance_pdf(registration, sessions)
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
