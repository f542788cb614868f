"""The seat decision on PostgreSQL in one round trip while the event's row is locked.

Under a burst, registrations of one event wait for each other at the event's row lock, so
what happens while it is held sets how many are served a second. Here the locking statement
and one statement that counts and inserts are sent together (psycopg's pipeline mode), with
BEGIN and COMMIT when no transaction is open yet: the lock is held for the database's own
work, not for a round trip per statement and the Python between them.

The second statement starts after the lock was granted, so it reads with a snapshot that
includes every registration committed before: the count is exact (a statement that waited
for the lock itself would not see them). It inserts only when the event's state is still the
one the caller checked, the person has no live registration and the invitation has places
left; otherwise nothing is written and the caller decides again the slower way, which names
the reason.
"""

import contextlib
import functools

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from psycopg import pq

from qualitymonth.core import cache
from qualitymonth.core.models import AuditEntry
from qualitymonth.core.prepared import prepared_cursor
from qualitymonth.events.models import (
    HOLDS_SEAT,
    LIVE,
    Event,
    Question,
    Registration,
    RegistrationMode,
    RegistrationStatus,
    Venue,
)

ACTION = "registration.create"
LOCK = f"SELECT 1 FROM {Event._meta.db_table} WHERE id = %s FOR UPDATE"
DECIDE = """
WITH e AS (
    SELECT 1 FROM {event} WHERE id = %s AND registration = %s AND requires_approval = %s
    AND ends_at = %s AND registration_closes_at IS NOT DISTINCT FROM %s
), c AS (
    SELECT v.capacity, (SELECT COUNT(*) FROM {registration} r
        WHERE r.venue_id = v.id AND r.status IN ({seat})) AS taken
    FROM {venue} v WHERE v.id = %s
), reg AS (
    INSERT INTO {registration} ({columns}, status)
    SELECT {values}, CASE WHEN c.capacity IS NOT NULL AND c.taken >= c.capacity
        THEN %s ELSE %s END
    FROM c, e WHERE {allowed}
    RETURNING id, status
), audit AS (
    INSERT INTO {audit} (created_at, actor_id, action, content_type_id, object_id,
        object_repr, changes)
    SELECT %s, %s, %s, %s, reg.id::text, %s, '{{}}'::jsonb FROM reg
)
SELECT id, status FROM reg
"""
NOT_REGISTERED = (
    "NOT EXISTS (SELECT 1 FROM {registration} r WHERE r.event_id = %s "
    "AND r.status IN ({live}) AND ({same}))"
)
INVITATION_PLACES = (
    "(SELECT COUNT(*) FROM {registration} r WHERE r.invitation_id = %s "
    "AND r.status IN ({live})) < %s"
)


def available() -> bool:
    return connection.vendor == "postgresql"


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


@functools.cache
def _fields(vendor: str, without: tuple[str, ...] = ("status",)) -> tuple[list, str]:
    """The registration's fields but id and those `without` (set by the statement), and their
    quoted column names."""
    fields = [
        field
        for field in Registration._meta.concrete_fields
        if not field.primary_key and field.name not in without
    ]
    return fields, ", ".join(connection.ops.quote_name(field.column) for field in fields)


def _tables() -> dict[str, str]:
    return {
        "event": Event._meta.db_table,
        "venue": Venue._meta.db_table,
        "question": Question._meta.db_table,
        "registration": Registration._meta.db_table,
        "audit": AuditEntry._meta.db_table,
    }


def _values(registration: Registration, fields) -> list:
    """The values of `fields` as the ORM would save them (defaults and auto_now_add applied)."""
    return [
        field.get_db_prep_save(field.pre_save(registration, add=True), connection)
        for field in fields
    ]


@functools.cache
def _sql(vendor: str, same: tuple[str, ...], invitation: bool) -> str:
    """The decision's SQL for its shape: written once per process, not on every registration."""
    seat, live = [s.value for s in HOLDS_SEAT], [s.value for s in LIVE]
    tables = _tables()
    fields, columns = _fields(vendor)
    allowed = ["TRUE"]
    if same:
        allowed.append(
            NOT_REGISTERED.format(live=_placeholders(live), same=" OR ".join(same), **tables)
        )
    if invitation:
        allowed.append(INVITATION_PLACES.format(live=_placeholders(live), **tables))
    return DECIDE.format(
        columns=columns,
        values=_placeholders(fields),
        seat=_placeholders(seat),
        allowed=" AND ".join(allowed),
        **tables,
    )


def register(registration: Registration, *, actor, same: tuple[list[str], list]) -> bool:
    """Insert `registration` (and its audit record) with its status decided under the lock;
    False when nothing was written and the caller must decide the usual way."""
    event, venue, invitation = registration.event, registration.venue, registration.invitation
    seat, live = [s.value for s in HOLDS_SEAT], [s.value for s in LIVE]
    fields = _fields(connection.vendor)[0]
    values = _values(registration, fields)
    allowed_params = []
    conditions, condition_params = same
    if conditions:
        allowed_params += [event.pk, *live, *condition_params]
    by_invitation = invitation is not None and event.registration == RegistrationMode.INVITATION
    if by_invitation:
        allowed_params += [invitation.pk, *live, invitation.places]
    sql = _sql(connection.vendor, tuple(conditions), by_invitation)
    with_seat = (
        RegistrationStatus.PENDING if event.requires_approval else RegistrationStatus.CONFIRMED
    )
    audit_time = timezone.now()  # what created_at (auto_now_add) would take, without a model
    params = [
        event.pk,
        event.registration,
        event.requires_approval,
        event.ends_at,
        event.registration_closes_at,
        *seat,
        venue.pk,
        *values,
        RegistrationStatus.WAITING.value,
        with_seat.value,
        *allowed_params,
        audit_time,
        actor.pk if actor is not None and actor.is_authenticated else None,
        ACTION,
        ContentType.objects.get_for_model(Registration).pk,
        str(registration)[:300],
    ]
    row = _decide_locked(event.pk, sql, params)
    if row is None:
        return False
    registration.pk, registration.status = row
    registration._state.adding, registration._state.db = False, connection.alias
    return True


