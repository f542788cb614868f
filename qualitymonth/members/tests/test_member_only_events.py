"""Member-only events follow the membership: a lapsed member's staff can no longer register."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from qualitymonth.events.models import Event, Registration, Venue
from qualitymonth.events.services import register, register_group
from qualitymonth.members.models import StatusRules, Term
from qualitymonth.members.selectors import shanghai_today
from qualitymonth.members.services.terms import add_term

pytestmark = pytest.mark.django_db


@pytest.fixture
def members_event(db):
    starts = timezone.now() + datetime.timedelta(days=20)
    event = Event.objects.create(
        kind="lecture",
        title="会员专场：质量大讲堂",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        members_only=True,
    )
    Venue.objects.create(event=event, name="会员之家", capacity=50)
    return event


def lapse(term: Term, *, days_ago: int) -> None:
    """The term ended `days_ago` days before today (no renewal)."""
    term.ends_on = shanghai_today() - datetime.timedelta(days=days_ago)
    term.save(update_fields=["ends_on"])


def test_a_lapsed_members_staff_lose_the_member_only_event(
    membership, member_type, secretariat, enterprise_admin, enterprise, members_event
):
    StatusRules.objects.create(grace_days=30, rights_in_grace=True)
    term = add_term(
        actor=secretariat,
        membership=membership,
        type=member_type,
        starts_on=shanghai_today() - datetime.timedelta(days=400),
    )
    lapse(term, days_ago=10)  # in grace: still a member
    first = register(actor=enterprise_admin, event=members_event, name="王敏", phone="13800001111")
    assert first.status == "confirmed"

    lapse(term, days_ago=31)  # grace over: expired, and the rights with it
    with pytest.raises(ValidationError) as refused:
        register(actor=enterprise_admin, event=members_event, name="李华", phone="13800002222")
    assert refused.value.messages == [
        translation.gettext("This event is for member units in good standing only.")
    ]
    with pytest.raises(ValidationError):
        register_group(
            actor=enterprise_admin,
            event=members_event,
            unit=enterprise,
            people=[("赵强", "13800003333")],
        )
    assert list(Registration.objects.values_list("name", flat=True)) == ["王敏"]


def test_a_member_only_event_refuses_visitors_who_act_for_no_member(members_event, citizen):
    with pytest.raises(ValidationError):
        register(actor=citizen, event=members_event, name="市民", phone="13800004444")
    with pytest.raises(ValidationError):
        register(actor=None, event=members_event, name="游客", phone="13800005555")
    assert not Registration.objects.exists()


@pytest.fixture
def machinery_members(association, member_type, membership, secretariat):
    """The enterprise, a member outside the machinery group, and a member unit inside it
    (in 徐汇区), each with a person acting for it."""
    from conftest import make_person, make_unit
    from qualitymonth.members.tests.conftest import a_group, member_unit
    from qualitymonth.organizations.models import Role, UnitKind

    add_term(
        actor=secretariat,
        membership=membership,
        type=member_type,
        starts_on=shanghai_today() - datetime.timedelta(days=30),
    )
    group = a_group()
    xuhui = make_unit(kind=UnitKind.DISTRICT, name="徐汇区")
    inside = member_unit(
        association,
        member_type,
        name="上海电气",
        group=group,
        district=xuhui,
        starts=shanghai_today() - datetime.timedelta(days=30),
        ends=shanghai_today() + datetime.timedelta(days=300),
    )
    person = make_person("electric-admin", unit=inside, role=Role.UNIT_ADMIN)
    return {"group": group, "district": xuhui, "inside": inside, "person": person}


REFUSED = (
    "This event is for some member units only (by membership type, status, industry group or "
    "district), and yours is not among them."
)


@pytest.mark.parametrize("segment_by", ["industry_group", "district"])
def test_a_member_only_event_for_a_segment_admits_its_members_and_refuses_the_others(
    members_event, machinery_members, enterprise_admin, enterprise, segment_by
):
    members_event.members_segment = {
        segment_by: [
            machinery_members["group" if segment_by == "industry_group" else "district"].pk
        ]
    }
    members_event.save(update_fields=["members_segment"])
    # The enterprise is a member in good standing, but outside the segment.
    with pytest.raises(ValidationError) as refused:
        register(actor=enterprise_admin, event=members_event, name="王敏", phone="13800001111")
    assert refused.value.messages == [translation.gettext(REFUSED)]
    with pytest.raises(ValidationError):
        register_group(
            actor=enterprise_admin,
            event=members_event,
            unit=enterprise,
            people=[("赵强", "13800003333")],
        )
    # A member unit in the segment registers.
    inside = register(
        actor=machinery_members["person"], event=members_event, name="李华", phone="13800002222"
    )
    assert inside.status == "confirmed"
    assert list(Registration.objects.values_list("name", flat=True)) == ["李华"]


def test_a_segment_by_type_and_status_refuses_a_member_of_another_type(
    members_event, machinery_members, enterprise_admin, association
):
    from decimal import Decimal

    from qualitymonth.members.models import MembershipType

    MembershipType.objects.create(key="council", name="理事单位", dues_per_year=Decimal("5000"))
    members_event.members_segment = {"member_type": ["council"], "member_status": ["current"]}
    members_event.save(update_fields=["members_segment"])
    with pytest.raises(ValidationError) as refused:
        register(
            actor=machinery_members["person"], event=members_event, name="李华", phone="13800002222"
        )
    assert refused.value.messages == [translation.gettext(REFUSED)]
    assert not Registration.objects.exists()


def test_a_segment_with_an_unknown_filter_is_refused_with_a_clear_message(members_event):
    members_event.members_segment = {"colour": ["blue"]}
    with pytest.raises(ValidationError) as refused:
        members_event.full_clean()
    assert "colour" in str(refused.value.message_dict["members_segment"])
