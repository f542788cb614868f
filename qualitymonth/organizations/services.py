"""Writes to units, memberships and positions; each audited, each in one transaction."""

from django.db import transaction

from qualitymonth.core.chinese import to_traditional
from qualitymonth.core.services import diff_fields, log_action
from qualitymonth.core.versions import check_instance_version
from qualitymonth.organizations import credit_code
from qualitymonth.organizations.models import Membership, Position, Unit, User
from qualitymonth.organizations.selectors import forget_acting_for

UNIT_FIELDS = [
    "kind",
    "parent",
    "district",
    "key",
    "name",
    "name_zh_hant",
    "name_en",
    "short_name",
    "credit_code",
    "division_code",
    "contact_person",
    "phone",
    "email",
    "address",
    "website",
    "description",
]


def _prepare(values: dict) -> dict:
    values = dict(values)
    if values.get("credit_code"):
        values["credit_code"] = credit_code.normalize(values["credit_code"])
    if values.get("name") and not values.get("name_zh_hant"):
        values["name_zh_hant"] = to_traditional(values["name"])
    return values


def _snapshot(unit: Unit) -> dict:
    return {field: getattr(unit, field) for field in UNIT_FIELDS}


@transaction.atomic
def create_unit(*, actor, **values) -> Unit:
    unit = Unit(**_prepare(values))
    unit.full_clean()
    unit.save()
    log_action(
        actor=actor, action="unit.create", obj=unit, changes=diff_fields({}, _snapshot(unit))
    )
    return unit


@transaction.atomic
def update_unit(*, actor, unit: Unit, version: str | None = None, **values) -> Unit:
    """`version`: the one the edit form was opened with; a stale one is refused."""
    check_instance_version(unit, version, values)
    before = _snapshot(unit)
    for field, value in _prepare(values).items():
        setattr(unit, field, value)
    unit.full_clean()
    unit.save()
    changes = diff_fields(before, _snapshot(unit))
    if changes:
        log_action(actor=actor, action="unit.update", obj=unit, changes=changes)
    return unit


@transaction.atomic
def record_membership(
    *, actor, association: Unit, unit: Unit, level: str, joined_on=None, industry_group=None
) -> Membership:
    membership, created = Membership.objects.update_or_create(
        association=association,
        unit=unit,
        defaults={"level": level, "joined_on": joined_on, "industry_group": industry_group},
    )
    log_action(
        actor=actor,
        action="membership.create" if created else "membership.update",
        obj=membership,
        changes={
            "level": level,
            "joined_on": str(joined_on or ""),
            "group": str(industry_group or ""),
        },
    )
    return membership


@transaction.atomic
def assign_role(*, actor, user: User, unit: Unit, role: str, title: str = "") -> Position:
    position, created = Position.objects.get_or_create(
        user=user, unit=unit, role=role, defaults={"title": title}
    )
    if created:
        log_action(actor=actor, action="position.create", obj=position, changes={"role": role})
        forget_acting_for(user)  # the same object may be asked again in this request
    return position


@transaction.atomic
def remove_role(*, actor, position: Position) -> None:
    log_action(actor=actor, action="position.delete", obj=position, changes={"role": position.role})
    position.delete()
    forget_acting_for(position.user)
