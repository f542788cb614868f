"""The report composer: documents from templates, sections, DOCX and PDF exports."""

import io
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from pypdf import PdfReader

from qualitymonth.figures.models import Report, Section
from qualitymonth.figures.selectors_reports import chinese_number
from qualitymonth.figures.services import recompute_year
from qualitymonth.figures.services_reports import add_section, create_report
from qualitymonth.figures.tests.conftest import held_event


def council_report(actor) -> Report:
    for year, events in {2024: 1, 2025: 2}.items():
        for _n in range(events):
            held_event(year)
        recompute_year(year)
    return create_report(actor=actor, title="第六届理事会工作报告", kind="council", year=2025)


def test_numbers_are_written_in_wan_and_yi_when_chosen():
    assert chinese_number(Decimal("12345"), True) == "1.23万"
    assert chinese_number(Decimal("350000000"), True) == "3.5亿"
    assert chinese_number(Decimal("12345"), False) == "12345"
    assert chinese_number(Decimal("9999"), True) == "9999"
    assert chinese_number(None, True) == "—"


def test_a_council_report_starts_with_the_templates_sections_and_previews_the_figures(
    client, secretary
):
    report = council_report(secretary)
    headings = list(report.sections.values_list("heading", flat=True))
    assert headings[0] == "前言" and headings[-1] == "下一步工作"
    page = client.get(reverse("figures:report", args=[report.pk])).content.decode()
    assert '<th scope="row">举办活动</th><td>2 活动</td>' in page
    assert "导出DOCX" in page


def test_the_docx_is_a4_with_fangsong_body_heiti_headings_page_numbers_and_contents(
    client, secretary
):
    report = council_report(secretary)
    response = client.get(reverse("figures:report_docx", args=[report.pk]))
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    east_asian = lambda style: style.element.rPr.rFonts.get(qn("w:eastAsia"))  # noqa: E731
    assert east_asian(document.styles["Normal"]) == "仿宋"
    assert east_asian(document.styles["Heading 1"]) == "黑体"
    assert "PAGE" in section.footer.paragraphs[0]._p.xml
    assert "TOC" in document.element.body.xml
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "工作成效数据" in headings
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "举办活动" in cells and "2" in cells
    assert document.inline_shapes  # the chart, drawn on the server


def test_the_pdf_is_a4_with_the_text_and_the_chart_image(client, secretary):
    report = council_report(secretary)
    response = client.get(reverse("figures:report_pdf", args=[report.pk]))
    pdf = PdfReader(io.BytesIO(response.content))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "第六届理事会工作报告" in text
    assert sum(len(page.images) for page in pdf.pages) >= 1


def test_a_section_on_a_figure_no_longer_declared_is_named_and_stops_the_export(client, secretary):
    report = council_report(secretary)
    Section.objects.create(
        report=report, position=99, kind="figures", heading="已撤销的数据", figures=["gone.count"]
    )
    page = client.get(reverse("figures:report", args=[report.pk])).content.decode()
    message = "“已撤销的数据”一节引用的数据“gone.count”已不存在"
    assert message in page
    response = client.get(reverse("figures:report_docx", args=[report.pk]), follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_a_section_without_a_heading_is_refused_and_nothing_is_saved(client, secretary):
    report = create_report(actor=secretary, title="空白", kind="free", year=2025)
    url = reverse("figures:report", args=[report.pk])
    response = client.post(url, {"kind": "figures", "heading": " ", "figures": ["events.held"]})
    assert "此项为必填项。" in response.content.decode()
    response = client.post(url, {"kind": "chart", "heading": "趋势", "figures": []})
    assert "请至少选择一项数据" in response.content.decode()
    assert not report.sections.exists()


def test_sections_are_added_at_the_end_and_move(client, secretary):
    report = create_report(actor=secretary, title="空白", kind="free", year=2025)
    first = add_section(actor=secretary, report=report, kind="text", heading="一", text="甲")
    add_section(actor=secretary, report=report, kind="text", heading="二", text="乙")
    client.post(reverse("figures:section_move", args=[first.pk, "down"]))
    assert list(report.sections.values_list("heading", flat=True)) == ["二", "一"]
    client.post(reverse("figures:section_remove", args=[first.pk]))
    assert list(report.sections.values_list("heading", flat=True)) == ["二"]


def test_the_list_of_reports_takes_the_same_queries_for_1_and_n(client, secretary):
    create_report(actor=secretary, title="报告1", kind="free", year=2025)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("figures:reports"))
    for n in range(2, 7):
        create_report(actor=secretary, title=f"报告{n}", kind="free", year=2025)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("figures:reports")).content.decode()
    assert "报告6" in page
    assert len(many.captured_queries) == len(one.captured_queries)
