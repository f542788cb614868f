"""The case library: a result becomes a case only with consent, and is found by method."""

import pytest
from django.core.exceptions import ValidationError

from qualitymonth.quality import selectors_records
from qualitymonth.quality.models import Case
from qualitymonth.quality.services.cases import promote_result
from qualitymonth.quality.services.teams import add_result
from qualitymonth.quality.tests.conftest import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def result(enterprise):
    registration = register(enterprise, "甲组", 2026, "A-1", [("王芳", "leader")])
    return add_result(
        actor=None, registration=registration, title="六西格玛降缺陷", method="six_sigma"
    )


def test_a_result_becomes_a_case_only_with_the_enterprises_consent(result, enterprise_admin):
    with pytest.raises(ValidationError):
        promote_result(actor=enterprise_admin, result=result, consent=False)
    assert not Case.objects.exists()
    case = promote_result(actor=enterprise_admin, result=result, consent=True, patents=2)
    assert case.consent_by == enterprise_admin and case.consent_at is not None


def test_cases_are_found_by_method_and_patents(client, result, enterprise_admin):
    promote_result(actor=enterprise_admin, result=result, consent=True, patents=1)
    assert list(selectors_records.search_cases(method="six_sigma", patents=True)) == [
        Case.objects.get()
    ]
    assert not selectors_records.search_cases(method="lean").exists()
    page = client.get("/quality/cases/?method=six_sigma&patents=1").content.decode()
    assert "六西格玛降缺陷" in page
