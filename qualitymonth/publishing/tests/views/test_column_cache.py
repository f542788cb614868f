"""Column pages kept in the cache (core/cache.py): never a stale column after a write, never
one reader's posts or filters shown to another."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Client
from qualitymonth.core.tests import sign_in_support
from qualitymonth.publishing.models import Audience, PostKind, Tag
from qualitymonth.publishing.tests.conftest import make_post

pytestmark = pytest.mark.django_db
each_cache = sign_in_support.each_cache  # each test with local memory, then with Redis

MEMBERS_ONLY = "会员大组活动策划交流会纪要"


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def _column(client, kind="member", query="") -> str:
    return client.get(reverse("publishing:column", args=[kind]) + query).content.decode()


def test_an_anonymous_column_is_served_from_the_cache(each_cache):
    make_post(title="关于开展质量月活动的通知")
    _column(Client(), "notice")

    with CaptureQueriesContext(connection) as context:
        page = _column(Client(), "notice")

    assert len(context.captured_queries) == 0
    assert "关于开展质量月活动的通知" in page


def test_a_post_published_after_the_page_was_cached_shows_at_once(each_cache):
    make_post(title="第一份通知")
    _column(Client(), "notice")

    make_post(title="第二份通知")

    assert "第二份通知" in _column(Client(), "notice")


def test_a_post_withdrawn_after_the_page_was_cached_leaves_it_at_once(each_cache):
    post = make_post(title="将撤回的通知")
    assert "将撤回的通知" in _column(Client(), "notice")

    post.state = "withdrawn"
    post.save()

    assert "将撤回的通知" not in _column(Client(), "notice")


def test_a_members_only_post_a_member_saw_is_not_served_to_visitors(each_cache, member):
    members_only = make_post(
        title=MEMBERS_ONLY, kind=PostKind.MEMBER_ACTIVITY, audience=Audience.MEMBERS
    )
    members_only.tags.add(Tag.objects.create(name="会员内部"))
    make_post(title="公开的会员活动", kind=PostKind.MEMBER_ACTIVITY)
    reader = Client()
    reader.force_login(member)
    assert MEMBERS_ONLY in _column(reader)
    assert "会员内部" in _column(reader, query="?page=1")  # the filters list its tag

    visitor = _column(Client())
    filtered = _column(Client(), query="?page=1")

    assert "公开的会员活动" in visitor and MEMBERS_ONLY not in visitor
    assert "会员内部" not in visitor and "会员内部" not in filtered


def test_a_visitors_cached_column_does_not_hide_a_members_posts(each_cache, member):
    make_post(title=MEMBERS_ONLY, kind=PostKind.MEMBER_ACTIVITY, audience=Audience.MEMBERS)
    assert MEMBERS_ONLY not in _column(Client())
    reader = Client()
    reader.force_login(member)

    assert MEMBERS_ONLY in _column(reader)


def test_a_new_tag_shows_in_the_filters_at_once(each_cache):
    post = make_post(title="关于开展质量月活动的通知")
    _column(Client(), "notice", "?page=1")

    post.tags.add(Tag.objects.create(name="质量月"))

    assert "质量月</option>" in _column(Client(), "notice", "?page=1")


def test_a_visitors_later_page_is_served_from_the_cache(each_cache):
    for number in range(25):
        make_post(title=f"第{number}号通知")
    _column(Client(), "notice", "?page=2")

    with CaptureQueriesContext(connection) as context:
        page = _column(Client(), "notice", "?page=2")

    assert len(context.captured_queries) == 0
    assert "第0号通知" in page and "第24号通知" not in page


def test_a_post_published_after_a_filtered_page_was_cached_shows_at_once(each_cache):
    tag = Tag.objects.create(name="质量月")
    make_post(title="第一份通知").tags.add(tag)
    query = f"?year=&tag={tag.pk}&unit="
    assert "第一份通知" in _column(Client(), "notice", query)

    make_post(title="第二份通知").tags.add(tag)

    assert "第二份通知" in _column(Client(), "notice", query)


def test_a_members_only_post_on_a_filtered_page_is_not_served_to_visitors(each_cache, member):
    tag = Tag.objects.create(name="活动")
    make_post(
        title=MEMBERS_ONLY, kind=PostKind.MEMBER_ACTIVITY, audience=Audience.MEMBERS
    ).tags.add(tag)
    make_post(title="公开的会员活动", kind=PostKind.MEMBER_ACTIVITY).tags.add(tag)
    reader = Client()
    reader.force_login(member)
    assert MEMBERS_ONLY in _column(reader, query=f"?tag={tag.pk}&page=1")

    visitor = _column(Client(), query=f"?tag={tag.pk}&page=1")

    assert "公开的会员活动" in visitor and MEMBERS_ONLY not in visitor


def test_a_made_up_address_is_answered_but_not_kept(each_cache):
    make_post(title="关于开展质量月活动的通知")

    for query in ("?tag=999999", "?page=99", "?year=02026", "?page=1&page=2", "?x=1"):
        _column(Client(), "notice", query)
        with CaptureQueriesContext(connection) as context:
            page = _column(Client(), "notice", query)
        assert context.captured_queries, query  # built again: nothing was kept
        assert "质量月" in page or "No posts match" in page or "没有" in page
