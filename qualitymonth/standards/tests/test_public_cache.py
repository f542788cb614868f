"""The catalogue and the pilot projects' list kept for anonymous readers (core/cache.py): a
standard or a project shows at once, each state is its own page, and a signed-in reader never
gets the visitors' page nor they theirs."""

import datetime

import pytest

from conftest import Client
from qualitymonth.core.tests import sign_in_support
from qualitymonth.core.tests.cache_support import (
    assert_kept_apart,
    page_cache,  # noqa: F401  (autouse)
    queries_to_read,
    read,
)
from qualitymonth.standards import pilots
from qualitymonth.standards.tests.conftest import in_comment

each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis
pytestmark = pytest.mark.django_db
CATALOGUE, PILOTS = "/standards/", "/standards/pilots/"


def test_a_standard_open_for_comment_shows_at_once_in_the_catalogue(
    each_cache, secretariat, enterprise
):
    read(Client(), CATALOGUE)
    assert queries_to_read(Client(), CATALOGUE) == 0  # from the cache

    in_comment(secretariat, enterprise, title="智能工厂质量数据采集规范")

    assert "智能工厂质量数据采集规范" in read(Client(), CATALOGUE)
    assert "智能工厂质量数据采集规范" not in read(Client(), f"{CATALOGUE}?state=published")
    assert "智能工厂质量数据采集规范" in read(Client(), f"{CATALOGUE}?state=comment")


def test_a_new_pilot_project_shows_at_once(each_cache, enterprise):
    read(Client(), PILOTS)
    assert queries_to_read(Client(), PILOTS) == 0  # from the cache

    pilots.add_pilot(
        actor=None,
        title="张江标准化试点",
        unit=enterprise,
        level="city",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )

    assert "张江标准化试点" in read(Client(), PILOTS)


@pytest.mark.parametrize("url", [CATALOGUE, PILOTS])
def test_a_signed_in_reader_and_a_visitor_never_get_each_others_page(each_cache, url, secretariat):
    assert_kept_apart(url, secretariat)
