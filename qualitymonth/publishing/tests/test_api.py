"""The public posts in the JSON API: read-only, JSON errors, no members-only post."""

import pytest

from qualitymonth.publishing.models import Audience, PostKind, Tag
from qualitymonth.publishing.tests.conftest import make_post, shanghai
from tests.answers import assert_api_error

pytestmark = pytest.mark.django_db


def test_anyone_lists_public_posts_newest_first(client, member_unit):
    make_post(title="较早的通知", publish_at=shanghai(2025, 3, 1, 9, 0))
    make_post(title="最新的动态", kind=PostKind.NEWS, publish_at=shanghai(2025, 9, 1, 9, 0))
    make_post(title="会员通知", audience=Audience.MEMBERS)
    body = client.get("/api/publishing/posts").json()
    assert [item["title"] for item in body["items"]] == ["最新的动态", "较早的通知"]
    assert body["items"][0]["url"].endswith(f"/news/posts/{body['items'][0]['id']}/")


def test_the_list_filters_by_kind_and_tag(client):
    tagged = make_post(title="QC小组通知")
    tagged.tags.add(Tag.objects.create(name="QC小组"))
    make_post(title="新闻", kind=PostKind.NEWS)
    tag = Tag.objects.get(name="QC小组")
    body = client.get("/api/publishing/posts", {"kind": "notice", "tag": tag.pk}).json()
    assert [item["title"] for item in body["items"]] == ["QC小组通知"]
    assert body["items"][0]["tags"] == ["QC小组"]


def test_a_bad_filter_is_a_json_400_naming_it(client):
    body = assert_api_error(client.get("/api/publishing/posts", {"kind": "gossip"}), 400)
    assert body["detail"].startswith("kind")


def test_one_post_carries_its_sanitised_body(client):
    post = make_post(title="通知", body_html="<p>正文</p>")
    body = client.get(f"/api/publishing/posts/{post.pk}").json()
    assert (body["title"], body["body_html"], body["attachments"]) == ("通知", "<p>正文</p>", [])


def test_a_members_only_post_is_a_json_404_even_for_a_member(client, member, member_unit):
    post = make_post(title="会员通知", audience=Audience.MEMBERS)
    client.force_login(member)
    assert_api_error(client.get(f"/api/publishing/posts/{post.pk}"), 404, "会员通知")
