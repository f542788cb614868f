"""The unit directory and the people list ask the database as often for many rows as for one."""

import itertools

import pytest

from conftest import make_person, make_unit
from qualitymonth.organizations.models import Role
from tests.queries import assert_flat

numbers = itertools.count(1)


@pytest.mark.parametrize("persona", ["anonymous", "bureau_admin", "secretariat"])
def test_the_unit_directory_is_flat_in_the_number_of_units(
    as_persona, persona, huangpu, huangpu_bureau
):
    def add():
        for _ in range(6):
            number = next(numbers)
            make_unit(parent=huangpu, name=f"目录单位{number}")

    def shows(page, _size):
        assert huangpu_bureau.name in page

    assert_flat(as_persona(persona), "/units/", add, shows=shows)


@pytest.mark.parametrize("persona", ["bureau_admin", "secretariat"])
def test_the_people_list_is_flat_in_the_number_of_people(
    as_persona, persona, huangpu_bureau, bureau_admin
):
    def add():
        for _ in range(6):
            make_person(f"staff-{next(numbers)}", unit=huangpu_bureau, role=Role.REPORTER)

    def shows(page, _size):
        assert bureau_admin.username in page or bureau_admin.get_full_name() in page

    assert_flat(as_persona(persona), "/people/", add, shows=shows)


def test_the_unit_api_is_flat_in_the_number_of_units_and_reads_only_its_page(
    client, huangpu, huangpu_bureau
):
    def add():
        for _ in range(60):
            make_unit(parent=huangpu, name=f"接口单位{next(numbers)}")

    def shows(page, size):
        assert f'"key": "{huangpu.key}"' in page
        if size == "many":
            assert page.count('"key"') == 50  # the first page of more than 60

    assert_flat(client, "/api/units", add, shows=shows)
