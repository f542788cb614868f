"""Importing a year's registrations: all or nothing, bad rows named by number."""

import io

import pytest
from openpyxl import Workbook

from qualitymonth.core.models import ImportJob
from qualitymonth.core.tasks import run_import
from qualitymonth.quality.models import Registration, Team

pytestmark = pytest.mark.django_db

HEADING = [
    "team name",
    "kind of team",
    "industry",
    "workshop",
    "registration number",
    "topic",
    "members",
]


def xlsx(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADING)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "teams.xlsx"
    return data


def upload(client, enterprise, rows):
    client.post(
        "/quality/teams/import/",
        {"enterprise": enterprise.pk, "year": 2026, "file": xlsx(rows)},
    )
    run_import.call(ImportJob.objects.latest("pk").pk)
    return ImportJob.objects.latest("pk")


def test_a_good_file_registers_every_team(client, enterprise_admin, enterprise):
    client.force_login(enterprise_admin)
    job = upload(
        client,
        enterprise,
        [
            ["甲组", "qc_site", "manufacturing", "总装", "A-1", "课题一", "王芳/组长/1;李强"],
            ["乙班组", "team", "", "", "A-2", "课题二", "赵敏/leader"],
        ],
    )
    assert job.status == "done"
    assert sorted(Team.objects.values_list("name", flat=True)) == ["乙班组", "甲组"]


def test_a_file_with_a_bad_row_stores_nothing_and_names_the_row(
    client, enterprise_admin, enterprise
):
    client.force_login(enterprise_admin)
    job = upload(
        client,
        enterprise,
        [
            ["甲组", "qc_site", "", "", "A-1", "课题一", "王芳/组长"],
            ["乙组", "no-such-kind", "", "", "A-1", "课题二", "赵敏/组员"],
        ],
    )
    assert job.status == "failed"
    rows = {error["row"] for error in job.result["errors"]}
    assert rows == {3}
    assert not Registration.objects.exists() and not Team.objects.exists()
