"""A member unit's page lists the records of every app the viewer may see, and no others."""

import datetime

import pytest

from qualitymonth.members.services.terms import add_term, issue_invoice
from qualitymonth.members.services.visits import create_visit
from qualitymonth.members.tests.conftest import (
    applied,
    attended_event,
    complaint_about,
    filed_report,
    surveyed,
    trained,
)
from tests.answers import assert_not_found

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(
    membership, member_type, secretariat, enterprise, huangpu, huangpu_bureau, program, rubric
):
    term = add_term(
        actor=secretariat,
        membership=membership,
        type=member_type,
        starts_on=datetime.date(2026, 1, 1),
    )
    issue_invoice(
        actor=secretariat,
        term=term,
        year=2026,
        number="HY2026-007",
        issued_on=datetime.date(2026, 1, 5),
        due_on=datetime.date(2026, 3, 31),
    )
    attended_event(enterprise, title="第八期质量大讲堂")
    filed_report(enterprise, secretariat, title="企业质量开放日")
    applied(enterprise, program, rubric, title="焊装车间精益改善")
    trained(enterprise, title="首席质量官培训班")
    surveyed(enterprise, evaluation="质量满意度测评")
    create_visit(
        actor=secretariat,
        kind="visit",
        day=datetime.date(2026, 4, 2),
        title="走访上汽通用",
        units=[enterprise],
    )
    complaint_about(enterprise, huangpu_bureau, huangpu, number="TS2026000123")
    return enterprise


RECORDS = [
    "HY2026-007",
    "第八期质量大讲堂",
    "企业质量开放日",
    "焊装车间精益改善",
    "首席质量官培训班",
    "质量满意度测评 2026",
    "走访上汽通用",
]


def test_the_secretariat_sees_every_record_including_cases_about_the_unit(
    client, secretariat, story
):
    client.force_login(secretariat)
    page = client.get(f"/members/units/{story.pk}/").content.decode()
    for text in [*RECORDS, "TS2026000123"]:
        assert text in page, text
    # The survey response links to its record, which the secretariat may open.
    assert 'href="/surveys/manage/rounds/' in page


def test_the_units_own_staff_see_its_records_but_never_complaints_about_it(
    client, enterprise_admin, story
):
    client.force_login(enterprise_admin)
    page = client.get(f"/members/units/{story.pk}/").content.decode()
    for text in RECORDS:
        assert text in page, text
    assert "TS2026000123" not in page
    assert "/surveys/manage/" not in page  # the survey's record is the managers' page


def test_another_units_staff_are_answered_as_if_the_page_did_not_exist(client, bureau_admin, story):
    client.force_login(bureau_admin)
    assert_not_found(client.get(f"/members/units/{story.pk}/"), *RECORDS)


def test_the_timeline_filters_by_kind_and_year_and_counts_each_year(client, secretariat, story):
    client.force_login(secretariat)
    page = client.get(f"/members/units/{story.pk}/?kind=visit&year=2026").content.decode()
    timeline = page.split('class="timeline"')[1]
    assert "走访上汽通用" in timeline and "第八期质量大讲堂" not in timeline
    assert 'href="?year=2026&amp;kind=visit">1</a>' in page


def test_the_timeline_downloads_as_a_spreadsheet(client, secretariat, story):
    import io

    import openpyxl

    client.force_login(secretariat)
    response = client.get(f"/members/units/{story.pk}/timeline.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    titles = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {"第八期质量大讲堂", "走访上汽通用", "TS2026000123"} <= titles


@pytest.fixture
def published_complaint(story, huangpu_bureau, huangpu):
    """A complaint about the unit whose filer agreed to publish it (Open311 shows it)."""
    return complaint_about(story, huangpu_bureau, huangpu, number="TS2026000124", published=True)


def test_the_units_own_staff_see_a_published_complaint_linked_to_its_public_form(
    client, enterprise_admin, story, published_complaint
):
    client.force_login(enterprise_admin)
    page = client.get(f"/members/units/{story.pk}/").content.decode()
    timeline = page.split('class="timeline"')[1]
    assert "TS2026000124" in timeline
    link = "/open311/v2/requests/TS2026000124.json"
    assert f'href="{link}"' in timeline
    assert "TS2026000123" not in page  # the unpublished one stays hidden
    assert "/desk/" not in timeline  # never the handlers' desk
    public = client.get(link)
    assert public.status_code == 200 and "TS2026000124" in public.content.decode()


def test_a_published_complaint_whose_data_was_erased_leaves_the_units_timeline(
    client, enterprise_admin, story, published_complaint
):
    from django.utils import timezone

    submission = published_complaint.submission
    submission.erased_at = timezone.now()
    submission.save(update_fields=["erased_at"])
    client.force_login(enterprise_admin)
    page = client.get(f"/members/units/{story.pk}/").content.decode()
    assert "TS2026000124" not in page and "TS2026000123" not in page


def test_the_secretariat_sees_the_published_complaint_once_linked_to_the_desk(
    client, secretariat, story, published_complaint
):
    client.force_login(secretariat)
    page = client.get(f"/members/units/{story.pk}/?kind=case").content.decode()
    timeline = page.split('class="timeline"')[1]
    assert timeline.count(">TS2026000124</a>") == 1 and "TS2026000123" in timeline
    assert "/open311/" not in timeline
