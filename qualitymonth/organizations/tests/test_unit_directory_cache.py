"""The unit directory kept for anonymous readers (core/cache.py): a new unit shows at once,
each search is its own page, and a signed-in reader never gets the visitors' page nor they
theirs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Client, make_unit
from qualitymonth.core.tests import sign_in_support

each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def read(client, query="") -> str:
    response = client.get(f"/units/{query}")
    assert response.status_code == 200
    return response.content.decode()


def queries_to_read(client, query="") -> int:
    with CaptureQueriesContext(connection) as context:
        read(client, query)
    return len(context.captured_queries)


def test_a_new_unit_shows_at_once_to_an_anonymous_reader(each_cache, huangpu):
    read(Client())
    assert queries_to_read(Client()) == 0  # from the cache

    make_unit(name="新建的测试企业")

    assert "新建的测试企业" in read(Client())


def test_each_search_is_its_own_page_and_made_up_parameters_make_none(each_cache, huangpu):
    make_unit(name="浦东测试企业")
    assert "浦东测试企业" not in read(Client(), "?q=黄浦")
    assert "浦东测试企业" in read(Client(), "?q=浦东")
    assert "浦东测试企业" not in read(Client(), "?q=黄浦")
    read(Client(), "?q=浦东&made=up")
    assert queries_to_read(Client(), "?q=浦东&made=up-too") == 0


def test_a_signed_in_reader_and_a_visitor_never_get_each_others_page(each_cache, secretariat):
    signed_in = Client()
    signed_in.force_login(secretariat)
    read(Client())  # the visitors' page is kept
    assert str(secretariat) in read(signed_in)
    assert queries_to_read(signed_in) > 0
    for page in (read(Client()), read(Client())):
        assert str(secretariat) not in page
