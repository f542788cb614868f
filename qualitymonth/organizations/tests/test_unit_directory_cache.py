"""The unit directory kept for anonymous readers (core/cache.py): a new unit shows at once,
each search is its own page, and a signed-in reader never gets the visitors' page nor they
theirs."""

import pytest

from conftest import Client, make_unit
from qualitymonth.core.tests import sign_in_support
from qualitymonth.core.tests.cache_support import page_cache, queries_to_read, read  # noqa: F401

each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis
pytestmark = pytest.mark.django_db
DIRECTORY = "/units/"


def test_a_new_unit_shows_at_once_to_an_anonymous_reader(each_cache, huangpu):
    read(Client(), DIRECTORY)
    assert queries_to_read(Client(), DIRECTORY) == 0  # from the cache

    make_unit(name="新建的测试企业")

    assert "新建的测试企业" in read(Client(), DIRECTORY)


def test_each_search_is_its_own_page_and_made_up_parameters_make_none(each_cache, huangpu):
    make_unit(name="浦东测试企业")
    assert "浦东测试企业" not in read(Client(), DIRECTORY + "?q=黄浦")
    assert "浦东测试企业" in read(Client(), DIRECTORY + "?q=浦东")
    assert "浦东测试企业" not in read(Client(), DIRECTORY + "?q=黄浦")
    read(Client(), DIRECTORY + "?q=浦东&made=up")
    assert queries_to_read(Client(), DIRECTORY + "?q=浦东&made=up-too") == 0


def test_a_signed_in_reader_and_a_visitor_never_get_each_others_page(each_cache, secretariat):
    signed_in = Client()
    signed_in.force_login(secretariat)
    read(Client(), DIRECTORY)  # the visitors' page is kept
    assert str(secretariat) in read(signed_in, DIRECTORY)
    assert queries_to_read(signed_in, DIRECTORY) > 0
    for page in (read(Client(), DIRECTORY), read(Client(), DIRECTORY)):
        assert str(secretariat) not in page
