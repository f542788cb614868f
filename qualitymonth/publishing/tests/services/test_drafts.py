"""Posts offered pre-filled from what the platform knows: nothing typed twice."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from qualitymonth.awards.models import Notice, NoticeKind, Program, Round, RoundStatus
from qualitymonth.publishing import services
from qualitymonth.publishing.models import PostKind, PostState
from qualitymonth.publishing.tests.conftest import shanghai

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(db):
    program = Program.objects.create(key="qc", code="QC", name="QC小组成果")
    return Round.objects.create(
        program=program,
        year=2099,
        title="2099年上海市优秀质量管理小组成果征集",
        call="请各单位按要求申报。",
        closes_at=shanghai(2099, 10, 31, 17, 0),
        published_at=shanghai(2099, 9, 1, 9, 0),
        status=RoundStatus.DRAFT,
    )


def test_a_call_from_an_award_round_carries_its_dates_and_link(round_, secretariat, association):
    post = services.draft_from(round_, secretariat)
    assert post.kind == PostKind.CALL and post.state == PostState.DRAFT
    assert post.title == round_.title
    assert (post.publish_at, post.expire_at) == (round_.published_at, round_.closes_at)
    assert post.link_type == ContentType.objects.get_for_model(Round)
    assert post.link_id == round_.pk
    assert "2099年10月31日17:00" in post.body_html
    assert post.unit == association


def test_a_proposed_list_becomes_a_notice_that_leaves_with_its_period(round_, secretariat):
    notice = Notice.objects.create(
        round=round_,
        kind=NoticeKind.PROPOSED,
        text="现将拟授奖名单予以公示。",
        published_at=shanghai(2099, 11, 20, 9, 0),
        starts_on=datetime.date(2099, 11, 20),
        ends_on=datetime.date(2099, 11, 28),
    )
    post = services.draft_from(notice, secretariat)
    assert post.kind == PostKind.NOTICE
    assert post.title.endswith("拟授奖名单公示")
    assert post.expire_at == shanghai(2099, 11, 28, 23, 59)
    assert "2099年11月20日至2099年11月28日" in post.body_html


def test_only_authors_are_offered_a_draft(round_, citizen):
    with pytest.raises(PermissionDenied):
        services.draft_from(round_, citizen)
