"""Responses out of the platform: CSV streamed, XLSX and SPSS written by a background task.

The wide table (one row per response, one column per question) is pivoted by the database.
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
# injection, with TAB, CR and the full-width forms): such text gets a leading quote.
_FORMULA_LIST = ", ".join(f"'{start}'" for start in FORMULA_STARTS)


def _neutralised(column: str) -> str:
    return (
        f"CASE WHEN substr({column}, 1, 1) IN ({_FORMULA_LIST}) THEN '''' || {column} "
        f"ELSE {column} END"
    )


def _pivot_sql(round_: Round, bounds: tuple, *, local_text: bool = False) -> tuple[str, list]:
    """One row per response; answer columns pivoted from the answers of one GROUP BY.

    Each answer's text is made once, then each column takes its question's (FILTER); the
    answers come in response order from answer_round_response, so they are grouped as they
    come. Names are neutralised in the joined rows, once per site, street, district or
    industry rather than once per response; the CSV has those joins hashed in parallel workers
    (_parallel_names).

    The answers are also bounded by `bounds`, the first and last response the round's answers
    belong to (_answer_bounds): PostgreSQL's plan may read them through the index on the
    response alone, and without the bounds it read every round's answers (from the table, to
    test their round) to keep this one's. As numbers rather than subqueries: PostgreSQL
    guesses a range of unknown bounds holds few rows, and planned no parallel workers."""
    questions = export_questions(round_)
    text = f"CASE WHEN a.text = '' THEN CAST(a.value AS TEXT) ELSE {_neutralised('a.text')} END"
    columns = [
        f"MAX(a.v) FILTER (WHERE a.question_id = {int(q.pk)}) AS q{n}"
        for n, q in enumerate(questions)
    ]
    pivot = ", ".join(["a.response_id", *columns])
    names = ", ".join(f"p.q{n}" for n in range(len(questions)))
    fixed = ", ".join(
        _local_text_sql(column) if local_text and name in TIMES else column
        for name, column in FIXED
    )
    sql = (
        f"SELECT {fixed}{', ' + names if names else ''} FROM surveys_response r "
        f"LEFT JOIN (SELECT {pivot} FROM (SELECT a.response_id, a.question_id, {text} AS v "
        "FROM surveys_answer a WHERE a.round_id = %s AND a.response_id BETWEEN %s AND %s) a "
        "GROUP BY a.response_id) p ON p.response_id = r.id "
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
    return sql, [round_.pk, *bounds, round_.pk]


def _answer_bounds(cursor, round_: Round) -> tuple:
    """The first and last response the round's answers belong to (two index lookups); None,
    None without answers. Read in the export's transaction: see _own_snapshot."""
    cursor.execute(
        "SELECT MIN(response_id), MAX(response_id) FROM surveys_answer WHERE round_id = %s",
        [round_.pk],
    )
    return tuple(cursor.fetchone())


def _own_snapshot(cursor, *, outer: bool) -> None:
    """PostgreSQL: the answers' bounds and the rows read in one snapshot (REPEATABLE READ), so
    that a response stored between the two is in both or neither. Only in a transaction of
    the export's own (`outer`: there was none), whose first statement this must be; reads only,
    so it never fails to serialise."""
    if not outer:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def stream_csv(round_: Round) -> Iterator[bytes]:
    """The responses as UTF-8 CSV (with a byte-order mark for Excel), chunk by chunk."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(header(round_))
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    if connection.vendor == "postgresql":
        yield from _copy_csv(round_)
        return
    with transaction.atomic(), connection.cursor() as cursor:
        sql, params = _pivot_sql(round_, _answer_bounds(cursor, round_))
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
    outer = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        _own_snapshot(cursor, outer=outer)
        cursor.execute("SET LOCAL jit = off")
        _parallel_names(cursor)
        sql, params = _pivot_sql(round_, _answer_bounds(cursor, round_), local_text=True)
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
    response and name, 4 × 10⁵–10⁶), which also finalises the answers' aggregation and writes
    every CSV field: the leader was the bottleneck. Without it the planner hash-joins the names
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
    outer = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _own_snapshot(cursor, outer=outer)
            cursor.execute("SET LOCAL jit = off")  # as for the CSV (_copy_csv)
        sql, params = _pivot_sql(round_, _answer_bounds(cursor, round_))
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk):
            for row in rows:
                yield [_sqlite_text(v) if isinstance(v, str) else v for v in _with_local_times(row)]


def export_filename(round_: Round, extension: str) -> str:
    return f"{round_.evaluation.key}-{round_.year}-{_('responses')}.{extension}"
