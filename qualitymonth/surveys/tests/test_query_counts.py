"""Survey list pages ask the database as often for many rows as for one."""

import itertools

import pytest

from qualitymonth.surveys.models import Evaluation, Site, SiteKind
from qualitymonth.surveys.tests.conftest import answer, collecting_round
from tests.queries import assert_flat

numbers = itertools.count(1)


def test_the_responses_list_is_flat_in_the_number_of_responses(
    client, answered, sites, secretariat
):
    client.force_login(secretariat)

    def add():
        for _ in range(6):
            answer(answered, sites["s1"], a=5, b=2, c=10)

    def shows(page, _size):
        assert "S1" in page or "点位S1" in page

    assert_flat(client, f"/surveys/manage/rounds/{answered.pk}/responses/", add, shows=shows)


def test_my_rounds_are_flat_in_the_number_of_rounds(client, survey_round, system, inspector):
    client.force_login(inspector)

    def add():
        for year in range(2010, 2016):
            collecting_round(system, survey_round.instrument, year=year, inspectors=[inspector])

    def shows(page, _size):
        assert survey_round.evaluation.name in page

    assert_flat(client, "/surveys/mine/", add, shows=shows)


def test_the_collection_page_is_flat_in_the_number_of_sites(
    client, survey_round, evaluation, districts, inspector
):
    client.force_login(inspector)

    def add(n):
        def run():
            for _ in range(n):
                number = next(numbers)
                Site.objects.create(
                    evaluation=evaluation,
                    code=f"N{number}",
                    kind=SiteKind.SITE,
                    name=f"新点位{number}",
                    district=districts["x"],
                )

        return run

    add(1)()
    assert_flat(client, f"/surveys/rounds/{survey_round.pk}/collect/", add(6))


@pytest.mark.parametrize("persona", ["anonymous", "inspector", "secretariat"])
def test_the_survey_index_is_flat_in_the_number_of_evaluations(as_persona, persona, survey_round):
    def add():
        for _ in range(6):
            number = next(numbers)
            Evaluation.objects.create(key=f"e{number}", name=f"测评{number}")

    assert_flat(as_persona(persona), "/surveys/", add)


def test_the_secretariats_survey_desk_is_flat_in_the_number_of_evaluations(
    client, survey_round, secretariat
):
    client.force_login(secretariat)

    def add():
        for _ in range(6):
            number = next(numbers)
            Evaluation.objects.create(key=f"m{number}", name=f"管理测评{number}")

    def shows(page, size):
        assert survey_round.evaluation.name in page
        if size == "many":
            assert "管理测评" in page

    assert_flat(client, "/surveys/manage/", add, shows=shows)
