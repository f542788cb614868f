"""Who may do what with units and people: predicates declared once, used by views, API and admin."""

import rules

from qualitymonth.organizations.models import Role, UnitKind
from qualitymonth.organizations.selectors import held_positions, staff_unit_ids, units_acted_for


@rules.predicate
def is_secretariat(user) -> bool:
    return any(
        held.role == Role.SECRETARIAT
        and held.unit_kind == UnitKind.ASSOCIATION
        and held.unit_active
        for held in held_positions(user)
    )


@rules.predicate
def is_unit_admin(user, unit) -> bool:
    """Administrator of the unit or of a unit above it."""
    if unit is None:
        return False
    return unit.pk in units_acted_for(user, Role.UNIT_ADMIN, below=True)


@rules.predicate
def belongs_to_unit(user, unit) -> bool:
    """Any role in the unit or in a unit above it."""
    if unit is None:
        return False
    return unit.pk in units_acted_for(user, below=True)


@rules.predicate
def is_staff_of_some_unit(user) -> bool:
    return bool(staff_unit_ids(user))


@rules.predicate
def is_staff_of(user, unit) -> bool:
    """Unit admin or reporter of the unit or of a unit above it."""
    return unit is not None and unit.pk in staff_unit_ids(user)


@rules.predicate
def is_self(user, person) -> bool:
    return user.is_authenticated and person is not None and user.pk == person.pk


@rules.predicate
def shares_unit_with(user, person) -> bool:
    if person is None:
        return False
    units = units_acted_for(user, below=True)
    return bool(units) and person.positions.filter(unit_id__in=units).exists()


# The directory of units is public: names and kinds of public bodies and members.
rules.add_perm("organizations.view_unit", rules.always_allow)
rules.add_perm("organizations.view_unit_contacts", is_secretariat | belongs_to_unit)
rules.add_perm("organizations.view_unit_people", is_secretariat | belongs_to_unit)
rules.add_perm("organizations.add_unit", is_secretariat)
rules.add_perm("organizations.change_unit", is_secretariat | is_unit_admin)
rules.add_perm("organizations.delete_unit", is_secretariat)

rules.add_perm("organizations.view_user", is_secretariat | is_self | shares_unit_with)
rules.add_perm("organizations.add_user", is_secretariat)
rules.add_perm("organizations.change_user", is_secretariat)
rules.add_perm("organizations.delete_user", is_secretariat)

for model in ("membership", "position"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"organizations.{action}_{model}", is_secretariat)

rules.add_perm("core.view_auditentry", is_secretariat)
rules.add_perm("core.view_apitoken", is_secretariat)
rules.add_perm("core.change_apitoken", is_secretariat)
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"core.{action}_calendarday", is_secretariat)

# Who may open the Django admin at all.
rules.add_perm("admin.use", is_secretariat)
# The admin lists an app's models (index, /admin/<app>/) only to whoever holds the app's
# module permission; our people have rules, not Django's stored permissions.
for app_label in ("organizations", "core", "campaigns", "events", "awards", "surveys", "enquiries"):
    rules.add_perm(app_label, is_secretariat)
