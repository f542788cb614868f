"""The hot paths' cursor (core/prepared.py): on PostgreSQL each statement is planned once per
connection and run again from its plan; on every database its statements are logged, and its
writes make cached pages stale, as any other cursor's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qualitymonth.core.cache import data_versions
from qualitymonth.core.prepared import prepared_cursor

pytestmark = pytest.mark.django_db

READ = "SELECT username FROM organizations_user WHERE id = %s"


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def _read(pk: int):
    with prepared_cursor() as cursor:
        cursor.execute(READ, [pk])
        return cursor.fetchone()


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")


def test_a_statement_is_planned_once_and_answers_each_time_with_its_values(
    postgresql_only, secretariat, citizen
):
    assert _read(secretariat.pk) == (secretariat.username,)
    assert _read(citizen.pk) == (citizen.username,)

    kept = [sql for sql in _prepared_statements() if "FROM organizations_user WHERE id" in sql]
    assert kept == ["SELECT username FROM organizations_user WHERE id = $1"]


def test_with_prepared_statements_off_nothing_is_kept(postgresql_only, secretariat):
    connection.ensure_connection()
    raw = connection.connection
    threshold, raw.prepare_threshold = raw.prepare_threshold, None  # DB_PREPARED_STATEMENTS=false
    try:
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")
        raw._prepared.clear()

        assert _read(secretariat.pk) == (secretariat.username,)

        assert not [sql for sql in _prepared_statements() if "organizations_user" in sql]
    finally:
        raw.prepare_threshold = threshold


def test_its_statements_are_logged_as_written(secretariat):
    with CaptureQueriesContext(connection) as context:
        _read(secretariat.pk)

    assert [query["sql"] for query in context.captured_queries][-1].startswith(
        "SELECT username FROM organizations_user WHERE id ="
    )


def test_its_writes_make_cached_pages_stale(secretariat, settings):
    settings.PAGE_CACHE_SECONDS = 300
    before = data_versions(["organizations"])

    with prepared_cursor() as cursor:
        cursor.execute(
            "UPDATE organizations_user SET first_name = %s WHERE id = %s", ["新", secretariat.pk]
        )

    assert data_versions(["organizations"]) != before
    secretariat.refresh_from_db()
    assert secretariat.first_name == "新"
