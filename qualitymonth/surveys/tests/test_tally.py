"""The answers' sums and counts per round, site and question are kept by the database as
answers are stored, changed and deleted and responses set aside or taken back: they always
equal a GROUP BY of the answers that count, on SQLite and on PostgreSQL."""

import threading
import time

import pytest
from django.db import connection, connections

from qualitymonth.surveys import engine, engine_reads
from qualitymonth.surveys.models import Answer, Response, Tally
from qualitymonth.surveys.services.indices import compute_index
from qualitymonth.surveys.services.responses import void_response
from qualitymonth.surveys.tests.conftest import answer

pytestmark = pytest.mark.django_db


def kept(round_) -> dict:
    return {(t.site_id, t.question_id): (t.total, t.n) for t in Tally.objects.filter(round=round_)}


def grouped(round_) -> dict:
    """The same figures from the answers themselves."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.site_id, a.question_id, SUM(a.value), COUNT(*) FROM surveys_answer a "
            "JOIN surveys_response r ON r.id = a.response_id "
            "WHERE a.round_id = %s AND r.voided_at IS NULL AND a.value IS NOT NULL "
            "AND a.site_id IS NOT NULL GROUP BY a.site_id, a.question_id",
            [round_.pk],
        )
        return {(site, question): (total, n) for site, question, total, n in cursor.fetchall()}


def test_stored_answers_are_tallied_per_site_and_question(answered, sites):
    question_a = answered.instrument.questions.get(name="a")
    assert kept(answered)[(sites["s2"].pk, question_a.pk)] == (10.0, 2)
    assert kept(answered) == grouped(answered)
    assert len(kept(answered)) == 9


def test_a_response_set_aside_stops_counting_and_its_empty_keys_go(answered, sites, secretariat):
    question_a = answered.instrument.questions.get(name="a")
    only_s1 = Response.objects.get(round=answered, site=sites["s1"])
    void_response(response=only_s1, actor=secretariat, reason="重复录入")
    assert (sites["s1"].pk, question_a.pk) not in kept(answered)
    one_of_s2 = Response.objects.filter(round=answered, site=sites["s2"]).first()
    remaining = 10.0 - Answer.objects.get(response=one_of_s2, question=question_a).value
    void_response(response=one_of_s2, actor=secretariat, reason="重复录入")
    assert kept(answered)[(sites["s2"].pk, question_a.pk)] == (remaining, 1)
    assert kept(answered) == grouped(answered)


def test_a_response_taken_back_counts_again(answered, sites, secretariat):
    before = kept(answered)
    response = Response.objects.get(round=answered, site=sites["s3"])
    void_response(response=response, actor=secretariat, reason="待核实")
    Response.objects.filter(pk=response.pk).update(voided_at=None, void_reason="")
    assert kept(answered) == before


def test_a_changed_answer_moves_its_value_and_its_site(answered, sites):
    question_b = answered.instrument.questions.get(name="b")
    moved = Answer.objects.get(response__site=sites["s1"], question=question_b)
    Answer.objects.filter(pk=moved.pk).update(value=7, site=sites["s3"])
    tallies = kept(answered)
    assert (sites["s1"].pk, question_b.pk) not in tallies
    assert tallies[(sites["s3"].pk, question_b.pk)] == (8.0, 2)
    assert tallies == grouped(answered)


def test_answers_without_a_value_or_a_site_are_not_counted(survey_round, sites):
    answer(survey_round, None, a=5, b=3, c=9)
    assert kept(survey_round) == {}
    response = answer(survey_round, sites["s1"], a=5, b=3, c=9)
    Answer.objects.filter(response=response, question__name="c").update(value=None)
    assert len(kept(survey_round)) == 2
    assert kept(survey_round) == grouped(survey_round)


def test_deleting_answers_and_their_responses_leaves_no_tally(answered):
    Answer.objects.filter(round=answered, question__name="c").delete()
    assert len(kept(answered)) == 6
    assert kept(answered) == grouped(answered)
    Response.objects.filter(round=answered).delete()
    assert not Tally.objects.exists()


def test_the_index_reads_the_same_means_as_a_group_by(answered, sites, secretariat):
    void_response(
        response=Response.objects.filter(site=sites["s2"]).first(),
        actor=secretariat,
        reason="重复录入",
    )
    questions = sorted(engine.load_structure(answered).item_of_question)
    means = engine.unit_question_means(answered, questions)
    expected = {key: total / n for key, (total, n) in grouped(answered).items()}
    assert {(r["unit"], r["question"]): r["value"] for r in means.iter_rows(named=True)} == (
        expected
    )


@pytest.mark.django_db(transaction=True)
def test_a_response_waits_for_the_rounds_row_before_locking_any_tally(answered, sites):
    """An import holds the round's row and then takes tallies; a response stored meanwhile
    must wait for the round's row first, or each would wait for the other (a deadlock)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite has one writer at a time")
    import_side = connections.create_connection("default")
    import_side.set_autocommit(False)
    with import_side.cursor() as cursor:  # as store_responses begins
        cursor.execute("SELECT id FROM surveys_round WHERE id = %s FOR UPDATE", [answered.pk])
    stored = []

    def submit():
        try:
            stored.append(answer(answered, sites["s1"], a=1, b=1, c=1))
        finally:
            connection.close()

    submitting = threading.Thread(target=submit)
    submitting.start()
    try:
        with connection.cursor() as cursor:
            for _ in range(500):  # until the response is waiting for a lock
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.01)
            else:
                pytest.fail("the response never waited for the round's row")
        with import_side.cursor() as cursor:  # the import's next step: the site's tallies
            cursor.execute(
                "SELECT n FROM surveys_tally WHERE round_id = %s AND site_id = %s "
                "FOR UPDATE NOWAIT",
                [answered.pk, sites["s1"].pk],
            )
            assert [n for (n,) in cursor.fetchall()] == [1, 1, 1]
    finally:
        import_side.rollback()
        import_side.close()
        submitting.join()
    assert len(stored) == 1
    assert kept(answered) == grouped(answered)


def _means(round_, **options) -> dict:
    questions = sorted(engine.load_structure(round_).item_of_question)
    means = engine.unit_question_means(round_, questions, **options)
    return {(r["unit"], r["question"]): (r["value"], r["n"]) for r in means.iter_rows(named=True)}


@pytest.mark.django_db(transaction=True)
def test_tallies_read_in_two_halves_at_once_are_the_same_as_in_one_read(
    answered, sites, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("the halves are read on PostgreSQL (SQLite reads its rows in one go)")
    # The frame counts as large: the upper half of the sites is read on a second connection.
    monkeypatch.setattr(engine_reads, "HALVES_FROM_SITES", 1)

    halves = _means(answered, in_halves=True)

    assert halves == _means(answered)
    assert {key: value for key, (value, _n) in halves.items()} == {
        key: total / n for key, (total, n) in grouped(answered).items()
    }
    assert len({site for site, _question in halves}) == 3  # both halves are there


def test_an_index_computed_in_the_callers_transaction_counts_what_it_stored(
    answered, sites, monkeypatch
):
    # Inside the test's transaction: a second connection would not see these answers, so the
    # tallies must be read on this one however large the frame.
    monkeypatch.setattr(engine_reads, "HALVES_FROM_SITES", 1)

    run = compute_index(round_=answered, actor=None)

    assert run.results.filter(level="site").count() == 3
