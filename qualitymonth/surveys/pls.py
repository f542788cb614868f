"""PLS path modelling for the customer-satisfaction index (ACSI/CCSI structure).

Lohmöller's algorithm as the R package `plspm` (0.6.0) implements it for reflective (mode A)
blocks on standardised data, so that both give the same numbers to 1e-6 on the same data
(tests/data holds plspm's output and how it was made):

- items standardised with the population standard deviation (divided by n);
- initial outer weights 1 per item, scaled so each block's score has variance 1;
- each iteration: outer proxies Y = X·W standardised; inner weights by the centroid
  (sign of correlation), factorial (correlation) or path scheme (regression on the
  antecedents, correlation with the consequents); inner proxies Z = Y·E; mode A update
  W_block = X_blockᵀ·Z / n; stop when Σ(|w_old| − |w_new|)² < tol;
- final weights scaled to unit-variance scores, each score's sign made to agree with most of
  its items; paths by least squares with an intercept; loadings as correlations.

Index scores (0–100) weight the raw answers by the outer weights normalised to sum to one per
block — plspm's `rescale` — and map the answer scale onto 0–100, as the ACSI does.

`scaled=False` is plspm's `scaled = FALSE`: the items are centred but not divided by their
standard deviation, so an item with a wider spread weighs more; the iteration is the same.
Like `rescale`, which refuses a model with a negative outer weight, a block with a negative
weight gets no index: normalising such weights would move the index outside its items' range.
"""

from dataclasses import dataclass, field

import numpy as np

SCHEMES = ("centroid", "factorial", "path")


class PlsError(ValueError):
    pass


@dataclass
class Model:
    """Blocks (latent variable → item columns) and paths (latent → its antecedents)."""

    blocks: dict[str, list[str]]
    paths: dict[str, list[str]]

    @property
    def latents(self) -> list[str]:
        return list(self.blocks)

    def matrix(self) -> np.ndarray:
        """P[i, j] = 1 when latent j points at latent i."""
        index = {name: n for n, name in enumerate(self.latents)}
        p = np.zeros((len(index), len(index)))
        for target, sources in self.paths.items():
            for source in sources:
                p[index[target], index[source]] = 1
        return p


# The satisfaction model: expectation, perceived quality and value drive satisfaction,
# which drives complaints and loyalty (ACSI; the CCSI adds image on the same pattern).
ACSI = Model(
    blocks={
        "EXPE": ["expe1", "expe2", "expe3"],
        "QUAL": ["qual1", "qual2", "qual3"],
        "VAL": ["val1", "val2"],
        "SAT": ["sat1", "sat2", "sat3"],
        "COMP": ["comp1", "comp2"],
        "LOY": ["loy1", "loy2"],
    },
    paths={
        "QUAL": ["EXPE"],
        "VAL": ["EXPE", "QUAL"],
        "SAT": ["EXPE", "QUAL", "VAL"],
        "COMP": ["SAT"],
        "LOY": ["SAT", "COMP"],
    },
)


@dataclass
class Result:
    latents: list[str]
    items: list[str]
    iterations: int
    outer_weights: dict[str, float]
    loadings: dict[str, float]
    path_coefs: dict[str, dict[str, float]]
    r2: dict[str, float]
    scores: np.ndarray  # n × latents, standardised
    rescaled: np.ndarray  # n × latents, on the answers' scale
    intervals: dict = field(default_factory=dict)
    scaled: bool = True
    # {item: latent} for every item whose outer weight is negative.
    negative_weights: dict[str, str] = field(default_factory=dict)

    def index(self, low: float, high: float) -> dict[str, float | None]:
        """Mean rescaled score of each latent variable mapped from [low, high] to 0–100.

        None for a latent variable with a negative outer weight (see the module's note).
        """
        means = self.rescaled.mean(axis=0)
        withheld = set(self.negative_weights.values())
        return {
            name: None if name in withheld else float((mean - low) / (high - low) * 100)
            for name, mean in zip(self.latents, means, strict=True)
        }


def _sd(x: np.ndarray) -> np.ndarray:
    return x.std(axis=0, ddof=0)


