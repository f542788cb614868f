"""Events in the JSON API: read events, register, check tickets in, report online viewers."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from qualitymonth.core.api_auth import ANYONE, TOKEN_OR_NOBODY
from qualitymonth.core.api_schema import ErrorOut
from qualitymonth.core.pagination import BoundedPages, LazyList
from qualitymonth.events import selectors, selectors_checkin, services
from qualitymonth.events.models import Event, Invitation, RegistrationStatus
from qualitymonth.events.throttle import registration_refused

router = Router(tags=["events"])


class VenueOut(Schema):
    id: int
    name: str
    address: str
    capacity: int | None
    seats_left: int | None
    waiting: int


class EventOut(Schema):
    id: int
    kind: str
    title: str
    title_zh_hant: str
    title_en: str
    series: str | None
    number_in_series: int | None
    campaign: int | None
    starts_at: datetime
    ends_at: datetime
    registration: str
    url: str


class EventDetailOut(EventOut):
    description: str
    description_en: str
    venues: list[VenueOut]


def _event_out(event: Event, request) -> dict:
    return {
        "id": event.pk,
        "kind": event.kind,
        "title": event.title,
        "title_zh_hant": event.title_zh_hant,
        "title_en": event.title_en,
        "series": event.series.key if event.series else None,
        "number_in_series": event.number_in_series,
        "campaign": event.campaign.year if event.campaign else None,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "registration": event.registration,
        "url": request.build_absolute_uri(event.get_absolute_url()),
    }


class EventQuery(Schema):
    when: str = Field("upcoming", max_length=20)
    kind: str = Field("", max_length=20)
    series: str = Field("", max_length=80)
    year: str = Field("", max_length=10)


def _checked(filters: EventQuery) -> selectors.EventFilters:
    """The filters, or a 400 naming the value that cannot be used."""
    query = filters.model_dump()
    checked = selectors.EventFilters.from_query(query)
    if query["when"] and query["when"] != checked.when:
        raise HttpError(400, _("when: use upcoming, past or all."))
    if query["kind"] and query["kind"] != checked.kind:
        raise HttpError(
            400, _("kind: there is no kind of event called “%(value)s”.") % {"value": query["kind"]}
        )
    if query["series"] and query["series"] != checked.series:
        raise HttpError(400, _("series: not a series key."))
    if query["year"] and checked.year is None:
        raise HttpError(400, _("year: give a year such as 2026."))
    return checked


@router.get(
    "",
    response={200: list[EventOut], 400: ErrorOut},
    auth=ANYONE,
    summary="Public events",
)
@paginate(BoundedPages)
def list_events(request, filters: Query[EventQuery]):
    events = selectors.event_list(_checked(filters))
    return LazyList(events.select_related("campaign"), lambda event: _event_out(event, request))


@router.get("/{int:pk}", response=EventDetailOut, auth=ANYONE, summary="One public event")
def get_event(request, pk: int):
    event = selectors.get_public_event(pk)
    venues = [
        {
            "id": venue.pk,
            "name": venue.name,
            "address": venue.address,
            "capacity": venue.capacity,
            "seats_left": left,
            "waiting": waiting,
        }
        for venue, left, waiting in selectors.seats_left(event)
    ]
    return {
        **_event_out(event, request),
        "description": event.description,
        "description_en": event.description_en,
        "venues": venues,
    }


class RegistrationIn(Schema):
    name: str = Field(max_length=200)
    phone: str = Field(max_length=40)
    email: str = Field("", max_length=254)
    venue: int | None = None
    answers: dict[str, str] = {}
    invitation: str = Field("", max_length=40)


class RegistrationOut(Schema):
    ticket_code: str
    status: str
    status_display: str
    venue: str
    ticket_url: str


def _registration_out(registration, request) -> dict:
    url = reverse("events:ticket", args=[registration.ticket_code])
    return {
        "ticket_code": registration.ticket_code,
        "status": registration.status,
        # The label itself: get_status_display() hashes the choices on every call.
        "status_display": str(RegistrationStatus(registration.status).label),
        "venue": registration.venue.name,
        "ticket_url": request.build_absolute_uri(url),
    }


@router.post(
    "/{int:pk}/registrations",
    response={201: RegistrationOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    auth=TOKEN_OR_NOBODY,
    summary="Register for an event: a seat, or a place on the waiting list",
)
def register(request, pk: int, payload: RegistrationIn):
    # Every attempt spends the budgets first: one for a missing event too.
    refused = registration_refused(request, payload.phone)
    if refused:
        raise HttpError(429, refused)  # {"detail": …}; nothing is stored
    actor = request.user if request.user.is_authenticated else None
    site_url = f"{request.scheme}://{request.get_host()}"
    event_pk, venue_pk = selectors.id_or_none(pk), selectors.id_or_none(payload.venue)
    if event_pk is not None and not payload.invitation and not payload.answers:
        # The common case, read and decided in one round trip; None when it does not apply.
        registration = services.register_at_once(
            actor=actor,
            event_pk=event_pk,
            venue_pk=venue_pk,
            name=payload.name,
            phone=payload.phone,
            email=payload.email,
            site_url=site_url,
        )
        if registration is not None:
            return Status(201, _registration_out(registration, request))
    # One read: the venue, its event and whether the event asks questions. The event alone
    # is read only to tell a missing event (404) from a venue it does not have.
    venue = selectors.venue_to_register(pk, payload.venue or None)
    event = venue.event if venue is not None else selectors.get_public_event(pk)
    if payload.venue and venue is None:
        raise ValidationError({"venue": _("This venue belongs to another event.")})
    invitation = None
    if payload.invitation:
        invitation = Invitation.objects.filter(token=payload.invitation, event=event).first()
        if invitation is None:
            raise ValidationError({"invitation": _("This invitation is not valid.")})
    registration = services.register(
        site_url=site_url,
        actor=actor,
        event=event,
        venue=venue,
        name=payload.name,
        phone=payload.phone,
        email=payload.email,
        answers=payload.answers,
        questions=[] if venue is not None and not venue.has_questions else None,
        invitation=invitation,
    )
    return Status(201, _registration_out(registration, request))


class CheckInIn(Schema):
    code: str = Field(max_length=300)
    checkpoint: int | None = None


class CheckInOut(Schema):
    name: str
    unit: str | None
    venue: str
    checked_in_at: datetime | None
    checkpoint: str | None


class RefusalOut(Schema):
    detail: str
    code: str


@router.post(
    "/{int:pk}/check-ins",
    response={200: CheckInOut, 404: ErrorOut, 409: RefusalOut},
    summary="Check a ticket in at the door or at a checkpoint (staff of the event)",
)
def check_in(request, pk: int, payload: CheckInIn):
    event = selectors_checkin.event_to_scan_at(request.user, pk)
    checkpoint = None
    if payload.checkpoint is not None:
        checkpoint = event.checkpoints.filter(pk=payload.checkpoint).first()
        if checkpoint is None:
            return Status(404, {"detail": _("This event has no such checkpoint.")})
    # The code in any case, a scanned ticket address, a phone number or a name. What reads as
    # a ticket code goes straight to the check-in, which finds the ticket (in any case) under
    # its lock; only when there is no such ticket is the text looked up as a phone or a name.
    code = payload.code
    scanned = selectors.TICKET_CODE.fullmatch(services.code_from_scan(code)) is not None
    try:
        if scanned:
            try:
                return _check_in_out(_admit(request, event, checkpoint, code), checkpoint)
            except ValidationError as error:
                if error.code != "unknown":
                    raise
        matches = selectors.door_matches(event, code)
        if len(matches) > 1:
            names = "、".join(registration.name for registration in matches)
            detail = _("Several people match “%(text)s”: %(names)s. Send one ticket code.") % {
                "text": code,
                "names": names,
            }
            return Status(409, {"detail": detail, "code": "several"})
        code = matches[0].ticket_code if matches else code
        registration = _admit(request, event, checkpoint, code)
    except ValidationError as error:
        return Status(409, {"detail": " ".join(error.messages), "code": error.code or "refused"})
    return _check_in_out(registration, checkpoint)


def _admit(request, event, checkpoint, code: str):
    if checkpoint is not None:
        return services.visit_checkpoint(
            actor=request.user, checkpoint=checkpoint, ticket_code=code
        ).registration
    return services.check_in(actor=request.user, event=event, ticket_code=code)


def _check_in_out(registration, checkpoint) -> dict:
    return {
        "name": registration.name,
        "unit": registration.unit.display_name if registration.unit else None,
        "venue": registration.venue.name,
        "checked_in_at": registration.checked_in_at,
        "checkpoint": checkpoint.name if checkpoint else None,
    }


class FiguresOut(Schema):
    registered: int
    confirmed: int
    pending: int
    waiting: int
    cancelled: int
    checked_in: int
    units: int
    online_viewers: int


class ViewersIn(Schema):
    online_viewers: int


@router.get(
    "/{int:pk}/figures", response={200: FiguresOut, 404: ErrorOut}, summary="An event's figures"
)
def figures(request, pk: int):
    event = selectors.get_event_to_run(request.user, pk)
    return selectors.figures_of(event)


@router.put(
    "/{int:pk}/online-viewers",
    response={200: FiguresOut, 404: ErrorOut, 422: ErrorOut},
    summary="Report the number of online viewers of a live stream",
)
def online_viewers(request, pk: int, payload: ViewersIn):
    event = selectors.get_event_to_run(request.user, pk)
    event = services.set_online_viewers(
        actor=request.user, event=event, viewers=payload.online_viewers
    )
    return selectors.figures_of(event)
