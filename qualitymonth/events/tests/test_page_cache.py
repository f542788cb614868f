"""The event page cached for anonymous readers (core/cache.py): each reader gets a CSRF token
of their own that their registration goes through with, and a registration shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Client
from qualitymonth.core.tests import sign_in_support

each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_each_anonymous_reader_registers_with_their_own_token(each_cache, lecture):
    lecture.is_published = True
    lecture.registration = "open"
    lecture.save()
    url = f"/events/{lecture.pk}/"
    for n in range(2):
        Client().get(url)  # fills the cache (again after the last registration)
        reader = Client(enforce_csrf_checks=True)
        with CaptureQueriesContext(connection) as context:
            page = reader.get(url).content.decode()
        assert len(context.captured_queries) == 0  # served from the cache
        assert f"剩余{3 - n}个座位" in page  # the last registration shows at once
        token = reader.cookies["csrftoken"].value
        assert token and "csrf-token" not in page
        response = reader.post(
            url,
            {
                "csrfmiddlewaretoken": page.split('name="csrfmiddlewaretoken" value="')[1][:64],
                "name": f"听众{n}",
                "phone": f"1380000000{n}",
            },
        )
        assert response.status_code == 302, response.content.decode()[-2000:]
        assert "/events/tickets/" in response.url
    assert "剩余1个座位" in Client().get(url).content.decode()


def test_a_registration_through_the_api_shows_at_once_on_the_kept_page(
    transactional_db, each_cache, lecture
):
    # Committed for real (no test transaction around it): on PostgreSQL the registration then
    # begins and commits its own, and the page's versions are replaced after that commit.
    lecture.is_published = True
    lecture.registration = "open"
    lecture.save()
    url = f"/events/{lecture.pk}/"
    assert "剩余3个座位" in Client().get(url).content.decode()  # kept

    response = Client().post(
        f"/api/events/{lecture.pk}/registrations",
        {"name": "李明", "phone": "13812345678"},
        content_type="application/json",
    )

    assert response.json()["status"] == "confirmed"
    assert "剩余2个座位" in Client().get(url).content.decode()
