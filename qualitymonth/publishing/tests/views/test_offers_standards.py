"""Posts prepared from a group standard: the 立项 notice once approved, the call for comments
while it is open, the announcement once published; the standard's page shows the post."""

import datetime

import pytest
from django.urls import reverse

from qualitymonth.publishing import services
from qualitymonth.publishing.models import Post, PostKind
from qualitymonth.standards import services as standard_services

pytestmark = pytest.mark.django_db

TITLE = "生物医药智能制造生产现场管理实施指南"


@pytest.fixture
def approved(secretariat, enterprise):
    standard = standard_services.propose(
        actor=secretariat,
        proposer=enterprise,
        title=TITLE,
        scope="生物医药企业生产现场的管理要求。",
        reason="规范智能制造现场管理",
    )
    return standard_services.approve_proposal(
        actor=secretariat,
        standard=standard,
        plan_number="JH-2026-03",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 12, 31),
    )


def test_an_approved_standards_page_offers_its_notice_to_editors(client, secretariat, approved):
    client.force_login(secretariat)
    page = client.get(reverse("standards:standard", args=[approved.pk])).content.decode()
    assert 'data-testid="offer-post"' in page

    client.post(reverse("publishing:draft_from", args=["standards.standard", approved.pk]))

    post = Post.objects.get()
    assert post.kind == PostKind.NOTICE and post.title == f"关于团体标准《{TITLE}》立项的通知"
    assert "JH-2026-03" in post.body_html and "2026年3月1日至2026年12月31日" in post.body_html
    assert post.link_id == approved.pk


def test_the_published_notice_shows_on_the_standards_page(client, secretariat, approved):
    post = services.draft_from(approved, secretariat)
    services.publish(actor=secretariat, post=post)
    client.force_login(secretariat)

    page = client.get(reverse("standards:standard", args=[approved.pk])).content.decode()

    assert f"关于团体标准《{TITLE}》立项的通知" in page


def test_a_proposal_not_yet_approved_gives_no_post(client, secretariat, enterprise):
    standard = standard_services.propose(
        actor=secretariat, proposer=enterprise, title=TITLE, scope="范围", reason="理由"
    )
    client.force_login(secretariat)

    response = client.post(
        reverse("publishing:draft_from", args=["standards.standard", standard.pk]), follow=True
    )

    assert not Post.objects.exists()
    assert "标准立项后，才能据此准备文章。" in response.content.decode()


def test_a_reader_cannot_prepare_a_post_from_a_standard(client, enterprise_reporter, approved):
    client.force_login(enterprise_reporter)

    response = client.post(
        reverse("publishing:draft_from", args=["standards.standard", approved.pk])
    )

    assert response.status_code in (403, 404) and not Post.objects.exists()
