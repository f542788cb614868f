"""The course catalogue kept for anonymous readers (core/cache.py): a published course shows
at once, each filter is its own page, and a signed-in reader never gets the visitors' page
nor they theirs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Client
from qualitymonth.core.tests import sign_in_support
from qualitymonth.training.models import Course, Lesson

each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis
pytestmark = pytest.mark.django_db
URL = "/training/"


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def read(client, query="") -> str:
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def queries_to_read(client, query="") -> int:
    with CaptureQueriesContext(connection) as context:
        read(client, query)
    return len(context.captured_queries)


def test_a_published_course_shows_at_once_in_each_of_its_filters(each_cache):
    read(Client())
    read(Client(), "?strand=basics")
    assert queries_to_read(Client(), "?strand=basics&made=up") == 0  # the same page, kept

    course = Course.objects.create(
        key="pdca", title="PDCA循环入门", strand="basics", level="introductory"
    )
    Lesson.objects.create(course=course, position=1, title="一", kind="text")

    assert "PDCA循环入门" in read(Client())
    assert "PDCA循环入门" in read(Client(), "?strand=basics")
    assert "PDCA循环入门" not in read(Client(), "?strand=frontiers")


def test_a_signed_in_reader_and_a_visitor_never_get_each_others_page(each_cache, trainee):
    signed_in = Client()
    signed_in.force_login(trainee)
    read(Client())  # the visitors' page is kept
    assert 'data-testid="my-learning"' in read(signed_in)
    for page in (read(Client()), read(Client())):
        assert 'data-testid="my-learning"' not in page
