"""Compute, store and publish index runs."""

import json

import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from qualitymonth.core.services import log_action
from qualitymonth.organizations.models import Unit
from qualitymonth.surveys import engine
from qualitymonth.surveys.models import IndexResult, IndexRun, Industry, Round, RunLevel

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


def _store_results(run: IndexRun, results: dict[str, pl.DataFrame], previous: dict) -> None:
    names = _names(results)
    fixed = {"key", "name", "street", "district", "industry", "score", "rank", "units"}
    fixed |= {"ci_low", "ci_high", "parent", "sd"}
    rows = []
    for level, frame in results.items():
        parts = [c for c in frame.columns if c not in fixed]
        for record in frame.iter_rows(named=True):
            key = str(record["key"])
            score = record["score"]
            before = previous.get((level, key))
            rows.append(
                (
                    run.pk,
                    level,
                    key,
                    record.get("name") or names.get((level, key), ""),
                    "" if record.get("parent") is None else str(record["parent"]),
                    score,
                    record["rank"],
                    record["units"],
                    record["ci_low"],
                    record["ci_high"],
                    None if before is None else score - before,
                    {part: record[part] for part in parts if record[part] is not None},
                )
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            statement = f"COPY surveys_indexresult ({', '.join(COLUMNS)}) FROM STDIN"
            with cursor.cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row((*row[:-1], json.dumps(row[-1])))
        return
    IndexResult.objects.bulk_create(
        [IndexResult(**dict(zip(COLUMNS, row, strict=True))) for row in rows], batch_size=2000
    )
