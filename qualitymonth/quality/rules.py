"""Who may do what with quality teams, staged programs and enterprise records.

An enterprise's staff (administrators and reporters) keep its teams, results, CSR reports and
honours; the secretariat sees and checks everything; reviewers see a stage they sit on.
Another unit's records answer 404 (selectors ask `require_perm_or_404`).
"""

import rules

from qualitymonth.organizations.rules import is_secretariat, is_staff_of_some_unit
from qualitymonth.organizations.selectors import staff_unit_ids


def _unit_id(obj):
    """The enterprise that owns a team, registration, result, report or honour."""
    for path in (
        "enterprise_id",
        "team.enterprise_id",
        "registration.team.enterprise_id",
        "result.registration.team.enterprise_id",
    ):
        value = obj
        try:
            for part in path.split("."):
                value = getattr(value, part)
        except AttributeError:
            continue
        return value
    return None


@rules.predicate
def keeps_records_of(user, obj) -> bool:
    """Staff of the owning enterprise (or of a unit above it)."""
    if obj is None or not user.is_authenticated:
        return False
    return _unit_id(obj) in staff_unit_ids(user)


@rules.predicate
def reviews_this_stage(user, stage) -> bool:
    from qualitymonth.awards.selectors import reviews_in_rounds

    return stage is not None and reviews_in_rounds(user, [stage.round_id])


@rules.predicate
def reviews_a_stage_of_a_sharing_program(user, stage) -> bool:
    """Reviewers of any stage, when the program lets them see every stage's scores."""
    from qualitymonth.awards.selectors import reviews_in_rounds

    if stage is None or not stage.program.share_scores:
        return False
    rounds = stage.program.stages.values_list("round_id", flat=True)
    return reviews_in_rounds(user, list(rounds))


def reviewed_programs(user) -> list[int]:
    """Staged programs with a stage the person reviews (on a panel or assigned an entry)."""
    from qualitymonth.awards.models import Assignment, Panel
    from qualitymonth.quality.models import Stage

    if not user.is_authenticated:
        return []
    rounds = set(Panel.objects.filter(reviewers=user).values_list("round_id", flat=True))
    rounds |= set(
        Assignment.objects.filter(reviewer=user).values_list("application__round_id", flat=True)
    )
    return list(
        Stage.objects.filter(round_id__in=rounds).values_list("program_id", flat=True).distinct()
    )


@rules.predicate
def reviews_the_program_of(user, benefit) -> bool:
    """A reviewer of any stage of the staged program the benefit's result was entered in."""
    from qualitymonth.quality.models import Stage

    if benefit is None or not user.is_authenticated or not benefit.result.application_id:
        return False
    program = (
        Stage.objects.filter(round__applications=benefit.result.application_id)
        .values_list("program_id", flat=True)
        .first()
    )
    return program is not None and program in reviewed_programs(user)


@rules.predicate
def reviews_in_the_assessments_year(user, assessment) -> bool:
    """A reviewer of a stage of a staged program of the self-assessment's year: the year's
    panels are the association's experts, who may also score a GB/T 19580 self-assessment."""
    from qualitymonth.quality.models import StagedProgram

    if assessment is None or not user.is_authenticated:
        return False
    return StagedProgram.objects.filter(
        pk__in=reviewed_programs(user), year=assessment.year
    ).exists()


rules.add_perm(
    "quality.see_stage_scores",
    is_secretariat | reviews_this_stage | reviews_a_stage_of_a_sharing_program,
)
rules.add_perm("quality.keep_records", is_staff_of_some_unit | is_secretariat)
rules.add_perm("quality.open_record", keeps_records_of | is_secretariat)
rules.add_perm("quality.edit_record", keeps_records_of)
rules.add_perm("quality.manage", is_secretariat)
# Scoring a submitted self-assessment: the secretariat, or a reviewer of the year's programs
# who does not keep the enterprise's own records.
rules.add_perm(
    "quality.score_assessment",
    is_secretariat | (reviews_in_the_assessments_year & ~keeps_records_of),
)
# The secretariat, or a reviewer of the program the result was entered in who does not keep
# the enterprise's own records (no one confirms their own figures).
rules.add_perm(
    "quality.confirm_benefit", is_secretariat | (reviews_the_program_of & ~keeps_records_of)
)
rules.add_perm("quality.see_figures", rules.always_allow)
