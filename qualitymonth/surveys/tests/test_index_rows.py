"""An index run's rows are stored with the same numbers whichever way they are written: binary
COPY on PostgreSQL, model instances elsewhere."""

import polars as pl
import pytest
from django.db import connection

from qualitymonth.surveys.models import IndexResult, RunLevel
from qualitymonth.surveys.services import index_rows, indices
from qualitymonth.surveys.services.indices import compute_index

# Rows of every layout: a NULL in each float column or none, scores with and without holes,
# names with non-ASCII text and an empty parent.
FRAME = {
    "key": ["1", "22", "333", "4444", "5"],
    "name": ["甲", "", "点位 S3", "x" * 150, "五"],
    "parent": [7, None, 7, 8, None],
    "score": [80.125, 50.0, 1e-300, 100.0, 0.1 + 0.2],
    "rank": [1, 2, 3, 4, 5],
    "units": [1, 3, 1, 2, 1],
    "ci_low": [None, 40.5, None, 90.0, None],
    "ci_high": [None, 59.5, None, None, None],
    "A": [80.125, None, 1e-300, 100.0, 0.3],
    "B": [1.0, 2.0, None, None, 0.30000000000000004],
}


def stored(run, frames, previous, parts, *, portable=False) -> list[tuple]:
    IndexResult.objects.filter(run=run).delete()
    if portable:  # what _store_results does on other databases
        names = indices._names(frames)
        IndexResult.objects.bulk_create(
            row
            for frame in indices._result_frames(run, frames, previous, names, parts)
            for row in index_rows.model_rows(frame, parts)
        )
    else:
        indices._store_results(run, frames, previous, parts)
    fields = ("level", "key", "name", "parent_key", "score", "rank", "units", "ci_low")
    fields += ("ci_high", "change")
    return sorted(
        (*(getattr(r, f) for f in fields), tuple(r.part_scores))
        for r in IndexResult.objects.filter(run=run)
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="binary COPY is PostgreSQL's")
def test_copy_stores_what_the_portable_path_stores(answered, secretariat):
    run = compute_index(round_=answered, actor=secretariat)
    frame = pl.DataFrame(FRAME)
    frames = {level: frame.head(0) for level in RunLevel}
    frames |= {RunLevel.SITE: frame, RunLevel.STREET: frame.head(2)}
    # A change against last year for some rows, none for others.
    previous = {(RunLevel.SITE, "1"): 70.0, (RunLevel.SITE, "4444"): 100.0}
    for parts in (["A", "B"], ["B"], []):
        copied = stored(run, frames, previous, parts)
        portable = stored(run, frames, previous, parts, portable=True)
        assert copied == portable
        assert len(copied) == 7
    site = {row[1]: row for row in copied if row[0] == RunLevel.SITE}
    assert site["1"][9] == pytest.approx(10.125)
    assert site["22"][9] is None
