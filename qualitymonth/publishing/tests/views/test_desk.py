"""The editors' desk as authors and editors use it."""

import pytest
from django.urls import reverse

from qualitymonth.awards.models import Program, Round, RoundStatus
from qualitymonth.core.models import AuditEntry
from qualitymonth.publishing import services
from qualitymonth.publishing.models import Post, PostKind, PostState
from qualitymonth.publishing.tests.conftest import make_post, post_data, shanghai
from tests.answers import assert_not_found

pytestmark = pytest.mark.django_db


def form(**values) -> dict:
    data = {
        "kind": PostKind.NOTICE,
        "title": "关于开展质量月活动的通知",
        "body_format": "markdown",
        "body": "各会员单位：请按时报名。",
        "audience": "public",
        "tags": "质量月，QC小组",
    }
    data.update(values)
    return data


def test_an_editor_writes_a_notice_and_sees_its_preview(client, secretariat, association):
    client.force_login(secretariat)
    response = client.post(reverse("publishing:new"), form(unit=association.pk), follow=True)
    page = response.content.decode()
    post = Post.objects.get()
    assert response.redirect_chain[-1][0] == reverse("publishing:draft", args=[post.pk])
    assert "文章已保存。" in page and "各会员单位：请按时报名。" in page
    assert sorted(post.tags.values_list("name", flat=True)) == ["QC小组", "质量月"]


def test_a_publish_date_after_the_expiry_is_shown_on_the_field(client, secretariat, association):
    client.force_login(secretariat)
    response = client.post(
        reverse("publishing:new"),
        form(unit=association.pk, publish_at="2099-09-10T09:00", expire_at="2099-09-01T09:00"),
    )
    page = response.content.decode()
    assert "下架时间必须晚于发布时间" in page
    assert 'id="id_expire_at-error"' in page
    assert not Post.objects.exists()


def test_an_html_body_with_a_script_is_refused_on_the_field(client, secretariat, association):
    client.force_login(secretariat)
    response = client.post(
        reverse("publishing:new"),
        form(unit=association.pk, body_format="html", body="<p>通知</p><script>x()</script>"),
    )
    assert "正文含有脚本" in response.content.decode()
    assert not Post.objects.exists()


def test_the_editor_returns_a_post_and_the_author_reads_the_comment(
    client, secretariat, member, member_unit
):
    post = services.save_post(
        actor=member, data=post_data(kind=PostKind.MEMBER_ACTIVITY, unit=member_unit)
    )
    services.submit_for_review(actor=member, post=post)
    client.force_login(secretariat)
    queue = client.get(reverse("publishing:queue")).content.decode()
    assert post.title in queue
    client.post(reverse("publishing:return", args=[post.pk]), {"comment": "请补充活动照片。"})
    client.force_login(member)
    page = client.get(reverse("publishing:edit", args=[post.pk])).content.decode()
    assert "请补充活动照片。" in page


def test_publishing_asks_for_a_confirmation(client, secretariat, association):
    post = services.save_post(actor=secretariat, data=post_data(unit=association))
    client.force_login(secretariat)
    url = reverse("publishing:publish", args=[post.pk])
    assert "立即发布？" in client.get(url).content.decode()
    client.post(url, {})
    post.refresh_from_db()
    assert post.state == PostState.DRAFT
    client.post(url, {"confirm": "on"})
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED
    assert AuditEntry.objects.filter(action="post.publish", object_id=str(post.pk)).exists()


def test_scheduling_from_the_desk_takes_shanghai_time(client, secretariat, association):
    post = services.save_post(actor=secretariat, data=post_data(unit=association))
    client.force_login(secretariat)
    client.post(reverse("publishing:schedule", args=[post.pk]), {"publish_at": "2099-09-01T08:30"})
    post.refresh_from_db()
    assert (post.state, post.publish_at) == (PostState.SCHEDULED, shanghai(2099, 9, 1, 8, 30))


def test_another_units_draft_is_not_there(client, member, member_unit, outsider):
    post = services.save_post(actor=member, data=post_data(title="上汽通用草稿", unit=member_unit))
    client.force_login(outsider)
    assert_not_found(client.get(reverse("publishing:draft", args=[post.pk])), "上汽通用草稿")
    assert_not_found(client.post(reverse("publishing:submit", args=[post.pk])), "上汽通用草稿")
    post.refresh_from_db()
    assert post.state == PostState.DRAFT


def test_the_round_page_offers_a_post_and_then_shows_it(client, secretariat, association):
    program = Program.objects.create(key="qc", code="QC", name="QC小组成果")
    round_ = Round.objects.create(
        program=program,
        year=2099,
        title="2099年QC小组成果征集",
        closes_at=shanghai(2099, 10, 31, 17, 0),
        status=RoundStatus.OPEN,
    )
    client.force_login(secretariat)
    page = client.get(round_.get_absolute_url()).content.decode()
    assert 'data-testid="offer-post"' in page
    response = client.post(reverse("publishing:draft_from", args=["awards.round", round_.pk]))
    post = Post.objects.get()
    assert response["Location"] == reverse("publishing:edit", args=[post.pk])
    services.publish(actor=secretariat, post=post)
    client.logout()
    page = client.get(round_.get_absolute_url()).content.decode()
    assert post.title in page and 'data-testid="offer-post"' not in page


def test_the_post_page_links_back_to_the_round(client, secretariat, association):
    program = Program.objects.create(key="qc", code="QC", name="QC小组成果")
    round_ = Round.objects.create(
        program=program, year=2099, title="2099年QC小组成果征集",
        closes_at=shanghai(2099, 10, 31, 17, 0), status=RoundStatus.OPEN,
    )  # fmt: skip
    post = make_post(title="申报通知", link_type=None)
    post.linked = round_
    post.save()
    page = client.get(post.get_absolute_url()).content.decode()
    assert round_.get_absolute_url() in page and "2099年QC小组成果征集" in page


def test_the_secretariat_edits_the_about_page_in_three_languages(client, secretariat):
    client.force_login(secretariat)
    client.post(
        reverse("publishing:page_edit", args=["about"]),
        {"title": "关于协会", "body": "上海市质量协会成立于1984年。", "title_en": "About us"},
    )
    client.logout()
    page = client.get(reverse("publishing:page", args=["about"])).content.decode()
    assert "上海市质量协会成立于1984年。" in page
    client.cookies["qm_language"] = "zh-hant"
    assert "關於協會" in client.get(reverse("publishing:page", args=["about"])).content.decode()
