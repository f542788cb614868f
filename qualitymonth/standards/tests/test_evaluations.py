"""Implementation evaluations of a standard in force: a survey round over its adopters (the
surveys module's), the conclusion recorded on that round, both shown on the standard's page."""

import datetime
import uuid

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import make_person, make_unit
from qualitymonth.organizations.models import Role, UnitKind
from qualitymonth.standards import evaluations, services
from qualitymonth.standards.models import Evaluation
from qualitymonth.standards.tests.conftest import in_comment, reviewed
from qualitymonth.surveys.models import Response, RoundStatus, Site, Source
from qualitymonth.surveys.services.responses import submit_response

IN_FORCE = datetime.date(2026, 7, 1)


@pytest.fixture
def in_force(secretariat, enterprise):
    standard = reviewed(secretariat, enterprise)
    return services.publish(
        actor=secretariat,
        standard=standard,
        approved_on=datetime.date(2026, 6, 1),
        implemented_on=min(IN_FORCE, timezone.localdate()),
    )


@pytest.fixture
def adopters(secretariat, in_force, huangpu):
    units = [
        make_unit(key="adopter-a", name="采用企业甲", district=huangpu),
        make_unit(key="adopter-b", name="采用企业乙", district=huangpu),
    ]
    for unit in units:
        services.declare_adoption(
            actor=secretariat, standard=in_force, unit=unit, reference=f"Q/{unit.key}"
        )
    return units


def _ends():
    return timezone.localdate() + datetime.timedelta(days=30)


def _answer(evaluation, unit, user=None, **answers):
    round_ = evaluation.survey_round
    return submit_response(
        round_=round_,
        client_id=uuid.uuid4(),
        answers={"applies": "fully", "effect": "clear", "revise": "no", **answers},
        actor=user,
        source=Source.WEB,
        site=Site.objects.get(evaluation_id=round_.evaluation_id, enterprise=unit),
        site_required=True,
    )[0]


def test_the_rounds_respondents_are_exactly_the_adopters(secretariat, in_force, adopters):
    staff = make_person("adopter-a-reporter", unit=adopters[0], role=Role.REPORTER)
    evaluation = evaluations.start_evaluation(
        actor=secretariat, standard=in_force, collection_ends=_ends()
    )
    round_ = evaluation.survey_round
    frame = Site.objects.filter(evaluation_id=round_.evaluation_id)
    assert sorted(frame.values_list("enterprise__key", flat=True)) == ["adopter-a", "adopter-b"]
    assert round_.status == RoundStatus.COLLECTING
    assert list(round_.inspectors.all()) == [staff]
    assert [q.name for q in round_.instrument.questions.order_by("position")] == [
        "applies",
        "effect",
        "problems",
        "revise",
        "suggestion",
    ]


def test_an_adopters_staff_answer_in_their_surveys_and_the_page_counts_it(
    client, secretariat, in_force, adopters
):
    staff = make_person("adopter-a-admin", unit=adopters[0], role=Role.UNIT_ADMIN)
    evaluation = evaluations.start_evaluation(
        actor=secretariat, standard=in_force, collection_ends=_ends()
    )
    client.force_login(staff)
    mine = client.get(reverse("surveys:mine")).content.decode()
    assert (
        in_force.title in mine
        and reverse("surveys:collect", args=[evaluation.survey_round_id]) in mine
    )
    _answer(evaluation, adopters[0], staff, problems="接口不统一")
    client.force_login(secretariat)
    page = client.get(reverse("standards:evaluation", args=[evaluation.pk])).content.decode()
    assert "1 of 2 adopters answered (50%)" in page
    assert reverse("surveys:responses", args=[evaluation.survey_round_id]) in page
    assert "Applied in full · 1" in page


def test_the_conclusion_is_refused_before_any_adopter_answered(secretariat, in_force, adopters):
    evaluation = evaluations.start_evaluation(
        actor=secretariat, standard=in_force, collection_ends=_ends()
    )
    with pytest.raises(ValidationError, match="No adopter has answered the survey yet"):
        evaluations.record_conclusion(
            actor=secretariat, evaluation=evaluation, result="effective", conclusion="好"
        )
    evaluation.refresh_from_db()
    assert evaluation.result == "" and evaluation.survey_round.status == RoundStatus.COLLECTING


