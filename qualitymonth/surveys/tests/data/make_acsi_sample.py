"""Generate the synthetic ACSI-style sample ``acsi_sample.csv`` (demo data only).

Run from any directory:  python make_acsi_sample.py
The output is deterministic (numpy ``default_rng(2026)``).
"""

from pathlib import Path

import numpy as np

N = 300
rng = np.random.default_rng(2026)


def latent(pred):
    """Add noise so the latent variable has (sample) variance close to 1."""
    resid_sd = np.sqrt(max(1.0 - pred.var(), 0.2))
    return pred + resid_sd * rng.standard_normal(N)


# Structural model: QUAL <- EXPE; VAL <- EXPE, QUAL; SAT <- EXPE, QUAL, VAL;
# COMP <- SAT (negative); LOY <- SAT, COMP.
expe = rng.standard_normal(N)
qual = latent(0.55 * expe)
val = latent(0.20 * expe + 0.50 * qual)
sat = latent(0.15 * expe + 0.40 * qual + 0.30 * val)
comp = latent(-0.55 * sat)
loy = latent(0.55 * sat - 0.20 * comp)

# Measurement model: item = loading * LV + noise, then mapped to a 1-10 scale.
blocks = {
    "expe": (expe, [0.78, 0.84, 0.72]),
    "qual": (qual, [0.86, 0.81, 0.75]),
    "val": (val, [0.88, 0.80]),
    "sat": (sat, [0.90, 0.85, 0.79]),
    "comp": (comp, [0.83, 0.74]),
    "loy": (loy, [0.87, 0.76]),
}

columns = {}
for prefix, (lv, loadings) in blocks.items():
    for k, lam in enumerate(loadings, start=1):
        x = lam * lv + np.sqrt(1 - lam**2) * rng.standard_normal(N)
        columns[f"{prefix}{k}"] = np.clip(np.rint(5.5 + 1.8 * x), 1, 10).astype(int)

out = Path(__file__).with_name("acsi_sample.csv")
names = list(columns)
rows = np.column_stack([columns[c] for c in names])
with out.open("w", newline="\n") as fh:
    fh.write(",".join(names) + "\n")
    for row in rows:
        fh.write(",".join(str(v) for v in row) + "\n")
