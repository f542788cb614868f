"""A reader's permissions kept in the cache (core/perms_cache.py): a view's permission check and
the page chrome ask them through it, so a signed-in page asks the database nothing for them
once kept, and any change of rows makes them be asked again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Client
from qualitymonth.core.tests.cache_support import page_cache, read  # noqa: F401
from qualitymonth.organizations.models import Position

FIGURES = "/enquiries/figures/"  # permission_required("enquiries.desk"); the chrome's admin link


def _positions_asked(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return sum('"organizations_position"' in query["sql"] for query in context.captured_queries)


@pytest.mark.django_db
def test_a_kept_reader_asks_no_query_of_their_positions(secretariat):
    client = Client()
    client.force_login(secretariat)
    read(client, FIGURES)

    assert _positions_asked(client, FIGURES) == 0
    assert 'href="/admin/"' in read(client, FIGURES)


@pytest.mark.django_db
def test_a_role_taken_away_is_refused_at_the_next_request(secretariat):
    client = Client()
    client.force_login(secretariat)
    assert 'href="/admin/"' in read(client, FIGURES)

    Position.objects.filter(user=secretariat).delete()

    assert client.get(FIGURES).status_code == 403
    assert 'href="/admin/"' not in client.get("/units/").content.decode()


@pytest.mark.django_db
def test_one_readers_kept_answers_are_never_anothers(secretariat, bureau_admin):
    kept = Client()
    kept.force_login(secretariat)
    read(kept, FIGURES)
    other = Client()
    other.force_login(bureau_admin)

    assert other.get(FIGURES).status_code == 403
    assert 'href="/admin/"' not in other.get("/units/").content.decode()


@pytest.mark.django_db
def test_without_page_caching_the_positions_are_asked_on_every_request(secretariat, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    client.force_login(secretariat)
    read(client, FIGURES)

    assert _positions_asked(client, FIGURES) == 1
