"""The ranking arithmetic: hand-checked examples and properties that hold for any scores."""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from qualitymonth.awards import scoring

points = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)
some_points = st.lists(points, min_size=1, max_size=12)


def test_the_mean_of_three_totals():
    assert scoring.mean([80, 85, 90]) == 85


def test_the_trimmed_mean_drops_one_highest_and_one_lowest_from_five_reviews():
    assert scoring.trimmed_mean([60, 80, 82, 84, 99], trim_from=5) == 82


def test_the_trimmed_mean_is_the_plain_mean_below_the_threshold():
    assert scoring.trimmed_mean([60, 80, 82, 99], trim_from=5) == pytest.approx(80.25)


def test_a_weighted_total_multiplies_each_criterion_by_its_weight():
    assert scoring.weighted_total({1: 10, 2: 20}, {1: 1, 2: 1.5}) == 40


def test_z_scores_put_a_harsh_and_a_lenient_reviewer_on_one_scale():
    # Reviewer 1 is lenient (90, 80), reviewer 2 harsh (60, 50): both rank A above B by
    # one standard deviation, so A's z is +1 and B's −1 with either of them.
    totals = {("A", 1): 90, ("B", 1): 80, ("A", 2): 60, ("B", 2): 50}
    z = scoring.reviewer_z_scores(totals)
    assert z == {("A", 1): 1.0, ("B", 1): -1.0, ("A", 2): 1.0, ("B", 2): -1.0}
    # Mapped back: mean of all totals 70, their sd √250 ≈ 15.81.
    combined = scoring.z_score_totals(totals, maximum=100)
    assert combined["A"] == pytest.approx(70 + math.sqrt(250))
    assert combined["B"] == pytest.approx(70 - math.sqrt(250))


def test_a_reviewer_with_one_review_counts_as_average():
    z = scoring.reviewer_z_scores({("A", 1): 95, ("A", 2): 70, ("B", 2): 60})
    assert z[("A", 1)] == 0.0


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    ranks = scoring.competition_ranks({"A": 90.001, "B": 90.004, "C": 85, "D": 95})
    assert ranks == {"D": 1, "A": 2, "B": 2, "C": 4}


@given(some_points)
def test_the_mean_lies_between_the_lowest_and_the_highest(values):
    assert min(values) - 1e-9 <= scoring.mean(values) <= max(values) + 1e-9


@given(some_points, st.randoms())
def test_the_order_of_reviews_does_not_change_the_trimmed_mean(values, random):
    shuffled = values[:]
    random.shuffle(shuffled)
    assert scoring.trimmed_mean(shuffled, 5) == pytest.approx(scoring.trimmed_mean(values, 5))


@given(st.lists(points, min_size=5, max_size=12), points)
def test_one_extreme_review_cannot_move_the_trimmed_mean_beyond_the_others(values, outlier):
    # With one review raised to any value, the trimmed mean stays within the range
    # of the reviews that were not changed.
    changed = [*values[1:], outlier]
    result = scoring.trimmed_mean(changed, 5)
    assert min(values[1:]) - 1e-9 <= result <= max(values[1:]) + 1e-9


@given(
    st.lists(points, min_size=2, max_size=8),
    st.floats(min_value=0.1, max_value=5),
    st.floats(min_value=-50, max_value=50),
)
def test_a_reviewer_z_scores_do_not_depend_on_their_scale(totals, stretch, shift):
    assume(max(totals) - min(totals) > 1e-3)
    original = {(index, 1): value for index, value in enumerate(totals)}
    rescaled = {key: value * stretch + shift for key, value in original.items()}
    first, second = scoring.reviewer_z_scores(original), scoring.reviewer_z_scores(rescaled)
    for key in original:
        assert second[key] == pytest.approx(first[key], abs=1e-6)


@given(st.dictionaries(st.tuples(st.integers(0, 6), st.integers(0, 4)), points, min_size=1))
def test_z_score_totals_stay_on_the_points_scale(totals):
    for value in scoring.z_score_totals(totals, maximum=100).values():
        assert 0 <= value <= 100


@given(st.lists(points, min_size=2, max_size=8, unique=True), st.integers(2, 5))
def test_when_every_reviewer_scores_alike_z_scores_rank_like_the_mean(totals, reviewers):
    assume(max(totals) - min(totals) > 1e-3)
    scores = {
        (app, reviewer): value for app, value in enumerate(totals) for reviewer in range(reviewers)
    }
    by_mean = scoring.combine("mean", scores)
    by_z = scoring.combine("zscore", scores, maximum=100)
    # Never reversed; equal only where the mapping clips at 0 or the maximum.
    for better in by_mean:
        for worse in by_mean:
            if by_mean[better] > by_mean[worse]:
                assert by_z[better] >= by_z[worse]


@given(st.dictionaries(st.integers(0, 20), points, min_size=1))
def test_a_rank_is_one_more_than_the_number_of_better_scores(scores):
    ranks = scoring.competition_ranks(scores)
    rounded = {key: round(value, 2) for key, value in scores.items()}
    for key, rank in ranks.items():
        assert rank == 1 + sum(1 for other in rounded.values() if other > rounded[key])


def test_points_are_written_without_trailing_zeros_or_exponents():
    from decimal import Decimal

    assert [scoring.points_text(Decimal(v)) for v in ("10.00", "13.50", "0.25", "100")] == [
        "10",
        "13.5",
        "0.25",
        "100",
    ]
