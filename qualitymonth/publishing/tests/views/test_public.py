"""Reading the notice board: columns, a post's page, who may read what."""

import pytest
from django.urls import reverse

from qualitymonth.publishing import services
from qualitymonth.publishing.models import Audience, PostKind, Tag
from qualitymonth.publishing.tests.conftest import make_post, pdf_file, post_data
from tests.answers import assert_not_found

pytestmark = pytest.mark.django_db

MEMBERS_ONLY = "会员大组活动策划交流会纪要"


@pytest.fixture
def members_only(member_unit):
    return make_post(title=MEMBERS_ONLY, kind=PostKind.MEMBER_ACTIVITY, audience=Audience.MEMBERS)


@pytest.mark.parametrize("persona", ["outsider", "citizen", "anonymous"])
def test_a_members_only_post_is_not_there_for_non_members(as_persona, persona, members_only):
    client = as_persona(persona)
    assert_not_found(client.get(reverse("publishing:post", args=[members_only.pk])), MEMBERS_ONLY)
    column = client.get(reverse("publishing:column", args=["member"])).content.decode()
    assert MEMBERS_ONLY not in column


def test_a_member_reads_a_members_only_post(client, member, members_only):
    client.force_login(member)
    page = client.get(reverse("publishing:post", args=[members_only.pk])).content.decode()
    assert MEMBERS_ONLY in page
    assert "仅限会员" in page or "members only" in page


def test_a_post_for_one_group_reaches_only_that_group(client, member, association, outsider):
    post = make_post(title="理事单位通知", audience=Audience.SEGMENT, segment="level:council")
    other = make_post(title="机械大组通知", audience=Audience.SEGMENT, segment="group:machinery")
    client.force_login(member)
    assert client.get(reverse("publishing:post", args=[post.pk])).status_code == 200
    assert_not_found(client.get(reverse("publishing:post", args=[other.pk])), "机械大组通知")


def test_the_post_page_has_attachments_share_card_and_qr(
    client, secretariat, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = services.save_post(
            actor=secretariat,
            data=post_data(
                title="关于开展质量信得过班组活动的通知",
                attachments=[pdf_file()],
                document_number="沪质协〔2026〕12号",
            ),
        )
    services.publish(actor=secretariat, post=post)
    page = client.get(reverse("publishing:post", args=[post.pk])).content.decode()
    assert '<meta property="og:title" content="关于开展质量信得过班组活动的通知">' in page
    assert "沪质协〔2026〕12号" in page
    assert reverse("publishing:qr", args=[post.pk]) in page
    attachment = post.attachments.get()
    download = client.get(attachment.get_absolute_url())
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    qr = client.get(reverse("publishing:qr", args=[post.pk]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_a_corrected_post_shows_its_revision_history(client, secretariat):
    post = services.save_post(actor=secretariat, data=post_data(title="活动通知"))
    services.publish(actor=secretariat, post=post)
    services.save_post(
        actor=secretariat, post=post, data=post_data(title="活动通知", note="更正报名日期")
    )
    page = client.get(reverse("publishing:post", args=[post.pk])).content.decode()
    assert "修订记录" in page and "更正报名日期" in page


def test_the_column_filters_by_year_and_tag(client, secretariat):
    services.publish(
        actor=secretariat,
        post=services.save_post(
            actor=secretariat, data=post_data(title="带标签的通知", tags=["QC小组"])
        ),
    )
    make_post(title="没有标签的通知")
    tag = Tag.objects.get(name="QC小组")
    page = client.get(
        reverse("publishing:column", args=["notice"]), {"tag": tag.pk}
    ).content.decode()
    assert "带标签的通知" in page and "没有标签的通知" not in page
    page = client.get(reverse("publishing:column", args=["all"]), {"year": "1999"}).content.decode()
    assert "带标签的通知" not in page


def test_feeds_carry_public_posts_only(client, member_unit):
    make_post(title="公开的新闻", kind=PostKind.NEWS)
    make_post(title="会员的新闻", kind=PostKind.NEWS, audience=Audience.MEMBERS)
    rss = client.get(reverse("publishing:column_rss", args=["news"])).content.decode()
    atom = client.get(reverse("publishing:column_atom", args=["all"])).content.decode()
    assert "公开的新闻" in rss and "会员的新闻" not in rss
    assert "<feed" in atom and "公开的新闻" in atom and "会员的新闻" not in atom


def test_an_unknown_column_is_not_there(client):
    assert_not_found(client.get(reverse("publishing:column", args=["gossip"])))


def test_a_picture_uploaded_for_the_body_is_served_with_the_post(
    client, secretariat, media, django_capture_on_commit_callbacks
):
    from qualitymonth.publishing.tests.conftest import png_file

    with django_capture_on_commit_callbacks(execute=True):
        post = services.save_post(actor=secretariat, data=post_data(pictures=[png_file()]))
    picture = post.pictures.get()
    url = picture.get_absolute_url()
    assert_not_found(client.get(url))  # a draft's picture is not public yet
    services.save_post(actor=secretariat, post=post, data=post_data(body=f"![现场照片]({url})"))
    services.publish(actor=secretariat, post=post)
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'<img src="{url}" alt="现场照片">' in page
    served = client.get(url)
    assert served["Content-Type"] == "image/png"
