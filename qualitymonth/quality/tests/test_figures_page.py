"""The figures page shows the defects reduced and the CSR totals by industry, and its
drill-down keeps to the year chosen there."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_unit
from qualitymonth.quality.services.csr import check_and_publish, submit_csr_report
from qualitymonth.quality.services.records import claim_benefit, confirm_benefit
from qualitymonth.quality.services.teams import add_result
from qualitymonth.quality.tests.conftest import register

pytestmark = pytest.mark.django_db


def pdf():
    return SimpleUploadedFile("e.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def confirmed(result, secretariat, kind, amount, unit):
    benefit = claim_benefit(
        actor=None, result=result, kind=kind, value=amount, unit=unit, evidence=pdf()
    )
    return confirm_benefit(actor=secretariat, benefit=benefit)


def test_the_drilldown_follows_the_year_of_the_figures_page(
    client, enterprise, secretariat, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    results = {
        year: add_result(
            actor=None,
            registration=register(enterprise, "甲组", year, f"A-{year}", [("王芳", "leader")]),
            title=f"成果{year}",
            method="qc",
        )
        for year in (2025, 2026)
    }
    confirmed(results[2025], secretariat, "cost", "11", "万元")
    confirmed(results[2026], secretariat, "cost", "22", "万元")
    confirmed(results[2026], secretariat, "defects", "37", "件")
    page = client.get("/quality/figures/?year=2026").content.decode()
    assert "/quality/figures/benefits/cost/?year=2026" in page
    assert 'data-testid="defects">37 件' in page
    drill = client.get("/quality/figures/benefits/cost/?year=2026").content.decode()
    assert drill.count('data-testid="benefit-row"') == 1
    assert "成果2026" in drill and "成果2025" not in drill
    every_year = client.get("/quality/figures/benefits/cost/").content.decode()
    assert every_year.count('data-testid="benefit-row"') == 2


def test_the_figures_page_shows_csr_totals_by_industry(
    client, enterprise, secretariat, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    dairy = make_unit(key="dairy", name="乳业公司")
    for unit, industry, carbon in ((enterprise, "manufacturing", "3"), (dairy, "food", "450")):
        report = submit_csr_report(
            actor=None,
            enterprise=unit,
            year=2026,
            industry=industry,
            pdf=SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n"),
            figures=[
                {"indicator": "carbon", "value": carbon, "unit": "万t" if carbon == "3" else "t"}
            ],
        )
        check_and_publish(actor=secretariat, report=report)
    page = client.get("/quality/figures/?year=2026", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count('data-testid="csr-industry"') == 2
    assert "30000.00" in page and "450.00" in page


def test_the_figures_page_counts_the_cases_of_the_year_chosen(client, enterprise):
    import datetime

    from qualitymonth.quality.models import Case

    for title, day in (("旧", datetime.date(2024, 3, 1)), ("新", datetime.date(2026, 3, 1))):
        Case.objects.create(
            enterprise=enterprise,
            title=title,
            industry="manufacturing",
            method="qc",
            summary="…",
            promoted_on=day,
        )
    assert 'data-testid="cases">1<' in client.get("/quality/figures/?year=2024").content.decode()
    assert 'data-testid="cases">2<' in client.get("/quality/figures/").content.decode()
