"""Who may do what with events: the secretariat runs them all, organising units run their own."""

import rules

from qualitymonth.organizations.models import Role
from qualitymonth.organizations.rules import is_secretariat, is_staff_of, is_staff_of_some_unit
from qualitymonth.organizations.selectors import staff_unit_ids, units_acted_for


@rules.predicate
def runs_event(user, event) -> bool:
    """Staff (unit admins and reporters) of an organiser or co-organiser."""
    from qualitymonth.events.models import RUNNING_ROLES

    if event is None:
        return False
    units = staff_unit_ids(user)
    return (
        bool(units) and event.unit_roles.filter(unit_id__in=units, role__in=RUNNING_ROLES).exists()
    )


@rules.predicate
def is_unit_admin_of_runner(user, event) -> bool:
    from qualitymonth.events.models import RUNNING_ROLES

    if event is None:
        return False
    # Administrators of the organising unit itself, not of the units above it.
    units = units_acted_for(user, Role.UNIT_ADMIN, below=False)
    return (
        bool(units) and event.unit_roles.filter(unit_id__in=units, role__in=RUNNING_ROLES).exists()
    )


@rules.predicate
def holds_registration(user, registration) -> bool:
    """The person who registered, or staff of the unit that registered them."""
    if registration is None or not user.is_authenticated:
        return False
    if registration.user_id == user.pk:
        return True
    return registration.unit_id is not None and registration.unit_id in staff_unit_ids(user)


rules.add_perm("events.manage_event", is_secretariat)
rules.add_perm("events.run_event", is_secretariat | runs_event)
rules.add_perm("events.see_phones", is_secretariat | is_unit_admin_of_runner)
rules.add_perm("events.register_group", is_staff_of_some_unit)
rules.add_perm("events.register_group_for", is_staff_of)
rules.add_perm("events.open_registration", is_secretariat | holds_registration)
rules.add_perm("events.moderate_commitments", is_secretariat)

for model in (
    "series",
    "event",
    "eventunit",
    "speaker",
    "venue",
    "agendaitem",
    "question",
    "eventphoto",
    "checkpoint",
    "invitation",
    "registration",
    "checkpointvisit",
    "commitment",
    "attendancecertificate",
):
    for verb in ("view", "add", "change", "delete"):
        rules.add_perm(f"events.{verb}_{model}", is_secretariat)
