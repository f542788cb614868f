"""Responses out of the platform: CSV streamed, XLSX and SPSS written by a background task.

The wide table (one row per response, one column per question) is read from the responses'
cells, each answer's text kept on its response by the database (Response.cells).
On PostgreSQL the CSV leaves through COPY, chunk by chunk, so 10⁵–10⁶ responses stream
without being held in memory — the failure KoboToolbox users meet at that size.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterator

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from qualitymonth.core.spreadsheets import FORMULA_STARTS, local_naive
from qualitymonth.surveys.models import Question, QuestionType, Round

FIXED = (
    ("id", "r.id"),
    ("client_id", "r.client_id"),
    ("submitted_at", "r.submitted_at"),
    ("source", "r.source"),
    ("site_code", "s.code"),
    ("site_name", "s.name"),
    ("district", "d.name"),
    ("street", "st.name"),
    ("industry", "i.name"),
    ("latitude", "r.latitude"),
    ("longitude", "r.longitude"),
    ("set_aside", "r.voided_at"),
)


# Stored in UTC; exports give the wall-clock time in Shanghai, as Excel and readers expect.
TIMES = ("submitted_at", "set_aside")
TIME_INDEXES = tuple(n for n, (name, _column) in enumerate(FIXED) if name in TIMES)


def export_questions(round_: Round) -> list[Question]:
    return [
        q
        for q in round_.instrument.questions.order_by("position")
        if q.type not in (QuestionType.NOTE, QuestionType.PHOTO)
    ]


def header(round_: Round) -> list[str]:
    return [name for name, _column in FIXED] + [q.name for q in export_questions(round_)]


def _local_text_sql(column: str) -> str:
    """PostgreSQL: a timestamp as local wall-clock text, for COPY (2026-09-05 10:30:00)."""
    zone = settings.TIME_ZONE
    if not re.fullmatch(r"[A-Za-z_/+-]+", zone):
        raise ValueError(f"unexpected TIME_ZONE {zone!r}")
    return f"to_char({column} AT TIME ZONE '{zone}', 'YYYY-MM-DD HH24:MI:SS')"


# The first characters that make a spreadsheet program read a cell as a formula (OWASP CSV
# injection, with TAB, CR and the full-width forms): such text gets a leading quote. (The
# answers' cells are stored with it: migration 0013.)
_FORMULA_LIST = ", ".join(f"'{start}'" for start in FORMULA_STARTS)


def _neutralised(column: str) -> str:
    return (
        f"CASE WHEN substr({column}, 1, 1) IN ({_FORMULA_LIST}) THEN '''' || {column} "
        f"ELSE {column} END"
    )


def _cell_sql(question_id: int) -> str:
    """A question's cell of the response `r`, from the cells the database keeps
    (Response.cells: each answer's text as the export writes it, by question id)."""
    if connection.vendor == "postgresql":
        return f"r.cells->>'{int(question_id)}'"
    return f"json_extract(r.cells, '$.\"{int(question_id)}\"')"


def _pivot_sql(round_: Round, *, local_text: bool = False) -> tuple[str, list]:
    """One row per response, one column per question, read from the responses alone.

    Each response's answers are kept as cells on its row, so nothing is grouped here (the
    pivot over every answer cost more than the floor's whole COPY of them). Names are
    neutralised in the joined rows, once per site, street, district or industry rather than
    once per response; the CSV has those joins hashed in parallel workers (_parallel_names)."""
    questions = export_questions(round_)
    cells = ", ".join(f"{_cell_sql(q.pk)} AS q{n}" for n, q in enumerate(questions))
    fixed = ", ".join(
        _local_text_sql(column) if local_text and name in TIMES else column
        for name, column in FIXED
    )
    sql = (
        f"SELECT {fixed}{', ' + cells if cells else ''} FROM surveys_response r "
        f"LEFT JOIN (SELECT id, {_neutralised('code')} AS code, {_neutralised('name')} AS name "
        "FROM surveys_site) s ON s.id = r.site_id "
        f"LEFT JOIN (SELECT id, {_neutralised('name')} AS name FROM organizations_unit) d "
        "ON d.id = r.district_id "
        f"LEFT JOIN (SELECT id, {_neutralised('name')} AS name FROM organizations_unit) st "
        "ON st.id = r.street_id "
        f"LEFT JOIN (SELECT id, {_neutralised('name')} AS name FROM surveys_industry) i "
        "ON i.id = r.industry_id "
        "WHERE r.round_id = %s ORDER BY r.id"
    )
    return sql, [round_.pk]


def stream_csv(round_: Round) -> Iterator[bytes]:
    """The responses as UTF-8 CSV (with a byte-order mark for Excel), chunk by chunk."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(header(round_))
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    if connection.vendor == "postgresql":
        yield from _copy_csv(round_)
        return
    with transaction.atomic(), connection.cursor() as cursor:
        sql, params = _pivot_sql(round_)
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(2000):
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in rows:
                values = _with_local_times(row)
                for n in TIME_INDEXES:
                    if values[n] is not None:
                        values[n] = values[n].isoformat(sep=" ", timespec="seconds")
                writer.writerow(["" if v is None else _sqlite_text(v) for v in values])
            yield buffer.getvalue().encode("utf-8")


# Bytes handed on at a time: COPY gives one row at a time, and a chunk per row meant a write
# (and a trip through the response's iterator) per response.
CHUNK_BYTES = 1 << 16


def _copy_csv(round_: Round) -> Iterator[bytes]:
    """PostgreSQL: the rows as COPY writes them, gathered into chunks of about CHUNK_BYTES."""
    # The pivot is costly enough for PostgreSQL to compile it (JIT) with inlining and
    # optimisation, in the leader and again in every parallel worker: seconds spent before the
    # first row, and more than the compiled code saves. (SET LOCAL: only for this transaction.)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        _parallel_names(cursor)
        sql, params = _pivot_sql(round_, local_text=True)
        with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy:
            pending, size = [], 0
            for block in copy:
                pending.append(block)
                size += len(block)
                if size >= CHUNK_BYTES:
                    yield b"".join(pending)
                    pending, size = [], 0
            if pending:
                yield b"".join(pending)


def _parallel_names(cursor) -> None:
    """PostgreSQL, for the CSV: the responses joined to their names by parallel workers.

    With Memoize allowed, the plan looks the names up in the leader (a cache probe per
    response and name, 4 × 10⁵–10⁶), which also writes every CSV field: the leader was the
    bottleneck. Without it the planner hash-joins the names
    in the workers and sorts their rows by id there, so the leader only merges; work_mem lets
    that sort stay in memory (the rows of 400,000 responses spilled to disk at the default
    4 MB). 0.2–0.3 s less on 400,000 responses (1.7 → 1.45 s). SET LOCAL: this transaction
    only.

    Tried and not kept (no clear gain, or slower): the answers aggregated per response in a
    LATERAL subquery (an index lookup per response: 2.6 s); the times' to_char moved into the
    workers (less for the leader, no less in all); one worker per Gather, or none from the
    leader; the whole numbers' text through bigint rather than float8out (no faster)."""
    cursor.execute("SET LOCAL enable_memoize = off")
    cursor.execute("SET LOCAL work_mem = '64MB'")


def _sqlite_text(value):
    # SQLite writes 3.0 for a whole number stored as a float; PostgreSQL writes 3.
    if isinstance(value, str) and value.endswith(".0") and value[:-2].lstrip("-").isdigit():
        return value[:-2]
    return value


def _with_local_times(row) -> list:
    """The row with its times as naive Shanghai wall-clock datetimes.

    PostgreSQL gives aware datetimes; SQLite gives the stored UTC text.
    """
    values = list(row)
    for n in TIME_INDEXES:
        value = values[n]
        if isinstance(value, str):
            value = parse_datetime(value)
        if isinstance(value, datetime.datetime):
            if timezone.is_naive(value):
                value = value.replace(tzinfo=datetime.UTC)
            value = local_naive(value)
        values[n] = value
    return values


def iter_rows(round_: Round, *, chunk: int = 2000) -> Iterator[list]:
    """The same rows as values, for the XLSX and SPSS writers; times as local datetimes."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL jit = off")  # as for the CSV (_copy_csv)
        sql, params = _pivot_sql(round_)
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk):
            for row in rows:
                yield [_sqlite_text(v) if isinstance(v, str) else v for v in _with_local_times(row)]


def export_filename(round_: Round, extension: str) -> str:
    return f"{round_.evaluation.key}-{round_.year}-{_('responses')}.{extension}"
