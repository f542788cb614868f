"""Who may do what with memberships: predicates declared once, used by views, API, admin and
by other apps through has_perm (events asks "members.use_member_rights" for member-only
events, without importing this app)."""

import rules

from qualitymonth.members.models import GroupOfficer
from qualitymonth.members.selectors import (
    is_member_in_good_standing,
    member_unit_ids,
    units_in_segment,
)
from qualitymonth.organizations.rules import is_secretariat, is_staff_of
from qualitymonth.organizations.selectors import units_acted_for

RIGHT = "members_only_events"


@rules.predicate
def acts_for_member_in_good_standing(user, unit=None) -> bool:
    """The person acts for `unit` (or, without one, for any unit) and that unit is a member
    in good standing today whose type carries member-only events."""
    acted = units_acted_for(user, below=False)
    if unit is not None:
        return unit.pk in acted and is_member_in_good_standing(unit, with_right=RIGHT)
    return bool(acted) and bool(acted & member_unit_ids(with_right=RIGHT))


@rules.predicate
def acts_for_member_with_reduced_fees(user, unit=None) -> bool:
    """The person acts for `unit` (or, without one, for any unit), a member in good standing
    today whose type carries reduced training fees: training asks it before quoting a fee."""
    acted = units_acted_for(user, below=False)
    right = "reduced_training_fees"
    if unit is not None:
        return unit.pk in acted and is_member_in_good_standing(unit, with_right=right)
    return bool(acted) and bool(acted & member_unit_ids(with_right=right))


@rules.predicate
def acts_for_member_in_segment(user, segment=None) -> bool:
    """Member-only access narrowed to a segment ({"industry": [...], "took_part": [2025]},
    see selectors.units_in_segment): the person acts for a member unit in good standing with
    member-only rights that is in the segment. Without a segment: any such unit. A "unit"
    entry ([unit id]) asks about that unit only (a unit registering its people)."""
    good = units_acted_for(user, below=False) & member_unit_ids(with_right=RIGHT)
    segment = dict(segment or {})
    only = segment.pop("unit", None)
    if only:
        good = good & {pk for pk in only if isinstance(pk, int)}
    if not good:
        return False
    if not segment:
        return True
    return units_in_segment(segment).filter(pk__in=good).exists()


@rules.predicate
def is_officer_of_group(user, group=None) -> bool:
    if group is None or not getattr(user, "is_authenticated", False):
        return False
    return GroupOfficer.objects.filter(group=group, person=user).exists()


rules.add_perm("members.use_member_rights", acts_for_member_in_good_standing)
# Asked by training (which members reads, so it cannot import members back).
rules.add_perm("members.pays_reduced_training_fees", acts_for_member_with_reduced_fees)
# An industry group's page and its events: the secretariat and the group's officers.
rules.add_perm("members.run_group", is_secretariat | is_officer_of_group)
# Asked by other apps with a segment as the object: user.has_perm("members.in_segment", {...}).
rules.add_perm("members.in_segment", acts_for_member_in_segment)
# A member unit's page: the secretariat, and the unit's own staff (admin, reporter).
rules.add_perm("members.view_member_unit", is_secretariat | is_staff_of)
rules.add_perm("members.manage", is_secretariat)
rules.add_perm("members", is_secretariat)
for model in (
    "membershiptype",
    "statusrules",
    "term",
    "termchange",
    "invoice",
    "payment",
    "joinapplication",
    "applicationdocument",
    "memberprofile",
    "visit",
    "needtag",
    "need",
    "followup",
    "groupofficer",
    "councilterm",
    "meeting",
    "resolution",
    "committee",
    "seat",
    "participationrule",
    "participationrun",
    "participationentry",
):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"members.{action}_{model}", is_secretariat)
