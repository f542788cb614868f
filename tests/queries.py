"""Query counts that stay flat as a list grows: a page that asks the database once per row
is fine with five rows in a test and slow with five thousand in September."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return len(context.captured_queries), body.decode("utf-8", "replace")


def assert_flat(client, url: str, add_rows, *, shows=None) -> None:
    """Queries for `url` with the rows there are now and after `add_rows()` adds more are the
    same; `shows(page, n)` may check that the rows are on the page each time (by asserting, or
    by returning a truth value: a False it returns fails the test too)."""
    client.get(url)  # caches of the first request (content types, sessions) are not the page's
    few, page = count_queries(client, url)
    if shows:
        assert shows(page, "few") is not False, f"{url}: the rows are not on the page"
    add_rows()
    many, page = count_queries(client, url)
    if shows:
        assert shows(page, "many") is not False, f"{url}: the added rows are not on the page"
    assert many == few, f"{url}: {few} queries with few rows, {many} with more"
