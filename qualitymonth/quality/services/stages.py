"""Running a staged program: making its stages, opening them in order, closing them by quota
and ranking, applying with a result, and recording what the national body decided.

The review itself (panels, conflicts, assignments, scores, 公示 and objections) is the
awards app's, run on each stage's round through awards.services.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.awards import selectors as award_selectors
from qualitymonth.awards import services as awards
from qualitymonth.awards.models import ApplicationStatus, NoticeKind, ObjectionStatus, RoundStatus
from qualitymonth.core.services import log_action
from qualitymonth.quality.models import (
    Advancement,
    NationalOutcome,
    Result,
    Stage,
    StagedProgram,
    StageLevel,
    StageStatus,
)


@transaction.atomic
def create_staged_program(
    *,
    actor,
    program,
    year: int,
    title: str,
    stages: list[dict],
    closes_at,
    share_scores=False,
    is_demo=False,
) -> StagedProgram:
    """`stages`: in order, each {"level", "quota", "rubric", "needs_notice"} and optionally
    "name"; each stage gets its own round with its own copy of the rubric. Every stage is
    checked before anything is made."""
    if not stages:
        raise ValidationError(_("A staged program needs at least one stage."))
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the program's title.")})
    for position, spec in enumerate(stages, start=1):
        if spec.get("level") not in StageLevel.values:
            raise ValidationError(
                _("Stage %(position)s: choose its level.") % {"position": position}
            )
        if spec.get("rubric") is None:
            raise ValidationError(
                _("Stage %(position)s: choose the scoring table.") % {"position": position}
            )
    staged = StagedProgram.objects.create(
        program=program, year=year, title=title, share_scores=share_scores, is_demo=is_demo
    )
    for position, spec in enumerate(stages, start=1):
        if int(spec["quota"]) < 1:
            raise ValidationError({"quota": _("Each stage lets at least one entry move on.")})
        rubric = awards.copy_rubric(actor=actor, rubric=spec["rubric"])
        round_ = awards.create_round(
            actor=actor,
            program=program,
            year=year,
            title=f"{title}（{spec.get('name') or position}）",
            rubric=rubric,
            closes_at=closes_at,
            min_reviews=spec.get("min_reviews", 1),
            is_demo=is_demo,
        )
        Stage.objects.create(
            program=staged,
            position=position,
            level=spec["level"],
            name=(spec.get("name") or "").strip()[:200],
            round=round_,
            quota=spec["quota"],
            needs_notice=spec.get("needs_notice", False),
        )
    log_action(actor=actor, action="quality_program.create", obj=staged)
    return staged


def _previous(stage: Stage) -> Stage | None:
    return (
        Stage.objects.filter(program_id=stage.program_id, position__lt=stage.position)
        .order_by("-position")
        .first()
    )


@transaction.atomic
def open_stage(*, actor, stage) -> Stage:
    """The first stage publishes its call; a later one opens only once the previous one is
    closed, and carries the entries that moved on into its own round for review."""
    stage = Stage.objects.select_for_update(of=("self",)).select_related("round").get(pk=stage.pk)
    if stage.status != StageStatus.WAITING:
        raise ValidationError(_("This stage is already open or closed."))
    previous = _previous(stage)
    if previous is not None and previous.status != StageStatus.CLOSED:
        raise ValidationError(
            _("The previous stage (%(stage)s) is not closed yet; open this one once it is.")
            % {"stage": previous.get_level_display()}
        )
    if previous is None:
        awards.open_call(actor=actor, round=stage.round)
    else:
        awards.start_review(actor=actor, round=stage.round)
        for advancement in previous.advancements.filter(moved_on=True).select_related(
            "application"
        ):
            advancement.next_application = awards.carry_application(
                actor=actor, application=advancement.application, round=stage.round
            )
            advancement.save(update_fields=["next_application"])
    stage.status = StageStatus.OPEN
    stage.opened_at = timezone.now()
    stage.save(update_fields=["status", "opened_at"])
    log_action(actor=actor, action="quality_stage.open", obj=stage)
    return stage


def _check_notice(stage: Stage) -> None:
    round_ = stage.round
    if round_.status != RoundStatus.NOTICE:
        raise ValidationError(
            _("This stage puts its list on public notice first: publish the proposed list.")
        )
    notice = round_.notices.filter(kind=NoticeKind.PROPOSED).first()
    if notice and timezone.localdate() <= notice.ends_on:
        raise ValidationError(
            _("The notice period runs until %(day)s.") % {"day": notice.ends_on.isoformat()}
        )
    if notice and notice.objections.filter(status=ObjectionStatus.OPEN).exists():
        raise ValidationError(_("Resolve every objection before closing the stage."))


def moving_on(stage: Stage, ranking) -> list:
    """The ranking's best `quota` scored entries (on notice: only those still proposed)."""
    eligible = [row for row in ranking if row.combined is not None]
    if stage.needs_notice:
        eligible = [r for r in eligible if r.application.status == ApplicationStatus.PROPOSED]
    return eligible[: stage.quota]


