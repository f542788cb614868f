"""CSR reports: totals in base units across t, 万t and tce; bad sheets refused whole."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from conftest import make_unit
from qualitymonth.quality import selectors_records
from qualitymonth.quality.models import CSRFigure, CSRReport
from qualitymonth.quality.services.csr import (
    check_and_publish,
    check_report,
    publish_report,
    submit_csr_report,
)

pytestmark = pytest.mark.django_db


def pdf():
    return SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def test_csr_totals_convert_units_correctly(enterprise, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    other = make_unit(key="dairy", name="乳业公司")
    a = submit_csr_report(
        actor=None,
        enterprise=enterprise,
        year=2026,
        industry="manufacturing",
        pdf=pdf(),
        figures=[
            {"indicator": "carbon", "value": "1.5", "unit": "万t"},
            {"indicator": "energy", "value": "2", "unit": "万tce"},
            {"indicator": "donations", "value": "500000", "unit": "元"},
        ],
    )
    b = submit_csr_report(
        actor=None,
        enterprise=other,
        year=2026,
        industry="food",
        pdf=pdf(),
        figures=[
            {"indicator": "carbon", "value": "2000", "unit": "t"},
            {"indicator": "energy", "value": "500", "unit": "tce"},
            {"indicator": "donations", "value": "30", "unit": "万元"},
        ],
    )
    unpublished = make_unit(key="late", name="未发布公司")
    submit_csr_report(
        actor=None,
        enterprise=unpublished,
        year=2026,
        industry="food",
        pdf=pdf(),
        figures=[{"indicator": "carbon", "value": "999", "unit": "t"}],
    )
    check_and_publish(actor=secretariat, report=a)
    check_and_publish(actor=secretariat, report=b)
    totals = selectors_records.csr_totals(2026)
    assert totals["totals"]["carbon"] == Decimal(17000)  # 15,000 t + 2,000 t
    assert totals["totals"]["energy"] == Decimal(20500)  # tce
    assert totals["totals"]["donations"] == Decimal(80)  # 50 万元 + 30 万元
    assert totals["by_industry"]["food"]["carbon"] == Decimal(2000)
    assert selectors_records.figure_csr_reports(2026) == 2


def test_negative_emissions_are_refused_and_nothing_is_saved(enterprise, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        submit_csr_report(
            actor=None,
            enterprise=enterprise,
            year=2026,
            industry="manufacturing",
            pdf=pdf(),
            figures=[
                {"indicator": "energy", "value": "10", "unit": "tce"},
                {"indicator": "carbon", "value": "-5", "unit": "t"},
            ],
        )
    assert any("negative" in message for message in refused.value.messages)
    assert not CSRReport.objects.exists() and not CSRFigure.objects.exists()


def test_a_report_that_is_not_a_pdf_is_refused(enterprise):
    fake = SimpleUploadedFile("report.pdf", b"just text", content_type="application/pdf")
    with pytest.raises(ValidationError):
        submit_csr_report(
            actor=None,
            enterprise=enterprise,
            year=2026,
            industry="manufacturing",
            pdf=fake,
            figures=[{"indicator": "carbon", "value": "5", "unit": "t"}],
        )
    assert not CSRReport.objects.exists()


def test_the_secretariat_checks_with_a_note_then_publishes_each_step_audited(
    client, enterprise, secretariat, settings, tmp_path
):
    from qualitymonth.core.models import AuditEntry

    settings.MEDIA_ROOT = tmp_path
    report = submit_csr_report(
        actor=None,
        enterprise=enterprise,
        year=2026,
        industry="manufacturing",
        pdf=pdf(),
        figures=[{"indicator": "carbon", "value": "10", "unit": "t"}],
    )
    client.force_login(secretariat)
    with translation.override("en"), pytest.raises(ValidationError) as early:
        publish_report(actor=secretariat, report=report)
    assert "Check the report" in early.value.messages[0]
    with translation.override("en"), pytest.raises(ValidationError) as bare:
        check_report(actor=secretariat, report=report, note="  ")
    assert "Note of the check" in bare.value.message_dict["check_note"][0]
    report.refresh_from_db()
    assert report.status == "submitted" and report.checked_by is None
    client.post(f"/quality/csr/{report.pk}/check/", {"note": "数据与报告一致"})
    report.refresh_from_db()
    assert (report.status, report.checked_by, report.check_note) == (
        "checked",
        secretariat,
        "数据与报告一致",
    )
    assert selectors_records.figure_csr_reports(2026) == 0  # checked is not yet public
    page = client.get("/quality/csr/").content.decode()
    assert "数据与报告一致" in page and 'data-testid="csr-publish"' in page
    client.post(f"/quality/csr/{report.pk}/publish/")
    report.refresh_from_db()
    assert report.status == "published" and selectors_records.figure_csr_reports(2026) == 1
    actions = list(
        AuditEntry.objects.filter(action__startswith="quality_csr.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["quality_csr.submit", "quality_csr.check", "quality_csr.publish"]
