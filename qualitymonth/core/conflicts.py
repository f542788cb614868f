"""Conflicts of interest of an expert with the parties to what they judge.

One rule for every review the association runs: the award review (the applying and the
recommending unit) and the review panel of a group standard (the proposer and the drafting
units). An expert may not judge when they work at a party (or at a unit below one), when they
declared a conflict with a party (or with a unit above one), or when they stepped back.

Core knows no unit tree: callers bring the expert's units (and those below them) and the
function that widens a unit to the units below it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Party:
    """A unit whose work is judged, and what to say when the expert works there."""

    unit_id: int | None
    works_there: str


def covering_declaration(declarations: Iterable, parties: Iterable[Party], units_below: Callable):
    """The first declaration (anything with `unit_id`) made with a party or a unit above one."""
    party_ids = {party.unit_id for party in parties} - {None}
    for declaration in declarations:
        if declaration.unit_id is not None and party_ids & units_below({declaration.unit_id}):
            return declaration
    return None


def conflict_reason(
    *,
    expert_units: Iterable[int],
    parties: Iterable[Party],
    declared: Callable[[], object | None] | None = None,
    recusal: Callable[[], str | None] | None = None,
) -> str | None:
    """Why the expert must not judge, or None when nothing stands in the way.

    `declared` and `recusal` are asked only when the expert works at no party (each costs a
    query): the declaration found (with its `reason`), and the reason the expert stepped back.
    """
    for party in parties:
        if party.unit_id is not None and party.unit_id in expert_units:
            return party.works_there
    found = declared() if declared is not None else None
    if found is not None:
        return _("Declared conflict of interest: %(reason)s") % {"reason": found.reason}
    stepped_back = recusal() if recusal is not None else None
    if stepped_back is not None:
        return _("The reviewer recused: %(reason)s") % {"reason": stepped_back}
    return None
