"""The QR code's address: the one the applicant downloaded the PDF from, else SITE_URL."""

from django.test import RequestFactory

from qualitymonth.awards.certificates import verification_url


def test_the_verification_link_uses_the_address_the_pdf_was_asked_from(settings, certificate):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["quality.example.gov.cn"]
    request = RequestFactory().get("/", HTTP_HOST="quality.example.gov.cn", secure=True)
    assert verification_url(certificate, request) == (
        f"https://quality.example.gov.cn/awards/verify/{certificate.serial}/"
    )


def test_the_verification_link_without_a_request_starts_with_site_url(settings, certificate):
    settings.SITE_URL = "https://quality.example.gov.cn"
    assert verification_url(certificate) == (
        f"https://quality.example.gov.cn/awards/verify/{certificate.serial}/"
    )
