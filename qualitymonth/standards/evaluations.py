"""Implementation evaluations (实施评价): after a standard has been in force for a while the
association surveys its adopters and records the conclusion; a conclusion that the standard
should be revised is the reason a revision starts.

The survey is the surveys module's: starting an evaluation makes an evaluation there whose
sampling frame is the standard's adopters, the shipped questionnaire as its instrument, and a
round collecting answers from the adopters' staff (its inspectors). The conclusion is recorded
against that round, with the number surveyed and answered taken from it.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qualitymonth.core.imports import ImportResult
from qualitymonth.core.services import log_action
from qualitymonth.organizations.models import Position, Role
from qualitymonth.standards import questionnaire, services
from qualitymonth.standards.models import Evaluation, EvaluationResult, State
from qualitymonth.surveys import selectors as surveys
from qualitymonth.surveys.models import InstrumentKind, SiteKind, UnitOfAnalysis
from qualitymonth.surveys.services import frame, instrument_editor, rounds

# Who answers for an adopting unit: its administrators and reporters.
ANSWER_FOR = (Role.UNIT_ADMIN, Role.REPORTER)


def _open_evaluation(standard) -> Evaluation | None:
    return standard.evaluations.filter(result="").order_by("-id").first()


def _names(standard) -> dict[str, str]:
    names = {}
    for field, language in (("name", settings.LANGUAGE_CODE), ("name_en", "en")):
        with translation.override(language):
            names[field] = (
                _("Implementation evaluation of “%(title)s”") % {"title": standard.title}
            )[:200]
    return names


def _check_start(standard, adoptions, collection_ends, today) -> None:
    if standard.state != State.PUBLISHED:
        raise ValidationError(
            _("A standard is evaluated while it is in force."), code="not_in_force"
        )
    if standard.implemented_on and today < standard.implemented_on:
        raise ValidationError(_("The evaluation is dated after the standard came into force."))
    if _open_evaluation(standard) is not None:
        raise ValidationError(
            _("An evaluation of this standard is under way: record its conclusion first."),
            code="under_way",
        )
    if not adoptions:
        raise ValidationError(
            _("No unit has declared it applies this standard: an evaluation surveys adopters."),
            code="no_adopters",
        )
    nowhere = [a.unit.name for a in adoptions if a.unit.district_id is None]
    if nowhere:
        raise ValidationError(
            _("Give these adopters their district in the unit directory first: %(units)s.")
            % {"units": "、".join(nowhere)},
            code="no_district",
        )
    if collection_ends is None or collection_ends < today:
        raise ValidationError(
            {"collection_ends": _("Give the last day of the survey, from today on.")}
        )


@transaction.atomic
def start_evaluation(
    *, actor, standard, collection_ends: datetime.date, is_demo: bool = False
) -> Evaluation:
    """The evaluation and its survey round, collecting from today: every adopter is in the
    round's frame and their staff may answer."""
    standard = services._locked(standard)
    today = timezone.localdate()
    adoptions = list(
        standard.adoptions.select_related("unit", "unit__district").order_by("declared_on", "id")
    )
    _check_start(standard, adoptions, collection_ends, today)
    number = standard.evaluations.count() + 1
    survey = rounds.create_evaluation(
        actor=actor,
        key=f"standard-{standard.pk}-evaluation-{number}",
        unit_of_analysis=UnitOfAnalysis.SITE,
        **_names(standard),
    )
    instrument = instrument_editor.create_from_editor(
        evaluation=survey,
        kind=InstrumentKind.QUESTIONNAIRE,
        title=questionnaire.TITLE,
        questions=questionnaire.QUESTIONS,
        actor=actor,
    )
    frame.store_sites(
        evaluation=survey,
        result=ImportResult(),
        good=[
            {
                "code": f"A{adoption.pk}",
                "name": adoption.unit.name,
                "kind": SiteKind.ENTERPRISE,
                "district": adoption.unit.district,
                "enterprise": adoption.unit,
                "address": adoption.unit.address[:300],
            }
            for adoption in adoptions
        ],
        actor=actor,
        filename="",
    )
    answering = (
        Position.objects.filter(unit__in=[a.unit for a in adoptions], role__in=ANSWER_FOR)
        .values_list("user", flat=True)
        .distinct()
    )
    round_ = rounds.create_round(
        evaluation=survey,
        year=today.year,
        system=survey.systems.get(),
        instrument=instrument,
        actor=actor,
        collection_starts=today,
        collection_ends=collection_ends,
        inspectors=list(answering),
    )
    round_ = rounds.open_collection(round_=round_, actor=actor)
    evaluation = Evaluation.objects.create(
        standard=standard,
        held_on=today,
        survey_round=round_,
        adopters_surveyed=len(adoptions),
        survey=survey.name,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
        is_demo=is_demo,
    )
    log_action(
        actor=actor,
        action="standard.evaluation_start",
        obj=standard,
        changes={"round": [None, round_.pk], "adopters": [None, len(adoptions)]},
    )
    return evaluation


@transaction.atomic
def record_conclusion(*, actor, evaluation, result: str, conclusion: str) -> Evaluation:
    """The association's conclusion on the adopters' answers; the round stops collecting."""
    services._locked(evaluation.standard)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.result:
        raise ValidationError(_("This evaluation has its conclusion already."), code="concluded")
    round_ = evaluation.survey_round
    if round_ is None:
        raise ValidationError(
            _(
                "This evaluation has no survey round: start the evaluation, and record its "
                "conclusion once the adopters have answered."
            ),
            code="no_round",
        )
    counts = surveys.frame_response_counts(round_)
    if counts["answered"] == 0:
        raise ValidationError(
            _("No adopter has answered the survey yet: the conclusion rests on their answers."),
            code="no_answers",
        )
    errors = {}
    if result not in EvaluationResult.values:
        errors["result"] = _("Choose the result of the evaluation.")
    if not conclusion.strip():
        errors["conclusion"] = _("Write the conclusion of the evaluation.")
    if errors:
        raise ValidationError(errors)
    rounds.close_collection(round_=round_, actor=actor)
    evaluation.held_on = timezone.localdate()
    evaluation.adopters_surveyed = counts["frame"]
    evaluation.responses = counts["answered"]
    evaluation.result, evaluation.conclusion = result, conclusion.strip()
    evaluation.concluded_at = timezone.now()
    evaluation.recorded_by = actor if actor is not None and actor.is_authenticated else None
    evaluation.save()
    log_action(
        actor=actor,
        action="standard.evaluate",
        obj=evaluation.standard,
        changes={"result": [None, result], "answered": [None, counts["answered"]]},
    )
    return evaluation
