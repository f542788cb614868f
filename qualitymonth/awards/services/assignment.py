"""Who reviews what: conflicts of interest, assignment by hand or automatically, recusal."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from qualitymonth.awards.models import (
    Application,
    ApplicationStatus,
    Assignment,
    AssignmentStatus,
    Conflict,
    RoundStatus,
)
from qualitymonth.core import conflicts
from qualitymonth.core.services import log_action
from qualitymonth.organizations.models import User
from qualitymonth.organizations.selectors import units_acted_for, units_below


def _units_of(reviewer) -> frozenset[int]:
    """Every unit where the reviewer holds any role, and the units below them."""
    return units_acted_for(reviewer, below=True)


def conflict_reason(reviewer, application, *, units: set[int] | None = None) -> str | None:
    """Why `reviewer` must not review `application`, or None when nothing stands in the way.

    The rule is core's, shared with the standards' review panel. `units` (the reviewer's
    units and those below) may be passed by a caller that asks about many applications, so
    the unit tree is walked once per reviewer.
    """
    if application.created_by_id == reviewer.pk:
        return _("The reviewer made this application.")
    return conflicts.conflict_reason(
        expert_units=_units_of(reviewer) if units is None else units,
        parties=_parties(application),
        declared=lambda: _declared_conflict(reviewer, application),
        recusal=lambda: _recusal(reviewer, application),
    )


def _parties(application) -> list[conflicts.Party]:
    return [
        conflicts.Party(
            application.applicant_unit_id, _("The reviewer works at the applying unit.")
        ),
        conflicts.Party(
            application.recommending_unit_id, _("The reviewer works at the recommending unit.")
        ),
    ]


def _recusal(reviewer, application) -> str | None:
    recused = application.assignments.filter(
        reviewer=reviewer, status=AssignmentStatus.RECUSED
    ).first()
    return None if recused is None else recused.recusal_reason


def _declared_conflict(reviewer, application) -> Conflict | None:
    """A conflict declared with the application, or with its applying or recommending unit
    or a unit above either of them."""
    declared = list(Conflict.objects.filter(round_id=application.round_id, reviewer=reviewer))
    for conflict in declared:
        if conflict.application_id == application.pk:
            return conflict
    return conflicts.covering_declaration(declared, _parties(application), units_below)


def reviewers_of(round_):
    """Everyone on one of the round's panels."""
    return User.objects.filter(award_panels__round=round_, is_active=True).distinct()


def _load(round_, reviewer) -> int:
    return Assignment.objects.filter(
        application__round=round_, reviewer=reviewer, status=AssignmentStatus.ASSIGNED
    ).count()


def _check_reviewing(round_) -> None:
    if round_.status != RoundStatus.REVIEW:
        raise ValidationError(_("Reviews are assigned while the round is under review."))


@transaction.atomic
def assign_reviewer(*, actor, application, reviewer) -> Assignment:
    application = Application.objects.select_for_update().get(pk=application.pk)
    round_ = application.round
    _check_reviewing(round_)
    if application.status != ApplicationStatus.IN_REVIEW:
        raise ValidationError(_("Only applications under review get reviewers."))
    if not reviewers_of(round_).filter(pk=reviewer.pk).exists():
        raise ValidationError(
            {"reviewer": _("%(name)s is not on a panel of this round.") % {"name": reviewer}}
        )
    reason = conflict_reason(reviewer, application)
    if reason is not None:
        raise ValidationError({"reviewer": ValidationError(reason, code="conflict")})
    if application.assignments.filter(reviewer=reviewer).exists():
        raise ValidationError({"reviewer": _("This reviewer is already assigned.")})
    if _load(round_, reviewer) >= round_.reviewer_cap:
        message = _("%(name)s already has %(cap)s applications, the most allowed.") % {
            "name": reviewer,
            "cap": round_.reviewer_cap,
        }
        raise ValidationError({"reviewer": ValidationError(message, code="cap")})
    assignment = Assignment.objects.create(application=application, reviewer=reviewer)
    log_action(
        actor=actor,
        action="award_assignment.create",
        obj=assignment,
        changes={"reviewer": [None, reviewer.username], "application": [None, application.pk]},
    )
    return assignment


