"""The secretariat edits the routing table: which unit handles a category in a district.

Each change is audited; cases already filed stay where they are (a transfer moves them).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.enquiries.models import RoutingRule


def _where(category, district) -> dict:
    return {
        "category": getattr(category, "code", None),
        "district": getattr(district, "pk", None),
    }


@transaction.atomic
def set_route(*, category, district, unit, actor) -> RoutingRule:
    """Send the category's cases in the district (None: any) to `unit`."""
    if unit is None:
        raise ValidationError({"unit": _("Choose the unit that handles these cases.")})
    rule = (
        RoutingRule.objects.select_for_update().filter(category=category, district=district).first()
    )
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
def clear_route(*, category, district, actor) -> None:
    """Remove the rule: the cell falls back as `intake.route` does."""
    rule = (
        RoutingRule.objects.select_for_update().filter(category=category, district=district).first()
    )
    if rule is None:
        raise ValidationError({"unit": _("There is no rule for this pair to clear.")})
    changes = {**_where(category, district), "unit": [rule.unit_id, None]}
    log_action(actor=actor, action="enquiries.route.clear", obj=rule, changes=changes)
    rule.delete()
