"""Compute, store and publish index runs."""

import json

import polars as pl
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.organizations.models import Unit
from qualitymonth.surveys import engine
from qualitymonth.surveys.models import Answer, IndexResult, IndexRun, Industry, Round, RunLevel

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
    "parts",
)


@transaction.atomic
def compute_index(*, round_: Round, actor) -> IndexRun:
    """Compute a run; the same inputs give back the run already stored, numbers unchanged."""
    if not Answer.objects.filter(round=round_, response__voided_at__isnull=True).exists():
        raise ValidationError(_("There are no answers to compute yet."), code="no_answers")
    computed = engine.compute(round_)
    existing = (
        IndexRun.objects.filter(round=round_, fingerprint=computed.fingerprint)
        .order_by("created_at")
        .first()
    )
    if existing is not None:
        return existing
    run = IndexRun.objects.create(
        round=round_,
        fingerprint=computed.fingerprint,
        method={
            "version": engine.METHOD_VERSION,
            "aggregation": "weighted arithmetic mean, weights renormalised over present items",
            "groups": "mean of unit scores",
            "interval": f"t interval, {int(engine.CONFIDENCE * 100)}%",
            "ranks": "competition ranks on scores to two decimals",
        },
        weights=computed.weights,
        units=computed.units,
        answers=computed.answers,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    _store_results(run, computed.results, _previous_scores(round_))
    log_action(
        actor=actor,
        action="surveys.index.compute",
        obj=run,
        changes={"fingerprint": computed.fingerprint, "units": computed.units},
    )
    return run


@transaction.atomic
def publish_run(*, run: IndexRun, actor) -> IndexRun:
    """Make a run the round's published numbers; its indicator system is frozen from now."""
    run = IndexRun.objects.select_for_update().get(pk=run.pk)
    if run.published_at is None:
        now = timezone.now()
        IndexRun.objects.filter(round=run.round_id, published_at__isnull=False).update(
            published_at=None
        )
        run.published_at = now
        run.save(update_fields=["published_at"])
        system = run.round.system
        if system.frozen_at is None:
            system.frozen_at = now
            system.save(update_fields=["frozen_at"])
        log_action(actor=actor, action="surveys.index.publish", obj=run)
    return run


def _previous_scores(round_: Round) -> dict[tuple[str, str], float]:
    """Last year's published scores by (level, key), for the year-on-year change."""
    previous = (
        IndexRun.objects.filter(
            round__evaluation=round_.evaluation,
            round__year=round_.year - 1,
            published_at__isnull=False,
        )
        .order_by("-published_at")
        .first()
    )
    if previous is None:
        return {}
    return {
        (level, key): score
        for level, key, score in previous.results.values_list("level", "key", "score")
    }


def _names(results: dict[str, pl.DataFrame]) -> dict[tuple[str, str], str]:
    wanted_units = set()
    for level in (RunLevel.STREET, RunLevel.DISTRICT):
        wanted_units.update(results[level]["key"].to_list())
    names = {}
    for pk, name in Unit.objects.filter(pk__in=wanted_units).values_list("pk", "name"):
        names[(RunLevel.STREET, str(pk))] = name
        names[(RunLevel.DISTRICT, str(pk))] = name
    for pk, name in Industry.objects.filter(
        pk__in=results[RunLevel.INDUSTRY]["key"].to_list()
    ).values_list("pk", "name"):
        names[(RunLevel.INDUSTRY, str(pk))] = name
    return names


# Rows of results written at a time: a few megabytes of CSV.
CHUNK_ROWS = 5000


def _store_results(run: IndexRun, results: dict[str, pl.DataFrame], previous: dict) -> None:
    names = _names(results)
    chunks = _result_chunks(run, results, previous, names)
    if connection.vendor == "postgresql":
        # Polars writes each chunk as CSV (floats in their shortest exact form, "" apart from
        # NULL) and COPY reads it; a thread sends a chunk while the next one is written, and
        # PostgreSQL (parsing the parts into jsonb, its largest cost) is never kept waiting.
        from psycopg.copy import QueuedLibpqWriter

        statement = f"COPY surveys_indexresult ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv)"
        with connection.cursor() as cursor:
            writer = QueuedLibpqWriter(cursor.cursor)
            with cursor.cursor.copy(statement, writer=writer) as copy:
                for chunk in chunks:
                    copy.write(chunk.write_csv(include_header=False))
        return
    IndexResult.objects.bulk_create(
        [
            IndexResult(**{**row, "parts": json.loads(row["parts"])})
            for chunk in chunks
            for row in chunk.iter_rows(named=True)
        ],
        batch_size=2000,
    )


def _result_chunks(run: IndexRun, results: dict[str, pl.DataFrame], previous: dict, names: dict):
    """Every level's rows as IndexResult columns, parts as JSON text, built column-wise."""
    fixed = {"key", "name", "street", "district", "industry", "score", "rank", "units"}
    fixed |= {"ci_low", "ci_high", "parent", "sd"}
    for level, frame in results.items():
        parts = [c for c in frame.columns if c not in fixed]
        key = pl.col("key").cast(pl.String)
        known = {k: name for (lvl, k), name in names.items() if lvl == level}
        name = key.replace_strict(known, default="", return_dtype=pl.String)
        if "name" in frame.columns:  # a unit's own name, when it has one
            name = pl.when(pl.col("name").fill_null("") != "").then(pl.col("name")).otherwise(name)
        before = {k: score for (lvl, k), score in previous.items() if lvl == level}
        columns = [
            pl.lit(run.pk, pl.Int64).alias("run_id"),
            pl.lit(str(level), pl.String).alias("level"),
            key.alias("key"),
            name.alias("name"),
            pl.col("parent").cast(pl.String).fill_null("").alias("parent_key"),
            pl.col("score").cast(pl.Float64),
            pl.col("rank").cast(pl.Int64),
            pl.col("units").cast(pl.Int64),
            pl.col("ci_low").cast(pl.Float64),
            pl.col("ci_high").cast(pl.Float64),
            (
                pl.col("score") - key.replace_strict(before, default=None, return_dtype=pl.Float64)
            ).alias("change"),
            _parts_json(parts).alias("parts"),
        ]
        for offset in range(0, frame.height, CHUNK_ROWS):
            yield frame.slice(offset, CHUNK_ROWS).select(columns)


def _parts_json(parts: list[str]) -> pl.Expr:
    """{node code: score} of the parts a row has, nulls left out, as JSON text.

    Polars writes a float in its shortest exact form, as Python's json does (80.0, 0.1; 1e-7
    for 1e-07): the numbers read back are the same.
    """
    if not parts:
        return pl.lit("{}", pl.String)
    pieces = [
        pl.when(pl.col(part).is_not_null()).then(
            pl.lit(f"{json.dumps(part)}:") + pl.col(part).cast(pl.Float64).cast(pl.String)
        )
        for part in parts
    ]
    return pl.lit("{") + pl.concat_str(pieces, separator=",", ignore_nulls=True) + pl.lit("}")
