"""Anonymous readers' search results kept in the cache: never stale after a post is published,
withdrawn or scheduled, never one reader's results shown to another. The whole page is kept
too (a search asked again renders nothing): each reader still sees what they typed and is
sent back to their own address by the language switch."""

import datetime
import html

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import Client
from qualitymonth.core.tests import sign_in_support
from qualitymonth.organizations.models import Membership, MembershipLevel
from qualitymonth.publishing.models import Audience, PostKind, PostState
from tests.frontdoor.factories import make_post

pytestmark = pytest.mark.django_db
each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis

TITLE = "关于开展2025年上海市质量信得过班组活动的通知"
MEMBERS_ONLY = "会员专享：质量信得过班组骨干培训"
HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


class Clock:
    """The platform's clock (django.utils.timezone.now), moved forward by the test."""

    def __init__(self, monkeypatch):
        self.offset = datetime.timedelta(0)
        real_now = timezone.now
        monkeypatch.setattr(timezone, "now", lambda: real_now() + self.offset)

    def advance(self, by: datetime.timedelta) -> None:
        self.offset += by


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def member(association, enterprise, enterprise_reporter):
    Membership.objects.create(
        association=association, unit=enterprise, level=MembershipLevel.MEMBER
    )
    return enterprise_reporter


def _search(client, query="班组", **params) -> str:
    return client.get(reverse("search:results"), {"q": query, **params}).content.decode()


def test_a_second_visitor_gets_the_results_without_searching_again(each_cache):
    make_post(TITLE)
    assert TITLE in _search(Client())

    with CaptureQueriesContext(connection) as context:
        page = _search(Client())

    assert TITLE in page
    assert not [q for q in context.captured_queries if "search_entry" in q["sql"]]


def test_a_chinese_word_inside_a_longer_title_is_found_from_the_cache_too(each_cache):
    make_post(TITLE)
    _search(Client(), "得过班")

    assert TITLE in _search(Client(), "得过班")


def test_a_post_published_after_the_results_were_kept_shows_at_once(each_cache):
    make_post(TITLE)
    assert "质量信得过班组经验交流会" not in _search(Client())

    make_post("质量信得过班组经验交流会")

    assert "质量信得过班组经验交流会" in _search(Client())


def test_a_post_withdrawn_after_the_results_were_kept_leaves_them_at_once(each_cache):
    post = make_post(TITLE)
    assert TITLE in _search(Client())

    post.state = PostState.WITHDRAWN
    post.save()

    page = _search(Client())
    assert TITLE not in page
    assert 'data-testid="search-nothing"' in page


def test_a_scheduled_post_shows_from_its_publish_time_without_another_write(each_cache, clock):
    make_post(TITLE, state=PostState.SCHEDULED, publish_at=timezone.now() + HOUR)
    assert TITLE not in _search(Client())

    clock.advance(2 * HOUR)

    assert TITLE in _search(Client())


def test_an_expiring_notice_leaves_the_results_at_its_expiry_without_another_write(
    each_cache, clock
):
    make_post(TITLE, expire_at=timezone.now() + HOUR)
    assert TITLE in _search(Client())

    clock.advance(2 * HOUR)

    assert TITLE not in _search(Client())


def test_a_members_only_post_a_member_found_is_not_shown_to_a_visitor(each_cache, member):
    make_post(MEMBERS_ONLY, kind=PostKind.MEMBER_ACTIVITY, audience=Audience.MEMBERS)
    make_post(TITLE)
    reader = Client()
    reader.force_login(member)
    assert MEMBERS_ONLY in _search(reader)

    page = _search(Client())

    assert TITLE in page
    assert MEMBERS_ONLY not in page


def test_a_visitors_kept_results_do_not_hide_a_members_only_post_from_a_member(each_cache, member):
    make_post(MEMBERS_ONLY, kind=PostKind.MEMBER_ACTIVITY, audience=Audience.MEMBERS)
    assert MEMBERS_ONLY not in _search(Client())
    reader = Client()
    reader.force_login(member)

    assert MEMBERS_ONLY in _search(reader)


def test_queries_that_differ_only_in_script_case_or_spaces_share_results_not_the_query(
    each_cache,
):
    make_post(TITLE, title_en="Quality Circles")
    _search(Client(), "班组  QUALITY")

    with CaptureQueriesContext(connection) as context:
        page = _search(Client(), "班組 quality")

    assert TITLE in page
    assert not [q for q in context.captured_queries if "search_entry" in q["sql"]]
    assert 'value="班組 quality"' in page  # each reader sees what they typed


def test_results_of_one_kind_are_kept_apart_from_all_kinds(each_cache):
    make_post(TITLE)
    assert TITLE in _search(Client())

    assert TITLE not in _search(Client(), kind="event")


def _own_address(page: str) -> str:
    """Where the page's language switch sends its reader back to."""
    return html.unescape(page.split('<input name="next" type="hidden" value="')[1].split('"')[0])


def test_a_search_asked_again_is_answered_without_reading_the_database(each_cache):
    make_post(TITLE)
    first = _search(Client())

    with CaptureQueriesContext(connection) as context:
        again = _search(Client())

    assert TITLE in again
    assert again == first
    assert not context.captured_queries


def test_the_language_switch_sends_each_reader_back_to_their_own_search(each_cache):
    make_post(TITLE)
    url = reverse("search:results")
    first = Client().get(url, {"q": "班组"}).content.decode()
    assert _own_address(first) == f"{url}?q=%E7%8F%AD%E7%BB%84"
    reader = Client()

    with CaptureQueriesContext(connection) as context:
        page = reader.get(f"{url}?q=%E7%8F%AD%E7%BB%84&from=home&x=%3Cb%3E").content.decode()
        assert not context.captured_queries  # the same page: made-up parameters change nothing
    switched = reader.post(reverse("set_language"), {"language": "en", "next": _own_address(page)})

    assert TITLE in page
    assert switched.url == f"{url}?q=%E7%8F%AD%E7%BB%84&from=home&x=%3Cb%3E"
    assert "Quality Month" in reader.get(switched.url).content.decode()


def test_a_search_kept_in_chinese_is_read_in_english_by_an_english_reader(each_cache):
    make_post(TITLE)
    assert "搜索" in _search(Client())
    reader = Client()
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = _search(reader)

    assert TITLE in page
    assert 'lang="en"' in page and "Search for" in page


def test_a_signed_in_readers_page_is_never_kept_for_visitors(each_cache, member):
    make_post(MEMBERS_ONLY, kind=PostKind.MEMBER_ACTIVITY, audience=Audience.MEMBERS)
    make_post(TITLE)
    reader = Client()
    reader.force_login(member)
    own = _search(reader)
    assert 'data-testid="profile-link"' in own and "csrfmiddlewaretoken" in own

    page = _search(Client())

    assert TITLE in page and MEMBERS_ONLY not in page
    assert 'data-testid="profile-link"' not in page and "csrfmiddlewaretoken" not in page
    assert str(member) not in page
    again = _search(reader)  # and the visitors' page is not the member's
    assert MEMBERS_ONLY in again and 'data-testid="profile-link"' in again


def test_what_a_reader_typed_is_shown_back_from_a_kept_page_as_they_typed_it(each_cache):
    make_post(TITLE)
    _search(Client(), "<i>班组</i>")

    page = _search(Client(), "<i>班组</i>")

    assert 'value="&lt;i&gt;班组&lt;/i&gt;"' in page and "<i>班组" not in page
    assert TITLE in _search(Client(), "班组")