def estimate(
    data: np.ndarray,
    columns: list[str],
    model: Model,
    *,
    scheme: str = "centroid",
    tol: float = 1e-6,
    maxiter: int = 100,
    scaled: bool = True,
) -> Result:
    if scheme not in SCHEMES:
        raise PlsError(f"unknown scheme {scheme}")
    items = [item for block in model.blocks.values() for item in block]
    missing = [item for item in items if item not in columns]
    if missing:
        raise PlsError(f"missing columns: {', '.join(missing)}")
    raw = np.asarray(data, dtype=float)[:, [columns.index(item) for item in items]]
    n = raw.shape[0]
    if n < 3 or np.isnan(raw).any():
        raise PlsError("need at least 3 complete rows")
    if np.any(_sd(raw) == 0):
        raise PlsError("an item has no spread")
    x = raw - raw.mean(axis=0)
    if scaled:
        x = x / _sd(raw)
    latents = model.latents
    odm = np.zeros((len(items), len(latents)))
    row = 0
    for j, name in enumerate(latents):
        size = len(model.blocks[name])
        odm[row : row + size, j] = 1
        row += size
    p = model.matrix()
    link = p + p.T

    w = odm / _sd(x @ odm)
    w_old = w.sum(axis=1)
    iterations = 0
    for iterations in range(1, maxiter + 1):  # noqa: B007 — the count is reported
        y = x @ w
        y = (y - y.mean(axis=0)) / _sd(y)
        e = _inner_weights(y, p, link, scheme)
        z = y @ e
        w = odm * (x.T @ z / n)
        w_new = w.sum(axis=1)
        if np.sum((np.abs(w_old) - np.abs(w_new)) ** 2) < tol:
            break
        w_old = w_new
    else:
        raise PlsError(f"did not converge in {maxiter} iterations")
    w = w / _sd(x @ w)
    scores = x @ w
    for j in range(len(latents)):
        block = odm[:, j] == 1
        agree = np.sign([np.corrcoef(x[:, i], scores[:, j])[0, 1] for i in np.flatnonzero(block)])
        if np.sign(agree.sum()) <= 0:
            scores[:, j] *= -1
    weights = w.sum(axis=1)
    loadings = [
        float(np.corrcoef(x[:, i], scores[:, int(np.argmax(odm[i]))])[0, 1])
        for i in range(len(items))
    ]
    path_coefs, r2 = _paths(scores, latents, model)
    normalised = odm * weights[:, None]
    normalised = normalised / normalised.sum(axis=0)
    owner = [latents[int(np.argmax(odm[i]))] for i in range(len(items))]
    return Result(
        latents=latents,
        items=items,
        iterations=iterations,
        outer_weights=dict(zip(items, map(float, weights), strict=True)),
        loadings=dict(zip(items, loadings, strict=True)),
        path_coefs=path_coefs,
        r2=r2,
        scores=scores,
        rescaled=raw @ normalised,
        scaled=scaled,
        negative_weights={item: owner[i] for i, item in enumerate(items) if weights[i] < 0},
    )


def _inner_weights(y, p, link, scheme) -> np.ndarray:
    r = np.corrcoef(y, rowvar=False)
    if scheme == "centroid":
        return np.sign(r * link)
    if scheme == "factorial":
        return r * link
    e = np.zeros_like(p)
    for k in range(p.shape[0]):
        antecedents = np.flatnonzero(p[k] == 1)
        if antecedents.size:
            coefs, *_ = np.linalg.lstsq(y[:, antecedents], y[:, k], rcond=None)
            e[antecedents, k] = coefs
        consequents = np.flatnonzero(p[:, k] == 1)
        e[consequents, k] = r[k, consequents]
    return e


def _paths(scores, latents, model) -> tuple[dict, dict]:
    index = {name: n for n, name in enumerate(latents)}
    coefs: dict[str, dict[str, float]] = {}
    r2 = dict.fromkeys(latents, 0.0)
    for target, sources in model.paths.items():
        y = scores[:, index[target]]
        design = np.column_stack([np.ones(len(y)), scores[:, [index[s] for s in sources]]])
        beta, *_ = np.linalg.lstsq(design, y, rcond=None)
        fitted = design @ beta
        r2[target] = float(1 - np.sum((y - fitted) ** 2) / np.sum((y - y.mean()) ** 2))
        coefs[target] = {source: float(b) for source, b in zip(sources, beta[1:], strict=True)}
    return coefs, r2


def bootstrap(
    data: np.ndarray,
    columns: list[str],
    model: Model,
    *,
    low: float,
    high: float,
    resamples: int = 200,
    seed: int = 2026,
    scheme: str = "path",
    level: float = 0.95,
    scaled: bool = True,
) -> dict:
    """Percentile intervals of the path coefficients and the 0–100 indices, seeded."""
    rng = np.random.default_rng(seed)
    data = np.asarray(data, dtype=float)
    paths: dict[tuple[str, str], list[float]] = {}
    indices: dict[str, list[float]] = {}
    for _ in range(resamples):
        sample = data[rng.integers(0, len(data), len(data))]
        try:
            result = estimate(sample, columns, model, scheme=scheme, scaled=scaled)
        except PlsError:
            continue  # a resample without spread in some item
        for target, sources in result.path_coefs.items():
            for source, value in sources.items():
                paths.setdefault((target, source), []).append(value)
        for name, value in result.index(low, high).items():
            if value is not None:
                indices.setdefault(name, []).append(value)
    tail = (1 - level) / 2 * 100

    def interval(values):
        return [float(np.percentile(values, tail)), float(np.percentile(values, 100 - tail))]

    return {
        "paths": {f"{s}→{t}": interval(v) for (t, s), v in paths.items()},
        "indices": {name: interval(v) for name, v in indices.items()},
        "resamples": resamples,
    }
