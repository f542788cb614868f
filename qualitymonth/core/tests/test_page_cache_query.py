"""Anonymous pages kept under the parts of their query string the view names (core/cache.py's
`anonymous_page(key=...)`) and until the moment they said they change (`changes_at`): made-up
parameters make no other page, each reader still gets their own CSRF token and is sent back
to their own address by the language switch, and a page is not served once it has changed."""

import datetime
import html

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path
from django.utils import timezone

from conftest import Client
from qualitymonth.core.cache import anonymous_page, changes_at
from qualitymonth.core.tests import sign_in_support

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]
each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis

PAGE = Template(
    '<p>{{ word }} ({{ built }})</p>{% if form %}<form method="post">{% csrf_token %}</form>'
    '{% endif %}<input name="next" type="hidden" value="{{ request.get_full_path }}">'
)
built: list[str] = []  # each page the views built (not served from the cache), by its word


def _word(request) -> tuple[str] | None:
    """The only part of the query string the page shows; None (not kept) for a long one."""
    word = request.GET.get("word", "")
    return (word,) if len(word) <= 10 else None


def _page(request, word, *, form=False):
    built.append(word)
    context = {"word": word, "built": len(built), "form": form}
    return HttpResponse(PAGE.render(RequestContext(request, context)))


@anonymous_page("search", forms=True, key=_word)
def with_form(request):
    if request.method == "POST":
        return HttpResponse("received")
    return _page(request, request.GET.get("word", ""), form=True)


@anonymous_page("search")
def without_key(request):
    return _page(request, request.GET.get("word", ""))


@anonymous_page("search", key=_word)
def until_noon(request):
    changes_at(request, NOON)
    return _page(request, request.GET.get("word", ""))


NOON = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)
urlpatterns = [
    path("form/", with_form),
    path("plain/", without_key),
    path("noon/", until_noon),
]


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()  # the local-memory cache (each_cache empties Redis)
    built.clear()


def _token(page: str) -> str:
    return page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


def _address(page: str) -> str:
    return html.unescape(page.split('<input name="next" type="hidden" value="')[1].split('"')[0])


def test_each_reader_of_a_kept_page_posts_with_their_own_token(each_cache):
    first = Client(enforce_csrf_checks=True).get("/form/?word=abc").content.decode()
    reader = Client(enforce_csrf_checks=True)

    page = reader.get("/form/?word=abc&utm_source=x").content.decode()

    assert built == ["abc"]  # the same page, served from the cache
    assert "abc (1)" in page
    assert _token(page) != _token(first)
    assert _address(first) == "/form/?word=abc"
    assert _address(page) == "/form/?word=abc&utm_source=x"
    answer = reader.post("/form/?word=abc", {"csrfmiddlewaretoken": _token(page)})
    assert answer.status_code == 200 and answer.content == b"received"


def test_pages_with_other_words_are_kept_apart(each_cache):
    Client().get("/form/?word=abc")

    page = Client().get("/form/?word=xyz").content.decode()

    assert "xyz (2)" in page
    assert "abc" in Client().get("/form/?word=abc").content.decode()
    assert built == ["abc", "xyz"]


def test_a_request_the_view_does_not_name_a_key_for_is_answered_but_not_kept(each_cache):
    for _ in range(2):
        assert "abcdefghijklmnop" in Client().get("/form/?word=abcdefghijklmnop").content.decode()

    assert len(built) == 2


def test_without_a_key_a_page_with_a_query_string_is_not_kept(each_cache):
    for _ in range(2):
        Client().get("/plain/?word=abc")
    Client().get("/plain/")
    Client().get("/plain/")

    assert built == ["abc", "abc", ""]


def test_a_page_is_not_served_from_the_moment_it_said_it_changes(each_cache, monkeypatch):
    Client().get("/noon/?word=abc")
    assert "abc (1)" in Client().get("/noon/?word=abc").content.decode()
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(hours=2))

    page = Client().get("/noon/?word=abc").content.decode()

    assert "abc (2)" in page
