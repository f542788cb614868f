"""Enterprises declare that they apply a standard in force; the standard's page lists them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qualitymonth.standards import services
from qualitymonth.standards.models import Adoption
from qualitymonth.standards.tests.conftest import in_comment, reviewed


@pytest.fixture
def in_force(secretariat, enterprise):
    standard = reviewed(secretariat, enterprise)
    return services.publish(
        actor=secretariat,
        standard=standard,
        approved_on=datetime.date(2026, 6, 1),
        implemented_on=datetime.date(2026, 7, 1),
    )


def test_an_enterprise_declares_it_applies_a_standard_and_the_page_lists_it(
    client, in_force, enterprise_admin, enterprise
):
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("standards:adopt", args=[in_force.pk]),
        {"unit": enterprise.pk, "reference": "Q/SGM 0101-2026"},
        follow=True,
    )
    page = response.content.decode()
    assert "Q/SGM 0101-2026" in page and enterprise.name in page
    assert Adoption.objects.get().unit == enterprise


def test_an_enterprise_declares_once(in_force, enterprise_admin, enterprise):
    services.declare_adoption(
        actor=enterprise_admin, standard=in_force, unit=enterprise, reference="Q/SGM 1"
    )
    with pytest.raises(ValidationError, match="already"):
        services.declare_adoption(
            actor=enterprise_admin, standard=in_force, unit=enterprise, reference="Q/SGM 2"
        )
    assert Adoption.objects.count() == 1


def test_a_standard_not_in_force_takes_no_declaration(
    client, secretariat, enterprise, enterprise_admin
):
    standard = in_comment(secretariat, enterprise)
    with pytest.raises(ValidationError, match="while it is in force"):
        services.declare_adoption(
            actor=enterprise_admin, standard=standard, unit=enterprise, reference="Q/SGM 1"
        )
    client.force_login(enterprise_admin)
    response = client.post(
        reverse("standards:adopt", args=[standard.pk]),
        {"unit": enterprise.pk, "reference": "Q/SGM 1"},
    )
    assert response.status_code == 404 and not Adoption.objects.exists()


def test_a_citizen_cannot_declare_for_an_enterprise(client, in_force, citizen, enterprise):
    client.force_login(citizen)
    response = client.post(
        reverse("standards:adopt", args=[in_force.pk]),
        {"unit": enterprise.pk, "reference": "Q/X 1"},
    )
    assert response.status_code == 404 and not Adoption.objects.exists()
