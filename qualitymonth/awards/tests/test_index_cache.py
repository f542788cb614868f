"""The recognition programs' index kept for anonymous readers (core/cache.py): a new call
shows at once, and a signed-in reader never gets the visitors' page nor they theirs."""

import pytest

from conftest import Client
from qualitymonth.awards.tests.conftest import make_round
from qualitymonth.core.tests import sign_in_support
from qualitymonth.core.tests.cache_support import page_cache, queries_to_read, read  # noqa: F401

each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis
pytestmark = pytest.mark.django_db
INDEX = "/awards/"


def test_a_new_call_shows_at_once_to_an_anonymous_reader(
    each_cache, open_round, craftsman_program, rubric
):
    assert open_round.title in read(Client(), INDEX)
    assert queries_to_read(Client(), INDEX) == 0  # from the cache

    make_round(craftsman_program, rubric)  # "2026年上海质量工匠"

    assert "2026年上海质量工匠" in read(Client(), INDEX)


def test_a_signed_in_reader_and_a_visitor_never_get_each_others_page(
    each_cache, open_round, enterprise_admin
):
    signed_in = Client()
    signed_in.force_login(enterprise_admin)
    read(Client(), INDEX)  # the visitors' page is kept
    assert 'data-testid="my-applications"' in read(signed_in, INDEX)
    for page in (read(Client(), INDEX), read(Client(), INDEX)):
        assert 'data-testid="my-applications"' not in page
