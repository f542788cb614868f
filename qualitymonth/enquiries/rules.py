"""Who may see and handle citizens' cases.

Cases are private: the secretariat sees all; case handlers of the handling unit (and of units
above it) see and handle theirs; everyone else, including other units and campaign reporters
or unit administrators without the case-handler role, is refused the desk, and a case answers
404. Citizens reach their own case by its number and their phone number, or signed in.
"""

import rules

from qualitymonth.organizations.models import Role
from qualitymonth.organizations.rules import is_secretariat
from qualitymonth.organizations.selectors import units_acted_for


def handling_unit_ids(user) -> frozenset[int]:
    """Units whose cases the user handles: where they are a case handler, and units below."""
    return units_acted_for(user, Role.CASE_HANDLER, below=True)


@rules.predicate
def handles_case(user, case) -> bool:
    if case is None:
        return False
    return case.unit_id in handling_unit_ids(user)


@rules.predicate
def handles_some_case(user) -> bool:
    return bool(handling_unit_ids(user))


rules.add_perm("enquiries.manage", is_secretariat)
rules.add_perm("enquiries.desk", is_secretariat | handles_some_case)
rules.add_perm("enquiries.view_case", is_secretariat | handles_case)
rules.add_perm("enquiries.handle_case", is_secretariat | handles_case)
rules.add_perm("enquiries.view_personal_data", is_secretariat | handles_case)

# The Django admin (the secretariat's): the catalogue is edited there; cases and their records
# are shown read-only (enquiries/admin.py), as they change only through the desk's services.
for _model in ("category", "routingrule", "timelimit", "replytemplate"):
    for _verb in ("view", "add", "change", "delete"):
        rules.add_perm(f"enquiries.{_verb}_{_model}", is_secretariat)
for _model in ("submission", "clock", "caseevent", "attachment", "notice"):
    rules.add_perm(f"enquiries.view_{_model}", is_secretariat)
