"""The conflict-of-interest rule shared by the award review and the standards' review panel."""

from types import SimpleNamespace

from django.utils import translation

from qualitymonth.core import conflicts

PARTIES = [conflicts.Party(1, "works at the applicant"), conflicts.Party(2, "works at 2")]


def _below(ids):
    # Unit 10 is above unit 1.
    return set(ids) | ({1} if 10 in ids else set())


def test_working_at_a_party_comes_before_any_declaration():
    asked = []
    reason = conflicts.conflict_reason(
        expert_units={2, 7}, parties=PARTIES, declared=lambda: asked.append("declared")
    )
    assert reason == "works at 2" and asked == []


def test_a_declaration_with_a_unit_above_a_party_covers_it():
    declaration = SimpleNamespace(unit_id=10, reason="持股")
    found = conflicts.covering_declaration([declaration], PARTIES, _below)
    assert found is declaration
    with translation.override("en"):
        assert (
            conflicts.conflict_reason(expert_units=set(), parties=PARTIES, declared=lambda: found)
            == "Declared conflict of interest: 持股"
        )


def test_a_declaration_with_an_unrelated_unit_covers_nothing():
    unrelated = SimpleNamespace(unit_id=99, reason="x")
    assert conflicts.covering_declaration([unrelated], PARTIES, _below) is None
    assert conflicts.conflict_reason(expert_units=set(), parties=PARTIES) is None
