"""A cursor whose statements PostgreSQL plans once per connection: for the hot paths' few
statements (a registration's, a check-in's, a submission's, the signed-in person's read).

Those statements are short to run and long to plan: a registration's one statement took
0.43 ms to plan and 0.08 ms to run, so under a burst the database spent most of its CPU
planning the same text again. Django's cursors bind parameters on the client (the values are
written into the SQL, which is new text each time, so nothing can be kept). This cursor sends
them apart, and psycopg prepares each statement on its first run on a connection and reuses
the plan for as long as the connection lives (`prepare_threshold` in settings; None there turns
it off, as a pooler that cannot keep prepared statements needs). Statements still pass
through Django's cursor wrapper: the write watcher (core/cache.py) and the tests' query
capture see them as any other.

The values travel apart from the SQL: psycopg sends strings and None untyped, so PostgreSQL
takes their type from where they go (a column of INSERT … SELECT included), and numbers with
their own. On other databases (SQLite) this is the usual cursor.
"""

import contextlib

from django.db import connection
from django.db.backends.postgresql.base import (
    TIMESTAMPTZ_OID,
    CursorDebugWrapper,
    ServerBindingCursor,
)
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg.pq import Format


@contextlib.contextmanager
def prepared_cursor():
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    connection.validate_thread_sharing()
    # Django's own class for server-side binding, with the time zone as its cursors get it.
    raw = ServerBindingCursor(connection.connection)
    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    if connection.timezone != loader.timezone:
        register_tzloader(connection.timezone, raw)
    wrapped = _Logged(raw, connection) if connection.queries_logged else connection.make_cursor(raw)
    with wrapped:
        yield wrapped


class _Logged(CursorDebugWrapper):
    """Django's logging wrapper, logging the statement as written (its parameters apart):
    psycopg keeps no text with the values in for a prepared statement."""

    def debug_sql(self, sql=None, params=None, use_last_executed_query=False, many=False):
        return super().debug_sql(sql, params, False, many)
