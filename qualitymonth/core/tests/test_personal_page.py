"""Signed-in pages kept for each reader's session (core/cache.py's `personal_page`): never one
reader's page for another, never a page older than the last write, each reader's own CSRF
token, and messages still shown where they are taken."""

import pytest
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import RequestContext, Template
from django.urls import path

from conftest import Client, make_person
from qualitymonth import urls as project_urls
from qualitymonth.core.cache import personal_page
from qualitymonth.core.tests import sign_in_support
from qualitymonth.core.tests.cache_support import page_cache  # noqa: F401 (autouse: pages kept)
from qualitymonth.organizations.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]
each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis

PAGE = Template(
    "<p>{{ user.username }}: {{ name }} ({{ built }})</p>"
    "{% for message in messages %}<p class=message>{{ message }}</p>{% endfor %}"
    '<form method="post">{% csrf_token %}</form>'
)
built: list[str] = []  # the readers whose page the view built (not served from the cache)


def _unless_busy(request):
    return None if request.session.get("busy") else ()


@personal_page(key=_unless_busy)
def page(request):
    if request.method == "POST":
        return HttpResponse("received")
    built.append(request.user.username)
    # A row of the database, as the pages show theirs: the reader's name as stored now.
    found = User.objects.filter(pk=request.user.pk).first()
    name = found.first_name if found else ""
    context = {"name": name, "built": len(built)}
    return HttpResponse(PAGE.render(RequestContext(request, context)))


def say_hello(request):
    messages.success(request, "hello")
    return redirect("/page/")


def start_step(request):
    request.session["busy"] = True
    return HttpResponse("started")


urlpatterns = [
    path("page/", page),
    path("hello/", say_hello),
    path("step/", start_step),
    # The platform's own (the sign-in middleware names some of them).
    *project_urls.urlpatterns,
]


@pytest.fixture(autouse=True)
def _nothing_kept_yet():
    cache.clear()  # the local-memory cache (each_cache empties Redis)
    built.clear()


def _signed_in(username: str, **extra) -> Client:
    client = Client(**extra)
    person = make_person(username)
    User.objects.filter(pk=person.pk).update(first_name=username.title())
    client.force_login(person)
    return client


def _read(client, url="/page/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _token(page: str) -> str:
    return page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


def test_a_reader_reading_again_gets_the_page_kept_for_them(each_cache):
    ann = _signed_in("ann")
    _read(ann)

    assert "ann: Ann (1)" in _read(ann)
    assert built == ["ann"]


def test_one_readers_kept_page_is_never_anothers(each_cache):
    ann, bob = _signed_in("ann"), _signed_in("bob")
    _read(ann)

    page = _read(bob)

    assert "bob: Bob (2)" in page and "ann" not in page
    assert "ann: Ann (1)" in _read(ann)
    assert built == ["ann", "bob"]


def test_a_write_by_another_reader_shows_at_the_next_read(each_cache):
    ann, bob = _signed_in("ann"), _signed_in("bob")
    _read(ann)
    _read(bob)

    # Bob renames Ann (any write, by anyone, anywhere): Ann's kept page is not served again.
    User.objects.filter(username="ann").update(first_name="Annie")

    assert "ann: Annie (3)" in _read(ann)
    assert built == ["ann", "bob", "ann"]


def test_the_same_person_in_another_browser_gets_a_page_of_their_own(each_cache):
    person = make_person("ann")
    User.objects.filter(pk=person.pk).update(first_name="Ann")
    phone, laptop = Client(), Client()
    phone.force_login(person)
    laptop.force_login(person)
    _read(phone)

    assert "ann: Ann (2)" in _read(laptop)


def test_a_kept_page_carries_the_readers_own_token_and_it_is_accepted(each_cache):
    ann = _signed_in("ann", enforce_csrf_checks=True)
    first = _read(ann)

    page = _read(ann)

    assert built == ["ann"]  # the second was served from the cache
    assert _token(page) != _token(first)  # masked afresh for each page
    answer = ann.post("/page/", {"csrfmiddlewaretoken": _token(page)})
    assert answer.status_code == 200 and answer.content == b"received"


def test_a_message_waiting_is_shown_on_the_next_page_not_the_kept_one(each_cache):
    ann = _signed_in("ann")
    _read(ann)

    page = ann.get("/hello/", follow=True).content.decode()

    assert "<p class=message>hello</p>" in page
    assert "<p class=message>" not in _read(ann)


def test_a_page_the_view_does_not_name_a_key_for_is_answered_but_not_kept(each_cache):
    ann = _signed_in("ann")
    ann.get("/step/")

    _read(ann)
    _read(ann)

    assert built == ["ann", "ann"]


def test_a_query_string_or_caching_off_builds_the_page_each_time(each_cache, settings):
    ann = _signed_in("ann")
    _read(ann, "/page/?x=1")
    _read(ann, "/page/?x=1")
    settings.PAGE_CACHE_SECONDS = 0
    _read(ann)
    _read(ann)

    assert built == ["ann"] * 4


def test_a_visitors_page_is_not_kept(each_cache):
    visitor = Client()
    _read(visitor)
    _read(visitor)

    assert built == ["", ""]
