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


rules.add_perm(
    "quality.see_stage_scores",
    is_secretariat | reviews_this_stage | reviews_a_stage_of_a_sharing_program,
)
rules.add_perm("quality.keep_records", is_staff_of_some_unit | is_secretariat)
rules.add_perm("quality.open_record", keeps_records_of | is_secretariat)
rules.add_perm("quality.edit_record", keeps_records_of)
rules.add_perm("quality.manage", is_secretariat)
rules.add_perm("quality.see_figures", rules.always_allow)
