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
