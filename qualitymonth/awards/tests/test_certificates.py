"""Certificates: the public check says valid, withdrawn or unknown; the PDF carries the number."""

import io

import pytest
from pypdf import PdfReader

from qualitymonth.awards import services
from qualitymonth.core.pdf import chinese_font_available


def test_a_valid_number_shows_holder_program_grade_and_year(client, certificate):
    page = client.get(f"/awards/verify/{certificate.serial}/").content.decode()
    assert "有效证书" in page
    for fact in ("上海电气QC小组", "QC小组成果", "一等奖", "2026"):
        assert fact in page


def test_the_search_form_finds_a_number_typed_in_lower_case(client, certificate):
    page = client.get("/awards/verify/", {"serial": certificate.serial.lower()})
    assert "上海电气QC小组" in page.content.decode()


def test_an_unknown_number_says_so_plainly(client, certificate):
    response = client.get("/awards/verify/QC-2026-9999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "未知编号" in page and "上海电气QC小组" not in page


def test_a_withdrawn_certificate_says_it_is_no_longer_valid(client, certificate, secretariat):
    services.withdraw_certificate(actor=secretariat, certificate=certificate, reason="弄虚作假")
    page = client.get(f"/awards/verify/{certificate.serial}/").content.decode()
    assert "已撤销" in page and "弄虚作假" in page and "有效证书" not in page


@pytest.mark.skipif(not chinese_font_available(), reason="needs a Chinese font")
def test_the_certificate_pdf_carries_the_holder_and_the_number(client, certificate):
    applicant = certificate.application.created_by
    client.force_login(applicant)
    response = client.get(f"/awards/applications/{certificate.application.pk}/certificate.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert certificate.serial in text
    assert "上海电气QC小组" in text
    assert f"/awards/verify/{certificate.serial}/" in text


def test_a_demo_certificate_says_it_is_demo_data(client, certificate):
    certificate.application.is_demo = True
    certificate.application.save()
    page = client.get(f"/awards/verify/{certificate.serial}/").content.decode()
    assert 'data-testid="demo-note"' in page


@pytest.mark.skipif(not chinese_font_available(), reason="needs a Chinese font")
def test_the_certificate_pdf_links_to_the_host_it_was_downloaded_from(
    client, certificate, settings
):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["quality.example.gov.cn"]
    client.force_login(certificate.application.created_by)
    response = client.get(
        f"/awards/applications/{certificate.application.pk}/certificate.pdf",
        HTTP_HOST="quality.example.gov.cn",
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert f"quality.example.gov.cn/awards/verify/{certificate.serial}/" in text.replace("\n", "")
    assert "127.0.0.1" not in text
