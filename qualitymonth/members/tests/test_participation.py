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
    surveyed,
    trained,
)
from qualitymonth.organizations.models import UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_records(association, member_type, secretariat, program, rubric):
    """Eight members in 2026, six with one kind of record each, two with none; a unit that
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
        for name in ("事件", "报告", "申报", "调查", "培训", "走访", "空一", "空二")
    }
    attended_event(units["事件"])
    attended_event(make_unit(name="非会员"))  # not a member: counts nowhere
    filed_report(units["报告"], secretariat)
    applied(units["申报"], program, rubric)
    surveyed(units["调查"])  # a response at its site in a 2026 round
    surveyed(make_unit(name="非会员二"))  # not a member: counts nowhere
    surveyed(units["空一"], year=2025)  # another year's round: not 2026
    trained(units["培训"])
    create_visit(
        actor=secretariat,
        kind="visit",
        day=datetime.date(2026, 4, 2),
        title="走访",
        units=[units["走访"]],
    )
    return units


# Which members each part alone counts, by hand: one each.
BY_PART = {
    "events": {"事件"},
    "reports": {"报告"},
    "applications": {"申报"},
    "surveys": {"调查"},
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
    assert (run.members, run.participants) == (8, len(BY_PART[part]))


@pytest.mark.parametrize("off", PARTS)
def test_switching_one_part_off_drops_only_the_members_it_alone_counted(year_of_records, off):
    run = compute(year=2026, rule=rule_with(set(PARTS) - {off}))
    expected = {"事件", "报告", "申报", "调查", "培训", "走访"} - BY_PART[off]
    assert took_part(run) == expected
    assert run.rate == round(100 * len(expected) / 8, 1)


def test_the_rate_by_group_and_the_non_participants_link_to_their_records(
    client, secretariat, year_of_records
):
    run = compute(year=2026, rule=rule_with(set(PARTS)))
    assert run.rate == 75.0  # 6 of 8, by hand
    client.force_login(secretariat)
    page = client.get("/members/participation/?year=2026").content.decode()
    assert "75.0%" in page
    # The headline number opens the list of those who took part.
    participants = f'href="/members/participation/runs/{run.pk}/?took_part=yes"'
    assert participants in page.split('class="figure"')[1].split("</p>")[0]
    # The machinery group: 事件, 申报 and 走访, all three took part; outside it 3 of 5.
    groups = {row["name"]: (row["members"], row["took_part"]) for row in breakdown(run, "group")}
    assert groups == {"机械大组": (3, 3), "—": (5, 3)}
    nobody = client.get(f"/members/participation/runs/{run.pk}/?took_part=no").content.decode()
    assert "空一" in nobody and "空二" in nobody and "走访" not in nobody.split("<tbody>")[1]
    visited = client.get(f"/members/participation/runs/{run.pk}/?took_part=yes").content.decode()
    assert 'href="/members/visits/' in visited


def test_the_list_of_participants_links_each_survey_response_to_its_record(
    client, secretariat, year_of_records
):
    run = compute(year=2026, rule=rule_with({"surveys"}))
    client.force_login(secretariat)
    rows = client.get(f"/members/participation/runs/{run.pk}/?took_part=yes").content.decode()
    rows = rows.split("<tbody>")[1]
    assert "调查" in rows and "空一" not in rows
    response = run.entries.get(took_part=True).records["surveys"][0]
    assert response[0] == "文明指数测评 2026"
    assert f'href="{response[1]}"' in rows
    # The link opens that response for the secretariat.
    record = client.get(response[1])
    assert record.status_code == 200
