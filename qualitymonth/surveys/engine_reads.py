"""The index engine's one pass over the answers: a mean per unit and question, and the units'
attributes, read from the database as DataFrames (on PostgreSQL through COPY)."""

import io
import struct
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl
import psycopg
from django.db import connection, connections, transaction

from qualitymonth.surveys.models import Question, Response, Round, UnitOfAnalysis


def frame_from_sql(sql: str, params: list, schema: dict) -> pl.DataFrame:
    """A query's rows as a DataFrame; on PostgreSQL through COPY, its fastest way out."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.BytesIO()
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy:
                for block in copy:
                    buffer.write(block)
            buffer.seek(0)
            if not buffer.getbuffer().nbytes:
                return pl.DataFrame(schema=schema)
            return pl.read_csv(buffer, has_header=False, new_columns=list(schema), schema=schema)
        cursor.execute(sql, params)
        return pl.DataFrame(cursor.fetchall(), schema=schema, orient="row")


# From this many responses on, a round's sites are read in parts at once, each on its own
# connection: as many as PostgreSQL's own parallel plan (the GROUP BY the bench compares with)
# would use processes, the leader and max_parallel_workers_per_gather workers, two at least.
SPLIT_FROM = 20_000
MAX_PARTS = 4


MEANS = {"unit": pl.Int64, "question": pl.Int64, "value": pl.Float64, "n": pl.Int64}


def unit_question_means(
    round_: Round, question_ids: list[int], *, split_from: int = SPLIT_FROM
) -> pl.DataFrame:
    """Mean answer per unit and question: the one pass over the answers. On PostgreSQL a
    round of `split_from` responses or more is read in parts (ranges of sites) at once."""
    if not question_ids:
        return pl.DataFrame(schema=MEANS)
    unit = "site_id" if round_.evaluation.unit_of_analysis == UnitOfAnalysis.SITE else "response_id"
    if connection.vendor == "postgresql":
        return _means_postgresql(round_, unit, question_ids, split_from)
    placeholders = ", ".join(["%s"] * len(question_ids))
    sql = (
        f"SELECT a.{unit}, a.question_id, AVG(a.value), COUNT(*) FROM surveys_answer a "
        f"WHERE a.round_id = %s AND a.value IS NOT NULL AND a.{unit} IS NOT NULL "
        f"AND a.question_id IN ({placeholders}) "
        "AND a.response_id NOT IN (SELECT r.id FROM surveys_response r "
        "WHERE r.round_id = %s AND r.voided_at IS NOT NULL) "
        f"GROUP BY a.{unit}, a.question_id"
    )
    return frame_from_sql(sql, [round_.pk, *question_ids, round_.pk], MEANS)


def _means_postgresql(
    round_: Round, unit: str, question_ids: list[int], split_from: int
) -> pl.DataFrame:
    """The same means, read faster.

    The index answer_round_site_question (round, site, question, response, value) hands a
    round's answers over in (site, question) order, each group's in the order of its responses:
    PostgreSQL aggregates them as they come, reading the index alone, with no hash table to
    spill and no sort. A mean is the sum over the count, as AVG computes it. (The order is
    that of a scan of the table, as before; another plan, parallel workers sharing a group,
    could change the last binary digit of a mean of answers with decimals, as it could before;
    whole numbers sum exactly in any order.) A parallel plan was tried: on two cores its leader,
    merging two million partial groups, gained nothing over one process.
    """
    # Answers without a value (text only) count nowhere: left out, they need no test per group.
    conditions = [f"a.round_id = %s AND a.{unit} IS NOT NULL AND a.value IS NOT NULL"]
    params: list = [round_.pk]
    # The round's answers are to its instrument's questions; leaving out the few that score no
    # item is cheaper than naming every one that does. Either way the frame is filtered below.
    unscored = list(
        Question.objects.filter(instrument=round_.instrument_id)
        .exclude(pk__in=question_ids)
        .values_list("pk", flat=True)
    )
    if len(unscored) > len(question_ids):
        conditions.append("a.question_id = ANY(%s)")
        params.append(question_ids)
    elif unscored:
        conditions.append("a.question_id <> ALL(%s)")
        params.append(unscored)
    # Responses set aside are rare: their test is only made when the round has some (a
    # partial index finds them at once).
    if Response.objects.filter(round=round_, voided_at__isnull=False).exists():
        conditions.append(
            "a.response_id NOT IN (SELECT r.id FROM surveys_response r "
            "WHERE r.round_id = %s AND r.voided_at IS NOT NULL)"
        )
        params.append(round_.pk)
    # The groups as four arrays in one row, each in PostgreSQL's binary form (array_send) and
    # fetched as binary bytea: numbers leave as their bytes (as text, writing and parsing 2
    # million sums cost more than adding them up), in one piece rather than COPY's blocks.
    sql = (
        "SELECT array_send(array_agg(g.unit)), array_send(array_agg(g.question)), "
        "array_send(array_agg(g.total)), array_send(array_agg(g.n)) "
        f"FROM (SELECT a.{unit} AS unit, a.question_id AS question, SUM(a.value) AS total, "
        "COUNT(*) AS n FROM surveys_answer a "
        f"WHERE {' AND '.join(conditions)}{{part}} "
        f"GROUP BY a.{unit}, a.question_id) g"
    )
    bounds = _site_bounds(round_, split_from) if unit == "site_id" else []
    frames = _in_parts(sql, params, bounds) if bounds else [_read_part(sql.format(part=""), params)]
    groups = pl.concat(frames)
    return groups.select(
        "unit", "question", (pl.col("total") / pl.col("n")).alias("value"), "n"
    ).filter(pl.col("question").is_in(question_ids))


GROUPS = {"unit": pl.Int64, "question": pl.Int64, "total": pl.Float64, "n": pl.Int64}


def _read_part(sql: str, params: list) -> pl.DataFrame:
    """The four arrays of the groups' row, on this thread's connection."""
    # A cursor of its own: Django's binds parameters on the client, which allows no binary
    # results. (atomic() connects first.)
    with transaction.atomic(), psycopg.Cursor(connection.connection) as cursor:
        # JIT compilation costs seconds here and gains nothing on a plain aggregate.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params, binary=True)
        row = cursor.fetchone()
    if row is None or row[0] is None:  # no groups: array_agg of nothing is NULL
        return pl.DataFrame(schema=GROUPS)
    return pl.DataFrame(
        {name: _array(data, kind) for (name, kind), data in zip(GROUPS.items(), row, strict=True)},
        schema=GROUPS,
    )


def _array(data: bytes, kind) -> np.ndarray:
    """A one-dimensional array without NULLs (int8 or float8) in PostgreSQL's binary form: its
    dimensions, flags, element type and bounds (20 bytes), then each element's length and
    big-endian bytes."""
    ndim, _flags, _element, size, _lower = struct.unpack_from(">iiiii", data, 0)
    if ndim != 1:
        raise ValueError(f"expected a one-dimensional array, got {ndim} dimensions")
    value = ">f8" if kind == pl.Float64 else ">i8"
    cells = np.frombuffer(data, dtype=[("length", ">i4"), ("value", value)], count=size, offset=20)
    return cells["value"].astype(np.float64 if kind == pl.Float64 else np.int64)


def _site_bounds(round_: Round, split_from: int) -> list[int]:
    """The site ids that split a large round's sites into parts of equal size; else none."""
    if Response.objects.filter(round=round_).count() < split_from:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_parallel_workers_per_gather')::int")
        parts = min(MAX_PARTS, 1 + max(cursor.fetchone()[0], 1))
        cursor.execute(
            "SELECT percentile_disc(%s::float8[]) WITHIN GROUP (ORDER BY id) FROM surveys_site "
            "WHERE evaluation_id = %s",
            [[n / parts for n in range(1, parts)], round_.evaluation_id],
        )
        bounds = cursor.fetchone()[0] or []
    return sorted({bound for bound in bounds if bound is not None})


