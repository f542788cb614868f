"""Who may do what in surveys.

The secretariat runs evaluations and alone sees raw answers; an inspector sees and answers
only the rounds they are assigned; published indices are public.
"""

import rules

from qualitymonth.organizations.rules import is_secretariat


@rules.predicate
def is_assigned_inspector(user, round_) -> bool:
    if round_ is None or not user.is_authenticated:
        return False
    return round_.inspectors.filter(pk=user.pk).exists()


@rules.predicate
def is_collecting(user, round_) -> bool:
    from qualitymonth.surveys.models import RoundStatus

    return round_ is not None and round_.status == RoundStatus.COLLECTING


rules.add_perm("surveys.manage", is_secretariat)
rules.add_perm("surveys.view_round", is_secretariat | is_assigned_inspector)
rules.add_perm("surveys.collect", is_collecting & (is_secretariat | is_assigned_inspector))
rules.add_perm("surveys.view_answers", is_secretariat)

# The admin, where the secretariat edits evaluations, systems, rounds, instruments and the frame.
for _model in ("evaluation", "indicatorsystem", "node", "round", "instrument", "site", "industry"):
    for _verb in ("view", "add", "change", "delete"):
        if _model == "round" and _verb == "view":
            continue  # declared above: inspectors see their rounds too
        rules.add_perm(f"surveys.{_verb}_{_model}", is_secretariat)
