"""Case handling is its own role: case handlers see their unit's cases; a campaign reporter or a
unit administrator of the same bureau does not, and another unit's case handler gets 404."""

import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from conftest import make_person
from qualitymonth.enquiries.tests.desk_helpers import file_case
from qualitymonth.organizations.models import Position, Role

pytestmark = pytest.mark.django_db

NOT_ALLOWED = "无权操作"  # the 403 page's heading
NOT_FOUND = "页面不存在"  # the 404 page's heading
CITIZEN = "王小明"  # who filed the case (desk_helpers' complaint)


@pytest.fixture
def huangpu_case(routing, categories, districts):
    return file_case(categories["glasses"], districts["huangpu"])


@pytest.fixture
def huangpu_reporter(bureaus):
    return make_person("hp-reporter", unit=bureaus["huangpu"], role=Role.REPORTER)


@pytest.fixture
def huangpu_admin(bureaus):
    return make_person("hp-admin", unit=bureaus["huangpu"], role=Role.UNIT_ADMIN)


def page(client, name, *args, **params):
    response = client.get(reverse(f"enquiries:{name}", args=args), params)
    return response.status_code, response.content.decode(errors="replace")


def test_a_campaign_reporter_of_the_bureau_is_refused_the_desk_its_export_and_figures(
    client, huangpu_reporter, huangpu_case
):
    client.force_login(huangpu_reporter)
    for name in ("desk", "desk_export", "figures", "figures_xlsx"):
        status, html = page(client, name)
        assert status == 403, name
        assert NOT_ALLOWED in html and huangpu_case.number not in html, name


def test_a_campaign_reporter_cannot_open_a_case_of_their_bureau(
    client, huangpu_reporter, huangpu_case
):
    client.force_login(huangpu_reporter)
    status, html = page(client, "desk_case", huangpu_case.number)
    assert status == 403  # the desk itself is refused, whatever the number
    assert NOT_ALLOWED in html and CITIZEN not in html
    status, html = page(client, "case", huangpu_case.number)  # the citizen's page of the case
    assert status == 404
    assert NOT_FOUND in html and CITIZEN not in html
    response = client.post(
        reverse("enquiries:desk_note", args=[huangpu_case.number]), {"note-text": "mine"}
    )
    assert response.status_code == 403
    assert list(huangpu_case.events.values_list("kind", flat=True)) == ["filed"]


def test_a_unit_administrator_of_the_bureau_is_refused_the_desk_too(
    client, huangpu_admin, huangpu_case
):
    client.force_login(huangpu_admin)
    status, html = page(client, "desk")
    assert status == 403 and NOT_ALLOWED in html and huangpu_case.number not in html


def test_the_desk_link_is_not_offered_to_a_campaign_reporter(
    client, huangpu_reporter, huangpu_staff, routing
):
    client.force_login(huangpu_reporter)
    assert 'data-testid="nav-record"' not in page(client, "index")[1]
    client.force_login(huangpu_staff)
    assert 'data-testid="nav-record"' in page(client, "index")[1]


def test_a_case_handler_sees_the_desk_the_case_and_the_export(client, huangpu_staff, huangpu_case):
    client.force_login(huangpu_staff)
    status, html = page(client, "desk")
    assert status == 200 and huangpu_case.number in html
    status, html = page(client, "desk_case", huangpu_case.number)
    assert status == 200 and CITIZEN in html  # the handler sees who filed it
    response = client.get(reverse("enquiries:desk_export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert huangpu_case.number in {row[0] for row in sheet.iter_rows(values_only=True)}


def test_a_case_handler_of_another_unit_gets_404_on_the_case(client, xuhui_staff, huangpu_case):
    client.force_login(xuhui_staff)
    status, html = page(client, "desk_case", huangpu_case.number)
    assert status == 404 and NOT_FOUND in html and CITIZEN not in html
    status, html = page(client, "desk")
    assert status == 200 and huangpu_case.number not in html


def test_a_reporter_who_is_also_a_case_handler_sees_the_desk(
    client, huangpu_reporter, huangpu_case
):
    Position.objects.create(user=huangpu_reporter, unit=huangpu_case.unit, role=Role.CASE_HANDLER)
    client.force_login(huangpu_reporter)
    status, html = page(client, "desk_case", huangpu_case.number)
    assert status == 200 and CITIZEN in html


def test_the_role_is_named_case_handler_in_each_language(client, huangpu_staff):
    position = huangpu_staff.positions.get()
    assert position.get_role_display() == "投诉举报处理人员"
    with translation.override("en"):
        assert position.get_role_display() == "case handler"
    with translation.override("zh-hant"):
        assert position.get_role_display() == "投訴舉報處理人員"


def test_the_desk_reads_the_handlers_positions_once_however_many_permissions_it_checks(
    client, huangpu_staff, huangpu_case, settings
):
    client.force_login(huangpu_staff)
    # Core's sign-in check (a second factor for case handlers) asks its own question about
    # roles, as core imports no app; off here, so that the count is acting-for's.
    settings.OTP_REQUIRED = False
    with CaptureQueriesContext(connection) as queries:
        status, html = page(client, "desk")
    assert status == 200 and huangpu_case.number in html
    own_positions = re.compile(r'"organizations_position"."user_id" = (%s|\d+)')
    assert sum(bool(own_positions.search(query["sql"])) for query in queries) == 1