def _decide_locked(event_pk: int, sql: str, params: list) -> tuple | None:
    """Lock the event's row and run the deciding statement `sql`, sent together (with BEGIN
    and COMMIT when no transaction is open); its row, or None when it wrote nothing."""
    own_transaction = not connection.in_atomic_block
    connection.ensure_connection()
    raw = connection.connection
    # Pages cached from the rows before the commit must not outlive it: with a transaction of
    # our own, the apps written get new versions once it has committed.
    with cache.bumped_at_end() if own_transaction else contextlib.nullcontext():
        try:
            with raw.pipeline(), connection.cursor() as lock, prepared_cursor() as decide:
                if own_transaction:
                    lock.execute("BEGIN")
                lock.execute(LOCK, [event_pk])
                decide.execute(sql, params)
                if own_transaction:
                    lock.execute("COMMIT")
                return decide.fetchone()
        finally:
            # A failed statement leaves the transaction we began aborted: end it.
            if own_transaction and raw.info.transaction_status != pq.TransactionStatus.IDLE:
                raw.execute("ROLLBACK")


# --- Read, checked and decided at once ------------------------------------------------------
#
# Most registrations are for an open, published event that asks no questions, with no
# invitation. For those the venue need not be read first: one statement, under the same lock,
# finds the venue (the one named, else the event's first) on an event that still admits
# anyone, counts its seats and inserts. When it writes nothing (no such event or venue, a
# rule that refuses, questions to answer, the person registered already) the caller reads the
# event and decides the usual way, which names the reason.

DIRECT = """
WITH c AS (
    SELECT v.id, v.name, v.capacity, e.requires_approval, e.title,
        (SELECT COUNT(*) FROM {registration} r
            WHERE r.venue_id = v.id AND r.status IN ({seat})) AS taken
    FROM {venue} v JOIN {event} e ON e.id = v.event_id
    WHERE v.event_id = %s{one_venue} AND e.is_published AND NOT e.members_only
    AND e.registration = %s AND e.ends_at > %s
    AND (e.registration_closes_at IS NULL OR e.registration_closes_at > %s)
    AND NOT EXISTS (SELECT 1 FROM {question} q WHERE q.event_id = e.id)
    ORDER BY v.id
    LIMIT 1
), reg AS (
    INSERT INTO {registration} ({columns}, event_id, venue_id, status)
    SELECT {values}, %s, c.id, CASE WHEN c.capacity IS NOT NULL AND c.taken >= c.capacity
        THEN %s WHEN c.requires_approval THEN %s ELSE %s END
    FROM c WHERE {allowed}
    RETURNING id, status
), audit AS (
    INSERT INTO {audit} (created_at, actor_id, action, content_type_id, object_id,
        object_repr, changes)
    SELECT %s, %s, %s, %s, reg.id::text, LEFT(%s || c.title, 300), '{{}}'::jsonb FROM reg, c
)
SELECT reg.id, reg.status, c.id, c.name FROM reg, c
"""


# The statement finds the event and the venue, and decides the status.
DIRECT_SETS = ("status", "event", "venue")


@functools.cache
def _direct_sql(vendor: str, same: tuple[str, ...], one_venue: bool) -> str:
    seat, live = [s.value for s in HOLDS_SEAT], [s.value for s in LIVE]
    tables = _tables()
    fields, columns = _fields(vendor, DIRECT_SETS)
    allowed = ["TRUE"]
    if same:
        allowed.append(
            NOT_REGISTERED.format(live=_placeholders(live), same=" OR ".join(same), **tables)
        )
    return DIRECT.format(
        columns=columns,
        values=_placeholders(fields),
        seat=_placeholders(seat),
        one_venue=" AND v.id = %s" if one_venue else "",
        allowed=" AND ".join(allowed),
        **tables,
    )


def register_directly(
    registration: Registration,
    *,
    event_pk: int,
    venue_pk: int | None,
    actor,
    same: tuple[list[str], list],
) -> bool:
    """Insert `registration` (no event or venue set: the statement finds them) for an open,
    published event without questions, with its audit record; False when nothing was
    written and the caller must read the event and decide the usual way."""
    fields = _fields(connection.vendor, DIRECT_SETS)[0]
    conditions, condition_params = same
    now = timezone.now()
    params = [
        *[s.value for s in HOLDS_SEAT],
        event_pk,
        *([venue_pk] if venue_pk is not None else []),
        RegistrationMode.OPEN.value,
        now,
        now,
        *_values(registration, fields),
        event_pk,
        RegistrationStatus.WAITING.value,
        RegistrationStatus.PENDING.value,
        RegistrationStatus.CONFIRMED.value,
        *([event_pk, *[s.value for s in LIVE], *condition_params] if conditions else []),
        now,
        actor.pk if actor is not None and actor.is_authenticated else None,
        ACTION,
        ContentType.objects.get_for_model(Registration).pk,
        f"{registration.name} · ",  # str(registration) is "name · event title"
    ]
    sql = _direct_sql(connection.vendor, tuple(conditions), venue_pk is not None)
    row = _decide_locked(event_pk, sql, params)
    if row is None:
        return False
    registration.pk, registration.status = row[0], row[1]
    registration.event_id = event_pk
    registration.venue = Venue(id=row[2], name=row[3], event_id=event_pk)
    registration._state.adding, registration._state.db = False, connection.alias
    return True
