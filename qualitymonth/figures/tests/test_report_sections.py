"""The report composer's sections read from the modules: the campaign digest, the index
chapters, the citizen-service figures and the award lists, each showing the right records in
the preview and in the DOCX (read back with python-docx), and saying so when what it refers
to is gone or the year holds nothing."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from conftest import make_unit
from qualitymonth.awards.models import Application, ApplicationStatus, Grade, Program
from qualitymonth.awards.models import Round as AwardRound
from qualitymonth.campaigns import services as campaign_services
from qualitymonth.campaigns.models import ActivityReport, ReportState
from qualitymonth.enquiries.models import Case, Category, Submission
from qualitymonth.figures.services import recompute_year
from qualitymonth.figures.services_reports import add_section, create_report
from qualitymonth.organizations.models import UnitKind
from qualitymonth.surveys.models import RunLevel
from qualitymonth.surveys.services.indices import compute_index, publish_run

# The surveys' small evaluation, whose numbers its own tests check by hand.
from qualitymonth.surveys.tests.conftest import (  # noqa: F401
    answered,
    districts,
    evaluation,
    inspector,
    sites,
    survey_round,
    system,
)

YEAR = 2026  # the surveys' fixture round's year


def preview(client, report) -> str:
    return client.get(reverse("figures:report", args=[report.pk])).content.decode()


def docx_of(client, report) -> Document:
    response = client.get(reverse("figures:report_docx", args=[report.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return Document(io.BytesIO(response.content))


def table_rows(document) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


@pytest.fixture
def campaign(secretary, huangpu, huangpu_bureau):
    """Accepted: two in Huangpu, one without a district; one still submitted."""
    campaign = campaign_services.create_campaign(actor=secretary, year=YEAR, theme="质量强国")
    for district, state in (
        (huangpu, ReportState.ACCEPTED),
        (huangpu, ReportState.ACCEPTED),
        (None, ReportState.ACCEPTED),
        (huangpu, ReportState.SUBMITTED),
    ):
        ActivityReport.objects.create(
            campaign=campaign,
            unit=huangpu_bureau,
            group="district",
            district=district,
            title="质量开放日",
            starts_on=datetime.date(YEAR, 9, 10),
            ends_on=datetime.date(YEAR, 9, 10),
            category=campaign.categories.first(),
            kind="open_day",
            state=state,
            participants=40,
        )
    return campaign


def test_the_campaign_summary_carries_the_years_campaign_digest(client, secretary, campaign):
    report = create_report(actor=secretary, title="2026年质量月总结", kind="campaign", year=YEAR)
    page = preview(client, report)
    assert "<h2>活动综述</h2>" in page
    assert "质量强国，2026-" in page
    assert "共上报并采纳活动3项，来自1家单位，参与120人次" in page  # the submitted one not
    assert "<td>黄浦区</td><td>2</td><td>80</td>" in page
    assert "<td>未标明区</td><td>1</td><td>40</td>" in page
    document = docx_of(client, report)
    assert any(text.startswith("共上报并采纳活动3项") for text in texts(document))
    assert ["黄浦区", "2", "80"] in table_rows(document)


def test_the_white_paper_carries_a_chapter_per_published_index_run(
    client,
    secretary,
    answered,  # noqa: F811
):
    run = publish_run(run=compute_index(round_=answered, actor=secretary), actor=secretary)
    city = run.results.get(level=RunLevel.CITY)
    ranked = list(run.results.filter(level=RunLevel.DISTRICT).order_by("rank", "key"))
    report = create_report(actor=secretary, title="2026年质量白皮书", kind="white_paper", year=YEAR)
    page = preview(client, report)
    assert f"全市得分{city.score:.2f}（满分100），共测评{city.units}个单位" in page
    assert "文明指数测评 2026：各区排名" in page
    document = docx_of(client, report)
    rows = table_rows(document)
    for result in ranked:
        assert [str(result.rank), result.name, f"{result.score:.2f}", "—"] in rows
    assert [r.name for r in ranked] == ["甲区", "乙区"] or [r.name for r in ranked] == [
        "乙区",
        "甲区",
    ]


def test_an_unpublished_run_gives_no_chapter_and_says_so(
    client,
    secretary,
    answered,  # noqa: F811
):
    compute_index(round_=answered, actor=secretary)  # computed, not published
    report = create_report(actor=secretary, title="白皮书", kind="white_paper", year=YEAR)
    assert "2026年尚未发布指数结果。" in preview(client, report)


def a_case(bureau, district, number: str) -> Case:
    category, _new = Category.objects.get_or_create(
        code="quality", defaults={"name": "产品质量", "kinds": ["complaint"]}
    )
    moment = timezone.make_aware(datetime.datetime(YEAR, 6, 1, 10))
    submission = Submission.objects.create(
        created_at=moment,
        channel="web",
        category=category,
        district=district,
        facts="买到的产品有质量问题。",
        name="市民甲",
        phone="+8613900002222",
    )
    return Case.objects.create(
        submission=submission,
        kind="complaint",
        number=number,
        status="received",
        unit=bureau,
        category=category,
        district=district,
        received_at=moment,
        updated_at=moment,
    )


def test_citizen_service_figures_show_the_years_cases_and_each_district(
    client, secretary, huangpu, huangpu_bureau
):
    baoshan = make_unit(kind=UnitKind.DISTRICT, key="baoshan", name="宝山区")
    for n, district in enumerate((huangpu, huangpu, baoshan, None)):
        a_case(huangpu_bureau, district, f"TS{YEAR}00000{n}")
    recompute_year(YEAR)
    report = create_report(actor=secretary, title="白皮书", kind="white_paper", year=YEAR)
    page = preview(client, report)
    assert "<td>受理诉求</td><td>4</td>" in page or "<td>4</td>" in page
    assert "<td>黄浦区</td><td>2</td>" in page and "<td>宝山区</td><td>1</td>" in page
    rows = table_rows(docx_of(client, report))
    assert ["黄浦区", "2"] in rows and ["宝山区", "1"] in rows
    assert any(row[1:2] == ["4"] for row in rows)  # the city's, with the case nowhere


@pytest.fixture
def award_round(secretary):
    program = Program.objects.create(key="qc", code="QC", name="QC小组成果")
    round_ = AwardRound.objects.create(
        program=program,
        year=YEAR,
        title="2026年QC小组成果",
        closes_at=timezone.now(),
        published_at=timezone.now(),
    )
    first = Grade.objects.create(round=round_, position=1, name="一等奖")
    second = Grade.objects.create(round=round_, position=2, name="二等奖")
    for holder, grade, status in (
        ("宝钢股份QC小组", second, ApplicationStatus.AWARDED),
        ("上海电气QC小组", first, ApplicationStatus.AWARDED),
        ("上汽通用QC小组", second, ApplicationStatus.NOT_AWARDED),
    ):
        unit = make_unit(name=holder)
        Application.objects.create(
            round=round_,
            applicant_unit=unit,
            created_by=secretary,
            holder_name=holder,
            title=f"降低{holder}焊接缺陷率",
            status=status,
            grade=grade,
        )
    return round_


def test_an_award_list_shows_the_rounds_winners_by_grade(client, secretary, award_round):
    report = create_report(actor=secretary, title="白皮书", kind="white_paper", year=YEAR)
    page = preview(client, report)
    assert "<caption>2026年QC小组成果</caption>" in page
    assert page.index("上海电气QC小组") < page.index("宝钢股份QC小组")  # first grade first
    assert "上汽通用QC小组" not in page  # not selected
    rows = table_rows(docx_of(client, report))
    assert ["一等奖", "上海电气QC小组", "降低上海电气QC小组焊接缺陷率"] in rows
    assert ["二等奖", "宝钢股份QC小组", "降低宝钢股份QC小组焊接缺陷率"] in rows
    assert not any("上汽通用QC小组" in cell for row in rows for cell in row)


def test_the_pdf_carries_the_modules_sections(client, secretary, award_round):
    report = create_report(actor=secretary, title="白皮书", kind="white_paper", year=YEAR)
    response = client.get(reverse("figures:report_pdf", args=[report.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "上海电气QC小组" in text


def test_a_section_on_a_deleted_round_is_named_and_stops_the_export(client, secretary, award_round):
    report = create_report(actor=secretary, title="自由文档", kind="free", year=YEAR)
    add_section(
        actor=secretary,
        report=report,
        kind="awards",
        heading="获奖名单",
        source=f"awards:{award_round.pk}",
    )
    assert "上海电气QC小组" in preview(client, report)
    Application.objects.filter(round=award_round).delete()
    award_round.delete()
    page = preview(client, report)
    assert "“获奖名单”一节引用的评选轮次“2026年QC小组成果”已不存在" in page
    response = client.get(reverse("figures:report_docx", args=[report.pk]), follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "已不存在" in response.content.decode()


def test_a_section_from_the_page_names_one_campaign(client, secretary, campaign):
    report = create_report(actor=secretary, title="自由文档", kind="free", year=YEAR + 1)
    response = client.post(
        reverse("figures:report", args=[report.pk]),
        {"kind": "campaign", "heading": "上年质量月", "source": f"campaign:{campaign.pk}"},
        follow=True,
    )
    page = response.content.decode()
    assert "<h2>上年质量月</h2>" in page
    assert "共上报并采纳活动3项" in page  # the chosen year's, not the report's


def test_a_source_of_another_kind_is_refused_and_nothing_is_saved(secretary, campaign):
    report = create_report(actor=secretary, title="自由文档", kind="free", year=YEAR)
    with pytest.raises(ValidationError) as error:
        add_section(
            actor=secretary,
            report=report,
            kind="index",
            heading="指数",
            source=f"campaign:{campaign.pk}",
        )
    assert "请选择与本节内容类型相符的记录" in str(error.value)
    assert not report.sections.exists()


def test_a_year_with_no_records_says_so_and_still_exports(client, secretary):
    report = create_report(actor=secretary, title="第七届理事会工作报告", kind="council", year=2031)
    page = preview(client, report)
    assert "尚无2031年质量月活动的记录。" in page
    assert "2031年尚未发布获奖名单。" in page
    assert "2031年的数据尚未计算。" in page
    document = docx_of(client, report)
    assert "尚无2031年质量月活动的记录。" in texts(document)