def test_an_evaluation_without_a_survey_round_takes_no_conclusion(secretariat, in_force):
    legacy = Evaluation.objects.create(standard=in_force, held_on=timezone.localdate())
    with pytest.raises(ValidationError, match="has no survey round"):
        evaluations.record_conclusion(
            actor=secretariat, evaluation=legacy, result="effective", conclusion="好"
        )


def test_the_conclusion_takes_its_figures_from_the_round_and_the_public_reads_it(
    client, secretariat, in_force, adopters
):
    evaluation = evaluations.start_evaluation(
        actor=secretariat, standard=in_force, collection_ends=_ends()
    )
    _answer(evaluation, adopters[1])
    client.force_login(secretariat)
    client.post(
        reverse("standards:evaluation", args=[evaluation.pk]),
        {"result": "effective", "conclusion": "标准实施效果良好，建议继续推广。"},
    )
    evaluation.refresh_from_db()
    assert (evaluation.adopters_surveyed, evaluation.responses) == (2, 1)
    assert evaluation.survey_round.status == RoundStatus.CLOSED
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("standards:standard", args=[in_force.pk])).content.decode()
    assert "标准实施效果良好，建议继续推广。" in page
    assert "1 of 2 adopters answered (50%)" in page
    # The round is closed: no more answers.
    with pytest.raises(ValidationError, match="not collecting"):
        _answer(evaluation, adopters[0])
    assert Response.objects.count() == 1


def test_a_conclusion_without_a_result_is_refused_on_the_page(
    client, secretariat, in_force, adopters
):
    evaluation = evaluations.start_evaluation(
        actor=secretariat, standard=in_force, collection_ends=_ends()
    )
    _answer(evaluation, adopters[0])
    client.force_login(secretariat)
    response = client.post(
        reverse("standards:evaluation", args=[evaluation.pk]), {"result": "", "conclusion": ""}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.result == ""


def test_a_standard_without_adopters_is_not_evaluated(secretariat, in_force):
    with pytest.raises(ValidationError, match="No unit has declared it applies this standard"):
        evaluations.start_evaluation(actor=secretariat, standard=in_force, collection_ends=_ends())
    assert not Evaluation.objects.exists()


def test_an_adopter_without_a_district_is_named(secretariat, in_force, adopters):
    nowhere = make_unit(key="adopter-c", name="无区县企业", kind=UnitKind.ENTERPRISE)
    services.declare_adoption(actor=secretariat, standard=in_force, unit=nowhere, reference="Q/C")
    with pytest.raises(ValidationError, match="无区县企业"):
        evaluations.start_evaluation(actor=secretariat, standard=in_force, collection_ends=_ends())
    assert not Evaluation.objects.exists() and not Site.objects.exists()


def test_a_second_evaluation_waits_for_the_first_ones_conclusion(secretariat, in_force, adopters):
    evaluations.start_evaluation(actor=secretariat, standard=in_force, collection_ends=_ends())
    with pytest.raises(ValidationError, match="under way"):
        evaluations.start_evaluation(actor=secretariat, standard=in_force, collection_ends=_ends())
    assert Evaluation.objects.count() == 1


def test_a_standard_not_in_force_is_not_evaluated(client, secretariat, enterprise):
    standard = in_comment(secretariat, enterprise)
    client.force_login(secretariat)
    response = client.post(
        reverse("standards:evaluate", args=[standard.pk]),
        {"collection_ends": _ends().isoformat()},
    )
    assert response.status_code == 400
    assert "evaluated while it is in force" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_the_secretariat_starts_an_evaluation_from_the_standards_page(
    client, secretariat, in_force, adopters
):
    client.force_login(secretariat)
    response = client.post(
        reverse("standards:evaluate", args=[in_force.pk]),
        {"collection_ends": _ends().isoformat()},
        follow=True,
    )
    page = response.content.decode()
    assert "0 of 2 adopters answered (0%)" in page
    assert Evaluation.objects.get().survey_round.responses.count() == 0
