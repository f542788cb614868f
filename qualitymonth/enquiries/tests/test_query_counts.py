"""Citizen-service list pages ask the database as often for many cases as for one."""

import pytest

from qualitymonth.enquiries.tests.desk_helpers import file_case
from tests.queries import assert_flat


def add_cases(categories, districts, n=6):
    def add():
        for _ in range(n):
            file_case(categories["glasses"], districts["huangpu"])

    return add


@pytest.mark.parametrize("persona", ["huangpu_staff", "secretariat"])
def test_the_desk_is_flat_in_the_number_of_cases(
    as_persona, persona, routing, categories, districts
):
    first = file_case(categories["glasses"], districts["huangpu"])

    def shows(page, _size):
        assert first.number in page

    assert_flat(
        as_persona(persona), "/enquiries/desk/", add_cases(categories, districts), shows=shows
    )


@pytest.mark.parametrize("persona", ["huangpu_staff", "secretariat"])
def test_the_figures_are_flat_in_the_number_of_cases(
    as_persona, persona, routing, categories, districts
):
    file_case(categories["glasses"], districts["huangpu"])
    assert_flat(as_persona(persona), "/enquiries/figures/", add_cases(categories, districts))


def test_the_routing_table_is_flat_in_the_number_of_districts(
    client, secretariat, routing, categories, districts, bureaus
):
    from conftest import make_unit
    from qualitymonth.enquiries.models import RoutingRule
    from qualitymonth.organizations.models import UnitKind

    def add():
        for n in range(6):
            district = make_unit(
                kind=UnitKind.DISTRICT, key=f"d{n}", name=f"新区{n}", division_code=f"31019{n}"
            )
            bureau = make_unit(kind=UnitKind.GOVERNMENT, parent=district, name=f"新区{n}监管局")
            RoutingRule.objects.create(
                category=categories["glasses"], district=district, unit=bureau
            )

    client.force_login(secretariat)

    def shows(page, _size):
        assert bureaus["huangpu"].name in page

    assert_flat(client, "/enquiries/desk/routing/", add, shows=shows)


@pytest.mark.parametrize("persona", ["anonymous", "citizen", "secretariat"])
def test_the_public_index_is_flat_in_the_number_of_categories(
    as_persona, persona, routing, categories
):
    from qualitymonth.enquiries.models import Category

    template = categories["glasses"]

    def add():
        for n in range(6):
            Category.objects.create(
                code=f"extra-{n}", name=f"新类别{n}", kinds=template.kinds, group=template.group
            )

    def shows(page, _size):
        assert template.name in page

    assert_flat(as_persona(persona), "/enquiries/", add, shows=shows)
