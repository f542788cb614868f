"""The secretariat sets up a program in stages on a page; nothing is made from a wrong row."""

import pytest

from qualitymonth.awards.models import Program
from qualitymonth.quality.models import Stage, StagedProgram
from qualitymonth.quality.tests.conftest import qc_template

pytestmark = pytest.mark.django_db


def posted(program, rubric, **rows):
    data = {
        "program": program.pk,
        "title": "2027年QC成果分级评审",
        "year": "2027",
        "closes_at": "2027-05-31",
        "share_scores": "on",
        "stage-TOTAL_FORMS": "4",
        "stage-INITIAL_FORMS": "0",
        "stage-MIN_NUM_FORMS": "0",
        "stage-MAX_NUM_FORMS": "6",
    }
    for n in range(4):
        data[f"stage-{n}-level"] = "enterprise"
    data.update(
        {
            "stage-0-name": "企业初选",
            "stage-0-quota": "5",
            "stage-0-rubric": rubric.pk,
            "stage-1-name": "浦东新区复审",
            "stage-1-level": "district",
            "stage-1-quota": "2",
            "stage-1-rubric": rubric.pk,
            "stage-1-needs_notice": "on",
        }
    )
    data.update(rows)
    return data


def test_the_secretariat_sets_up_a_program_in_stages(client, secretariat):
    program = Program.objects.create(key="qc", code="QC", name="QC小组成果")
    rubric = qc_template()
    client.force_login(secretariat)
    assert 'data-testid="program-new"' in client.get("/quality/programs/").content.decode()
    assert client.get("/quality/programs/new/").status_code == 200
    response = client.post("/quality/programs/new/", posted(program, rubric))
    staged = StagedProgram.objects.get()
    assert response.status_code == 302 and response.url == staged.get_absolute_url()
    assert staged.share_scores and staged.year == 2027
    stages = list(staged.stages.order_by("position"))
    assert [(s.name, s.level, s.quota, s.needs_notice) for s in stages] == [
        ("企业初选", "enterprise", 5, False),
        ("浦东新区复审", "district", 2, True),
    ]
    # each stage scores with its own copy of the table
    assert len({s.round.rubric_id for s in stages} | {rubric.pk}) == 3
    assert "浦东新区复审" in client.get(staged.get_absolute_url()).content.decode()


def test_a_stage_with_a_quota_and_no_scoring_table_makes_nothing(client, secretariat):
    program = Program.objects.create(key="qc", code="QC", name="QC小组成果")
    client.force_login(secretariat)
    response = client.post(
        "/quality/programs/new/", posted(program, qc_template(), **{"stage-1-rubric": ""})
    )
    assert response.status_code == 400
    assert not StagedProgram.objects.exists() and not Stage.objects.exists()


def test_only_the_secretariat_sets_up_programs(client, enterprise_admin):
    client.force_login(enterprise_admin)
    assert client.get("/quality/programs/new/").status_code == 403
    assert 'data-testid="program-new"' not in client.get("/quality/programs/").content.decode()
