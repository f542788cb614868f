"""The published text as PDF and the export for the national platform."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from qualitymonth.core.pdf import chinese_font_available
from qualitymonth.standards import documents, selectors, services
from qualitymonth.standards.tests.conftest import close_comments, in_comment, reviewed
from tests.answers import assert_not_found


def _published(secretariat, enterprise, drafting_unit, **kwargs):
    standard = reviewed(secretariat, enterprise, drafting_units=[drafting_unit], **kwargs)
    type(standard).objects.filter(pk=standard.pk).update(drafters="张三，李四")
    standard.refresh_from_db()
    return services.publish(
        actor=secretariat,
        standard=standard,
        approved_on=datetime.date(2026, 6, 18),
        implemented_on=datetime.date(2026, 7, 1),
    )


def test_the_pdf_has_cover_foreword_with_drafters_and_clauses(
    client, secretariat, enterprise, drafting_unit, association
):
    if not chinese_font_available():
        pytest.skip("no Chinese font on this machine")
    standard = _published(secretariat, enterprise, drafting_unit)
    response = client.get(reverse("standards:pdf", args=[standard.pk]))
    assert response["Content-Type"] == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    cover, foreword, text = pages[0], pages[1], "".join(pages[2:])
    for line in ("T/SAQ 001—2026", "生物医药智能制造生产现场管理实施指南", "2026-06-18"):
        assert line in cover
    assert "上海市质量协会" in cover
    assert "上海生物医药测试企业" in foreword and "张三，李四" in foreword
    assert "3.1" in text and "从事产品生产的场所" in text


def test_a_standard_not_published_has_no_pdf(client, secretariat, enterprise):
    standard = in_comment(secretariat, enterprise)
    assert_not_found(client.get(reverse("standards:pdf", args=[standard.pk])))


def test_the_platform_export_has_one_row_per_numbered_standard(
    client, secretariat, enterprise, drafting_unit, citizen
):
    standard = in_comment(secretariat, enterprise, drafting_units=[drafting_unit])
    clause = selectors.current_version(standard).clauses.get(number="1")
    first = services.add_comment(actor=citizen, clause=clause, kind="te", comment="甲")
    second = services.add_comment(actor=citizen, clause=clause, kind="ed", comment="乙")
    close_comments(standard)
    services.answer_comment(actor=secretariat, comment=first, decision="accepted", reason="")
    services.answer_comment(actor=secretariat, comment=second, decision="not_accepted", reason="否")
    services.finalise_handling(actor=secretariat, standard=standard)
    services.record_review(actor=secretariat, standard=standard, decision="pass")
    services.publish(
        actor=secretariat,
        standard=standard,
        approved_on=datetime.date(2026, 6, 18),
        implemented_on=datetime.date(2026, 7, 1),
    )
    in_comment(secretariat, enterprise, title="尚未发布的标准")
    client.force_login(secretariat)
    response = client.get(reverse("standards:platform_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Standard number"] == "T/SAQ 001—2026"
    assert row["Drafting units"] == "上海生物医药测试企业"
    assert (row["Comments received"], row["Comments accepted"]) == (2, 1)
    assert row["Implementation date"] == "2026-07-01"


def test_only_the_secretariat_exports_for_the_platform(client, enterprise_admin):
    client.force_login(enterprise_admin)
    assert client.get(reverse("standards:platform_export")).status_code == 403


def test_the_export_asks_the_same_queries_for_one_and_many_standards(
    secretariat, enterprise, drafting_unit
):
    _published(secretariat, enterprise, drafting_unit, title="第一项")
    with CaptureQueriesContext(connection) as few:
        documents.platform_rows()
    for n in range(3):
        _published(secretariat, enterprise, drafting_unit, title=f"更多{n}")
    with CaptureQueriesContext(connection) as many:
        assert len(documents.platform_rows()) == 4
    assert len(many.captured_queries) == len(few.captured_queries)
