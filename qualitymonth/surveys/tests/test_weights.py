"""AHP and entropy weights checked against worked examples from the literature.

Published AHP figures have three decimals and the entropy weights four, so comparisons use
abs=1e-3 and abs=1e-4: half a unit of the last digit, plus room for the authors' own rounding
(Saaty prints C.I. 0.124 for (3.247 − 3)/2 = 0.1235, and financing priorities .650/.278 where
the exact eigenvector gives 0.6491/0.2790).
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from qualitymonth.surveys.weights import (
    RANDOM_INDEX,
    ahp,
    check_weights_sum,
    consistent_ahp,
    entropy_weights,
)

# Saaty, T.L. (1990) "How to make a decision: the analytic hierarchy process", European Journal
# of Operational Research 48, 9–26, the house example. The family's comparison of the criteria
# size, transportation, neighbourhood, age, yard, modern facilities, general condition, financing:
# priorities .173 .054 .188 .018 .031 .036 .167 .333, λmax 9.669, C.I. 0.238, C.R. 0.169.
# The same matrix and figures reappear in Saaty (2003) "Decision-making with the AHP: why is the
# principal eigenvector necessary?", EJOR 145, 85–91, Table 1 (p. 88), as an inconsistent case.
HOUSE_CRITERIA = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
HOUSE_CRITERIA_WEIGHTS = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
# Saaty (1990), same example: houses A, B, C compared under each criterion, with the published
# local priorities (the columns of the synthesis that gives A .396, B .341, C .263).
HOUSES = {
    "size": ([[1, 6, 8], [1 / 6, 1, 4], [1 / 8, 1 / 4, 1]], [0.754, 0.181, 0.065]),
    "transportation": ([[1, 7, 1 / 5], [1 / 7, 1, 1 / 8], [5, 8, 1]], [0.233, 0.055, 0.713]),
    "neighbourhood": ([[1, 8, 6], [1 / 8, 1, 1 / 4], [1 / 6, 4, 1]], [0.754, 0.065, 0.181]),
    "age": ([[1, 1, 1], [1, 1, 1], [1, 1, 1]], [0.333, 0.333, 0.333]),
    "yard": ([[1, 5, 4], [1 / 5, 1, 1 / 3], [1 / 4, 3, 1]], [0.674, 0.101, 0.226]),
    "modern": ([[1, 8, 6], [1 / 8, 1, 1 / 5], [1 / 6, 5, 1]], [0.747, 0.060, 0.193]),
    "condition": ([[1, 1 / 2, 1 / 2], [2, 1, 1], [2, 1, 1]], [0.200, 0.400, 0.400]),
    "financing": ([[1, 1 / 7, 1 / 5], [7, 1, 3], [5, 1 / 3, 1]], [0.072, 0.650, 0.278]),
}

# Saaty, T.L. (2008) "Decision making with the analytic hierarchy process", International
# Journal of Services Sciences 1(1), 83–98, Table 2, "Which drink is consumed more in the U.S.?"
# (coffee, wine, tea, beer, sodas, milk, water): derived scale .177 .019 .042 .116 .190 .129 .327,
# C.R. 0.022 (also reproduced in the tests and README of the AHPy package).
DRINKS = [
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
]
DRINKS_WEIGHTS = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]


def test_ahp_matches_saaty_1990_house_criteria():
    result = ahp(HOUSE_CRITERIA)
    assert result.weights == pytest.approx(HOUSE_CRITERIA_WEIGHTS, abs=1e-3)
    assert result.lambda_max == pytest.approx(9.669, abs=1e-3)
    assert result.ci == pytest.approx(0.238, abs=1e-3)
    assert result.ri == 1.41
    assert result.cr == pytest.approx(0.169, abs=1e-3)
    assert not result.consistent


@pytest.mark.parametrize("criterion", HOUSES)
def test_ahp_matches_saaty_1990_house_priorities(criterion):
    matrix, published = HOUSES[criterion]
    assert ahp(matrix).weights == pytest.approx(published, abs=1e-3)


@pytest.mark.parametrize(
    ("criterion", "lambda_max", "ci", "cr"),
    [
        # Saaty (1990): financing is acceptable, transportation is not; condition and age are
        # perfectly consistent (λmax = n, C.I. = C.R. = 0).
        ("financing", 3.065, 0.032, 0.056),
        ("transportation", 3.247, 0.124, 0.213),
        ("condition", 3.0, 0.0, 0.0),
        ("age", 3.0, 0.0, 0.0),
    ],
)
def test_ahp_consistency_matches_saaty_1990_house_example(criterion, lambda_max, ci, cr):
    result = ahp(HOUSES[criterion][0])
    assert result.lambda_max == pytest.approx(lambda_max, abs=1e-3)
    assert result.ci == pytest.approx(ci, abs=1e-3)
    assert result.cr == pytest.approx(cr, abs=1e-3)
    assert result.consistent == (cr < 0.1)


def test_ahp_reproduces_saaty_1990_house_ranking():
    # Saaty (1990): the composite priorities of the houses are A .396, B .341, C .263.
    criteria = ahp(HOUSE_CRITERIA).weights
    local = [ahp(matrix).weights for matrix, _ in HOUSES.values()]
    overall = [
        sum(w * column[i] for w, column in zip(criteria, local, strict=True)) for i in range(3)
    ]
    assert overall == pytest.approx([0.396, 0.341, 0.263], abs=1e-3)


@pytest.mark.parametrize(
    ("matrix", "shown"),
    [(HOUSE_CRITERIA, "0.169"), (HOUSES["transportation"][0], "0.213")],
)
def test_consistent_ahp_refuses_saaty_1990_inconsistent_matrices(matrix, shown):
    with pytest.raises(ValidationError) as caught:
        consistent_ahp(matrix)
    assert caught.value.code == "ahp_inconsistent"
    assert shown in caught.value.messages[0]


def test_ahp_matches_saaty_2008_drinks_example():
    result = consistent_ahp(DRINKS)
    assert result.weights == pytest.approx(DRINKS_WEIGHTS, abs=1e-3)
    assert result.ri == 1.32
    assert result.cr == pytest.approx(0.022, abs=1e-3)
    # Saaty does not print λmax here; the one implied by C.R. 0.022 is 7 + 0.022 × 1.32 × 6.
    assert result.lambda_max == pytest.approx(7 + 0.022 * 1.32 * 6, abs=0.01)


# Saaty, T.L. (1980) The Analytic Hierarchy Process, McGraw-Hill, random consistency index
# table (also the values behind the published C.R.s above: 0.238/1.41 = 0.169, 0.1235/0.58 = 0.213).
@pytest.mark.parametrize(("n", "ri"), [(3, 0.58), (4, 0.90), (5, 1.12), (8, 1.41), (9, 1.45)])
def test_random_index_matches_saaty_1980(n, ri):
    assert RANDOM_INDEX[n] == ri
    assert ahp([[1] * n for _ in range(n)]).ri == ri


# Zavadskas, E.K. & Podvezko, V. (2016) "Integrated determination of objective criteria weights
# in MCDM", International Journal of Information Technology & Decision Making 15(2), 267–283
# (IDOCRIW example): four alternatives × four criteria, entropy weights .1146 .1981 .4185 .2689.
# These are p_ij = r_ij / Σ_i r_ij on the raw values (no min–max step; the minimised criteria 1
# and 3 are not inverted), so the table goes in unchanged. Same figures in the tests of
# pyrepo-mcda and of Julia and Scala MCDM packages.
ZAVADSKAS_PODVEZKO = [[3.0, 100, 10, 7], [2.5, 80, 8, 5], [1.8, 50, 20, 11], [2.2, 70, 12, 9]]


def test_entropy_matches_zavadskas_podvezko_2016_example():
    weights = entropy_weights(ZAVADSKAS_PODVEZKO)
    assert weights == pytest.approx([0.1146, 0.1981, 0.4185, 0.2689], abs=1e-4)


# Xu, X. (2004) "A note on the subjective and objective integrated approach to determine
# attribute weights", European Journal of Operational Research 156(2), 530–532: entropy weights
# .4630 .3992 .1378 .0000, the last attribute being almost constant (29, 29, 28.9, 29); as
# reproduced in the tests of pyrepo-mcda (A. Bączkiewicz), again on the raw values.
def test_entropy_matches_xu_2004_example():
    matrix = [[30, 30, 38, 29], [19, 54, 86, 29], [19, 15, 85, 28.9], [68, 70, 60, 29]]
    assert entropy_weights(matrix) == pytest.approx([0.4630, 0.3992, 0.1378, 0.0], abs=1e-4)


@pytest.mark.parametrize("rows", [3, 4])
def test_entropy_gives_no_weight_to_an_all_equal_column(rows):
    matrix = [[1.8 + i, 7, 10 * (i + 1) ** 2] for i in range(rows)]
    # Exactly 0 with four rows; 8.5e-16 with three (ln rounding), hence the tolerance.
    assert entropy_weights(matrix)[1] == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("matrix", [ZAVADSKAS_PODVEZKO, [[0, 5, 1], [0, 0, 2], [4, 1, 3]]])
def test_entropy_weights_sum_to_one(matrix):
    assert sum(entropy_weights(matrix)) == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize(
    "matrix",
    [[[1, 2, 3], [1 / 2, 1, 4]], [1, 2, 3], [[1] * 16 for _ in range(16)]],
    ids=["2x3", "flat", "16x16"],
)
def test_ahp_refuses_a_matrix_that_is_not_square(matrix):
    with pytest.raises(ValidationError) as caught:
        ahp(matrix)
    assert caught.value.code == "ahp_shape"


@pytest.mark.parametrize("matrix", [[[1, 10], [1 / 10, 1]], [[1, 0], [0, 1]]], ids=["ten", "zero"])
def test_ahp_refuses_a_comparison_outside_one_ninth_to_nine(matrix):
    with pytest.raises(ValidationError) as caught:
        ahp(matrix)
    assert caught.value.code == "ahp_range"


@pytest.mark.parametrize(
    "matrix", [[[1, 3], [1 / 2, 1]], [[2, 1 / 2], [2, 1]]], ids=["mirror", "diagonal"]
)
def test_ahp_refuses_a_matrix_that_is_not_reciprocal(matrix):
    with pytest.raises(ValidationError) as caught:
        ahp(matrix)
    assert caught.value.code == "ahp_reciprocal"


def test_check_weights_sum_refuses_weights_not_summing_to_one_and_shows_the_sum():
    weights = {"A": Decimal("0.3"), "B": Decimal("0.3"), "C": Decimal("0.3")}
    with pytest.raises(ValidationError) as caught:
        check_weights_sum(weights, group="服务环境")
    assert caught.value.code == "weights_sum"
    assert "0.9" in caught.value.messages[0]
    assert "服务环境" in caught.value.messages[0]


def test_check_weights_sum_accepts_weights_summing_to_one():
    weights = {"A": Decimal("0.2"), "B": Decimal("0.3"), "C": Decimal("0.5")}
    check_weights_sum(weights, group="服务环境")
