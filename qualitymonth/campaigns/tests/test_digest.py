import datetime
import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from conftest import make_unit
from qualitymonth.campaigns import selectors, services
from qualitymonth.campaigns.tests.conftest import activity_values
from qualitymonth.organizations.models import UnitKind


@pytest.fixture
def reports(
    secretariat, bureau_admin, huangpu_bureau, enterprise_reporter, enterprise, campaign, category
):
    """Three accepted reports, one awaiting review, one returned."""
    made = []
    for unit, user, values in [
        (huangpu_bureau, bureau_admin, {"title": "国际饭店开放日", "participants": 120}),
        (
            huangpu_bureau,
            bureau_admin,
            {"title": "世博会博物馆开放日", "participants": 80, "kind": "open_day"},
        ),
        (
            enterprise,
            enterprise_reporter,
            {
                "title": "质量直播",
                "participants": 5,
                "online_viewers": 11000,
                "kind": "live_stream",
            },
        ),
        (enterprise, enterprise_reporter, {"title": "待审核", "participants": 999}),
        (
            huangpu_bureau,
            bureau_admin,
            {"title": "被退回", "participants": 777, "online_viewers": 7},
        ),
    ]:
        made.append(
            services.file_activity(
                actor=user, campaign=campaign, unit=unit, **activity_values(category, **values)
            )
        )
    for activity in made[:3]:
        services.accept_activity(actor=secretariat, activity=activity)
    services.return_activity(actor=secretariat, activity=made[4], comment="重复")
    return made


def test_digest_totals_equal_the_sum_of_accepted_reports(campaign, reports):
    digest = selectors.digest_of(campaign)
    accepted = reports[:3]
    assert digest["totals"]["activities"] == 3
    assert digest["totals"]["participants"] == sum(a.participants for a in accepted) == 205
    assert digest["totals"]["online_viewers"] == 11000
    assert sum(row["activities"] for row in digest["by"]["kind"]) == 3
    assert {row["group"]: row["activities"] for row in digest["by"]["group"]} == {
        "district": 2,
        "enterprise": 1,
    }


def test_every_digest_number_links_to_the_reports_it_counts(client, campaign, reports, huangpu):
    page = client.get("/campaigns/2020/digest/").content.decode()
    assert re.search(r'data-testid="total-participants">205<', page)
    link = re.search(r'href="(/campaigns/2020/activities/\?district=\d+)">(\d+)</a>', page)
    assert link is not None
    listed = client.get(link.group(1)).content.decode()
    assert link.group(2) == "2"
    assert "国际饭店开放日" in listed and "世博会博物馆开放日" in listed
    assert "质量直播" not in listed
    kind = client.get("/campaigns/2020/activities/?kind=live_stream").content.decode()
    assert "质量直播" in kind and "国际饭店开放日" not in kind


def test_the_digest_groups_by_district_commission_and_enterprise(client, campaign, reports):
    page = client.get("/campaigns/2020/digest/").content.decode()
    assert page.index("国际饭店开放日") < page.index("质量直播")
    assert "待审核" not in page and "被退回" not in page


def test_the_digest_exports_as_docx_with_its_totals(client, campaign, reports):
    response = client.get("/campaigns/2020/digest.docx")
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "国际饭店开放日" in text and "待审核" not in text
    assert "205" in cells and "11,000" in cells


def test_the_digest_exports_as_pdf_with_an_embedded_chinese_font(client, campaign, reports):
    from qualitymonth.core.pdf import chinese_font_available

    if not chinese_font_available():
        pytest.skip("no Chinese font on this machine (fonts-noto-cjk)")
    response = client.get("/campaigns/2020/digest.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "国际饭店开放日" in text and "待审核" not in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in pdf.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("CJK" in font for font in fonts)


def test_the_map_carries_every_district_with_a_division_code(client, campaign, reports):
    make_unit(kind=UnitKind.DISTRICT, key="xuhui", name="徐汇区", division_code="310104")
    digest = selectors.digest_of(campaign)
    codes = {row["code"]: row["activities"] for row in digest["district_map"]}
    assert codes["310104"] == 0
    geojson = client.get("/campaigns/districts.geojson")
    assert b'"adcode": 310104' in b"".join(geojson.streaming_content).replace(
        b'"adcode":310104', b'"adcode": 310104'
    )


def test_the_calendar_shows_an_activity_as_one_bar_over_its_days(
    client, campaign, reports, secretariat, enterprise, enterprise_reporter, category
):
    long = services.file_activity(
        actor=enterprise_reporter,
        campaign=campaign,
        unit=enterprise,
        **activity_values(
            category,
            title="长三角质量绘画展",
            starts_on=datetime.date(2020, 9, 14),
            ends_on=datetime.date(2020, 9, 16),
        ),
    )
    services.accept_activity(actor=secretariat, activity=long)
    weeks = selectors.month_weeks(campaign, datetime.date(2020, 9, 1))
    bars = [
        (week["days"][segment.start]["day"].day, segment.span)
        for week in weeks
        for lane in week["lanes"]
        for segment in lane
        if segment.activity == long
    ]
    assert bars == [(14, 3)]  # one bar from the 14th over three days


def test_the_digest_docx_is_on_a4_paper(client, campaign, reports):
    response = client.get("/campaigns/2020/digest.docx")
    section = Document(io.BytesIO(response.content)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
