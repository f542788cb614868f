"""The door scanner's reads: each a round trip fewer than the general ones, the same rules."""

from types import SimpleNamespace

from django.db import connection
from django.http import Http404

from qualitymonth.core.permissions import require_perm_or_404
from qualitymonth.core.prepared import prepared_cursor
from qualitymonth.core.rows import compiled_once, model_from_row
from qualitymonth.events.models import Event
from qualitymonth.events.selectors import get_event_to_run, id_or_none
from qualitymonth.organizations.selectors import held_positions_query, remember_positions


def _event_query(pk):
    fields = Event._meta.concrete_fields
    return Event.objects.filter(pk=pk).order_by().values_list(*(f.attname for f in fields))


def _held_query(user_pk):
    # The organizations app's own query (its shape does not depend on the person).
    return held_positions_query(SimpleNamespace(pk=user_pk))


def event_to_scan_at(user, pk) -> Event:
    """`get_event_to_run` for a check-in. On PostgreSQL the event and the scanner's positions
    (what the permission reads first) are sent together in psycopg's pipeline: one round trip
    instead of two on every scan; their SQL is compiled once per process and planned once per
    connection, not on every scan.
    The permission is then decided exactly as everywhere."""
    pk = id_or_none(pk)
    if pk is None or connection.vendor != "postgresql" or not user.is_authenticated:
        return get_event_to_run(user, pk)
    event_sql, event_params = compiled_once(_event_query, pk)
    held_sql, held_params = compiled_once(_held_query, user.pk)
    connection.ensure_connection()
    with (
        connection.connection.pipeline(),
        prepared_cursor() as event_cursor,
        prepared_cursor() as held_cursor,
    ):
        event_cursor.execute(event_sql, event_params)
        held_cursor.execute(held_sql, held_params)
        event_row = event_cursor.fetchone()
        held_rows = held_cursor.fetchall()
    remember_positions(user, held_rows)
    if event_row is None:
        # The secretariat may run every event, so the permission alone lets a missing one by.
        raise Http404
    event = model_from_row(Event, Event._meta.concrete_fields, event_row)
    require_perm_or_404(user, "events.run_event", event)
    return event
