"""Indicator systems: weights by hand or AHP, and the hierarchy as an XLSX sheet.

Each group of the weights page (a parent's children) carries a version (core.versions): a
save from a page opened before another save of the same group is refused, naming what
changed, instead of silently putting the earlier weights back.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qualitymonth.core.services import log_action
from qualitymonth.core.spreadsheets import to_xlsx
from qualitymonth.core.versions import check_version, shown, version_of
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


def _group_values(owner: IndicatorSystem | Node, children: list[Node]) -> dict:
    """What a group's forms show: which children, their weights, how they are weighted."""
    values = {
        "children": [child.code for child in children],
        "weighting": owner.weighting,
        "ahp_matrix": owner.ahp_matrix,
    }
    values.update({f"w-{child.code}": child.weight for child in children})
    return values


def group_version(owner: IndicatorSystem | Node, children: list[Node]) -> str:
    """The version a group's forms are opened with; `owner` is the parent, or the system."""
    return version_of(_group_values(owner, children))


def _check_group_version(owner, children: list[Node], version: str | None) -> None:
    """Refuse a save from a page opened before another save of this group (the system row is
    locked by now): it would put back the weights that save set."""
    labels = {
        "children": _("Children"),
        "weighting": _("How the weights are set"),
        "ahp_matrix": _("Pairwise comparisons"),
    }
    display = {
        "children": shown([child.code for child in children]),
        "weighting": shown(Weighting(owner.weighting).label),
    }
    for child in children:
        labels[f"w-{child.code}"] = f"{child.code} {child.display_name}"
        display[f"w-{child.code}"] = shown(child.weight.normalize())
    check_version(version, _group_values(owner, children), labels=labels, display=display)


def _locked(system: IndicatorSystem, parent: Node | None, version: str | None):
    """The system (its row locked: one save of its weights at a time) and the parent as stored
    now, once the version the page was opened with is checked."""
    system = IndicatorSystem.objects.select_for_update().get(pk=system.pk)
    refuse_frozen(system)
    if parent is not None:
        parent = Node.objects.get(pk=parent.pk, system=system)
    _check_group_version(parent or system, _children(system, parent), version)
    return system, parent


def refuse_frozen(system: IndicatorSystem) -> None:
    if system.frozen_at is not None:
        raise ValidationError(
            _("Results computed on this version are published; make a new version to change it."),
            code="frozen",
        )


@transaction.atomic
def set_weights(
    *,
    system: IndicatorSystem,
    parent: Node | None,
    weights: dict[str, str],
    actor,
    version: str | None = None,
) -> None:
    """Hand-set weights of one parent's children; they must sum to one. `version`: the one the
    page was opened with; a stale one is refused (StaleVersion), nothing saved."""
    system, parent = _locked(system, parent, version)
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
def set_ahp(
    *, system: IndicatorSystem, parent: Node | None, matrix, actor, version: str | None = None
):
    """Weights from pairwise comparisons; refused when the consistency ratio is 0.1 or more.
    `version` as for `set_weights`."""
    system, parent = _locked(system, parent, version)
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
