"""The year in figures, the council terms and the open-data page kept for anonymous readers
(core/cache.py): the worker's new values, a new term and a new download show at once, and a
signed-in reader never gets the visitors' page nor they theirs."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Client
from qualitymonth.core.tests import sign_in_support
from qualitymonth.core.tests.cache_support import (
    assert_kept_apart,
    page_cache,  # noqa: F401  (autouse)
    read,
)
from qualitymonth.figures.services import recompute_year
from qualitymonth.figures.services_open_data import build_open_data
from qualitymonth.figures.tests.conftest import held_event
from qualitymonth.members.models import CouncilTerm

each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis
pytestmark = pytest.mark.django_db
YEAR, TERMS, OPEN_DATA = "/figures/2025/", "/figures/terms/", "/open-data/"


def kept(url) -> str:
    page = read(Client(), url)
    with CaptureQueriesContext(connection) as context:
        assert read(Client(), url) == page
    assert len(context.captured_queries) == 0  # from the cache
    return page


def test_the_workers_new_values_show_at_once_on_the_year_page(each_cache):
    held_event(2025)
    assert "2025年的数据尚未计算。" in kept(YEAR)

    recompute_year(2025)

    page = read(Client(), YEAR)
    assert "2025年的数据尚未计算。" not in page
    assert 'id="events.held"' in page


def test_a_new_council_term_shows_at_once(each_cache):
    kept(TERMS)

    CouncilTerm.objects.create(
        number=7,
        name="第七届理事会",
        starts_on=datetime.date(2020, 6, 1),
        ends_on=datetime.date(2025, 5, 31),
    )

    assert "第七届理事会" in read(Client(), TERMS)


def test_a_new_download_shows_at_once_on_the_open_data_page(each_cache):
    held_event(2025)
    assert "尚未生成" in kept(OPEN_DATA)

    build_open_data()

    assert "下载ZIP" in read(Client(), OPEN_DATA)


@pytest.mark.parametrize("url", [YEAR, TERMS, OPEN_DATA])
def test_a_signed_in_reader_and_a_visitor_never_get_each_others_page(each_cache, url, secretariat):
    assert_kept_apart(url, secretariat)
