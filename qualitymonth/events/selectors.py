"""Reads of events, narrowed to what the viewer may see."""

import functools
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from qualitymonth.core import rows
from qualitymonth.core.permissions import require_perm_or_404
from qualitymonth.core.phones import phone_or_none, stored_forms
from qualitymonth.events.models import (
    HOLDS_SEAT,
    Commitment,
    CommitmentState,
    Event,
    EventKind,
    Question,
    Registration,
    RegistrationMode,
    RegistrationStatus,
    Series,
    Venue,
)
from qualitymonth.organizations.models import Unit
from qualitymonth.organizations.selectors import staff_unit_ids


def public_events() -> QuerySet[Event]:
    return (
        Event.objects.filter(is_published=True).select_related("series").prefetch_related("venues")
    )


WHEN = ("upcoming", "past", "all")
SERIES_KEY = re.compile(r"[-a-zA-Z0-9_]{1,80}")
# Years a date-time can hold, with room for time zones at either end.
YEARS = range(1900, 3000)


def year_or_none(text) -> int | None:
    """A year from a query string; anything else (10000, ², -1, a NUL) is no year."""
    text = str(text or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    year = int(text)
    return year if year in YEARS else None


def id_or_none(text) -> int | None:
    """A database id from a query string, or None (never an int too large for the database)."""
    text = str(text or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 12):
        return None
    return int(text)


@dataclass
class EventFilters:
    kind: str = ""
    series: str = ""
    year: int | None = None
    when: str = "upcoming"  # upcoming | past | all

    @classmethod
    def from_query(cls, query) -> "EventFilters":
        """Values that cannot match anything are ignored rather than refused."""
        kind, series = str(query.get("kind") or ""), str(query.get("series") or "")
        when = str(query.get("when") or "upcoming")
        return cls(
            kind=kind if kind in EventKind.values else "",
            series=series if SERIES_KEY.fullmatch(series) else "",
            year=year_or_none(query.get("year")),
            when=when if when in WHEN else "upcoming",
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
    pk = id_or_none(pk)
    if pk is None:
        raise Http404
    try:
        return public_events().get(pk=pk)
    except Event.DoesNotExist:
        raise Http404 from None


# The venue with its event and whether the event asks questions, written out: it is read for
# every registration, and the ORM took longer to build it than the database to answer it.
VENUE_TO_REGISTER = """
SELECT {venue_columns}, {event_columns},
    EXISTS (SELECT 1 FROM {question} q WHERE q.event_id = v.event_id)
FROM {venue} v JOIN {event} e ON e.id = v.event_id
WHERE v.event_id = %s AND e.is_published = %s{one_venue}
ORDER BY v.id
LIMIT 1
"""


@functools.cache
def _venue_to_register_sql(vendor: str, *, one_venue: bool) -> str:
    return VENUE_TO_REGISTER.format(
        venue=Venue._meta.db_table,
        event=Event._meta.db_table,
        question=Question._meta.db_table,
        venue_columns=rows.columns(Venue, "v"),
        event_columns=rows.columns(Event, "e"),
        one_venue=" AND v.id = %s" if one_venue else "",
    )


def venue_to_register(event_pk, venue_pk=None) -> Venue | None:
    """The venue of a published event someone registers for (its first when none is named),
    with the event, and whether the event asks questions (`has_questions`): one query. None
    when the event has no such venue, or is not published."""
    event_pk, venue_pk = id_or_none(event_pk), id_or_none(venue_pk)
    if event_pk is None:
        return None
    sql = _venue_to_register_sql(connection.vendor, one_venue=venue_pk is not None)
    params = [event_pk, True] + ([venue_pk] if venue_pk is not None else [])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    venue_fields, event_fields = Venue._meta.concrete_fields, Event._meta.concrete_fields
    venue = rows.model_from_row(Venue, venue_fields, row[: len(venue_fields)])
    venue.event = rows.model_from_row(Event, event_fields, row[len(venue_fields) : -1])
    venue.has_questions = bool(row[-1])
    return venue


def get_event_to_run(user, pk) -> Event:
    """An event the user runs (secretariat, organiser or co-organiser); others answer 404."""
    pk = id_or_none(pk)
    event = Event.objects.filter(pk=pk).first() if pk is not None else None
    if event is None:
        # The secretariat may run every event, so the permission alone lets a missing one by.
        raise Http404
    require_perm_or_404(user, "events.run_event", event)
    return event


def events_run_by(user) -> QuerySet[Event]:
    from qualitymonth.events.models import RUNNING_ROLES

    if user.has_perm("events.manage_event"):
        return Event.objects.all()
    units = staff_unit_ids(user)
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
    if not TICKET_CODE.fullmatch(code or ""):
        raise Http404
    registration = (
        Registration.objects.select_related("event", "venue", "unit").filter(ticket_code=code)
    ).first()
    if registration is None:
        raise Http404
    return registration


TICKET_CODE = re.compile(r"[A-Za-z0-9_-]{16,40}")


def code_from_scan(scanned: str) -> str:
    """A scan gives the ticket page's address (what the QR code holds) or the bare code."""
    text = (scanned or "").strip().rstrip("/")
    return text.rsplit("/", 1)[-1]


def ticket_by_code(code: str, *, lock: bool = False) -> Registration | None:
    """The ticket with this code, typed in any case: door staff copy 24 letters by eye.

    Codes are case-sensitive, so two could differ only in case; then only the exact one
    counts."""
    if not TICKET_CODE.fullmatch(code or ""):
        return None
    tickets = Registration.objects.select_related("event", "venue")
    # Only the ticket's row is locked: check-ins at one event need not wait for each other
    # (nor for registrations, which lock the event). PostgreSQL locks no row on the nullable
    # side of a join anyway: the unit is joined only unlocked.
    tickets = tickets.select_for_update(of=("self",)) if lock else tickets.select_related("unit")
    exact = tickets.filter(ticket_code=code).first()
    if exact is not None:
        return exact
    alike = list(tickets.filter(ticket_code__iexact=code)[:2])
    return alike[0] if len(alike) == 1 else None


DOOR_MATCHES_MAX = 20


def door_matches(event: Event, text: str) -> list[Registration]:
    """Whom the door staff mean by what they typed or scanned: a ticket (by its code in any
    case, or its address), else this event's registrations with that phone number, else
    those with that name (the whole name, or a part of it when nobody has the whole)."""
    text = (text or "").strip()
    ticket = ticket_by_code(code_from_scan(text))
    if ticket is not None:
        return [ticket]  # of any event: checking in says whose it is
    if not text or "\x00" in text:
        return []
    registrations = event.registrations.select_related("venue", "unit").order_by("name", "pk")
    phone = phone_or_none(text)
    if phone is not None:
        return list(registrations.filter(phone__in=stored_forms(phone))[:DOOR_MATCHES_MAX])
    same_name = list(registrations.filter(name__iexact=text)[:DOOR_MATCHES_MAX])
    if same_name:
        return same_name
    return list(registrations.filter(name__icontains=text)[:DOOR_MATCHES_MAX])


def registrations_of(user) -> QuerySet[Registration]:
    """A person's own registrations, and those their unit made for its people."""
    if not user.is_authenticated:
        return Registration.objects.none()
    own = Q(user=user)
    units = staff_unit_ids(user)
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
    phone = registration.phone
    same_person = (
        Q(phone__in=stored_forms(phone_or_none(phone) or phone)) if phone else Q(pk=registration.pk)
    )
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


def answers_of(registration: Registration) -> list[tuple[str, str]]:
    """(question, answer as people read it) for the questions this person answered."""
    return [
        (question.display_label, question.display_answer(registration.answers[f"q{question.pk}"]))
        for question in registration.event.questions.all()
        if registration.answers.get(f"q{question.pk}")
    ]


def upcoming_with_seats(limit: int = 4) -> list[Event]:
    """The next published events, each with `seats_left` (None: no limit, or no registration
    here), in one query: the front page's list."""
    venues = Venue.objects.filter(event=OuterRef("pk")).order_by().values("event")
    held = (
        Registration.objects.filter(event=OuterRef("pk"), status__in=HOLDS_SEAT)
        .order_by()
        .values("event")
    )
    events = (
        Event.objects.filter(is_published=True, ends_at__gte=timezone.now())
        .annotate(
            capacity=Subquery(
                venues.annotate(total=Sum("capacity")).values("total"), output_field=IntegerField()
            ),
            unlimited=Exists(venues.filter(capacity__isnull=True)),
            held=Subquery(held.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        )
        .order_by("starts_at", "pk")[:limit]
    )
    found = list(events)
    for event in found:
        limited = event.registration == RegistrationMode.OPEN and not event.unlimited
        has_capacity = limited and event.capacity is not None
        event.seats_left = max(event.capacity - (event.held or 0), 0) if has_capacity else None
    return found


def registrations_of_units(unit_ids, *, year: int | None = None) -> list[dict]:
    """Registrations made by the units or by their people, one row per unit and registration
    (a member unit's page and its participation): who, which event, whether they came, and
    where the event's page is (another app's page for an event that app runs)."""
    rows = Registration.objects.filter(
        Q(unit_id__in=unit_ids) | Q(user__positions__unit_id__in=unit_ids)
    )
    if year:
        rows = rows.filter(event__starts_at__year=year)
    found = {}
    for (
        pk,
        unit_id,
        person_unit_id,
        event_id,
        host_url,
        title,
        starts_at,
        status,
        checked_in,
    ) in rows.order_by().values_list(
        "pk",
        "unit_id",
        "user__positions__unit_id",
        "event_id",
        "event__host_url",
        "event__title",
        "event__starts_at",
        "status",
        "checked_in_at",
    ):
        for owner in {unit_id, person_unit_id} & set(unit_ids):
            found[owner, pk] = {
                "unit_id": owner,
                "pk": pk,
                "event_id": event_id,
                "url": host_url or reverse("events:detail", args=[event_id]),
                "title": title,
                "at": starts_at,
                "status": status,
                "attended": checked_in is not None,
            }
    return sorted(found.values(), key=lambda row: (row["at"], row["pk"]))


def events_held_in(year: int) -> int:
    """For the year's figures: published events that started in the year, up to now."""
    return Event.objects.filter(
        is_published=True, starts_at__year=year, starts_at__lte=timezone.now()
    ).count()


def attendees_checked_in(year: int) -> int:
    """For the year's figures: registrations checked in at the door of the year's events."""
    return Registration.objects.filter(
        event__is_published=True, event__starts_at__year=year, checked_in_at__isnull=False
    ).count()
