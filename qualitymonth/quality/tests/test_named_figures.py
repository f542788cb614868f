"""The named figures the year in figures uses: each equals a count made by hand of the
records of that year (and none of another year's)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_unit
from qualitymonth.quality.figures import FIGURES
from qualitymonth.quality.models import Case
from qualitymonth.quality.services.cases import promote_result
from qualitymonth.quality.services.csr import check_and_publish, submit_csr_report
from qualitymonth.quality.services.records import claim_benefit, confirm_benefit
from qualitymonth.quality.services.stages import close_stage, open_stage, record_outcome
from qualitymonth.quality.services.teams import add_result
from qualitymonth.quality.tests.conftest import (
    end_call,
    entered,
    panel_of,
    register,
    score,
    staged_program,
)

pytestmark = pytest.mark.django_db

FIGURE = {figure.key: figure for figure in FIGURES}


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def value(key, year):
    return FIGURE[key].compute(year)


def test_every_total_of_the_figures_page_is_a_named_figure():
    assert {
        "quality.teams",
        "quality.staff",
        "quality.honoured_enterprises",
        "quality.cost_saved",
        "quality.energy_saved",
        "quality.defects_reduced",
        "quality.csr_reports",
        "quality.csr_carbon",
        "quality.csr_waste",
        "quality.csr_energy",
        "quality.csr_donations",
        "quality.cases",
        "quality.national_recommendations",
        "quality.national_awards",
    } <= set(FIGURE)
    assert len(FIGURES) == len(FIGURE)  # keys unique


def test_benefit_figures_equal_the_confirmed_claims_of_the_year(
    enterprise, secretariat, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    this = add_result(
        actor=None,
        registration=register(enterprise, "甲组", 2026, "A-1", [("王芳", "leader")]),
        title="降本",
        method="qc",
    )
    last = add_result(
        actor=None,
        registration=register(enterprise, "甲组", 2025, "A-0", [("王芳", "leader")]),
        title="去年",
        method="qc",
    )
    claims = [
        (this, "cost", "120", "万元", True),  # 120 万元
        (this, "cost", "300000", "元", True),  # 30 万元
        (this, "cost", "1", "亿元", False),  # not confirmed: out
        (last, "cost", "50", "万元", True),  # another year: out
        (this, "energy", "10", "tce", True),
        (this, "energy", "100000", "kWh", True),  # 12.29 tce
        (this, "defects", "40", "件", True),
        (this, "defects", "2", "件", True),
        (this, "defects", "300", "ppm", True),  # a rate: not added to pieces
    ]
    for result, kind, amount, unit, confirmed in claims:
        benefit = claim_benefit(
            actor=None, result=result, kind=kind, value=amount, unit=unit, evidence=pdf()
        )
        if confirmed:
            confirm_benefit(actor=secretariat, benefit=benefit)
    assert value("quality.cost_saved", 2026) == Decimal("150.00")
    assert value("quality.cost_saved", 2025) == Decimal("50.00")
    assert value("quality.energy_saved", 2026) == Decimal("22.29")
    assert value("quality.defects_reduced", 2026) == Decimal(42)
    assert value("quality.defects_reduced", 2025) == 0


def test_csr_figures_equal_the_published_sheets_of_the_year(
    enterprise, secretariat, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    dairy = make_unit(key="dairy", name="乳业公司")
    sheets = [
        (enterprise, 2026, "manufacturing", True, {"carbon": ("2", "万t"), "waste": ("30", "t")}),
        (dairy, 2026, "food", True, {"carbon": ("500", "t"), "donations": ("200000", "元")}),
        (dairy, 2025, "food", True, {"carbon": ("7", "t"), "energy": ("9", "tce")}),
        (make_unit(key="late", name="未核"), 2026, "food", False, {"carbon": ("99", "t")}),
    ]
    for unit, year, industry, publish, sheet in sheets:
        report = submit_csr_report(
            actor=None,
            enterprise=unit,
            year=year,
            industry=industry,
            pdf=pdf("report.pdf"),
            figures=[{"indicator": k, "value": v, "unit": u} for k, (v, u) in sheet.items()],
        )
        if publish:
            check_and_publish(actor=secretariat, report=report)
    assert value("quality.csr_reports", 2026) == 2
    assert value("quality.csr_carbon", 2026) == Decimal(20500)  # 20,000 t + 500 t
    assert value("quality.csr_waste", 2026) == Decimal(30)
    assert value("quality.csr_energy", 2026) == 0 and value("quality.csr_energy", 2025) == 9
    assert value("quality.csr_donations", 2026) == Decimal(20)  # 200,000 元 = 20 万元
    by = FIGURE["quality.csr_carbon"].by(2026, "industry")
    assert by == {"manufacturing": Decimal(20000), "food": Decimal(500)}


def test_cases_are_counted_in_the_year_they_entered_the_library(enterprise, enterprise_admin):
    result = add_result(
        actor=None,
        registration=register(enterprise, "甲组", 2026, "A-1", [("王芳", "leader")]),
        title="降本",
        method="qc",
    )
    case = promote_result(actor=enterprise_admin, result=result, consent=True)
    assert case.promoted_on is not None
    Case.objects.create(
        enterprise=enterprise,
        title="旧案例",
        industry="manufacturing",
        method="lean",
        summary="…",
        promoted_on=datetime.date(2024, 5, 1),
    )
    this_year = case.promoted_on.year
    assert value("quality.cases", this_year) == 1
    assert value("quality.cases", 2024) == 1
    assert value("quality.cases", 2019) == 0


def test_national_figures_count_recommendations_and_awards_of_the_year(
    secretariat, enterprise, enterprise_admin
):
    program = staged_program(secretariat, (2,))
    stage = program.stages.get()
    open_stage(actor=secretariat, stage=stage)
    entered(stage, enterprise, enterprise_admin, ["甲", "乙", "丙"])
    end_call(stage)
    score(stage, panel_of(stage, "city-judge"), {"甲": 90, "乙": 80, "丙": 70})
    close_stage(actor=secretariat, stage=stage)
    first, second = program.outcomes.order_by("application__title")
    record_outcome(actor=secretariat, outcome=first, awarded=True, grade="一等")
    record_outcome(actor=secretariat, outcome=second, awarded=False)
    assert value("quality.national_recommendations", 2026) == 2
    assert value("quality.national_awards", 2026) == 1
    assert value("quality.national_recommendations", 2025) == 0
