"""Stored files go to those who may see their record: a published CSR report to anyone; a
draft report and a benefit's evidence to the enterprise's staff and the secretariat; anyone
else is answered 404, as if there were nothing there."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_person, make_unit
from qualitymonth.organizations.models import Role
from qualitymonth.quality.services.csr import check_and_publish, submit_csr_report
from qualitymonth.quality.services.records import claim_benefit
from qualitymonth.quality.services.teams import add_result
from qualitymonth.quality.tests.conftest import register

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def stranger(db):
    return make_person("dairy-admin", unit=make_unit(key="dairy"), role=Role.UNIT_ADMIN)


@pytest.fixture
def report(enterprise, django_capture_on_commit_callbacks):
    # Through the service: a test's commit comes after the request has closed its uploads.
    with django_capture_on_commit_callbacks(execute=True):
        return submit_csr_report(
            actor=None,
            enterprise=enterprise,
            year=2026,
            industry="manufacturing",
            pdf=SimpleUploadedFile("上汽通用2026社会责任报告.pdf", PDF),
            figures=[{"indicator": "carbon", "value": "5", "unit": "t"}],
        )


def downloaded(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def test_a_draft_report_goes_to_its_enterprise_and_the_secretariat_only(
    client, report, enterprise_admin, secretariat, stranger
):
    url = f"/quality/csr/{report.pk}/report.pdf"
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert "上汽通用" not in client.get("/quality/csr/").content.decode()
    for person in (enterprise_admin, secretariat):
        client.force_login(person)
        response = client.get(url)
        assert downloaded(response) == PDF
        assert response["Content-Type"] == "application/pdf"
    client.force_login(enterprise_admin)
    listed = client.get("/quality/csr/").content.decode()
    assert 'data-testid="csr-mine"' in listed and url in listed


def test_a_published_report_is_anyones_and_linked_from_the_public_list(client, report, secretariat):
    check_and_publish(actor=secretariat, report=report)
    url = f"/quality/csr/{report.pk}/report.pdf"
    page = client.get("/quality/csr/").content.decode()
    assert url in page
    response = client.get(url)
    assert downloaded(response) == PDF
    assert "attachment" in response["Content-Disposition"]


def test_a_report_without_a_file_answers_404(client, enterprise, secretariat):
    published = submit_csr_report(
        actor=None,
        enterprise=enterprise,
        year=2025,
        industry="manufacturing",
        pdf=None,
        is_demo=True,
        figures=[{"indicator": "carbon", "value": "5", "unit": "t"}],
    )
    check_and_publish(actor=secretariat, report=published)
    assert client.get(f"/quality/csr/{published.pk}/report.pdf").status_code == 404


def test_a_benefits_evidence_goes_to_its_enterprise_and_the_secretariat_only(
    client, enterprise, enterprise_admin, secretariat, stranger, django_capture_on_commit_callbacks
):
    registration = register(enterprise, "甲组", 2026, "A-1", [("王芳", "leader")])
    result = add_result(actor=None, registration=registration, title="降本", method="qc")
    with django_capture_on_commit_callbacks(execute=True):
        benefit = claim_benefit(
            actor=None,
            result=result,
            kind="cost",
            value="12",
            unit="万元",
            evidence=SimpleUploadedFile("节约确认单.pdf", PDF),
        )
    url = f"/quality/benefits/{benefit.pk}/evidence/"
    assert client.get(url).status_code == 404
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(enterprise_admin)
    assert url in client.get(f"/quality/results/{result.pk}/").content.decode()
    assert downloaded(client.get(url)) == PDF
    client.force_login(secretariat)
    assert url in client.get("/quality/benefits/").content.decode()
    assert downloaded(client.get(url)) == PDF
