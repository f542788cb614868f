"""An index run's results as rows for the database: PostgreSQL's binary COPY format, built with
NumPy (numbers are sent as their 8 bytes, never written out and parsed again), or model
instances elsewhere."""

import itertools
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


def _float_fields(column: pl.Series) -> list[bytes]:
    missing = column.is_null().to_list()
    raw = _cells(column.fill_null(0.0).to_numpy()).tobytes()
    return [NULL if m else raw[12 * i : 12 * i + 12] for i, m in enumerate(missing)]


def _int_fields(column: pl.Series) -> list[bytes]:
    cells = np.empty(len(column), dtype=[("length", ">i4"), ("value", ">i4")])
    cells["length"] = 4
    cells["value"] = column.to_numpy()
    raw = cells.tobytes()
    return [raw[8 * i : 8 * i + 8] for i in range(len(column))]


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


def copy_rows(frame: pl.DataFrame, parts: list[str]) -> bytes:
    """The rows (the columns COLUMNS names but part_scores, then one per part) in binary COPY
    format, without its header and trailer."""
    if not frame.height:
        return b""
    # Every row of a frame has the same run and level.
    run = struct.pack(">hiq", len(COLUMNS), 8, frame["run_id"][0])
    level = _text_fields(frame["level"].head(1))[0]
    columns = [
        [run + level] * frame.height,
        _text_fields(frame["key"]),
        _text_fields(frame["name"]),
        _text_fields(frame["parent_key"]),
        _float_fields(frame["score"]),
        _int_fields(frame["rank"]),
        _int_fields(frame["units"]),
        *(_float_fields(frame[c]) for c in FLOATS[1:]),
        _array_fields(frame.select(parts)),
    ]
    return b"".join(itertools.chain.from_iterable(zip(*columns, strict=True)))


def model_rows(frame: pl.DataFrame, parts: list[str]) -> list[IndexResult]:
    fixed = [c for c in COLUMNS if c != "part_scores"]
    return [
        IndexResult(
            **dict(zip(fixed, row[: len(fixed)], strict=True)), part_scores=row[len(fixed) :]
        )
        for row in frame.select(*fixed, *parts).iter_rows()
    ]
