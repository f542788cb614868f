"""List pages ask the database the same number of times for one post as for many."""

import pytest
from django.urls import reverse

from qualitymonth.publishing.models import PostKind, PostState, Tag
from qualitymonth.publishing.tests.conftest import make_post
from tests.queries import assert_flat

pytestmark = pytest.mark.django_db


def add_posts(unit, *, state=PostState.PUBLISHED, n=6):
    def add():
        for number in range(n):
            post = make_post(title=f"通知{number}号", state=state, unit=unit, kind=PostKind.NOTICE)
            post.tags.add(Tag.objects.get_or_create(name=f"标签{number % 3}")[0])

    return add


@pytest.mark.parametrize("url", ["publishing:index", "publishing:column"])
def test_reading_pages_stay_flat(client, member, member_unit, url):
    client.force_login(member)
    add_posts(member_unit, n=1)()
    address = reverse(url, args=["notice"]) if url == "publishing:column" else reverse(url)
    # The board shows the newest posts of each column: the last one added each time.
    assert_flat(
        client,
        address,
        add_posts(member_unit),
        shows=lambda page, n: ("通知0号" if n == "few" else "通知5号") in page,
    )


def test_my_posts_stay_flat(client, member, member_unit):
    client.force_login(member)
    add_posts(member_unit, state=PostState.DRAFT, n=1)()
    assert_flat(client, reverse("publishing:mine"), add_posts(member_unit, state=PostState.DRAFT))


def test_the_review_queue_stays_flat(client, secretariat, member_unit):
    client.force_login(secretariat)
    add_posts(member_unit, state=PostState.IN_REVIEW, n=1)()
    assert_flat(
        client, reverse("publishing:queue"), add_posts(member_unit, state=PostState.IN_REVIEW)
    )


def test_feeds_stay_flat(client, member_unit):
    add_posts(member_unit, n=1)()
    assert_flat(client, reverse("publishing:column_rss", args=["all"]), add_posts(member_unit))
