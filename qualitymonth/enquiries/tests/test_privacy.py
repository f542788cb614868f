"""Who filed stays private: masked in lists and downloads, in full only on the handling unit's
(and the secretariat's) case page; files only through a permission-checked view."""

import io

import openpyxl
import pytest
from django.urls import reverse

from qualitymonth.enquiries.tests.desk_helpers import due_in, file_case, png

pytestmark = pytest.mark.django_db

ID_NUMBER = "310101199001011234"


@pytest.fixture
def case(routing, categories, districts):
    return file_case(
        categories["glasses"],
        districts["huangpu"],
        id_type="resident_card",
        id_number=ID_NUMBER,
    )


def export_rows(client, **params) -> list[list]:
    client.cookies["qm_language"] = "en"
    response = client.get(reverse("enquiries:desk_export"), params)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_list_masks_the_name_and_phone_even_for_the_handling_unit(client, huangpu_staff, case):
    client.force_login(huangpu_staff)
    html = client.get(reverse("enquiries:desk")).content.decode()
    assert 'data-testid="citizen-phone">138****5678<' in html
    assert 'data-testid="citizen-name">王**<' in html
    assert "13812345678" not in html and "王小明" not in html


def test_the_handling_units_case_page_shows_the_full_number_and_id(client, huangpu_staff, case):
    client.force_login(huangpu_staff)
    html = client.get(reverse("enquiries:desk_case", args=[case.number])).content.decode()
    assert '<dd data-testid="citizen-phone">13812345678</dd>' in html
    assert f'<dd data-testid="citizen-id">{ID_NUMBER}</dd>' in html
    assert "wang@example.org" in html and "上海市黄浦区人民路1号" in html


def test_the_export_has_the_lists_columns_with_phone_and_id_masked(client, huangpu_staff, case):
    due = due_in(case, -1)
    client.force_login(huangpu_staff)
    header, *rows = export_rows(client)
    assert header == [
        "Tracking number",
        "Track",
        "Status",
        "Reason",
        "Category",
        "District",
        "Handling unit",
        "Received",
        "Due",
        "Past the time limit",
        "Closed",
        "Citizen",
        "Phone",
        "ID number",
        "Business",
        "Sector",
        "Product or service",
        "New information after closing",
        "Rating",
    ]
    (row,) = rows
    values = dict(zip(header, row, strict=True))
    assert values["Tracking number"] == case.number
    assert values["Phone"] == "138****5678"
    assert values["ID number"] == "310101********1234"
    assert values["Citizen"] == "王**"
    assert values["Due"].date() == due and values["Past the time limit"] == "yes"
    assert values["Business"] == "某某眼镜店"
    flat = " ".join(str(value) for value in row)
    assert "13812345678" not in flat and ID_NUMBER not in flat and "wang@example.org" not in flat


def test_the_secretariats_export_is_masked_too_and_follows_the_filters(
    client, secretariat, case, categories, districts
):
    other = file_case(categories["glasses"], districts["xuhui"], phone="13900001111")
    client.force_login(secretariat)
    rows = export_rows(client)[1:]
    assert {row[0] for row in rows} == {case.number, other.number}
    assert {row[12] for row in rows} == {"138****5678", "139****1111"}
    only = export_rows(client, district=districts["xuhui"].pk)[1:]
    assert [row[0] for row in only] == [other.number]


def test_another_unit_cannot_export_the_case(client, xuhui_staff, case):
    client.force_login(xuhui_staff)
    assert export_rows(client)[1:] == []


def test_files_open_through_the_desk_not_from_a_public_media_url(
    client,
    huangpu_staff,
    xuhui_staff,
    routing,
    categories,
    districts,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):  # files are written on commit
        case = file_case(categories["glasses"], districts["huangpu"], files=[png()])
    file = case.submission.attachments.get()
    url = reverse("enquiries:desk_attachment", args=[case.number, file.pk])
    client.force_login(huangpu_staff)
    html = client.get(reverse("enquiries:desk_case", args=[case.number])).content.decode()
    assert url in html and settings.MEDIA_URL + "enquiries/" not in html
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    client.force_login(xuhui_staff)
    assert client.get(url).status_code == 404
    # A file of another submission is not reached through this case's number.
    other = file_case(categories["glasses"], districts["huangpu"], files=[png("b.png")])
    client.force_login(huangpu_staff)
    stray = reverse(
        "enquiries:desk_attachment",
        args=[case.number, other.submission.attachments.get().pk],
    )
    assert client.get(stray).status_code == 404
