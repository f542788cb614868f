"""Each list page asks the database as often for many rows as for one."""

import datetime
import itertools

import pytest

from conftest import make_person, make_unit
from qualitymonth.members.models import (
    Committee,
    CouncilTerm,
    GroupOfficer,
    JoinApplication,
    Meeting,
    Resolution,
    Seat,
)
from qualitymonth.members.services.participation import compute
from qualitymonth.members.services.terms import add_term, issue_invoice, record_payment
from qualitymonth.members.services.visits import create_visit
from qualitymonth.members.tests.conftest import a_group, attended_event, member_unit
from qualitymonth.organizations.models import Membership, Role, UnitKind
from tests.queries import assert_flat

pytestmark = pytest.mark.django_db
numbers = itertools.count(1)


@pytest.fixture
def world(association, member_type, secretariat, enterprise, enterprise_admin):
    group = a_group()
    membership = Membership.objects.create(
        association=association, unit=enterprise, industry_group=group
    )
    return {
        "association": association,
        "type": member_type,
        "secretariat": secretariat,
        "enterprise": enterprise,
        "group": group,
        "membership": membership,
        "admin": enterprise_admin,
    }


def a_member(w):
    n = next(numbers)
    district = make_unit(kind=UnitKind.DISTRICT, name=f"区{n}")
    unit = member_unit(w["association"], w["type"], district=district, group=w["group"])
    term = unit.memberships.get().terms.get()
    invoice = issue_invoice(
        actor=w["secretariat"],
        term=term,
        year=2026,
        number=f"Q{n}",
        issued_on=datetime.date(2026, 1, 5),
        due_on=datetime.date(2026, 3, 31),
    )
    record_payment(
        actor=w["secretariat"], invoice=invoice, amount="100", paid_on=datetime.date(2026, 2, 1)
    )
    return unit


def a_visit(w, unit=None):
    n = next(numbers)
    create_visit(
        actor=w["secretariat"],
        kind="visit",
        day=datetime.date(2026, 4, n % 28 + 1),
        title=f"走访{n}",
        units=[unit or a_member(w)],
        visitors=[w["secretariat"]],
        needs=[(f"需求{n}", [f"标签{n}", "培训"])],
        follow_ups=[(f"跟进{n}", w["secretariat"], datetime.date(2026, 12, 1))],
    )


def an_application(w):
    n = next(numbers)
    JoinApplication.objects.create(
        unit_name=f"申请单位{n}",
        credit_code=f"9131000000000{n:04d}X"[:18],
        licence="x.png",
        contact_name="陈",
        contact_phone="138",
        contact_email=f"a{n}@example.com",
        industry="制造",
        size="small",
        group=w["group"],
        type=w["type"],
    )


def a_group_with_officer(w):
    group = a_group(name=f"大组{next(numbers)}")
    GroupOfficer.objects.create(group=group, person=w["secretariat"], role="leader")
    member_unit(w["association"], w["type"], group=group)


def a_council_term(w):
    n = next(numbers)
    term = CouncilTerm.objects.create(
        number=n,
        name=f"第{n}届理事会",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2025, 1, 1),
    )
    term.units.add(w["enterprise"])
    meeting = Meeting.objects.create(
        council_term=term, kind="council", day=datetime.date(2021, 1, 1), title=f"会议{n}"
    )
    Resolution.objects.create(meeting=meeting, number=f"决{n}", text="通过")


def a_committee(w):
    committee = Committee.objects.create(kind="committee", name=f"委员会{next(numbers)}")
    Seat.objects.create(
        committee=committee, person=w["secretariat"], unit=w["enterprise"], role="chair"
    )


LISTS = {
    "/members/list/": a_member,
    "/members/dues/?year=2026": a_member,
    "/members/applications/": an_application,
    "/members/visits/": a_visit,
    "/members/needs/": a_visit,
    "/members/groups/": a_group_with_officer,
    "/members/councils/": a_council_term,
    "/members/committees/": a_committee,
    "/members/follow-ups/": a_visit,
}


@pytest.mark.parametrize("url", list(LISTS))
def test_the_list_stays_flat_from_one_row_to_four(client, world, url):
    make = LISTS[url]
    make(world)
    client.force_login(world["secretariat"])
    assert_flat(client, url, lambda: [make(world) for _ in range(3)])


def test_the_group_page_stays_flat_as_its_members_and_visits_grow(client, world):
    client.force_login(world["secretariat"])
    url = f"/members/groups/{world['group'].pk}/"
    a_visit(world)
    assert_flat(client, url, lambda: [a_visit(world) for _ in range(3)])


def test_the_participation_list_stays_flat_as_members_grow(client, world):
    client.force_login(world["secretariat"])
    a_visit(world)
    run = compute(year=2026)
    assert_flat(client, f"/members/participation/runs/{run.pk}/", lambda: _grow(world, run))


def _grow(world, run):
    """More members in the stored run (as a later computation would store them)."""
    from qualitymonth.members.models import ParticipationEntry

    for _ in range(3):
        unit = a_member(world)
        ParticipationEntry.objects.create(
            run=run,
            unit=unit,
            took_part=True,
            records={"visits": [["走访", "/members/visits/1/"]]},
            group=world["group"],
            district=unit.district,
            type=world["type"],
        )


def test_the_unit_page_stays_flat_as_its_records_grow(client, world):
    enterprise, secretariat = world["enterprise"], world["secretariat"]
    add_term(
        actor=secretariat,
        membership=world["membership"],
        type=world["type"],
        starts_on=datetime.date(2024, 1, 1),
    )
    person = make_person("sgm-staff-x", unit=enterprise, role=Role.REPORTER)

    def grow():
        for n in range(3):
            term = add_term(
                actor=secretariat,
                membership=world["membership"],
                type=world["type"],
                starts_on=datetime.date(2025 + next(numbers), 1, 1),
            )
            issue_invoice(
                actor=secretariat,
                term=term,
                year=term.starts_on.year,
                number=f"U{term.pk}",
                issued_on=term.starts_on,
                due_on=term.ends_on,
            )
            attended_event(enterprise, title=f"活动{n}")
            attended_event(None, title=f"个人活动{n}", person=person)
            a_visit(world, unit=enterprise)

    grow()
    client.force_login(secretariat)
    assert_flat(client, f"/members/units/{enterprise.pk}/", grow)
