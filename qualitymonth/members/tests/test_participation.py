"""The participation rate against a hand count, with each part of the rule on and off."""

import datetime

import pytest

from conftest import make_unit
from qualitymonth.members.models import PARTS, ParticipationRule
from qualitymonth.members.selectors_participation import breakdown
from qualitymonth.members.services.participation import compute
from qualitymonth.members.services.visits import create_visit
from qualitymonth.members.tests.conftest import (
    a_group,
    applied,
    attended_event,
    filed_report,
    member_unit,
    trained,
)
from qualitymonth.organizations.models import UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_records(association, member_type, secretariat, program, rubric):
    """Seven members in 2026, five with one kind of record each, two with none; a unit that
    is not a member has a record too, and counts nowhere."""
    district = make_unit(kind=UnitKind.DISTRICT, name="徐汇区")
    group = a_group()
    units = {
        name: member_unit(
            association,
            member_type,
            name=name,
            district=district if name in ("事件", "报告") else None,
            group=group if name in ("事件", "申报", "走访") else None,
        )
        for name in ("事件", "报告", "申报", "培训", "走访", "空一", "空二")
    }
    attended_event(units["事件"])
    attended_event(make_unit(name="非会员"))  # not a member: counts nowhere
    filed_report(units["报告"], secretariat)
    applied(units["申报"], program, rubric)
    trained(units["培训"])
    create_visit(
        actor=secretariat,
        kind="visit",
        day=datetime.date(2026, 4, 2),
        title="走访",
        units=[units["走访"]],
    )
    return units


# Which members each part alone counts, by hand: one each; surveys none here.
BY_PART = {
    "events": {"事件"},
    "reports": {"报告"},
    "applications": {"申报"},
    "surveys": set(),
    "training": {"培训"},
    "visits": {"走访"},
}


def rule_with(parts) -> ParticipationRule:
    return ParticipationRule.objects.create(**{part: part in parts for part in PARTS})


def took_part(run) -> set[str]:
    return {e.unit.name for e in run.entries.select_related("unit") if e.took_part}


@pytest.mark.parametrize("part", PARTS)
def test_each_part_alone_counts_exactly_its_own_records(year_of_records, part):
    run = compute(year=2026, rule=rule_with({part}))
    assert took_part(run) == BY_PART[part]
    assert (run.members, run.participants) == (7, len(BY_PART[part]))


@pytest.mark.parametrize("off", PARTS)
def test_switching_one_part_off_drops_only_the_members_it_alone_counted(year_of_records, off):
    run = compute(year=2026, rule=rule_with(set(PARTS) - {off}))
    expected = {"事件", "报告", "申报", "培训", "走访"} - BY_PART[off]
    assert took_part(run) == expected
    assert run.rate == round(100 * len(expected) / 7, 1)


def test_the_rate_by_group_and_the_non_participants_link_to_their_records(
    client, secretariat, year_of_records
):
    run = compute(year=2026, rule=rule_with(set(PARTS)))
    assert run.rate == 71.4  # 5 of 7, by hand
    client.force_login(secretariat)
    page = client.get("/members/participation/?year=2026").content.decode()
    assert "71.4%" in page
    # The machinery group: 事件, 申报 and 走访, all three took part; outside it 2 of 4.
    groups = {row["name"]: (row["members"], row["took_part"]) for row in breakdown(run, "group")}
    assert groups == {"机械大组": (3, 3), "—": (4, 2)}
    nobody = client.get(f"/members/participation/runs/{run.pk}/?took_part=no").content.decode()
    assert "空一" in nobody and "空二" in nobody and "走访" not in nobody.split("<tbody>")[1]
    visited = client.get(f"/members/participation/runs/{run.pk}/?took_part=yes").content.decode()
    assert 'href="/members/visits/' in visited
