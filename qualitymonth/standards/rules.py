"""Who may do what with group standards, declared once for views and tests.

Before public comment a standard is its working group's (staff of the proposer and of the
drafting units) and the secretariat's: anyone else gets 404. From public comment on, the
standard and its draft are public; anyone signed in comments while the period is open.
"""

import rules

from qualitymonth.organizations.rules import is_secretariat
from qualitymonth.organizations.selectors import staff_unit_ids
from qualitymonth.standards.models import State
from qualitymonth.standards.selectors import adopting_units, proposer_choices


@rules.predicate
def in_working_group(user, standard) -> bool:
    if standard is None or not user.is_authenticated:
        return False
    units = staff_unit_ids(user)
    if not units:
        return False
    if standard.proposer_id in units:
        return True
    return any(unit.pk in units for unit in standard.drafting_units.all())


@rules.predicate
def is_staff_of_a_member_unit(user) -> bool:
    return proposer_choices(user).exists()


@rules.predicate
def is_staff_of_an_enterprise(user) -> bool:
    return adopting_units(user).exists()


@rules.predicate
def is_in_force(user, standard) -> bool:
    return standard is not None and standard.state == State.PUBLISHED


@rules.predicate
def is_public(user, standard) -> bool:
    return standard is not None and standard.is_public


rules.add_perm("standards.view_standard", is_public | in_working_group | is_secretariat)
# Any member unit proposes (its unit administrators and reporters).
rules.add_perm("standards.propose", is_staff_of_a_member_unit)
# The secretariat's standards committee: approves or turns down proposals, opens the public
# comment period, holds the review meeting, publishes, withdraws and starts revisions.
rules.add_perm("standards.approve", is_secretariat)
rules.add_perm("standards.manage", is_secretariat)
rules.add_perm("standards.answer", in_working_group | is_secretariat)
rules.add_perm("standards.draft", in_working_group)
rules.add_perm("standards.comment", rules.is_authenticated & is_public)
# Enterprises (their unit administrators and reporters) declare they apply a standard in force.
rules.add_perm("standards.adopt", is_in_force & is_staff_of_an_enterprise)