@transaction.atomic
def auto_assign(*, actor, round) -> tuple[int, list[Application]]:
    """Fill every application up to the round's reviews per application.

    The least-loaded eligible reviewer goes first, never past the cap nor across a conflict.
    Returns the number of assignments made and the applications still short of reviewers.
    """
    _check_reviewing(round)
    pool = list(reviewers_of(round).order_by("pk"))
    units_of = {reviewer.pk: _units_of(reviewer) for reviewer in pool}
    load = {
        row["reviewer"]: row["n"]
        for row in Assignment.objects.filter(
            application__round=round, status=AssignmentStatus.ASSIGNED
        )
        .values("reviewer")
        .annotate(n=Count("pk"))
    }
    applications = (
        round.applications.filter(status=ApplicationStatus.IN_REVIEW)
        .annotate(
            active=Count("assignments", filter=Q(assignments__status=AssignmentStatus.ASSIGNED))
        )
        .order_by("active", "pk")
    )
    made, short = 0, []
    for application in applications:
        taken = set(application.assignments.values_list("reviewer_id", flat=True))
        needed = round.min_reviews - application.active
        candidates = sorted(
            (
                reviewer
                for reviewer in pool
                if reviewer.pk not in taken
                and load.get(reviewer.pk, 0) < round.reviewer_cap
                and conflict_reason(reviewer, application, units=units_of[reviewer.pk]) is None
            ),
            key=lambda reviewer: (load.get(reviewer.pk, 0), reviewer.pk),
        )
        for reviewer in candidates[: max(needed, 0)]:
            assignment = Assignment.objects.create(application=application, reviewer=reviewer)
            log_action(
                actor=actor,
                action="award_assignment.create",
                obj=assignment,
                changes={"reviewer": [None, reviewer.username], "automatic": [None, True]},
            )
            load[reviewer.pk] = load.get(reviewer.pk, 0) + 1
            made += 1
            needed -= 1
        if needed > 0:
            short.append(application)
    return made, short


@transaction.atomic
def declare_conflict(*, actor, round, reviewer, reason: str, unit=None, application=None):
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the conflict of interest is.")})
    if unit is None and application is None:
        raise ValidationError(_("Name the unit or the application."))
    conflict = Conflict.objects.create(
        round=round, reviewer=reviewer, unit=unit, application=application, reason=reason.strip()
    )
    log_action(actor=actor, action="award_conflict.declare", obj=conflict)
    # How many assignments it recused, for the message to whoever declared it.
    conflict.recused_count = apply_conflict(actor=actor, conflict=conflict)
    return conflict


def apply_conflict(*, actor, conflict) -> int:
    """A conflict found after assignment: the reviewer's assignments it covers are recused,
    so their scores stop counting. Returns how many were."""
    affected = [
        assignment
        for assignment in Assignment.objects.filter(
            application__round_id=conflict.round_id,
            reviewer_id=conflict.reviewer_id,
            status=AssignmentStatus.ASSIGNED,
        ).select_related("application")
        if _declared_conflict(conflict.reviewer, assignment.application) is not None
    ]
    for assignment in affected:
        assignment.status = AssignmentStatus.RECUSED
        assignment.recusal_reason = conflict.reason[:300]
        assignment.save(update_fields=["status", "recusal_reason"])
        log_action(
            actor=actor,
            action="award_assignment.recuse",
            obj=assignment,
            changes={
                "status": [AssignmentStatus.ASSIGNED, AssignmentStatus.RECUSED],
                "conflict": [None, conflict.pk],
            },
        )
    return len(affected)


@transaction.atomic
def recuse(*, actor, assignment, reason: str) -> Assignment:
    """The reviewer steps back; what they had entered stays, but no longer counts."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you step back from this application.")})
    if assignment.status == AssignmentStatus.RECUSED:
        raise ValidationError(_("You have already stepped back from this application."))
    if hasattr(assignment, "review") and assignment.review.is_locked:
        raise ValidationError(_("The review is submitted; ask the secretariat to reopen it."))
    assignment.status = AssignmentStatus.RECUSED
    assignment.recusal_reason = reason.strip()[:300]
    assignment.save(update_fields=["status", "recusal_reason"])
    log_action(
        actor=actor,
        action="award_assignment.recuse",
        obj=assignment,
        changes={"status": [AssignmentStatus.ASSIGNED, AssignmentStatus.RECUSED]},
    )
    return assignment
