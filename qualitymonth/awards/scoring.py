"""The arithmetic of a ranking: reviewers' totals, how they are combined, and ties.

Pure functions over plain numbers, so property-based tests can reach every corner. Raw scores
stay in the database; these only read them.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

# Totals are shown and compared to two decimals; equal at that precision is a tie.
PLACES = 2


def points_text(points) -> str:
    """10.00 → "10", 13.50 → "13.5": points as people write them."""
    return format(Decimal(points).normalize(), "f")


def weighted_total(points: Mapping[int, float], weights: Mapping[int, float]) -> float:
    """A review's total: each criterion's points times its weight."""
    return sum(float(points[key]) * float(weights[key]) for key in points)


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    if not values:
        return None
    return math.fsum(values) / len(values)


def trimmed_mean(values: Iterable[float], trim_from: int) -> float | None:
    """Drop one highest and one lowest total when there are at least `trim_from` of them."""
    values = sorted(values)
    if len(values) >= max(trim_from, 3):
        values = values[1:-1]
    return mean(values)


def rule_applied(rule: str, reviews: int, trim_from: int) -> str | None:
    """The rule an application's score really came from, given how many totals it has.

    A trimmed round scores an application with fewer totals than `trim_from` (and never fewer
    than three) by the plain mean, as `trimmed_mean` does; None when there is nothing to score.
    """
    if reviews == 0:
        return None
    if rule == "trimmed" and reviews < max(trim_from, 3):
        return "mean"
    return rule


def _spread(values: list[float]) -> tuple[float, float]:
    centre = math.fsum(values) / len(values)
    variance = math.fsum((value - centre) ** 2 for value in values) / len(values)
    return centre, math.sqrt(variance)


def reviewer_z_scores(
    totals: Mapping[tuple[int, int], float],
) -> dict[tuple[int, int], float]:
    """Each total as z-score within its reviewer's own totals: (total − mean) / sd.

    `totals` maps (application, reviewer) to that reviewer's total. A reviewer who scored one
    application, or gave every application the same total, tells nothing about their scale:
    their scores count as average (z = 0).
    """
    by_reviewer: dict[int, list[float]] = defaultdict(list)
    for (_application, reviewer), total in totals.items():
        by_reviewer[reviewer].append(float(total))
    scale = {reviewer: _spread(values) for reviewer, values in by_reviewer.items()}
    z = {}
    for (application, reviewer), total in totals.items():
        centre, sd = scale[reviewer]
        z[(application, reviewer)] = (float(total) - centre) / sd if sd > 1e-9 else 0.0
    return z


def z_score_totals(totals: Mapping[tuple[int, int], float], maximum: float) -> dict[int, float]:
    """Per application: the mean of its reviewers' z-scores, mapped back to the points scale.

    The scale is that of all raw totals in the round (their mean and standard deviation),
    clipped to 0…maximum, so the result reads like a score and keeps the z-score order.
    """
    if not totals:
        return {}
    z = reviewer_z_scores(totals)
    by_application: dict[int, list[float]] = defaultdict(list)
    for (application, _reviewer), value in z.items():
        by_application[application].append(value)
    centre, sd = _spread([float(total) for total in totals.values()])
    return {
        application: min(max(centre + sd * mean(values), 0.0), float(maximum))
        for application, values in by_application.items()
    }


def combine(
    rule: str,
    totals: Mapping[tuple[int, int], float],
    *,
    trim_from: int = 5,
    maximum: float = 100.0,
) -> dict[int, float]:
    """Every application's combined score under the round's rule ('mean', 'trimmed', 'zscore')."""
    if rule == "zscore":
        return z_score_totals(totals, maximum)
    by_application: dict[int, list[float]] = defaultdict(list)
    for (application, _reviewer), total in totals.items():
        by_application[application].append(float(total))
    if rule == "trimmed":
        return {key: trimmed_mean(values, trim_from) for key, values in by_application.items()}
    return {key: mean(values) for key, values in by_application.items()}


def competition_ranks(scores: Mapping[int, float]) -> dict[int, int]:
    """1, 2, 2, 4: equal scores (to two decimals) share a rank, and the next rank skips."""
    rounded = {key: round(value, PLACES) for key, value in scores.items()}
    ordered = sorted(rounded.values(), reverse=True)
    first_place = {}
    for place, value in enumerate(ordered, start=1):
        first_place.setdefault(value, place)
    return {key: first_place[value] for key, value in rounded.items()}
