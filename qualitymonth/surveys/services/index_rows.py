"""An index run's results as rows for the database: PostgreSQL's binary COPY format, built with
NumPy (numbers are sent as their 8 bytes, never written out and parsed again), or model
instances elsewhere."""

import struct

import numpy as np
import polars as pl

from qualitymonth.surveys.models import IndexResult

# In the table's order; part_scores is float8[].
COLUMNS = (
    "run_id",
    "level",
    "key",
    "name",
    "parent_key",
    "score",
    "rank",
    "units",
    "ci_low",
    "ci_high",
    "change",
    "part_scores",
)
FLOATS = ("score", "ci_low", "ci_high", "change")
HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
TRAILER = struct.pack(">h", -1)
NULL = struct.pack(">i", -1)
FLOAT8 = 701  # the type of an array's elements, by its PostgreSQL oid


def _cells(values: np.ndarray) -> np.ndarray:
    """Each float as a binary COPY field: its length (8), then its big-endian bytes."""
    cells = np.empty(values.shape, dtype=[("length", ">i4"), ("value", ">f8")])
    cells["length"] = 8
    cells["value"] = values
    return cells


_LENGTH = struct.Struct(">i").pack


def _text_fields(column: pl.Series) -> list[bytes]:
    return [_LENGTH(len(b)) + b for b in column.cast(pl.Binary).to_list()]


def _array_fields(scores: pl.DataFrame) -> list[bytes]:
    """Each row's scores as a float8[] field; a missing score is a NULL element."""
    rows, width = scores.height, scores.width
    if width == 0:
        empty = struct.pack(">iii", 0, 0, FLOAT8)
        return [struct.pack(">i", len(empty)) + empty] * rows
    missing = scores.select(pl.all().is_null()).to_numpy()
    values = scores.select(pl.all().fill_null(0.0)).to_numpy()
    body = _cells(values).tobytes()
    size = 12 * width
    whole = struct.pack(">iiiii", 1, 0, FLOAT8, width, 1)
    holes = struct.pack(">iiiii", 1, 1, FLOAT8, width, 1)
    field = struct.pack(">i", 20 + size)
    fields = []
    for i, has_holes in enumerate(missing.any(axis=1).tolist()):
        if has_holes:
            elements = b"".join(
                NULL if m else struct.pack(">id", 8, v)
                for v, m in zip(values[i].tolist(), missing[i].tolist(), strict=True)
            )
            fields.append(struct.pack(">i", 20 + len(elements)) + holes + elements)
        else:
            fields.append(field + whole + body[size * i : size * i + size])
    return fields


# The order COPY is given the columns in: the fixed-width ones first (one NumPy record per row),
# the texts last. part_scores is float8[].
COPY_COLUMNS = (
    "run_id",
    "level",
    *FLOATS,
    "rank",
    "units",
    "part_scores",
    "key",
    "name",
    "parent_key",
)


def _record(level: bytes, nulls: tuple[bool, ...], width: int | None) -> np.dtype:
    """A row's fixed-width fields as one NumPy record: the field count, run, level, the floats
    (a NULL is its length alone), rank, units and, unless `width` is None, the scores array."""
    fields = [("count", ">i2"), ("run_length", ">i4"), ("run", ">i8")]
    fields.append(("level", f"S{len(level)}"))
    for name, null in zip(FLOATS, nulls, strict=True):
        fields.append((f"{name}_length", ">i4"))
        if not null:
            fields.append((name, ">f8"))
    fields += [("rank_length", ">i4"), ("rank", ">i4"), ("units_length", ">i4"), ("units", ">i4")]
    if width is not None:
        # An empty array is its dimensions, flags and element type alone.
        fields += [("array_length", ">i4"), ("array_header", ">i4", (5 if width else 3,))]
        if width:
            fields.append(("cells", [("length", ">i4"), ("value", ">f8")], (width,)))
    return np.dtype(fields)


def copy_rows(frame: pl.DataFrame, parts: list[str]) -> bytes:
    """The rows (the columns COPY_COLUMNS names but part_scores, then one per part) in binary
    COPY format, in COPY_COLUMNS' order, without the header and trailer.

    Rows with the same NULLs share a record layout: NumPy writes their fixed-width fields for
    all of them at once, and only the texts (and a scores array with holes, which is rare) are
    joined row by row."""
    rows = frame.height
    if not rows:
        return b""
    level = _text_fields(frame["level"].head(1))[0]
    floats = {name: frame[name] for name in FLOATS}
    nulls = np.column_stack([floats[name].is_null().to_numpy() for name in FLOATS])
    scores = frame.select(parts)
    width = scores.width
    if width:
        missing = scores.select(pl.all().is_null()).to_numpy()
        values = scores.select(pl.all().fill_null(0.0)).to_numpy()
        holes = missing.any(axis=1)
    else:
        holes = np.zeros(rows, dtype=bool)
    arrays = _array_fields(scores.filter(pl.Series(holes))) if holes.any() else []
    rank = frame["rank"].to_numpy()
    units = frame["units"].to_numpy()
    # Each row's layout: which floats are NULL, and whether its scores array has holes.
    shape = nulls @ (1 << np.arange(len(FLOATS))) + holes * (1 << len(FLOATS))
    fixed: list = [None] * rows
    for kind in np.unique(shape).tolist():
        which = np.flatnonzero(shape == kind)
        null = tuple(bool(kind >> n & 1) for n in range(len(FLOATS)))
        whole = not kind >> len(FLOATS) & 1
        record = np.zeros(len(which), dtype=_record(level, null, width if whole else None))
        record["count"] = len(COPY_COLUMNS)
        record["run_length"] = 8
        record["run"] = frame["run_id"][0]
        record["level"] = level
        for name, is_null in zip(FLOATS, null, strict=True):
            record[f"{name}_length"] = -1 if is_null else 8
            if not is_null:
                record[name] = floats[name].to_numpy()[which]
        record["rank_length"] = record["units_length"] = 4
        record["rank"] = rank[which]
        record["units"] = units[which]
        if whole and width:
            record["array_length"] = 20 + 12 * width
            record["array_header"] = (1, 0, FLOAT8, width, 1)
            record["cells"]["length"] = 8
            record["cells"]["value"] = values[which]
        elif whole:
            record["array_length"] = 12
            record["array_header"] = (0, 0, FLOAT8)
        raw = record.tobytes()
        size = record.dtype.itemsize
        for i, row in enumerate(which.tolist()):
            fixed[row] = raw[size * i : size * i + size]
    if arrays:
        for row, field in zip(np.flatnonzero(holes).tolist(), arrays, strict=True):
            fixed[row] += field
    texts = [frame[name].cast(pl.Binary).to_list() for name in ("key", "name", "parent_key")]
    length = _LENGTH
    return b"".join(
        [
            row + length(len(key)) + key + length(len(name)) + name + length(len(parent)) + parent
            for row, key, name, parent in zip(fixed, *texts, strict=True)
        ]
    )


def model_rows(frame: pl.DataFrame, parts: list[str]) -> list[IndexResult]:
    fixed = [c for c in COLUMNS if c != "part_scores"]
    return [
        IndexResult(
            **dict(zip(fixed, row[: len(fixed)], strict=True)), part_scores=row[len(fixed) :]
        )
        for row in frame.select(*fixed, *parts).iter_rows()
    ]
