"""Benefits: counted only once confirmed, in the totals' units, and refused without a unit."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from qualitymonth.quality import selectors
from qualitymonth.quality.models import Benefit
from qualitymonth.quality.services.records import claim_benefit, confirm_benefit
from qualitymonth.quality.services.teams import add_result
from qualitymonth.quality.tests.conftest import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def result(enterprise):
    registration = register(enterprise, "甲组", 2026, "A-1", [("王芳", "leader")])
    return add_result(actor=None, registration=registration, title="降本", method="qc")


def test_benefits_count_only_when_confirmed(result, secretariat):
    yuan = claim_benefit(actor=None, result=result, kind="cost", value="5000", unit="元")
    claim_benefit(actor=None, result=result, kind="cost", value="3", unit="万元")
    kwh = claim_benefit(actor=None, result=result, kind="energy", value="10000", unit="kWh")
    assert selectors.figure_cost_saved() == 0
    confirm_benefit(actor=secretariat, benefit=yuan)
    confirm_benefit(actor=secretariat, benefit=kwh)
    assert selectors.figure_cost_saved() == Decimal("0.50")  # 5,000 元 = 0.5 万元
    assert selectors.figure_energy_saved() == Decimal("1.23")  # 10,000 kWh × 0.1229 kgce
    assert [b.value for b in selectors.confirmed_benefits("cost")] == [Decimal("5000")]


def test_a_benefit_without_a_unit_is_refused_and_nothing_is_saved(result):
    with pytest.raises(ValidationError) as refused:
        claim_benefit(actor=None, result=result, kind="cost", value="5000", unit="")
    assert "unit" in refused.value.message_dict
    assert not Benefit.objects.exists()


def test_the_drilldown_shows_the_confirmed_figures_only(client, result, secretariat):
    confirm_benefit(
        actor=secretariat,
        benefit=claim_benefit(actor=None, result=result, kind="cost", value="7", unit="万元"),
    )
    claim_benefit(actor=None, result=result, kind="cost", value="9999", unit="元")
    page = client.get("/quality/figures/benefits/cost/").content.decode()
    assert page.count('data-testid="benefit-row"') == 1 and "9999" not in page
