"""Every normalisation, pooled questions, entropy weights and a response set aside, in one
system, checked by hand.

D1 (0.5) → I1 (equal weights) → Z (z-score, 1–5), T (distance to target 2, lower is better),
U (distance to target 8), M (min–max over the sites, lower is better), P (goalposts 0–10,
answered by two questions); D2 (0.5) → I2 (entropy weights) → E1, E2 (goalposts 0–10).
"""

import math
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from qualitymonth.surveys.models import (
    Answer,
    Direction,
    IndexResult,
    IndicatorSystem,
    Instrument,
    InstrumentKind,
    Level,
    Node,
    Normalisation,
    Question,
    Response,
    Round,
    RoundStatus,
    RunLevel,
    Source,
    Weighting,
)
from qualitymonth.surveys.services.indices import compute_index

# Each site's visits: {question: answer}.
VISITS = {
    "s1": [{"z": 2, "t": 1, "u": 4, "m": 10, "p1": 6, "p2": 8, "e1": 2, "e2": 5}],
    "s2": [{"z": 3, "t": 4, "u": 8, "m": 20, "p1": 4, "e1": 4, "e2": 5}],
    # Two visits: P pools p1's two answers (5, 7) with p2's one (9): (5 + 7 + 9) / 3 = 7.
    "s3": [
        {"z": 4, "t": 2, "u": 10, "m": 30, "p1": 5, "p2": 9, "e1": 6, "e2": 9},
        {"p1": 7},
    ],
}


@pytest.fixture
def mixed_round(evaluation, sites):
    system = IndicatorSystem.objects.create(evaluation=evaluation, version=1)

    def node(code, level, parent=None, **values):
        return Node.objects.create(
            system=system, parent=parent, level=level, code=code, name=code, **values
        )

    d1 = node("D1", Level.DIMENSION, weight=Decimal("0.5"), position=1)
    d2 = node("D2", Level.DIMENSION, weight=Decimal("0.5"), position=2)
    i1 = node("I1", Level.INDICATOR, d1, weight=1, weighting=Weighting.EQUAL, position=3)
    i2 = node("I2", Level.INDICATOR, d2, weight=1, weighting=Weighting.ENTROPY, position=4)
    item = Level.ITEM
    node("Z", item, i1, normalisation=Normalisation.ZSCORE, scale_min=1, scale_max=5)
    node(
        "T",
        item,
        i1,
        normalisation=Normalisation.TARGET,
        direction=Direction.LOWER,
        target=2,
        scale_max=10,
    )
    node("U", item, i1, normalisation=Normalisation.TARGET, target=8, scale_max=10)
    node(
        "M",
        item,
        i1,
        normalisation=Normalisation.MINMAX,
        direction=Direction.LOWER,
        scale_max=100,
    )
    node("P", item, i1, scale_max=10)
    node("E1", item, i2, scale_max=10)
    node("E2", item, i2, scale_max=10)
    instrument = Instrument.objects.create(
        evaluation=evaluation, kind=InstrumentKind.CHECKLIST, title="混合"
    )
    codes = {"z": "Z", "t": "T", "u": "U", "m": "M", "p1": "P", "p2": "P", "e1": "E1"}
    codes |= {"e2": "E2", "note": ""}  # a number that scores nothing
    questions = {
        name: Question.objects.create(
            instrument=instrument,
            position=position,
            name=name,
            type="decimal",
            label=name,
            indicator_code=code,
        )
        for position, (name, code) in enumerate(codes.items(), start=1)
    }
    round_ = Round.objects.create(
        evaluation=evaluation,
        year=2026,
        system=system,
        instrument=instrument,
        status=RoundStatus.COLLECTING,
    )

    def visit(site, answers, *, voided=False):
        response = Response.objects.create(
            round=round_,
            client_id=uuid.uuid4(),
            site=site,
            district=site.district,
            source=Source.WEB,
            submitted_at=timezone.now(),
            voided_at=timezone.now() if voided else None,
        )
        Answer.objects.bulk_create(
            Answer(
                response=response,
                round=round_,
                site=site,
                question=questions[name],
                value=value,
                text=str(value),
            )
            for name, value in {**answers, "note": 99}.items()
        )

    for key, visits in VISITS.items():
        for answers in visits:
            visit(sites[key], answers)
    # Set aside: it would change every score of S1 if it counted.
    visit(sites["s1"], dict.fromkeys(codes, 1000), voided=True)
    return round_


