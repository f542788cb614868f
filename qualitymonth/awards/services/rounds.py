"""A round's steps run by the secretariat: the call, the end of applications, the grades."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.awards.models import (
    Application,
    ApplicationStatus,
    Criterion,
    Round,
    RoundStatus,
    Rubric,
)
from qualitymonth.core.services import log_action


def _move(round_: Round, *, actor, to: str, action: str, fields=()) -> Round:
    before = round_.status
    round_.status = to
    round_.save(update_fields=["status", *fields])
    log_action(actor=actor, action=action, obj=round_, changes={"status": [before, to]})
    return round_


@transaction.atomic
def open_call(*, actor, round) -> Round:
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != RoundStatus.DRAFT:
        raise ValidationError(_("The call of this round is already published."))
    if round.rubric is None or not round.rubric.criteria.exists():
        raise ValidationError(_("Give the round a rubric with criteria before the call."))
    if round.closes_at <= timezone.now():
        raise ValidationError({"closes_at": _("The deadline must be in the future.")})
    round.published_at = timezone.now()
    return _move(
        round, actor=actor, to=RoundStatus.OPEN, action="award_round.open", fields=["published_at"]
    )


@transaction.atomic
def close_applications(*, actor, round) -> Round:
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is not taking applications."))
    if timezone.now() <= round.closes_at:
        raise ValidationError(_("Applications stay open until the deadline."))
    return _move(round, actor=actor, to=RoundStatus.REVIEW, action="award_round.review")


@transaction.atomic
def copy_rubric(*, actor, rubric, name: str = "") -> Rubric:
    """A round's own copy of a template, so later edits of the template change no round."""
    copy = Rubric.objects.create(
        name=name or rubric.name,
        name_zh_hant=rubric.name_zh_hant,
        name_en=rubric.name_en,
        source=rubric.source,
    )
    Criterion.objects.bulk_create(
        Criterion(
            rubric=copy,
            position=c.position,
            name=c.name,
            name_zh_hant=c.name_zh_hant,
            name_en=c.name_en,
            guidance=c.guidance,
            guidance_zh_hant=c.guidance_zh_hant,
            guidance_en=c.guidance_en,
            max_points=c.max_points,
            weight=c.weight,
        )
        for c in rubric.criteria.all()
    )
    log_action(
        actor=actor, action="award_rubric.copy", obj=copy, changes={"from": [None, rubric.pk]}
    )
    return copy


@transaction.atomic
def propose_grades(*, actor, round, grades: dict[int, int | None]) -> int:
    """Set the proposed grade of applications (id → grade id or None); returns how many changed."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != RoundStatus.REVIEW:
        raise ValidationError(_("Grades are proposed while the round is under review."))
    valid = {grade.pk: grade for grade in round.grades.all()}
    changed = 0
    applications = Application.objects.select_for_update().filter(
        round=round, status=ApplicationStatus.IN_REVIEW, pk__in=list(grades)
    )
    for application in applications:
        grade_id = grades[application.pk]
        if grade_id is not None and grade_id not in valid:
            raise ValidationError(_("Choose one of the round's grades."))
        if application.grade_id == grade_id:
            continue
        before = application.grade.name if application.grade else None
        application.grade_id = grade_id
        application.save(update_fields=["grade"])
        log_action(
            actor=actor,
            action="award_application.grade",
            obj=application,
            changes={"grade": [before, valid[grade_id].name if grade_id else None]},
        )
        changed += 1
    return changed


@transaction.atomic
def create_round(
    *, actor, program, year: int, title: str, rubric, closes_at, min_reviews: int = 1, **extra
) -> Round:
    """A round made by another module (a stage of a staged program), in preparation."""
    round_ = Round.objects.create(
        program=program,
        year=year,
        title=title,
        rubric=rubric,
        closes_at=closes_at,
        min_reviews=min_reviews,
        **extra,
    )
    log_action(actor=actor, action="award_round.create", obj=round_)
    return round_


@transaction.atomic
def start_review(*, actor, round) -> Round:
    """A round fed by an earlier one takes no call: from preparation straight to review."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != RoundStatus.DRAFT:
        raise ValidationError(_("This round has already started."))
    if round.rubric is None or not round.rubric.criteria.exists():
        raise ValidationError(_("Give the round a rubric with criteria before the review."))
    return _move(round, actor=actor, to=RoundStatus.REVIEW, action="award_round.review")


@transaction.atomic
def carry_application(*, actor, application, round) -> Application:
    """The same entry in a later round (the next stage), under review there at once."""
    copy = Application.objects.create(
        round=round,
        title=application.title,
        holder_name=application.holder_name,
        applicant_unit=application.applicant_unit,
        created_by=application.created_by,
        answers=application.answers,
        status=ApplicationStatus.IN_REVIEW,
        submitted_at=timezone.now(),
        is_demo=application.is_demo,
    )
    log_action(
        actor=actor,
        action="award_application.carry",
        obj=copy,
        changes={"from": [None, application.pk]},
    )
    return copy


@transaction.atomic
def conclude_round(*, actor, round, chosen: set[int]) -> Round:
    """End a round without certificates: the chosen entries recognised, the rest not."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status not in (RoundStatus.REVIEW, RoundStatus.NOTICE):
        raise ValidationError(_("Only a round under review or on notice can be concluded."))
    open_ = round.applications.filter(
        status__in=[ApplicationStatus.IN_REVIEW, ApplicationStatus.PROPOSED]
    )
    open_.filter(pk__in=chosen).update(status=ApplicationStatus.AWARDED)
    open_.exclude(pk__in=chosen).update(status=ApplicationStatus.NOT_AWARDED)
    before = round.status
    round.status = RoundStatus.FINAL
    round.save(update_fields=["status"])
    log_action(
        actor=actor,
        action="award_round.conclude",
        obj=round,
        changes={"status": [before, RoundStatus.FINAL], "chosen": [None, sorted(chosen)]},
    )
    return round
