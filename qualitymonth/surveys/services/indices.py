"""Compute, store and publish index runs."""

import polars as pl
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.organizations.models import Unit
from qualitymonth.surveys import engine
from qualitymonth.surveys.models import Answer, IndexResult, IndexRun, Industry, Round, RunLevel
from qualitymonth.surveys.services import index_rows


def compute_index(*, round_: Round, actor) -> IndexRun:
    """Compute a run; the same inputs give back the run already stored, numbers unchanged."""
    # Called outside any transaction (the worker's task), the caller has written nothing
    # uncommitted: a large round's tallies may then be read on a second connection too.
    in_halves = not connection.in_atomic_block
    with transaction.atomic():
        return _compute_index(round_, actor, in_halves=in_halves)


def _compute_index(round_: Round, actor, *, in_halves: bool) -> IndexRun:
    if not Answer.objects.filter(round=round_, response__voided_at__isnull=True).exists():
        raise ValidationError(_("There are no answers to compute yet."), code="no_answers")
    if connection.vendor == "postgresql":
        # A run is derived from stored answers and found again by its fingerprint: the commit
        # need not wait for the disk. A crash in that instant loses the whole run (never part
        # of it), and the next computation writes it again.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
    computed = engine.compute(round_, in_halves=in_halves)
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
        part_codes=computed.parts,
        units=computed.units,
        answers=computed.answers,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    _store_results(run, computed.results, _previous_scores(round_), computed.parts)
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


# Rows of results built and sent at a time (a few megabytes).
CHUNK_ROWS = 5000


def _store_results(
    run: IndexRun, results: dict[str, pl.DataFrame], previous: dict, parts: list[str]
) -> None:
    frames = _result_frames(run, results, previous, _names(results), parts)
    if connection.vendor == "postgresql":
        # Binary COPY: the scores go as their bytes, in arrays (as text, PostgreSQL spent longer
        # parsing them than the engine took to compute them).
        statement = (
            f"COPY surveys_indexresult ({', '.join(index_rows.COPY_COLUMNS)}) FROM STDIN "
            "WITH (FORMAT binary)"
        )
        from psycopg.copy import QueuedLibpqWriter

        with connection.cursor() as cursor:
            # A thread sends each level's rows while the next level's are built.
            writer = QueuedLibpqWriter(cursor.cursor)
            with cursor.cursor.copy(statement, writer=writer) as copy:
                copy.write(index_rows.HEADER)
                for frame in frames:
                    for offset in range(0, frame.height, CHUNK_ROWS):
                        copy.write(index_rows.copy_rows(frame.slice(offset, CHUNK_ROWS), parts))
                copy.write(index_rows.TRAILER)
        return
    IndexResult.objects.bulk_create(
        [row for frame in frames for row in index_rows.model_rows(frame, parts)], batch_size=2000
    )


def _result_frames(
    run: IndexRun, results: dict[str, pl.DataFrame], previous: dict, names: dict, parts: list
):
    """Every level's rows as IndexResult columns, then one column per part, built column-wise."""
    for level, frame in results.items():
        key = pl.col("key").cast(pl.String)
        known = {k: name for (lvl, k), name in names.items() if lvl == level}
        name = key.replace_strict(known, default="", return_dtype=pl.String)
        if "name" in frame.columns:  # a unit's own name, when it has one
            name = pl.when(pl.col("name").fill_null("") != "").then(pl.col("name")).otherwise(name)
        before = {k: score for (lvl, k), score in previous.items() if lvl == level}
        yield frame.select(
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
            *(
                (pl.col(part) if part in frame.columns else pl.lit(None))
                .cast(pl.Float64)
                .alias(part)
                for part in parts
            ),
        )
