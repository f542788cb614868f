"""Who may do what in recognition programs.

The secretariat runs rounds; applicants see their own applications (never reviewers or
scores); recommending units endorse; a reviewer opens only applications assigned to them
without a conflict of interest.
"""

import rules

from qualitymonth.organizations.models import Role
from qualitymonth.organizations.rules import is_secretariat
from qualitymonth.organizations.selectors import staff_unit_ids, units_acted_for


@rules.predicate
def is_applicant(user, application) -> bool:
    """Who created it, or staff of the applying unit."""
    if application is None or not user.is_authenticated:
        return False
    if application.created_by_id == user.pk:
        return True
    return (
        application.applicant_unit_id is not None
        and application.applicant_unit_id in staff_unit_ids(user)
    )


@rules.predicate
def recommends(user, application) -> bool:
    """Unit administrators of the recommending unit, once the application is submitted."""
    from qualitymonth.awards.models import ApplicationStatus

    if application is None or application.recommending_unit_id is None:
        return False
    if application.status == ApplicationStatus.DRAFT:
        return False
    # Administrators of the recommending unit itself, not of the units above it.
    units = units_acted_for(user, Role.UNIT_ADMIN, below=False)
    return application.recommending_unit_id in units


@rules.predicate
def reviews_without_conflict(user, assignment) -> bool:
    """The assigned reviewer, while assigned and free of any conflict of interest."""
    from qualitymonth.awards.models import AssignmentStatus
    from qualitymonth.awards.services.assignment import conflict_reason

    if assignment is None or not user.is_authenticated:
        return False
    if assignment.reviewer_id != user.pk or assignment.status != AssignmentStatus.ASSIGNED:
        return False
    return conflict_reason(user, assignment.application) is None


@rules.predicate
def is_reviewer(user) -> bool:
    return user.is_authenticated and (user.award_assignments.exists() or user.award_panels.exists())


rules.add_perm("awards.manage_round", is_secretariat)
rules.add_perm("awards.open_application", is_secretariat | is_applicant | recommends)
rules.add_perm("awards.edit_application", is_applicant)
rules.add_perm("awards.recommend_application", recommends)
rules.add_perm("awards.review_application", reviews_without_conflict)
rules.add_perm("awards.use_review_desk", is_reviewer)
rules.add_perm("awards.see_scores", is_secretariat)
rules.add_perm("awards.see_objector", is_secretariat)

for model in (
    "program",
    "rubric",
    "criterion",
    "round",
    "grade",
    "formfield",
    "attachmentkind",
    "application",
    "attachment",
    "panel",
    "conflict",
    "assignment",
    "review",
    "score",
    "notice",
    "objection",
    "certificate",
):
    for verb in ("view", "add", "change", "delete"):
        rules.add_perm(f"awards.{verb}_{model}", is_secretariat)
