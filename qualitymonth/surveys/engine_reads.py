"""The index engine's reads: a mean per unit and question, and the units' attributes, from the
database as DataFrames (on PostgreSQL through COPY or binary arrays)."""

import io
import struct
import threading

import numpy as np
import polars as pl
import psycopg
from django.db import connection, transaction

from qualitymonth.surveys.models import Round, UnitOfAnalysis


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


MEANS = {"unit": pl.Int64, "question": pl.Int64, "value": pl.Float64, "n": pl.Int64}


def unit_question_means(
    round_: Round, question_ids: list[int], *, in_halves: bool = False
) -> pl.DataFrame:
    """Mean answer per unit and question. A site's are its tallies (sums and counts the
    database keeps as answers arrive, `Tally`), so the index never groups the answers again;
    a response's (rounds whose unit is the response) are grouped from its answers.

    `in_halves`: the caller has nothing uncommitted that the tallies depend on, so a large
    round's may be read half on a second connection, at the same time (see _site_tallies)."""
    if not question_ids:
        return pl.DataFrame(schema=MEANS)
    if round_.evaluation.unit_of_analysis == UnitOfAnalysis.SITE:
        groups = _site_tallies(round_, in_halves=in_halves)
    else:
        groups = _response_groups(round_, question_ids)
    # A mean is the sum over the count, as AVG computes it.
    return groups.select(
        "unit", "question", (pl.col("total") / pl.col("n")).alias("value"), "n"
    ).filter(pl.col("question").is_in(question_ids))


GROUPS = {"unit": pl.Int64, "question": pl.Int64, "total": pl.Float64, "n": pl.Int64}


TALLY_ARRAYS = (
    "SELECT array_send(array_agg(site_id)), array_send(array_agg(question_id)), "
    "array_send(array_agg(total)), array_send(array_agg(n)) "
    "FROM surveys_tally WHERE round_id = %s"
)
# From this many sites in the frame (about 200,000 tallies) a round's tallies are read in two
# halves at once: below it, the second connection costs more than it saves.
HALVES_FROM_SITES = 5000


def _site_tallies(round_: Round, *, in_halves: bool = False) -> pl.DataFrame:
    """The round's tallies: on PostgreSQL as four arrays in one row, each in PostgreSQL's
    binary form (array_send) and fetched as binary bytea: numbers leave as their bytes (as
    text, writing and parsing 800,000 sums cost more than reading them).

    Building the arrays is most of the read, on one core (PostgreSQL 15 aggregates arrays in
    one process), so with `in_halves` a large round's are built in two halves by site, the
    upper half on a second connection meanwhile: 0.40 → 0.25 s for 800,000 tallies."""
    if connection.vendor != "postgresql":
        return frame_from_sql(
            "SELECT site_id, question_id, total, n FROM surveys_tally WHERE round_id = %s",
            [round_.pk],
            GROUPS,
        )
    if in_halves:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT MIN(id), MAX(id), COUNT(*) FROM surveys_site WHERE evaluation_id = %s",
                [round_.evaluation_id],
            )
            low, high, sites = cursor.fetchone()
        if sites >= HALVES_FROM_SITES:
            return _tallies_in_halves(round_, (low + high) // 2)
    return _read_arrays(TALLY_ARRAYS, [round_.pk])


def _tallies_in_halves(round_: Round, middle: int) -> pl.DataFrame:
    """The sites up to `middle` read here, the others on a connection of their own meanwhile."""
    found: dict[str, object] = {}

    def upper_half():
        try:
            with psycopg.connect(**connection.get_connection_params()) as other:
                found["row"] = _arrays_row(
                    other, f"{TALLY_ARRAYS} AND site_id > %s", [round_.pk, middle]
                )
        except Exception as error:  # raised again on the caller's thread
            found["error"] = error

    thread = threading.Thread(target=upper_half)
    thread.start()
    try:
        lower = _read_arrays(f"{TALLY_ARRAYS} AND site_id <= %s", [round_.pk, middle])
    finally:
        thread.join()
    if "error" in found:
        raise found["error"]
    return pl.concat([lower, _frame_of_arrays(found["row"])])


def _response_groups(round_: Round, question_ids: list[int]) -> pl.DataFrame:
    """Each response's answers grouped by question (a response answers a question once, so a
    group is mostly one answer); responses set aside are left out."""
    placeholders = ", ".join(["%s"] * len(question_ids))
    sql = (
        "SELECT a.response_id, a.question_id, SUM(a.value), COUNT(*) FROM surveys_answer a "
        "WHERE a.round_id = %s AND a.value IS NOT NULL "
        f"AND a.question_id IN ({placeholders}) "
        "AND a.response_id NOT IN (SELECT r.id FROM surveys_response r "
        "WHERE r.round_id = %s AND r.voided_at IS NOT NULL) "
        "GROUP BY a.response_id, a.question_id"
    )
    return frame_from_sql(sql, [round_.pk, *question_ids, round_.pk], GROUPS)


def _read_arrays(sql: str, params: list) -> pl.DataFrame:
    """The four arrays of the groups' row."""
    # A cursor of its own: Django's binds parameters on the client, which allows no binary
    # results. (atomic() connects first.)
    with transaction.atomic():
        row = _arrays_row(connection.connection, sql, params)
    return _frame_of_arrays(row)


def _arrays_row(raw: psycopg.Connection, sql: str, params: list):
    """The arrays' row, on the psycopg connection `raw` (in a transaction)."""
    with psycopg.Cursor(raw) as cursor:
        # JIT compilation costs more than it gains on a plain scan.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params, binary=True)
        return cursor.fetchone()


def _frame_of_arrays(row) -> pl.DataFrame:
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
