"""Reads of events, narrowed to what the viewer may see."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from qualitymonth.campaigns.rules import reporting_unit_ids
from qualitymonth.core.permissions import require_perm_or_404
from qualitymonth.events.models import (
    HOLDS_SEAT,
    Commitment,
    CommitmentState,
    Event,
    Registration,
    RegistrationStatus,
    Series,
)
from qualitymonth.organizations.models import Unit


def public_events() -> QuerySet[Event]:
    return (
        Event.objects.filter(is_published=True).select_related("series").prefetch_related("venues")
    )


@dataclass
class EventFilters:
    kind: str = ""
    series: str = ""
    year: int | None = None
    when: str = "upcoming"  # upcoming | past | all

    @classmethod
    def from_query(cls, query) -> "EventFilters":
        year = query.get("year", "")
        return cls(
            kind=query.get("kind", ""),
            series=query.get("series", ""),
            year=int(year) if year.isdigit() else None,
            when=query.get("when", "upcoming")
            if query.get("when") in ("upcoming", "past", "all")
            else "upcoming",
        )


def event_list(filters: EventFilters) -> QuerySet[Event]:
    events = public_events()
    now = timezone.now()
    if filters.when == "upcoming":
        events = events.filter(ends_at__gte=now)
    elif filters.when == "past":
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.series:
        events = events.filter(series__key=filters.series)
    if filters.year:
        events = events.filter(starts_at__year=filters.year)
    return events


def get_public_event(pk) -> Event:
    try:
        return public_events().get(pk=pk)
    except (Event.DoesNotExist, ValueError):
        raise Http404 from None


def get_event_to_run(user, pk) -> Event:
    """An event the user runs (secretariat, organiser or co-organiser); others answer 404."""
    event = Event.objects.filter(pk=pk).first()
    require_perm_or_404(user, "events.run_event", event)
    return event


def events_run_by(user) -> QuerySet[Event]:
    from qualitymonth.events.models import RUNNING_ROLES

    if user.has_perm("events.manage_event"):
        return Event.objects.all()
    units = reporting_unit_ids(user)
    return Event.objects.filter(
        unit_roles__unit_id__in=units, unit_roles__role__in=RUNNING_ROLES
    ).distinct()


def get_series(key: str) -> Series:
    try:
        return Series.objects.get(key=key)
    except Series.DoesNotExist:
        raise Http404 from None


def get_ticket(code: str) -> Registration:
    """The ticket page is reached by its unguessable code: whoever holds the code holds it."""
    registration = (
        Registration.objects.select_related("event", "venue", "unit").filter(ticket_code=code)
    ).first()
    if registration is None:
        raise Http404
    return registration


def registrations_of(user) -> QuerySet[Registration]:
    """A person's own registrations, and those their unit made for its people."""
    if not user.is_authenticated:
        return Registration.objects.none()
    own = Q(user=user)
    units = reporting_unit_ids(user)
    if units:
        own |= Q(unit_id__in=units)
    return (
        Registration.objects.filter(own)
        .select_related("event", "venue", "unit")
        .order_by("-event__starts_at", "pk")
    )


def attendees(event: Event, *, status: str = "") -> QuerySet[Registration]:
    registrations = event.registrations.select_related("venue", "unit").order_by("created_at", "pk")
    if status:
        registrations = registrations.filter(status=status)
    return registrations


def _venues_counted(event: Event) -> QuerySet:
    return event.venues.annotate(
        registered=Count("registrations", filter=Q(registrations__status__in=HOLDS_SEAT)),
        waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
        checked_in=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
    ).order_by("pk")


def seats_left(event: Event) -> list[tuple]:
    """(venue, seats left or None for no limit, people waiting) per venue."""
    rows = []
    for venue in _venues_counted(event):
        left = None if venue.capacity is None else max(venue.capacity - venue.registered, 0)
        rows.append((venue, left, venue.waiting))
    return rows


def figures_of(event: Event) -> dict:
    registrations = event.registrations.all()
    counts = registrations.aggregate(
        registered=Count("pk", filter=Q(status__in=HOLDS_SEAT)),
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        pending=Count("pk", filter=Q(status=RegistrationStatus.PENDING)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        units=Count("unit", distinct=True, filter=Q(status__in=HOLDS_SEAT)),
    )
    by_venue = _venues_counted(event)
    by_unit = list(
        registrations.filter(status__in=HOLDS_SEAT)
        .values("unit")
        .annotate(
            registered=Count("pk"), checked_in=Count("pk", filter=Q(checked_in_at__isnull=False))
        )
        .order_by("-registered", "unit")
    )
    units = Unit.objects.in_bulk([row["unit"] for row in by_unit if row["unit"]])
    for row in by_unit:
        row["unit"] = units.get(row["unit"])  # None: people who registered themselves
    checkpoints = event.checkpoints.annotate(teams=Count("visits")).order_by("order", "pk")
    return {
        **counts,
        "online_viewers": event.online_viewers,
        "by_venue": list(by_venue),
        "by_unit": by_unit,
        "checkpoints": list(checkpoints),
    }


def wall(event: Event | None = None) -> QuerySet[Commitment]:
    shown = Commitment.objects.filter(state=CommitmentState.SHOWN)
    return shown.filter(event=event) if event is not None else shown


def commitments_to_moderate(state: str = CommitmentState.PENDING) -> QuerySet[Commitment]:
    return Commitment.objects.filter(state=state).select_related("event")


def attended_in_series(registration: Registration) -> QuerySet[Registration]:
    """The sessions of the ticket's series this person attended (same account or phone)."""
    event = registration.event
    same_person = Q(phone=registration.phone) if registration.phone else Q(pk=registration.pk)
    if registration.user_id:
        same_person |= Q(user_id=registration.user_id)
    attended = Registration.objects.filter(same_person, checked_in_at__isnull=False)
    if event.series_id is None:
        return attended.filter(pk=registration.pk).select_related("event")
    return (
        attended.filter(event__series_id=event.series_id)
        .select_related("event")
        .order_by("event__starts_at")
    )
