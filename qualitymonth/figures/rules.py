"""Who may do what with the year's figures, declared once for views and tests."""

import rules

from qualitymonth.figures.selectors_dashboards import districts_acted_for
from qualitymonth.organizations.rules import is_secretariat

rules.add_perm("figures.view_public", rules.always_allow)
rules.add_perm("figures.manage", is_secretariat)


@rules.predicate
def is_district_staff(user, district) -> bool:
    """Staff of the district or of a unit under it (its bureaus and streets)."""
    return district is not None and district.pk in districts_acted_for(user)


# The dashboards show figures not yet published: the city's to the secretariat, a
# district's to its own staff too.
rules.add_perm("figures.view_city_dashboard", is_secretariat)
rules.add_perm("figures.view_district_dashboard", is_secretariat | is_district_staff)
