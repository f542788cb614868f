"""A large round's answers are read in parts at once (ranges of sites), each on its own
connection: the means are the same as those of the one query, to the last bit."""

import pytest
from django.db import connection

from qualitymonth.surveys import engine, engine_reads


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("parts", [2, 3, 4])
def test_the_parts_give_the_means_of_one_query(answered, monkeypatch, parts):
    if connection.vendor != "postgresql":
        pytest.skip("the parts are PostgreSQL's: SQLite reads the answers in one query")
    questions = sorted(engine.load_structure(answered).item_of_question)
    whole = engine.unit_question_means(answered, questions, split_from=10**9)
    monkeypatch.setattr(engine_reads, "MAX_PARTS", parts)
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 8")
    try:
        split = engine.unit_question_means(answered, questions, split_from=0)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET max_parallel_workers_per_gather")
    assert whole.height == 9  # three sites, three questions each
    order = ["unit", "question"]
    assert split.sort(order).equals(whole.sort(order))
