"""The floor: a bare view on the same server that does one indexed read and one insert.

It goes through the same gunicorn workers, middleware and database connections as the
platform's views, so what an endpoint costs above it is the platform's own work.
"""

import json

from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from qualitymonth.events.models import Event

# Made by bench/run.py with plain SQL: the floor must not need a migration of its own.
CREATE_TABLE = """
    CREATE TABLE bench_floor (
        id serial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        event_id integer NOT NULL
    )
"""
READ = f"SELECT id, title FROM {Event._meta.db_table} WHERE id = %s"
INSERT = "INSERT INTO bench_floor (event_id) VALUES (%s) RETURNING id"


@csrf_exempt
@require_POST
def floor(request):
    event_id = int(json.loads(request.body)["event"])
    # One transaction, one commit: as many as a registration or a check-in makes.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(READ, [event_id])
        found = cursor.fetchone()
        cursor.execute(INSERT, [event_id])
        row = cursor.fetchone()[0]
    return JsonResponse({"event": found[0] if found else None, "row": row}, status=201)
