"""Benefits: counted only once confirmed with their evidence, in the totals' units, refused
without a unit; confirmed by the secretariat or a reviewer of the program, who is recorded."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from qualitymonth.awards.models import Program
from qualitymonth.quality import selectors
from qualitymonth.quality.models import Benefit, Result
from qualitymonth.quality.services.records import claim_benefit, confirm_benefit
from qualitymonth.quality.services.stages import create_staged_program, open_stage
from qualitymonth.quality.services.teams import add_result
from qualitymonth.quality.tests.conftest import (
    entered,
    panel_of,
    qc_template,
    register,
    staged_program,
)

pytestmark = pytest.mark.django_db


def evidence():
    return SimpleUploadedFile("确认单.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def claim(result, kind, value, unit, with_evidence=True):
    return claim_benefit(
        actor=None,
        result=result,
        kind=kind,
        value=value,
        unit=unit,
        evidence=evidence() if with_evidence else None,
    )


@pytest.fixture
def result(enterprise, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    registration = register(enterprise, "甲组", 2026, "A-1", [("王芳", "leader")])
    return add_result(actor=None, registration=registration, title="降本", method="qc")


def test_benefits_count_only_when_confirmed(result, secretariat):
    yuan = claim(result, "cost", "5000", "元")
    claim(result, "cost", "3", "万元")
    kwh = claim(result, "energy", "10000", "kWh")
    assert selectors.figure_cost_saved() == 0
    confirm_benefit(actor=secretariat, benefit=yuan)
    confirm_benefit(actor=secretariat, benefit=kwh)
    assert selectors.figure_cost_saved() == Decimal("0.50")  # 5,000 元 = 0.5 万元
    assert selectors.figure_energy_saved() == Decimal("1.23")  # 10,000 kWh × 0.1229 kgce
    assert [b.value for b in selectors.confirmed_benefits("cost")] == [Decimal("5000")]
    yuan.refresh_from_db()
    assert yuan.confirmed_by == secretariat and yuan.confirmed_at


def test_a_benefit_without_a_unit_is_refused_and_nothing_is_saved(result):
    with pytest.raises(ValidationError) as refused:
        claim(result, "cost", "5000", "")
    assert "unit" in refused.value.message_dict
    assert not Benefit.objects.exists()


def test_a_benefit_without_evidence_cannot_be_confirmed(client, result, secretariat):
    bare = claim(result, "cost", "80", "万元", with_evidence=False)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        confirm_benefit(actor=secretariat, benefit=bare)
    assert "Evidence" in refused.value.message_dict["evidence"][0]
    bare.refresh_from_db()
    assert bare.confirmed_at is None and bare.confirmed_by is None
    assert selectors.figure_cost_saved() == 0
    client.force_login(secretariat)
    page = client.post(f"/quality/benefits/{bare.pk}/confirm/", follow=True)
    assert "证明材料" in page.content.decode()
    bare.refresh_from_db()
    assert bare.confirmed_at is None


def test_the_drilldown_shows_the_confirmed_figures_only(client, result, secretariat):
    confirm_benefit(actor=secretariat, benefit=claim(result, "cost", "7", "万元"))
    claim(result, "cost", "9999", "元")
    page = client.get("/quality/figures/benefits/cost/").content.decode()
    assert page.count('data-testid="benefit-row"') == 1 and "9999" not in page


def test_a_reviewer_of_the_program_confirms_and_is_recorded_but_not_for_their_own_enterprise(
    client, secretariat, enterprise, enterprise_admin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    program = staged_program(secretariat, (2, 1))
    first = program.stages.get(position=1)
    open_stage(actor=secretariat, stage=first)
    entered(first, enterprise, enterprise_admin, ["甲"])
    benefit = claim(Result.objects.get(title="甲"), "cost", "5", "万元")
    judge = panel_of(program.stages.get(position=2), "city-judge")
    outsider = panel_of(staged_program_other(secretariat), "other-judge")
    client.force_login(outsider)
    assert client.post(f"/quality/benefits/{benefit.pk}/confirm/").status_code == 403
    assert client.get("/quality/benefits/").status_code == 200
    client.force_login(enterprise_admin)  # keeps the enterprise's records: not its own judge
    assert client.post(f"/quality/benefits/{benefit.pk}/confirm/").status_code == 403
    client.force_login(judge)
    assert 'data-testid="benefit-to-confirm"' in client.get("/quality/benefits/").content.decode()
    client.post(f"/quality/benefits/{benefit.pk}/confirm/")
    benefit.refresh_from_db()
    assert benefit.confirmed_by == judge and benefit.confirmed_at is not None


def staged_program_other(secretariat):
    """A stage of another program, whose reviewers have nothing to confirm here."""
    staged = create_staged_program(
        actor=secretariat,
        program=Program.objects.create(key="other", code="OT", name="其他"),
        year=2026,
        title="其他项目",
        stages=[{"level": "city", "quota": 1, "rubric": qc_template()}],
        closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    return staged.stages.get()
