"""The index of published results kept for anonymous readers (core/cache.py): a published run
shows at once, a second read asks the database nothing, and a signed-in reader never gets the
visitors' page nor they theirs."""

import pytest

from conftest import Client
from qualitymonth.core.tests import sign_in_support
from qualitymonth.core.tests.cache_support import page_cache, queries_to_read, read
from qualitymonth.surveys.services.indices import compute_index, publish_run

each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis
pytestmark = pytest.mark.django_db
__all__ = ["page_cache"]
URL = "/surveys/"


def test_a_published_run_shows_at_once(each_cache, answered, secretariat):
    run = compute_index(round_=answered, actor=secretariat)
    assert 'data-testid="results-link"' not in read(Client(), URL)  # computed, not published
    assert queries_to_read(Client(), URL) == 0  # the same page, kept

    publish_run(run=run, actor=secretariat)

    assert f"/surveys/rounds/{answered.pk}/results/" in read(Client(), URL)


def test_a_signed_in_reader_and_a_visitor_never_get_each_others_page(each_cache, secretariat):
    signed_in = Client()
    signed_in.force_login(secretariat)
    read(Client(), URL)  # the visitors' page is kept
    assert 'data-testid="my-rounds"' in read(signed_in, URL)
    for page in (read(Client(), URL), read(Client(), URL)):
        assert 'data-testid="my-rounds"' not in page
