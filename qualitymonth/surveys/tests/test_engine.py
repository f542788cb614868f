"""The index arithmetic on an example small enough to check by hand (see conftest)."""

import pytest

from qualitymonth.surveys.models import IndexResult, RunLevel
from qualitymonth.surveys.services.indices import compute_index


def scores(run, level):
    return {row.name or row.key: row for row in IndexResult.objects.filter(run=run, level=level)}


def test_items_are_normalised_by_their_own_rule(answered, secretariat):
    run = compute_index(round_=answered, actor=secretariat)
    site = scores(run, RunLevel.SITE)
    # A on 0–10: 8 → 80; S2's two visits pool to 5 → 50. B 1–5, lower better: 2 → 75.
    # C min–max over the sites: 10, 20, 30 → 0, 50, 100.
    assert site["点位S1"].parts["A"] == pytest.approx(80)
    assert site["点位S2"].parts["A"] == pytest.approx(50)
    assert site["点位S1"].parts["B"] == pytest.approx(75)
    assert site["点位S3"].parts["B"] == pytest.approx(100)
    assert [site[f"点位S{n}"].parts["C"] for n in (1, 2, 3)] == pytest.approx([0, 50, 100])


def test_weights_roll_up_the_hierarchy(answered, secretariat):
    run = compute_index(round_=answered, actor=secretariat)
    site = scores(run, RunLevel.SITE)
    # S1: I1 = (80 + 75) / 2 = 77.5; total = 0.6 × 77.5 + 0.4 × 0 = 46.5.
    assert site["点位S1"].parts["I1"] == pytest.approx(77.5)
    assert site["点位S1"].score == pytest.approx(46.5)
    assert site["点位S2"].score == pytest.approx(42.5)
    assert site["点位S3"].score == pytest.approx(100)


def test_sites_are_ranked_best_first(answered, secretariat):
    run = compute_index(round_=answered, actor=secretariat)
    site = scores(run, RunLevel.SITE)
    assert [site[f"点位S{n}"].rank for n in (3, 1, 2)] == [1, 2, 3]


def test_districts_average_their_sites_with_a_t_interval(answered, secretariat):
    run = compute_index(round_=answered, actor=secretariat)
    district = scores(run, RunLevel.DISTRICT)
    x = district["甲区"]
    assert x.score == pytest.approx(44.5)
    assert x.units == 2
    # sd of 46.5 and 42.5 is 2√2; t(0.975, 1) = 12.7062; half-width 12.7062 × 2 = 25.4124.
    assert x.ci_low == pytest.approx(44.5 - 25.4124, abs=1e-3)
    assert x.ci_high == pytest.approx(44.5 + 25.4124, abs=1e-3)
    assert district["乙区"].ci_low is None
    assert [district["乙区"].rank, x.rank] == [1, 2]


def test_city_score_averages_every_site(answered, secretariat):
    run = compute_index(round_=answered, actor=secretariat)
    (city,) = IndexResult.objects.filter(run=run, level=RunLevel.CITY)
    assert city.score == pytest.approx((46.5 + 42.5 + 100) / 3)
    assert city.units == 3
