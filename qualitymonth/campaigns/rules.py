"""Who may do what in campaigns: the secretariat runs them, responsible units report on them."""

import rules

from qualitymonth.organizations.models import STAFF_ROLES
from qualitymonth.organizations.rules import is_secretariat, is_staff_of, is_staff_of_some_unit
from qualitymonth.organizations.selectors import staff_unit_ids

# Who reports for a unit: its staff (organizations' STAFF_ROLES: unit admins and reporters),
# for their unit and the units below it.
REPORTING_ROLES = STAFF_ROLES
reports_for_some_unit = is_staff_of_some_unit
reports_for = is_staff_of


def reporting_unit_ids(user) -> frozenset[int]:
    """Units the user may report for: the shared acting-for selector (memoised per request)
    asked for the staff roles, with the units below."""
    return staff_unit_ids(user)


@rules.predicate
def is_responsible_for(user, action) -> bool:
    if action is None:
        return False
    units = reporting_unit_ids(user)
    if not units:
        return False
    return action.lead_unit_id in units or action.co_units.filter(pk__in=units).exists()


@rules.predicate
def files_activity(user, activity) -> bool:
    return activity is not None and activity.unit_id in reporting_unit_ids(user)


@rules.predicate
def is_under_review_or_returned(user, activity) -> bool:
    return activity is not None and activity.state != "accepted"


rules.add_perm("campaigns.manage_campaign", is_secretariat)
rules.add_perm("campaigns.review_report", is_secretariat)
rules.add_perm("campaigns.use_workspace", is_secretariat | reports_for_some_unit)
rules.add_perm("campaigns.open_action", is_secretariat | is_responsible_for)
rules.add_perm("campaigns.report_progress", is_responsible_for)
rules.add_perm("campaigns.file_activity", reports_for_some_unit)
rules.add_perm("campaigns.file_activity_for", reports_for)
rules.add_perm("campaigns.open_activity", is_secretariat | files_activity)
rules.add_perm("campaigns.edit_activity", files_activity & is_under_review_or_returned)

for model in ("campaign", "category", "action", "progressreport", "activityreport", "reportfile"):
    for verb in ("view", "add", "change", "delete"):
        rules.add_perm(f"campaigns.{verb}_{model}", is_secretariat)
