"""Members-only posts are found only by readers who may open them."""

import pytest
from django.urls import reverse

from conftest import make_person, make_unit
from qualitymonth.organizations.models import Membership, MembershipLevel, Role, UnitKind
from qualitymonth.publishing.models import Audience, PostKind
from tests.frontdoor.factories import make_post

pytestmark = pytest.mark.django_db

MEMBERS_ONLY = "会员专享：质量信得过班组骨干培训"
COUNCIL_ONLY = "理事单位专享：质量信得过班组评审细则"


@pytest.fixture
def member(association, enterprise, enterprise_reporter):
    Membership.objects.create(
        association=association, unit=enterprise, level=MembershipLevel.MEMBER
    )
    return enterprise_reporter


@pytest.fixture
def outsider(db):
    unit = make_unit(kind=UnitKind.GOVERNMENT, key="baoshan-amr", name="宝山区市场监督管理局")
    return make_person("baoshan-reporter", unit=unit, role=Role.REPORTER)


@pytest.fixture
def posts(db):
    make_post(MEMBERS_ONLY, kind=PostKind.MEMBER_ACTIVITY, audience=Audience.MEMBERS)
    make_post(COUNCIL_ONLY, audience=Audience.SEGMENT, segment="level:council")


def _found(client, user=None) -> str:
    if user is not None:
        client.force_login(user)
    return client.get(reverse("search:results"), {"q": "班组"}).content.decode()


def test_an_outsider_does_not_find_a_members_only_post(client, posts, outsider):
    page = _found(client, outsider)

    assert MEMBERS_ONLY not in page and 'data-testid="search-nothing"' in page


def test_a_citizen_and_an_anonymous_reader_do_not_find_it(client, posts, citizen):
    assert MEMBERS_ONLY not in _found(client)
    assert MEMBERS_ONLY not in _found(client, citizen)


def test_a_member_finds_a_members_only_post_marked_as_such(client, posts, member):
    page = _found(client, member)

    assert MEMBERS_ONLY in page and 'data-testid="members-only"' in page


def test_a_post_for_one_group_is_found_by_that_group_only(client, posts, member):
    assert COUNCIL_ONLY not in _found(client, member)

    Membership.objects.update(level=MembershipLevel.COUNCIL)
    member.refresh_from_db()  # a fresh user object: its groups are read again
    assert COUNCIL_ONLY in _found(client, member)


def test_the_secretariat_finds_every_post(client, posts, secretariat):
    page = _found(client, secretariat)

    assert MEMBERS_ONLY in page and COUNCIL_ONLY in page


def test_a_public_post_turned_members_only_leaves_an_outsiders_results(client, outsider):
    post = make_post("质量信得过班组活动的通知")
    post.audience = Audience.MEMBERS
    post.save()

    assert "质量信得过班组活动的通知" not in _found(client, outsider)
