"""The secretariat edits the routing table: which unit handles a category in a district.

Each change is audited; cases already filed stay where they are (a transfer moves them).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.core.versions import check_version, shown, version_of
from qualitymonth.enquiries.models import RoutingRule


def _where(category, district) -> dict:
    return {
        "category": getattr(category, "code", None),
        "district": getattr(district, "pk", None),
    }


def _cell(category_id, district_id) -> str:
    return f"{category_id or ''}|{district_id or ''}"


def routing_version() -> str:
    """The version the routing form is opened with: every rule's unit (see core.versions)."""
    rules = RoutingRule.objects.values_list("category_id", "district_id", "unit_id")
    return version_of({_cell(cat, dist): unit for cat, dist, unit in rules})


def _check_cell_version(rule, category, district, version: str | None) -> None:
    """Refuse a change of a cell someone set or cleared after this page was opened (the rule,
    if any, is locked by now): it would undo their change unseen."""
    name = _cell(getattr(category, "pk", None), getattr(district, "pk", None))
    label = _("Rule for %(category)s · %(district)s") % {
        "category": category.display_name if category else _("Any category"),
        "district": district.display_name if district else _("Any district"),
    }
    unit = rule.unit if rule is not None else None
    check_version(
        version,
        {name: unit.pk if unit else None},
        labels={name: label},
        display={name: shown(unit.display_name if unit else None)},
    )


@transaction.atomic
def set_route(*, category, district, unit, actor, version: str | None = None) -> RoutingRule:
    """Send the category's cases in the district (None: any) to `unit`. `version`: the one
    the routing form was opened with; a stale one is refused."""
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit that handles these cases.")})
    rule = (
        RoutingRule.objects.select_for_update(of=("self",))
        .filter(category=category, district=district)
        .first()
    )
    _check_cell_version(rule, category, district, version)
    if rule is not None:
        before = rule.unit_id
        if before == unit.pk:
            return rule
        rule.unit = unit
        rule.save(update_fields=["unit"])
        changes = {**_where(category, district), "unit": [before, unit.pk]}
        log_action(actor=actor, action="enquiries.route.change", obj=rule, changes=changes)
        return rule
    try:
        with transaction.atomic():
            rule = RoutingRule.objects.create(category=category, district=district, unit=unit)
    except IntegrityError:
        raise ValidationError(
            _("Someone set this route at the same moment; look at the table and try again.")
        ) from None
    changes = {**_where(category, district), "unit": [None, unit.pk]}
    log_action(actor=actor, action="enquiries.route.create", obj=rule, changes=changes)
    return rule


@transaction.atomic
def clear_route(*, category, district, actor, version: str | None = None) -> None:
    """Remove the rule: the cell falls back as `intake.route` does."""
    rule = (
        RoutingRule.objects.select_for_update(of=("self",))
        .filter(category=category, district=district)
        .first()
    )
    _check_cell_version(rule, category, district, version)
    if rule is None:
        raise ValidationError({"unit": _("There is no rule for this pair to clear.")})
    changes = {**_where(category, district), "unit": [rule.unit_id, None]}
    log_action(actor=actor, action="enquiries.route.clear", obj=rule, changes=changes)
    rule.delete()
