"""Shared by the tests of cached pages (core/cache.py): caching on, a page read as a reader
sees it, and how many queries a read asked. With `each_cache` (sign_in_support), each test runs
with local memory and then with Redis:

    from qualitymonth.core.tests.cache_support import page_cache, queries_to_read, read
    each_cache = sign_in_support.each_cache
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture(autouse=True)
def page_cache(settings):
    """Pages and fragments kept (the tests' settings keep nothing by default). Autouse in every
    module that imports it."""
    settings.PAGE_CACHE_SECONDS = 300


def read(client, url, **query) -> str:
    response = client.get(url, query)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def queries_to_read(client, url, **query) -> int:
    with CaptureQueriesContext(connection) as context:
        read(client, url, **query)
    return len(context.captured_queries)


def assert_kept_apart(url, user) -> None:
    """A signed-in reader gets their own page while the visitors' one is kept, and visitors
    never get theirs."""
    from conftest import Client

    signed_in = Client()
    signed_in.force_login(user)
    read(Client(), url)  # the visitors' page is kept
    assert str(user) in read(signed_in, url)
    for page in (read(Client(), url), read(Client(), url)):
        assert str(user) not in page
