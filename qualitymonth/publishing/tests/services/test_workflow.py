"""The editorial way of a post, and the worker publishing at the right minute."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualitymonth.core.models import AuditEntry
from qualitymonth.publishing import selectors, services
from qualitymonth.publishing.models import PostKind, PostState
from qualitymonth.publishing.tests.conftest import make_post, post_data, shanghai

pytestmark = pytest.mark.django_db


def titles(user, now=None):
    column = selectors.column(user, selectors.ColumnFilters(), now=now)
    return [post.title for post in column]


def test_the_worker_publishes_a_scheduled_post_at_its_minute_in_shanghai(secretariat, citizen):
    post = services.save_post(actor=secretariat, data=post_data(title="升旗仪式通知"))
    services.schedule(actor=secretariat, post=post, publish_at=shanghai(2099, 9, 1, 8, 30))
    before, at = shanghai(2099, 9, 1, 8, 29, 59), shanghai(2099, 9, 1, 8, 30)
    assert services.publish_due_posts(before) == {"published": 0, "expired": 0}
    assert titles(citizen, before) == []
    assert titles(citizen, at) == ["升旗仪式通知"]
    assert services.publish_due_posts(at) == {"published": 1, "expired": 0}
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED
    # 8:30 in Shanghai is 0:30 UTC.
    assert post.published_at == datetime.datetime(2099, 9, 1, 0, 30, tzinfo=datetime.UTC)
    actions = AuditEntry.objects.filter(object_id=str(post.pk)).values_list("action", flat=True)
    assert list(actions) == ["post.publish", "post.schedule", "post.create"]


def test_an_expired_notice_leaves_the_column_and_the_worker_records_it(secretariat, citizen):
    published = shanghai(2099, 9, 1, 9, 0)
    make_post(title="报名截止通知", publish_at=published, expire_at=shanghai(2099, 9, 10, 17, 0))
    make_post(title="长期有效的政策", kind=PostKind.POLICY, publish_at=published)
    before, at = shanghai(2099, 9, 10, 16, 59), shanghai(2099, 9, 10, 17, 0)
    assert set(titles(citizen, before)) == {"报名截止通知", "长期有效的政策"}
    assert titles(citizen, at) == ["长期有效的政策"]
    assert services.publish_due_posts(at) == {"published": 0, "expired": 1}
    assert services.publish_due_posts(at) == {"published": 0, "expired": 0}
    assert AuditEntry.objects.filter(action="post.expire").count() == 1


def test_a_returned_post_carries_the_editors_comment_back_to_the_author(
    secretariat, member, member_unit
):
    post = services.save_post(
        actor=member, data=post_data(kind=PostKind.MEMBER_ACTIVITY, unit=member_unit)
    )
    services.submit_for_review(actor=member, post=post)
    services.return_with_comment(actor=secretariat, post=post, comment="请补充活动照片。")
    post.refresh_from_db()
    assert (post.state, post.review_comment) == (PostState.RETURNED, "请补充活动照片。")
    assert post in selectors.posts_of(member)


def test_a_unit_publishes_its_member_activity_once_the_editors_approved_it(
    secretariat, member, member_unit
):
    post = services.save_post(
        actor=member, data=post_data(kind=PostKind.MEMBER_ACTIVITY, unit=member_unit)
    )
    services.submit_for_review(actor=member, post=post)
    with pytest.raises(PermissionDenied):
        services.publish(actor=member, post=post)
    services.approve_member_activity(actor=secretariat, post=post)
    services.publish(actor=member, post=post)
    post.refresh_from_db()
    assert post.state == PostState.PUBLISHED


def test_a_withdrawn_post_needs_a_reason_and_leaves_the_column(secretariat, citizen):
    post = make_post(title="有误的通知")
    with pytest.raises(ValidationError) as error:
        services.withdraw(actor=secretariat, post=post, reason=" ")
    assert "reason" in error.value.message_dict
    services.withdraw(actor=secretariat, post=post, reason="日期有误，另行通知。")
    assert titles(citizen) == []
    entry = AuditEntry.objects.get(action="post.withdraw")
    assert entry.changes["reason"] == "日期有误，另行通知。"


def test_correcting_a_published_post_keeps_a_revision(secretariat):
    post = services.save_post(actor=secretariat, data=post_data(title="第一版标题"))
    services.publish(actor=secretariat, post=post)
    services.save_post(
        actor=secretariat, post=post, data=post_data(title="更正后的标题", note="更正标题错字")
    )
    revision = post.revisions.get()
    assert (revision.title, revision.note) == ("第一版标题", "更正标题错字")
    assert revision.changes["title"] == ["第一版标题", "更正后的标题"]


def test_traditional_chinese_left_blank_is_drafted_by_opencc(secretariat):
    post = services.save_post(actor=secretariat, data=post_data(title="质量发展报告"))
    assert post.title_zh_hant == "質量發展報告"
    assert "會員單位" in post.body_html_zh_hant


def test_scheduling_asks_the_worker_to_run_at_the_posts_minute(
    secretariat, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    post = services.save_post(actor=secretariat, data=post_data())
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule(actor=secretariat, post=post, publish_at=shanghai(2099, 9, 1, 8, 30, 45))
    queued = DBTaskResult.objects.get(task_path__endswith="publish_post")
    assert queued.run_after == shanghai(2099, 9, 1, 8, 30)
    assert queued.args_kwargs["kwargs"] == {"post_id": post.pk}