@transaction.atomic
def close_stage(*, actor, stage) -> list[Advancement]:
    """Rank the stage's entries, let the best `quota` move on, and end the stage's round.
    The last stage's entries that moved on are recommended to the national body."""
    stage = (
        Stage.objects.select_for_update(of=("self",))
        .select_related("round__rubric", "round__program", "program")
        .get(pk=stage.pk)
    )
    if stage.status != StageStatus.OPEN:
        raise ValidationError(_("Only an open stage can be closed."))
    if stage.needs_notice:
        _check_notice(stage)
    elif stage.round.status != RoundStatus.REVIEW:
        raise ValidationError(_("Close the applications first: the stage is not under review."))
    ranking = award_selectors.ranking_of(stage.round)
    if not any(row.combined is not None for row in ranking):
        raise ValidationError(_("No entry of this stage has a score yet."))
    chosen = {row.application.pk for row in moving_on(stage, ranking)}
    advancements = [
        Advancement.objects.create(
            stage=stage,
            application=row.application,
            rank=row.rank,
            score=None if row.combined is None else Decimal(str(round(row.combined, 2))),
            moved_on=row.application.pk in chosen,
        )
        for row in ranking
    ]
    awards.conclude_round(actor=actor, round=stage.round, chosen=chosen)
    stage.status = StageStatus.CLOSED
    stage.closed_at = timezone.now()
    stage.save(update_fields=["status", "closed_at"])
    if not Stage.objects.filter(program_id=stage.program_id, position__gt=stage.position).exists():
        for advancement in advancements:
            if advancement.moved_on:
                NationalOutcome.objects.create(
                    program=stage.program,
                    application=advancement.application,
                    recommended_at=stage.closed_at,
                )
    log_action(
        actor=actor,
        action="quality_stage.close",
        obj=stage,
        changes={"status": [StageStatus.OPEN, StageStatus.CLOSED], "moved_on": [None, len(chosen)]},
    )
    return advancements


@transaction.atomic
def apply_with_result(*, actor, result: Result, stage: Stage) -> Result:
    """An enterprise enters its team's result in the program's first stage."""
    result = (
        Result.objects.select_for_update(of=("self",))
        .select_related("registration__team__enterprise")
        .get(pk=result.pk)
    )
    if result.application_id is not None:
        raise ValidationError(_("This result is already entered in a program."))
    stage = Stage.objects.select_related("round__program").get(pk=stage.pk)
    if stage.position != 1 or stage.status != StageStatus.OPEN:
        raise ValidationError(_("Results are entered in the first stage while it is open."))
    team = result.registration.team
    application = awards.start_application(actor=actor, round=stage.round, unit=team.enterprise)
    awards.update_application(
        actor=actor,
        application=application,
        title=result.title,
        holder_name=f"{team.enterprise.name} {team.name}",
        recommending_unit=None,
        answers={},
    )
    awards.submit_application(actor=actor, application=application)
    result.application = application
    result.save(update_fields=["application"])
    log_action(
        actor=actor, action="quality_result.apply", obj=result, changes={"stage": [None, stage.pk]}
    )
    return result


@transaction.atomic
def record_outcome(
    *, actor, outcome: NationalOutcome, awarded: bool, grade: str = ""
) -> NationalOutcome:
    outcome = NationalOutcome.objects.select_for_update().get(pk=outcome.pk)
    if awarded and not grade.strip():
        raise ValidationError({"grade": _("Give the grade the national body awarded.")})
    before = [outcome.awarded, outcome.grade]
    outcome.awarded = awarded
    outcome.grade = grade.strip() if awarded else ""
    outcome.recorded_at = timezone.now()
    outcome.save(update_fields=["awarded", "grade", "recorded_at"])
    log_action(
        actor=actor,
        action="quality_outcome.record",
        obj=outcome.application,
        changes={"outcome": [before, [outcome.awarded, outcome.grade]]},
    )
    return outcome
