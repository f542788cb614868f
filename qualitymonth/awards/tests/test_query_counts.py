"""Recognition list pages ask the database as often for many rows as for one."""

import itertools

import pytest

from conftest import make_unit
from qualitymonth.awards import services
from qualitymonth.awards.models import ApplicationStatus, Program
from qualitymonth.awards.tests.conftest import make_application, make_reviewer, make_round
from tests.queries import assert_flat

PERSONAS = ["anonymous", "enterprise_admin", "secretariat"]
numbers = itertools.count(1)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_awards_index_is_flat_in_the_number_of_rounds(
    as_persona, persona, program, rubric, open_round
):
    def add():
        for _ in range(6):
            number = next(numbers)
            other = Program.objects.create(
                key=f"p{number}", code=f"P{number}", name=f"评价项目{number}"
            )
            make_round(other, rubric)

    def shows(page, _size):
        assert open_round.title in page

    assert_flat(as_persona(persona), "/awards/", add, shows=shows)


def test_my_applications_are_flat_in_their_number(client, open_round, enterprise, enterprise_admin):
    make_application(open_round, unit=enterprise, creator=enterprise_admin, name="申报一")

    def add():
        for _ in range(6):
            make_application(
                open_round, unit=enterprise, creator=enterprise_admin, name=f"申报{next(numbers)}"
            )

    client.force_login(enterprise_admin)

    def shows(page, _size):
        assert "申报一" in page

    assert_flat(client, "/awards/applications/", add, shows=shows)


def test_the_review_desk_is_flat_in_the_number_of_assignments(client, review_round, secretariat):
    review_round.reviewer_cap = 20
    review_round.save(update_fields=["reviewer_cap"])
    reviewer = make_reviewer("desk-expert", review_round)

    def add(n):
        def run():
            for _ in range(n):
                application = make_application(
                    review_round, unit=make_unit(name=f"申报单位{next(numbers)}")
                )
                services.assign_reviewer(
                    actor=secretariat, application=application, reviewer=reviewer
                )

        return run

    add(1)()
    client.force_login(reviewer)

    def shows(page, _size):
        assert "申报单位" in page or "焊接缺陷率" in page

    assert_flat(client, "/awards/reviews/", add(6), shows=shows)


def test_the_round_page_for_the_secretariat_is_flat_in_the_number_of_applications(
    client, graded_round, secretariat
):
    client.force_login(secretariat)

    def add():
        for _ in range(6):
            make_application(graded_round, unit=make_unit(name=f"新申报单位{next(numbers)}"))

    def shows(page, _size):
        assert "上海电气QC小组" in page

    assert_flat(client, f"/awards/rounds/{graded_round.pk}/manage/", add, shows=shows)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_notice_is_flat_in_the_number_of_entries(as_persona, persona, notice):
    round_ = notice.round
    grade = round_.grades.first()

    def add():
        for _ in range(6):
            application = make_application(
                round_,
                unit=make_unit(name=f"公示单位{next(numbers)}"),
                status=ApplicationStatus.PROPOSED,
            )
            application.grade = grade
            application.save(update_fields=["grade"])

    def shows(page, size):
        assert "上海电气QC小组" in page
        if size == "many":
            assert "公示单位" in page

    assert_flat(as_persona(persona), f"/awards/notices/{notice.pk}/", add, shows=shows)
