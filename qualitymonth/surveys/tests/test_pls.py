"""The satisfaction model agrees with R's plspm 0.6.0 on the same data (see data/PROVENANCE.md)."""

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from qualitymonth.surveys.pls import ACSI, Model, PlsError, bootstrap, estimate

DATA = Path(__file__).parent / "data"
REFERENCE = json.loads((DATA / "plspm_reference.json").read_text())
RUNS = sorted(REFERENCE["runs"])


def sample() -> tuple[np.ndarray, list[str]]:
    with open(DATA / "acsi_sample.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    return np.array(rows[1:], dtype=float), rows[0]


def fit(run: str):
    expected = REFERENCE["runs"][run]
    data, columns = sample()
    result = estimate(
        data,
        columns,
        ACSI,
        scheme=expected["scheme"],
        tol=expected["tol"],
        maxiter=expected["maxiter"],
    )
    return result, expected


@pytest.mark.parametrize("run", RUNS)
def test_path_coefficients_agree_with_plspm(run):
    result, expected = fit(run)
    for target, sources in result.path_coefs.items():
        for source, value in sources.items():
            assert value == pytest.approx(expected["path_coefs"][target][source], abs=1e-6)


@pytest.mark.parametrize("run", RUNS)
def test_latent_scores_agree_with_plspm(run):
    result, expected = fit(run)
    for j, name in enumerate(result.latents):
        assert np.max(np.abs(result.scores[:, j] - np.array(expected["scores"][name]))) < 1e-6
        assert np.max(np.abs(result.rescaled[:, j] - np.array(expected["rescaled"][name]))) < 1e-6


@pytest.mark.parametrize("run", RUNS)
def test_weights_loadings_and_r2_agree_with_plspm(run):
    result, expected = fit(run)
    assert result.iterations == expected["iterations"]
    for item, value in result.outer_weights.items():
        assert value == pytest.approx(expected["outer_weights"][item], abs=1e-6)
        assert result.loadings[item] == pytest.approx(expected["loadings"][item], abs=1e-6)
    for name, value in result.r2.items():
        assert value == pytest.approx(expected["r2"][name], abs=1e-6)


def test_index_maps_the_answer_scale_onto_0_to_100():
    result, expected = fit("path")
    index = result.index(1, 10)
    mean_sat = np.mean(expected["rescaled"]["SAT"])
    assert index["SAT"] == pytest.approx((mean_sat - 1) / 9 * 100, abs=1e-6)


def test_bootstrap_intervals_contain_the_estimate_and_repeat_with_the_seed():
    data, columns = sample()
    result = estimate(data, columns, ACSI, scheme="path")
    first = bootstrap(data, columns, ACSI, low=1, high=10, resamples=60)
    again = bootstrap(data, columns, ACSI, low=1, high=10, resamples=60)
    assert first == again
    low, high = first["paths"]["SAT→LOY"]
    assert low < result.path_coefs["LOY"]["SAT"] < high
    low, high = first["indices"]["SAT"]
    assert low < result.index(1, 10)["SAT"] < high


def test_a_missing_item_column_is_named():
    data, columns = sample()
    model = Model(blocks={**ACSI.blocks, "LOY": ["loy1", "loy9"]}, paths=ACSI.paths)
    with pytest.raises(PlsError, match="loy9"):
        estimate(data, columns, model)


@pytest.mark.parametrize("run", RUNS)
def test_unscaled_estimation_of_standardised_answers_agrees_with_plspm_scaled(run):
    """Centring answers already standardised changes nothing: plspm's scaled=TRUE numbers."""
    expected = REFERENCE["runs"][run]
    data, columns = sample()
    standardised = (data - data.mean(axis=0)) / data.std(axis=0, ddof=0)
    result = estimate(
        standardised,
        columns,
        ACSI,
        scheme=expected["scheme"],
        tol=expected["tol"],
        maxiter=expected["maxiter"],
        scaled=False,
    )
    assert result.iterations == expected["iterations"]
    for item, value in result.outer_weights.items():
        assert value == pytest.approx(expected["outer_weights"][item], abs=1e-6)
    for j, name in enumerate(result.latents):
        assert np.max(np.abs(result.scores[:, j] - np.array(expected["scores"][name]))) < 1e-6


def test_unscaled_estimation_lets_an_item_with_a_wider_spread_weigh_more():
    """Only centred (scaled=FALSE), an item counted in tenths gains weight; standardised, not."""
    data, columns = sample()
    stretched = data.copy()
    stretched[:, columns.index("sat1")] *= 10

    def share(values, scaled):
        """sat1's part of SAT's weights, each put on standardised answers to compare."""
        weights = estimate(values, columns, ACSI, scheme="path", scaled=scaled).outer_weights
        spread = {i: 1 if scaled else values[:, columns.index(i)].std() for i in columns}
        block = {i: weights[i] * spread[i] for i in ACSI.blocks["SAT"]}
        return block["sat1"] / sum(block.values())

    assert share(stretched, True) == pytest.approx(share(data, True), abs=1e-9)
    assert share(stretched, False) > share(data, False) + 0.2


def test_unscaled_scores_are_standardised_and_rescaled_onto_the_answers_scale():
    data, columns = sample()
    result = estimate(data, columns, ACSI, scheme="path", scaled=False)
    assert not result.scaled
    assert np.allclose(result.scores.mean(axis=0), 0, atol=1e-9)
    assert np.allclose(result.scores.std(axis=0), 1, atol=1e-9)
    sat = [columns.index(item) for item in ACSI.blocks["SAT"]]
    weights = np.array([result.outer_weights[item] for item in ACSI.blocks["SAT"]])
    by_hand = data[:, sat] @ (weights / weights.sum())
    assert np.allclose(result.rescaled[:, result.latents.index("SAT")], by_hand)
    # Positive weights: each respondent's score lies between their lowest and highest answer.
    assert np.all(by_hand >= data[:, sat].min(axis=1) - 1e-9)
    assert np.all(by_hand <= data[:, sat].max(axis=1) + 1e-9)


def test_a_negative_outer_weight_is_named_and_its_block_gets_no_index():
    data, columns = sample()
    reversed_item = data.copy()
    # loy2 asked the other way round (10 = least loyal) and not recoded.
    reversed_item[:, columns.index("loy2")] = 11 - reversed_item[:, columns.index("loy2")]
    result = estimate(reversed_item, columns, ACSI, scheme="path")
    assert result.negative_weights == {"loy2": "LOY"}
    index = result.index(1, 10)
    assert index["LOY"] is None
    assert index["SAT"] == pytest.approx(estimate(data, columns, ACSI).index(1, 10)["SAT"], abs=5)
    assert estimate(data, columns, ACSI, scheme="path").negative_weights == {}
