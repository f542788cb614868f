"""Standardisation pilot projects: recorded by the secretariat with milestones; accepted only
once every milestone is reached; listed publicly."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qualitymonth.standards import pilots
from qualitymonth.standards.models import PilotProject
from tests.queries import assert_flat

START, END = datetime.date(2025, 1, 1), datetime.date(2026, 12, 31)


def _pilot(enterprise, title="上汽通用标准化试点"):
    return pilots.add_pilot(
        actor=None, title=title, unit=enterprise, level="city", starts_on=START, ends_on=END
    )


def test_the_secretariat_records_a_pilot_project(client, secretariat, enterprise, association):
    client.force_login(secretariat)
    response = client.post(
        reverse("standards:pilot_new"),
        {
            "title": "智能制造标准化试点",
            "unit": association.pk,
            "level": "national",
            "starts_on": "2025-01-01",
            "ends_on": "2026-12-31",
        },
        follow=True,
    )
    project = PilotProject.objects.get()
    assert (project.unit, project.level) == (association, "national")
    assert "智能制造标准化试点" in response.content.decode()


def test_a_project_ending_before_it_starts_is_refused(client, secretariat, association):
    client.force_login(secretariat)
    response = client.post(
        reverse("standards:pilot_new"),
        {
            "title": "试点",
            "unit": association.pk,
            "level": "city",
            "starts_on": "2026-01-01",
            "ends_on": "2025-01-01",
        },
    )
    assert response.status_code == 400
    assert "ends before it starts" in response.content.decode()
    assert not PilotProject.objects.exists()


def test_acceptance_waits_for_every_milestone(enterprise):
    project = _pilot(enterprise)
    milestone = pilots.add_milestone(
        actor=None, project=project, title="中期评估", due_on=datetime.date(2025, 12, 1)
    )
    with pytest.raises(ValidationError, match="1 milestones are not reached yet"):
        pilots.accept(actor=None, project=project, accepted_on=END, note="通过验收")
    pilots.milestone_done(actor=None, milestone=milestone, done_on=datetime.date(2025, 11, 20))
    pilots.accept(actor=None, project=project, accepted_on=END, note="通过验收")
    project.refresh_from_db()
    assert project.accepted_on == END


def test_the_public_reads_the_projects_milestones_and_acceptance(client, secretariat, enterprise):
    project = _pilot(enterprise)
    client.force_login(secretariat)
    url = reverse("standards:pilot", args=[project.pk])
    client.post(url, {"action": "milestone", "title": "编制标准体系", "due_on": "2025-06-30"})
    milestone = project.milestones.get()
    client.post(url, {"action": "done", "milestone": milestone.pk, "done_on": "2025-06-20"})
    client.post(url, {"action": "accept", "accepted_on": "2026-12-20", "note": "专家组验收通过"})
    client.logout()
    page = client.get(url).content.decode()
    assert "编制标准体系" in page and "专家组验收通过" in page


def test_only_the_secretariat_records_on_a_project(client, enterprise, enterprise_admin):
    project = _pilot(enterprise)
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("standards:pilot", args=[project.pk]),
        {"action": "accept", "accepted_on": "2026-12-20", "note": "自行验收"},
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.accepted_on is None


def test_the_pilot_list_asks_the_same_queries_for_one_and_many(client, enterprise):
    project = _pilot(enterprise, title="第一个试点")
    pilots.add_milestone(actor=None, project=project, title="启动", due_on=START)

    def add_rows():
        for n in range(4):
            more = _pilot(enterprise, title=f"试点{n}")
            pilots.add_milestone(actor=None, project=more, title="启动", due_on=START)

    assert_flat(client, reverse("standards:pilots"), add_rows)
