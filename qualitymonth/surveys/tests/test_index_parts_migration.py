"""Runs stored with their parts as {code: score} JSON read back the same once the parts are
arrays: every score, every code, and no score where a row had none."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from qualitymonth.surveys.models import IndexResult, IndexRun

BEFORE = [("surveys", "0008_index_parts_as_text")]
PARTS = [
    {"D1": 62.382072368421056, "D1.1": 65.18503289473684, "": 1e-07},
    {"D1": 80.0, "D1.1": 0.1},
    {},
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


# Transactional: SQLite changes a table's shape only outside a transaction.
@pytest.mark.django_db(transaction=True)
def test_parts_stored_as_json_read_back_the_same_as_arrays(survey_round):
    try:
        old = _migrate(BEFORE)
        run = old.get_model("surveys", "IndexRun").objects.create(
            round_id=survey_round.pk,
            fingerprint="f" * 64,
            method={},
            weights={},
            units=3,
            answers=9,
        )
        result = old.get_model("surveys", "IndexResult")
        for n, parts in enumerate(PARTS, start=1):
            result.objects.create(
                run=run,
                level="site",
                key=str(n),
                name=f"点位{n}",
                score=n,
                rank=n,
                units=1,
                parts=parts,
            )

        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

        run = IndexRun.objects.get(pk=run.pk)
        assert run.part_codes == ["D1", "D1.1", ""]
        rows = IndexResult.objects.filter(run=run).order_by("rank")
        assert [row.parts for row in rows] == PARTS
        assert rows[1].part_scores == [80.0, 0.1, None]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