def _in_parts(sql: str, params: list, bounds: list[int]) -> list[pl.DataFrame]:
    """Each range of sites between two bounds on a connection of its own: the first on this
    thread's, the others on other threads' (each sees committed answers, as every answer of a
    large round is). Each part is read from the index in its own range; parts share no unit."""
    main = threading.current_thread()

    def part(low: int | None, high: int | None) -> pl.DataFrame:
        conditions, values = "", []
        if low is not None:
            conditions += " AND a.site_id >= %s"
            values.append(low)
        if high is not None:
            conditions += " AND a.site_id < %s"
            values.append(high)
        try:
            return _read_part(sql.format(part=conditions), [*params, *values])
        finally:
            if threading.current_thread() is not main:
                connections.close_all()

    ranges = list(zip([None, *bounds], [*bounds, None], strict=True))
    with ThreadPoolExecutor(max_workers=len(ranges) - 1) as pool:
        others = [pool.submit(part, low, high) for low, high in ranges[1:]]
        first = part(*ranges[0])
        return [first, *(other.result() for other in others)]


def unit_attributes(round_: Round) -> pl.DataFrame:
    """Each unit's name, street, district and industry, for grouping."""
    schema = {
        "unit": pl.Int64,
        "name": pl.String,
        "street": pl.Int64,
        "district": pl.Int64,
        "industry": pl.Int64,
    }
    if round_.evaluation.unit_of_analysis == UnitOfAnalysis.SITE:
        sql = (
            "SELECT id, name, street_id, district_id, industry_id FROM surveys_site "
            "WHERE evaluation_id = %s"
        )
        return frame_from_sql(sql, [round_.evaluation_id], schema)
    sql = (
        "SELECT id, '', street_id, district_id, industry_id FROM surveys_response "
        "WHERE round_id = %s AND voided_at IS NULL"
    )
    return frame_from_sql(sql, [round_.pk], schema)
