"""Scores: entered per criterion within its range, locked on submission, reopened only by the
secretariat. Every change of a score is in the audit trail."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitymonth.awards.models import Assignment, AssignmentStatus, Review, RoundStatus, Score
from qualitymonth.awards.scoring import points_text
from qualitymonth.core.services import log_action
from qualitymonth.core.versions import check_version, version_of

COMMENT_MAX = 5000


def _open_review(assignment: Assignment) -> Review:
    if assignment.status != AssignmentStatus.ASSIGNED:
        raise ValidationError(_("You stepped back from this application."))
    if assignment.application.round.status != RoundStatus.REVIEW:
        raise ValidationError(_("The review period of this round is over."))
    review, _created = Review.objects.select_for_update().get_or_create(assignment=assignment)
    if review.is_locked:
        raise ValidationError(
            _("This review is submitted and locked. Ask the secretariat to reopen it."),
            code="locked",
        )
    return review


def _plain(points: Decimal | None) -> str | None:
    """12.00 → "12", 13.50 → "13.5" for the audit trail."""
    return None if points is None else points_text(points)


def _parse_points(criterion, raw) -> tuple[Decimal | None, str | None]:
    if raw is None or str(raw).strip() == "":
        return None, None
    try:
        points = Decimal(str(raw).strip())
    except InvalidOperation:
        return None, _("%(criterion)s: enter a number.") % {"criterion": criterion.display_name}
    if not points.is_finite() or not 0 <= points <= criterion.max_points:
        return None, _("%(criterion)s: give between 0 and %(max)s points.") % {
            "criterion": criterion.display_name,
            "max": points_text(criterion.max_points),
        }
    if points != points.quantize(Decimal("0.01")):
        return None, _("%(criterion)s: use at most two decimals.") % {
            "criterion": criterion.display_name
        }
    return points, None


def review_values(review: Review | None, criteria) -> dict:
    """What the review form shows: each criterion's points and the comment."""
    stored = {}
    if review is not None and review.pk:
        stored = dict(review.scores.values_list("criterion_id", "points"))
    values = {f"criterion_{criterion.pk}": stored.get(criterion.pk) for criterion in criteria}
    values["comment"] = review.comment if review is not None else ""
    return values


def review_version(review: Review | None, criteria) -> str:
    """The version a review form is opened with (see core.versions)."""
    return version_of(review_values(review, criteria))


def _check_review_version(review: Review, criteria, version: str | None) -> None:
    """Refuse a save from a page opened before another save of this review (another tab):
    it would put back the scores that save changed. The review row is locked by now."""
    values = review_values(review, criteria)
    labels = {f"criterion_{criterion.pk}": criterion.display_name for criterion in criteria}
    labels["comment"] = _("Comment")
    display = {
        name: points_text(value) for name, value in values.items() if isinstance(value, Decimal)
    }
    check_version(version, values, labels=labels, display=display)


@transaction.atomic
def save_review(
    *, actor, assignment, points: dict, comment: str, version: str | None = None
) -> Review:
    """`points` maps criterion id to the entered value; blanks stay unscored for now.
    `version` is the one the form was opened with; a stale one is refused, nothing saved."""
    review = _open_review(assignment)
    criteria = list(assignment.application.round.rubric.criteria.all())
    _check_review_version(review, criteria, version)
    parsed, errors = {}, {}
    for criterion in criteria:
        value, error = _parse_points(criterion, points.get(criterion.pk))
        if error:
            errors[f"criterion_{criterion.pk}"] = error
        parsed[criterion.pk] = value
    if len(comment) > COMMENT_MAX:
        errors["comment"] = _("Keep the comment under %(limit)s characters.") % {
            "limit": COMMENT_MAX
        }
    if errors:
        raise ValidationError(errors)
    existing = {score.criterion_id: score for score in review.scores.all()}
    changes = {}
    for criterion in criteria:
        new, score = parsed[criterion.pk], existing.get(criterion.pk)
        old = score.points if score else None
        if new == old:
            continue
        changes[criterion.name] = [_plain(old), _plain(new)]
        if new is None:
            score.delete()
        elif score is None:
            Score.objects.create(review=review, criterion=criterion, points=new)
        else:
            score.points = new
            score.save(update_fields=["points"])
    if comment.strip() != review.comment:
        changes["comment"] = [review.comment, comment.strip()]
        review.comment = comment.strip()
    review.save()
    if changes:
        log_action(actor=actor, action="award_review.score", obj=review, changes=changes)
    return review


@transaction.atomic
def submit_review(*, actor, assignment) -> Review:
    review = _open_review(assignment)
    scored = set(review.scores.values_list("criterion_id", flat=True))
    missing = [
        criterion.display_name
        for criterion in assignment.application.round.rubric.criteria.all()
        if criterion.pk not in scored
    ]
    if missing:
        raise ValidationError(
            _("Score every criterion before submitting: %(missing)s.")
            % {"missing": "、".join(missing)},
            code="incomplete",
        )
    review.submitted_at = timezone.now()
    review.save(update_fields=["submitted_at"])
    log_action(
        actor=actor,
        action="award_review.submit",
        obj=review,
        changes={"locked": [False, True]},
    )
    return review


@transaction.atomic
def reopen_review(*, actor, review, reason: str) -> Review:
    """A secretariat action: the reviewer may change the scores again."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the review is reopened.")})
    if not review.is_locked:
        raise ValidationError(_("This review is not submitted."))
    if review.assignment.application.round.status != RoundStatus.REVIEW:
        raise ValidationError(_("The review period of this round is over."))
    review.submitted_at = None
    review.save(update_fields=["submitted_at"])
    log_action(
        actor=actor,
        action="award_review.reopen",
        obj=review,
        changes={"locked": [True, False], "reason": [None, reason.strip()]},
    )
    return review
