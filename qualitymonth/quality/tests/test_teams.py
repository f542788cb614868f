"""The team registry: registering, members on two teams, history across years, counts."""

import pytest

from qualitymonth.core.models import AuditEntry
from qualitymonth.quality import selectors
from qualitymonth.quality.models import Registration, Team, TeamMember
from qualitymonth.quality.tests.conftest import register
from tests.answers import assert_not_found

pytestmark = pytest.mark.django_db


def test_an_enterprise_registers_a_qc_group_and_sees_it_with_its_members(
    client, enterprise_admin, enterprise
):
    client.force_login(enterprise_admin)
    response = client.post(
        "/quality/teams/register/",
        {
            "enterprise": enterprise.pk,
            "name": "总装车间QC小组",
            "kind": "qc_site",
            "industry": "manufacturing",
            "workshop": "总装车间",
            "year": 2026,
            "number": "QC-2026-001",
            "topic": "降低车门间隙不合格率",
            "members": "王芳 / 组长 / 1024\n李强 / member",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "总装车间QC小组" in page and "降低车门间隙不合格率" in page and "王芳" in page
    assert AuditEntry.objects.filter(action="quality_team.register").count() == 1


def test_a_member_on_two_teams_of_one_enterprise_in_a_year_is_allowed_and_shown(
    client, enterprise_admin, enterprise
):
    register(enterprise, "甲组", 2026, "A-1", [("王芳", "leader", "1024"), ("李强",)])
    register(enterprise, "乙组", 2026, "B-1", [("赵敏", "leader"), ("王芳", "member", "1024")])
    client.force_login(enterprise_admin)
    team = Team.objects.get(name="乙组")
    page = client.get(f"/quality/teams/{team.pk}/").content.decode()
    assert page.count('data-testid="shared-member"') == 1


def test_registering_without_a_leader_names_the_problem_and_saves_nothing(
    client, enterprise_admin, enterprise
):
    client.force_login(enterprise_admin)
    response = client.post(
        "/quality/teams/register/",
        {
            "enterprise": enterprise.pk,
            "name": "甲组",
            "kind": "qc_site",
            "industry": "manufacturing",
            "year": 2026,
            "number": "A-1",
            "topic": "课题",
            "members": "王芳 / member",
        },
    )
    assert "Name the team" in response.content.decode() or "组长" in response.content.decode()
    assert not Team.objects.exists() and not TeamMember.objects.exists()


def test_a_team_keeps_its_topics_across_years(enterprise):
    register(enterprise, "甲组", 2024, "A-24", [("王芳", "leader")])
    register(enterprise, "甲组", 2025, "A-25", [("王芳", "leader")])
    register(enterprise, "甲组", 2026, "A-26", [("李强", "leader")])
    team = Team.objects.get()
    assert [r.year for r in selectors.team_history(team)] == [2026, 2025, 2024]


def test_another_enterprises_team_answers_404(client, enterprise_admin, other_enterprise):
    register(other_enterprise, "饭店服务QC小组", 2026, "H-1", [("陈静", "leader")])
    client.force_login(enterprise_admin)
    team = Team.objects.get()
    assert_not_found(client.get(f"/quality/teams/{team.pk}/"), "饭店服务QC小组")


def test_team_and_staff_counts_equal_hand_counts(enterprise, other_enterprise, huangpu):
    # Enterprise A: 3 teams, people 王芳(on 2 teams), 李强, 赵敏, 孙丽 → 4 people.
    register(enterprise, "甲组", 2026, "A-1", [("王芳", "leader", "1"), ("李强",)])
    register(enterprise, "乙组", 2026, "A-2", [("赵敏", "leader"), ("王芳", "member", "1")])
    register(enterprise, "丙班组", 2026, "A-3", [("孙丽", "leader")], kind="team")
    # Enterprise B (Huangpu, services): 1 team of 2; a 2025 team is not counted in 2026.
    register(
        other_enterprise,
        "服务组",
        2026,
        "H-1",
        [("陈静", "leader"), ("周杰",)],
        industry="services",
    )
    register(other_enterprise, "旧组", 2025, "H-0", [("吴刚", "leader")], industry="services")
    counts = selectors.team_counts(2026)
    assert (counts["teams"], counts["staff"]) == (4, 6)
    by_unit = {row["unit"].pk: (row["teams"], row["staff"]) for row in counts["by_enterprise"]}
    assert by_unit == {enterprise.pk: (3, 4), other_enterprise.pk: (1, 2)}
    by_district = {
        row["district"] and row["district"].pk: row["staff"] for row in counts["by_district"]
    }
    assert by_district == {None: 4, huangpu.pk: 2}
    by_industry = {
        row["industry"].value: (row["teams"], row["staff"]) for row in counts["by_industry"]
    }
    assert by_industry == {"manufacturing": (3, 4), "services": (1, 2)}
    assert selectors.figure_teams(2026) == 4 and selectors.figure_participating_staff(2026) == 6
    assert Registration.objects.count() == 5
