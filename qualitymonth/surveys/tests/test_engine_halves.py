"""A large round's answers are read in two halves at once, on two connections: the means are
the same as those of the one query, to the last bit."""

import pytest
from django.db import connection

from qualitymonth.surveys import engine


@pytest.mark.django_db(transaction=True)
def test_the_two_halves_give_the_means_of_one_query(answered):
    if connection.vendor != "postgresql":
        pytest.skip("the halves are PostgreSQL's: SQLite reads the answers in one query")
    questions = sorted(engine.load_structure(answered).item_of_question)
    whole = engine.unit_question_means(answered, questions, halves_from=10**9)
    halves = engine.unit_question_means(answered, questions, halves_from=0)
    assert whole.height == 9  # three sites, three questions each
    order = ["unit", "question"]
    assert halves.sort(order).equals(whole.sort(order))
