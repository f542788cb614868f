"""Site search: Chinese words inside longer phrases, pinyin, Traditional Chinese, by kind."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import make_unit
from qualitymonth.publishing.models import Audience, PostState
from qualitymonth.search.models import Entry
from qualitymonth.search.selectors import search
from tests.frontdoor.factories import make_event, make_post
from tests.queries import assert_flat

pytestmark = pytest.mark.django_db

TITLE = "关于开展2025年上海市质量信得过班组活动的通知"


def _titles(query, kind=""):
    return [entry.title for group in search(query, kind=kind) for entry in group.entries]


def test_a_chinese_word_inside_a_longer_phrase_finds_the_post():
    make_post(TITLE)
    make_post("质量月启动仪式圆满举行")

    assert _titles("班组") == [TITLE]
    assert _titles("信得过班组") == [TITLE]


def test_a_word_jieba_cuts_otherwise_is_still_found_inside_the_phrase():
    make_post(TITLE)

    assert _titles("得过班") == [TITLE]


def test_pinyin_initials_and_full_pinyin_find_the_post():
    make_post(TITLE)

    assert _titles("xdgbz") == [TITLE]
    assert _titles("banzu") == [TITLE]


def test_traditional_chinese_finds_simplified_text():
    make_post(TITLE)

    assert _titles("質量信得過班組") == [TITLE]


def test_an_event_is_found_by_a_word_of_its_title():
    make_event("第八期质量大讲堂：标准化与品牌建设")

    assert _titles("品牌", kind="event") == ["第八期质量大讲堂：标准化与品牌建设"]
    assert _titles("zldjt", kind="event") == ["第八期质量大讲堂：标准化与品牌建设"]


def test_units_are_found_by_their_english_name_too():
    make_unit(name="上海市黄浦区市场监督管理局", name_en="Huangpu District Administration")

    assert _titles("huangpu admin", kind="unit") == ["上海市黄浦区市场监督管理局"]


def test_members_only_drafts_and_expired_posts_are_not_found():
    make_post("会员专享：质量信得过班组培训", audience=Audience.MEMBERS)
    make_post("草稿：质量信得过班组", state=PostState.DRAFT)
    make_post("已过期：质量信得过班组", expire_at=timezone.now() - datetime.timedelta(hours=1))
    make_post(
        "预定发布：质量信得过班组",
        state=PostState.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )

    assert _titles("班组") == []


def test_a_post_withdrawn_leaves_the_index():
    post = make_post(TITLE)
    post.state = PostState.WITHDRAWN
    post.save()

    assert _titles("班组") == []


def test_the_rebuild_command_indexes_everything_public_again():
    make_post(TITLE)
    make_unit(name="上海市质量协会")
    Entry.objects.all().delete()

    call_command("rebuild_search_index", stdout=io.StringIO())

    assert _titles("班组") == [TITLE]
    assert _titles("质量协会", kind="unit") == ["上海市质量协会"]


def test_the_search_page_groups_results_by_kind(client):
    make_post(TITLE)
    make_event("质量信得过班组经验交流会")

    page = client.get(reverse("search:results"), {"q": "班组"}).content.decode()

    assert 'data-testid="search-post"' in page and 'data-testid="search-event"' in page
    assert page.index('data-testid="search-post"') < page.index("质量信得过班组经验交流会")


def test_nothing_found_says_so(client):
    page = client.get(reverse("search:results"), {"q": "不存在的词语"}).content.decode()

    assert 'data-testid="search-nothing"' in page


def test_punctuation_and_quotes_in_a_query_do_no_harm(client):
    make_post(TITLE)

    for query in ['"班组', "班组*", "AND OR NOT", "(班组", "班组'); --", "\x00"]:
        response = client.get(reverse("search:results"), {"q": query})
        assert response.status_code == 200, query


def test_the_search_page_asks_the_same_queries_however_many_match(client):
    counter = iter(range(1, 100))

    def add_rows():
        for _ in range(3):
            n = next(counter)
            make_post(f"第{n}期质量信得过班组通知")
            make_event(f"第{n}期班组交流会")
            make_unit(name=f"班组建设促进会{n}号")

    add_rows()

    def shows(page, _when):
        assert 'data-testid="search-post"' in page and 'data-testid="search-unit"' in page

    assert_flat(client, reverse("search:results") + "?q=班组", add_rows, shows=shows)


def test_each_kind_lists_its_newest_first_and_offers_more():
    for number in range(10):
        make_post(f"第{number}期质量信得过班组通知")
        make_event(f"第{number}期班组交流会")
    newest = Entry.objects.filter(kind="post").order_by("-date", "-pk")
    Entry.objects.filter(pk=newest[9].pk).update(date=timezone.now() + datetime.timedelta(days=1))

    groups = {group.kind: group for group in search("班组")}

    posts = groups["post"]
    expected = list(Entry.objects.filter(kind="post").order_by("-date", "-pk")[:8])
    assert [entry.pk for entry in posts.entries] == [entry.pk for entry in expected]
    assert posts.more and groups["event"].more and len(groups["event"].entries) == 8