def parts(run):
    return {
        row.name: row
        for row in IndexResult.objects.filter(run=run, level=RunLevel.SITE).order_by("name")
    }


def test_each_item_is_normalised_by_its_own_rule(mixed_round, secretariat):
    site = parts(compute_index(round_=mixed_round, actor=secretariat))
    s1, s2, s3 = site["点位S1"].parts, site["点位S2"].parts, site["点位S3"].parts
    # Z: 2, 3, 4 → mean 3, sd (of the population) √(2/3): ∓1.2247.
    z = 1 / math.sqrt(2 / 3)
    assert [s1["Z"], s2["Z"], s3["Z"]] == pytest.approx([-z, 0, z])
    # T, lower is better, target 2: 2/1 → 1 (capped), 2/4, 2/2 → 100, 50, 100.
    assert [s1["T"], s2["T"], s3["T"]] == pytest.approx([100, 50, 100])
    # U, target 8: 4/8, 8/8, 10/8 → 1 (capped) → 50, 100, 100.
    assert [s1["U"], s2["U"], s3["U"]] == pytest.approx([50, 100, 100])
    # M, min–max over the sites and lower is better: 10, 20, 30 → 0, 50, 100 → 100, 50, 0.
    assert [s1["M"], s2["M"], s3["M"]] == pytest.approx([100, 50, 0])
    # P pools its two questions: S1 (6 + 8) / 2 = 7; S2 4 (p2 unanswered); S3 7.
    assert [s1["P"], s2["P"], s3["P"]] == pytest.approx([70, 40, 70])


def test_equal_and_entropy_weights_roll_up(mixed_round, secretariat):
    run = compute_index(round_=mixed_round, actor=secretariat)
    site = parts(run)
    z = 1 / math.sqrt(2 / 3)
    # I1 weighs its five items equally.
    i1 = {
        "点位S1": (-z + 100 + 50 + 100 + 70) / 5,
        "点位S2": (0 + 50 + 100 + 50 + 40) / 5,
        "点位S3": (z + 100 + 100 + 0 + 70) / 5,
    }
    # Entropy over E1 (20, 40, 60) and E2 (50, 50, 90), each min–max standardised first:
    # E1 (0, ½, 1) → shares (0, ⅓, ⅔), entropy −(⅓ ln ⅓ + ⅔ ln ⅔) / ln 3; E2 (0, 0, 1) → 0.
    e1 = -(math.log(1 / 3) / 3 + 2 * math.log(2 / 3) / 3) / math.log(3)
    w1, w2 = (1 - e1) / (2 - e1), 1 / (2 - e1)
    assert run.weights["E1"] == pytest.approx(w1)
    assert run.weights["E2"] == pytest.approx(w2)
    assert (w1, w2) == pytest.approx((0.2961, 0.7039), abs=1e-4)
    i2 = {"点位S1": 20 * w1 + 50 * w2, "点位S2": 40 * w1 + 50 * w2, "点位S3": 60 * w1 + 90 * w2}
    for name, row in site.items():
        assert row.parts["I1"] == pytest.approx(i1[name])
        assert row.parts["I2"] == pytest.approx(i2[name])
        assert row.score == pytest.approx(0.5 * i1[name] + 0.5 * i2[name])
    # The set-aside visit and the unscored question count nowhere.
    assert run.answers == 8 + 7 + 9


def test_an_item_without_a_target_counts_its_weight_but_has_no_score(mixed_round, secretariat):
    Node.objects.filter(system=mixed_round.system, code="U").update(target=None)
    site = parts(compute_index(round_=mixed_round, actor=secretariat))
    z = 1 / math.sqrt(2 / 3)
    assert "U" not in site["点位S1"].parts
    # No score for U, but its fifth of the weight still divides I1 (as it always did).
    assert site["点位S1"].parts["I1"] == pytest.approx((-z + 100 + 100 + 70) / 5)
