"""The demo notice board: seed 001's headlines, seed 000's write-ups, the award lists."""

from django.urls import reverse

from qualitymonth.awards.models import Notice, NoticeKind
from qualitymonth.events.models import Event
from qualitymonth.publishing.models import Audience, Page, Post, PostKind

MEMBERS_ONLY = "【会员活动】市质协召开会员大组活动策划交流会"


def test_the_board_has_the_three_columns_of_the_association_site(demo):
    posts = Post.objects.filter(is_demo=True)
    assert posts.filter(kind=PostKind.MEMBER_ACTIVITY).count() == 8
    assert posts.filter(kind=PostKind.NEWS).count() == 6
    notices = posts.filter(kind__in=[PostKind.NOTICE, PostKind.CALL, PostKind.DECISION])
    assert notices.count() == 10
    assert all(post.body.startswith("（演示数据）") for post in posts)
    assert all(post.body_html_zh_hant.startswith("<p>（演示") for post in posts)


def test_the_final_list_is_published_as_a_decision_linked_to_its_notice(demo, client):
    notice = Notice.objects.get(round__title="2025年度上海市质量技术奖", kind=NoticeKind.FINAL)
    post = Post.objects.get(title="关于发布2025年上海市质量协会质量技术奖获奖名单的决定")
    assert (post.kind, post.linked) == (PostKind.DECISION, notice)
    page = client.get(post.get_absolute_url()).content.decode()
    assert notice.get_absolute_url() in page
    assert post.title in client.get(notice.get_absolute_url()).content.decode()


def test_the_2018_ceremony_and_lecture_have_their_write_ups(demo, client):
    for title in (
        "2018年上海市“质量月”升旗仪式",
        "第八期“质量大讲堂”：质量提升 服务进博 创造高品质生活",
    ):
        event = Event.objects.get(title=title)
        post = Post.objects.get(kind=PostKind.WRITE_UP, link_id=event.pk)
        assert post.title in client.get(event.get_absolute_url()).content.decode()


def test_a_members_only_activity_is_on_the_board_for_members_only(demo, client):
    post = Post.objects.get(title=MEMBERS_ONLY)
    assert post.audience == Audience.MEMBERS
    assert client.get(post.get_absolute_url()).status_code == 404
    column = client.get(reverse("publishing:column", args=["member"])).content.decode()
    assert "企业管理现代化创新成果申报辅导会成功举办" in column and MEMBERS_ONLY not in column


def test_a_member_finds_the_members_only_activity_by_search_a_visitor_does_not(demo, client):
    from qualitymonth.organizations.models import User

    search = reverse("search:results") + "?q=策划交流会"
    assert MEMBERS_ONLY not in client.get(search).content.decode()
    client.force_login(User.objects.get(username="sgm-reporter"))
    assert MEMBERS_ONLY in client.get(search).content.decode()


def test_the_sent_newsletter_shows_its_opens(demo, client):
    import re

    from qualitymonth.newsletters.models import Newsletter
    from qualitymonth.organizations.models import User

    letter = Newsletter.objects.get(subject="协会动态·机械行业分会专刊（演示）")
    client.force_login(User.objects.get(username="secretariat"))
    page = client.get(reverse("newsletters:edit", args=[letter.pk])).content.decode()
    assert re.search(r'data-testid="opened-count">1<', page)
    assert re.search(r'data-testid="sent-count">[1-9]', page)


def test_the_four_pages_have_three_languages(demo, client):
    assert set(Page.objects.values_list("key", flat=True)) == {
        "about", "contact", "privacy", "accessibility",
    }  # fmt: skip
    assert all(page.title_en and page.body_html_en for page in Page.objects.all())
