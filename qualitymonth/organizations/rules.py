"""Who may do what with units and people: predicates declared once, used by views, API and admin."""

import rules

from qualitymonth.organizations.models import Role, UnitKind


@rules.predicate
def is_secretariat(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.positions.filter(
        role=Role.SECRETARIAT, unit__kind=UnitKind.ASSOCIATION, unit__is_active=True
    ).exists()


def _unit_ids_with_role(user, *roles) -> set[int]:
    """Units where the user holds one of `roles`, with every unit below them."""
    from qualitymonth.organizations.selectors import units_below

    direct = set(user.positions.filter(role__in=roles).values_list("unit_id", flat=True))
    return units_below(direct)


@rules.predicate
def is_unit_admin(user, unit) -> bool:
    if not user.is_authenticated or unit is None:
        return False
    return unit.pk in _unit_ids_with_role(user, Role.UNIT_ADMIN)


@rules.predicate
def belongs_to_unit(user, unit) -> bool:
    if not user.is_authenticated or unit is None:
        return False
    return unit.pk in _unit_ids_with_role(user, *Role.values)


@rules.predicate
def is_self(user, person) -> bool:
    return user.is_authenticated and person is not None and user.pk == person.pk


@rules.predicate
def shares_unit_with(user, person) -> bool:
    if not user.is_authenticated or person is None:
        return False
    units = _unit_ids_with_role(user, *Role.values)
    return person.positions.filter(unit_id__in=units).exists()


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
