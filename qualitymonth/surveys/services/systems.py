"""Indicator systems: weights by hand or AHP, and the hierarchy as an XLSX sheet."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.core.spreadsheets import to_xlsx
from qualitymonth.surveys.models import IndicatorSystem, Node, Weighting
from qualitymonth.surveys.weights import check_weights_sum, consistent_ahp

XLSX_COLUMNS = [
    "code",
    "parent",
    "level",
    "name",
    "weight",
    "weighting",
    "direction",
    "normalisation",
    "scale_min",
    "scale_max",
    "target",
]


def _children(system: IndicatorSystem, parent: Node | None) -> list[Node]:
    return list(system.nodes.filter(parent=parent).order_by("position", "code"))


def refuse_frozen(system: IndicatorSystem) -> None:
    if system.frozen_at is not None:
        raise ValidationError(
            _("Results computed on this version are published; make a new version to change it."),
            code="frozen",
        )


@transaction.atomic
def set_weights(
    *, system: IndicatorSystem, parent: Node | None, weights: dict[str, str], actor
) -> None:
    """Hand-set weights of one parent's children; they must sum to one."""
    refuse_frozen(system)
    children = _children(system, parent)
    parsed: dict[str, Decimal] = {}
    for child in children:
        try:
            value = Decimal(str(weights.get(child.code, "")).strip())
        except InvalidOperation:
            raise ValidationError(
                {child.code: _("Enter the weight of %(code)s as a number.") % {"code": child.code}}
            ) from None
        if value < 0 or value > 1:
            raise ValidationError({child.code: _("A weight is between 0 and 1.")})
        parsed[child.code] = value
    check_weights_sum(parsed, group=parent.code if parent else _("the dimensions"))
    for child in children:
        child.weight = parsed[child.code]
        child.save(update_fields=["weight"])
    _set_weighting(system, parent, Weighting.MANUAL, None)
    log_action(
        actor=actor,
        action="surveys.system.weights",
        obj=system,
        changes={
            "parent": parent.code if parent else "",
            "weights": {k: str(v) for k, v in parsed.items()},
        },
    )


@transaction.atomic
def set_ahp(*, system: IndicatorSystem, parent: Node | None, matrix, actor):
    """Weights from pairwise comparisons; refused when the consistency ratio is 0.1 or more."""
    refuse_frozen(system)
    children = _children(system, parent)
    if len(matrix) != len(children):
        raise ValidationError(_("Compare every pair of the %(n)s children.") % {"n": len(children)})
    result = consistent_ahp(matrix)
    for child, weight in zip(children, result.weights, strict=True):
        child.weight = Decimal(str(round(weight, 6)))
        child.save(update_fields=["weight"])
    _set_weighting(system, parent, Weighting.AHP, [[float(v) for v in row] for row in matrix])
    log_action(
        actor=actor,
        action="surveys.system.ahp",
        obj=system,
        changes={"parent": parent.code if parent else "", "cr": round(result.cr, 4)},
    )
    return result


def _set_weighting(system, parent, weighting, matrix) -> None:
    target = parent if parent is not None else system
    target.weighting = weighting
    target.ahp_matrix = matrix
    target.save(update_fields=["weighting", "ahp_matrix"])


def system_xlsx(system: IndicatorSystem) -> bytes:
    parents = dict(system.nodes.values_list("pk", "code"))
    rows = [
        [
            node.code,
            parents.get(node.parent_id, ""),
            node.level,
            node.name,
            float(node.weight),
            node.weighting,
            node.direction,
            node.normalisation,
            node.scale_min,
            node.scale_max,
            node.target,
        ]
        for node in system.nodes.order_by("position", "code")
    ]
    return to_xlsx(XLSX_COLUMNS, rows, sheet="indicators")


def copy_nodes(source: IndicatorSystem, copy: IndicatorSystem) -> None:
    """The source's hierarchy into `copy`, parents first: dimensions, indicators, items."""
    mapping: dict[int, Node] = {}
    for level in ("dimension", "indicator", "item"):
        for node in source.nodes.filter(level=level).order_by("position", "code"):
            old_pk, parent_id = node.pk, node.parent_id
            node.pk = None
            node.system = copy
            node.parent = mapping.get(parent_id)
            node.save()
            mapping[old_pk] = node


@transaction.atomic
def new_version(*, system: IndicatorSystem, actor, note: str = "") -> IndicatorSystem:
    """A copy to edit, numbered one above the evaluation's highest version."""
    highest = (
        system.evaluation.systems.order_by("-version").values_list("version", flat=True).first()
    )
    copy = IndicatorSystem.objects.create(
        evaluation=system.evaluation,
        version=(highest or 0) + 1,
        note=note,
        weighting=system.weighting,
        ahp_matrix=system.ahp_matrix,
    )
    copy_nodes(system, copy)
    log_action(
        actor=actor, action="surveys.system.new_version", obj=copy, changes={"from": system.version}
    )
    return copy
