"""Weights of siblings: by hand (checked to sum to one), AHP, or the entropy method.

AHP follows Saaty: the weights are the principal eigenvector of the pairwise comparison
matrix, CI = (λmax − n)/(n − 1), CR = CI/RI with Saaty's random indices; CR ≥ 0.1 is refused.
The entropy method follows the usual textbook form: on non-negative (already normalised)
scores, p_ij = x_ij / Σ_i x_ij, e_j = −Σ_i p_ij ln p_ij / ln m, weights ∝ 1 − e_j.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Saaty's random consistency indices for n = 1…15.
RANDOM_INDEX = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
CR_LIMIT = 0.1
SUM_TOLERANCE = Decimal("0.000001")


@dataclass(frozen=True)
class AhpResult:
    weights: list[float]
    lambda_max: float
    ci: float
    ri: float
    cr: float

    @property
    def consistent(self) -> bool:
        return self.cr < CR_LIMIT


def ahp(matrix) -> AhpResult:
    """Weights from a reciprocal pairwise comparison matrix (values 1/9 … 9)."""
    import numpy as np  # where used: a quarter of a second the server's start need not pay

    a = _checked_matrix(matrix)
    n = a.shape[0]
    values, vectors = np.linalg.eig(a)
    principal = int(np.argmax(values.real))
    lambda_max = float(values[principal].real)
    vector = np.abs(vectors[:, principal].real)
    weights = vector / vector.sum()
    ci = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri else 0.0
    return AhpResult([float(w) for w in weights], lambda_max, ci, ri, cr)


def consistent_ahp(matrix) -> AhpResult:
    """`ahp`, refusing a matrix whose consistency ratio is 0.1 or more."""
    result = ahp(matrix)
    if not result.consistent:
        raise ValidationError(
            _(
                "The pairwise comparisons are not consistent enough: the consistency ratio "
                "is %(cr).3f; it must be below 0.1. Revise the comparisons that contradict "
                "each other."
            )
            % {"cr": result.cr},
            code="ahp_inconsistent",
        )
    return result


def _checked_matrix(matrix):
    import numpy as np

    try:
        a = np.array(matrix, dtype=float)
    except (TypeError, ValueError):
        raise ValidationError(_("The comparisons must be numbers."), code="ahp_numbers") from None
    n = a.shape[0] if a.ndim == 2 else 0
    if a.ndim != 2 or a.shape[1] != n or n < 1 or n > max(RANDOM_INDEX):
        raise ValidationError(
            _("The comparisons must form a square table of 1 to 15 rows."), code="ahp_shape"
        )
    if not np.all(np.isfinite(a)) or np.any(a < 1 / 9 - 1e-9) or np.any(a > 9 + 1e-9):
        raise ValidationError(_("Each comparison must be between 1/9 and 9."), code="ahp_range")
    if not np.allclose(np.diag(a), 1.0) or not np.allclose(a * a.T, 1.0, rtol=1e-3):
        raise ValidationError(
            _(
                "The comparisons must be reciprocal: 1 on the diagonal, and the entry for B "
                "against A equal to 1 divided by the entry for A against B."
            ),
            code="ahp_reciprocal",
        )
    return a


def entropy_weights(matrix) -> list[float]:
    """Weights of the columns of a units × indicators table of non-negative scores."""
    import numpy as np

    x = np.asarray(matrix, dtype=float)
    m = x.shape[0]
    if m < 2:
        return [1 / x.shape[1]] * x.shape[1]
    totals = x.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(totals > 0, x / totals, 0.0)
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    entropy = -plogp.sum(axis=0) / np.log(m)
    # A column with no spread (or no data) carries no information.
    entropy = np.where(totals > 0, entropy, 1.0)
    divergence = np.clip(1.0 - entropy, 0.0, None)
    if divergence.sum() <= 0:
        return [1 / x.shape[1]] * x.shape[1]
    return [float(w) for w in divergence / divergence.sum()]


def check_weights_sum(weights: dict[str, Decimal], *, group: str) -> None:
    """Hand-set weights of siblings must sum to one."""
    total = sum(weights.values(), Decimal(0))
    if abs(total - 1) > SUM_TOLERANCE:
        raise ValidationError(
            _("The weights under %(group)s sum to %(total)s; they must sum to 1.")
            % {"group": group, "total": f"{total.normalize():f}"},
            code="weights_sum",
        )
