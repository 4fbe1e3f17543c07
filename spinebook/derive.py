"""What an abstract prints, turned into what a meta-analysis needs — the Cochrane Handbook's
formulas (chapter 6, "Choosing effect measures and computing estimates of effect"), each a small
function so that the data can say which one made a number:

- :func:`se_from_ci`: the SE of an effect from its confidence interval (6.3.1; ratio measures on
  the log scale);
- :func:`sd_from_se`: a group's SD from the SE of its mean, SD = SE·√n (6.5.2.2);
- :func:`sd_from_ci`: a group's SD from the CI of its mean, SD = √n·(upper − lower)/(2·t) with
  t on n − 1 df (z when n ≥ 100, as the Handbook allows; 6.5.2.2);
- :func:`se_from_p`: the SE of a difference from its exact two-sided p value, SE = |effect|/z
  (or t on the given df) (6.3.2).

Each raises ValueError on input that cannot be right (a reversed interval, p outside (0, 1), …).
"""

from __future__ import annotations

import math

from scipy import stats

#: Handbook 6.5.2.2: "for large sample sizes (say larger than 100 in each group) 3.92 [2 × 1.96]
#: may be used"; below that the t distribution.
LARGE_SAMPLE = 100


def _critical(level: float, df: float | None = None) -> float:
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level!r}")
    q = 0.5 + level / 2
    return float(stats.norm.ppf(q) if df is None else stats.t.ppf(q, df))


def se_from_ci(lower: float, upper: float, ratio: bool = False, level: float = 0.95) -> float:
    """SE of an effect from its (1 − α) CI; for a ratio (RR, OR, ROM) on the log scale."""
    if not (math.isfinite(lower) and math.isfinite(upper)) or upper <= lower:
        raise ValueError(f"the interval {lower:g} to {upper:g} is not an interval (upper must exceed lower)")
    if ratio:
        if lower <= 0:
            raise ValueError(f"a ratio's interval must be positive, not {lower:g} to {upper:g}")
        lower, upper = math.log(lower), math.log(upper)
    return (upper - lower) / (2 * _critical(level))


def sd_from_se(se: float, n: int) -> float:
    """A group's SD from the SE of its mean."""
    if not (math.isfinite(se) and se > 0):
        raise ValueError(f"SE must be positive, not {se!r}")
    if n < 2 or n != int(n):
        raise ValueError(f"n must be a whole number ≥ 2, not {n!r}")
    return se * math.sqrt(n)


def sd_from_ci(lower: float, upper: float, n: int, level: float = 0.95) -> float:
    """A group's SD from the CI of its mean (t on n − 1 df below :data:`LARGE_SAMPLE`)."""
    if not (math.isfinite(lower) and math.isfinite(upper)) or upper <= lower:
        raise ValueError(f"the interval {lower:g} to {upper:g} is not an interval (upper must exceed lower)")
    if n < 2 or n != int(n):
        raise ValueError(f"n must be a whole number ≥ 2, not {n!r}")
    critical = _critical(level) if n >= LARGE_SAMPLE else _critical(level, n - 1)
    return math.sqrt(n) * (upper - lower) / (2 * critical)


def se_from_p(effect: float, p: float, df: float | None = None) -> float:
    """SE of a difference from its exact two-sided p value (z, or t on ``df``)."""
    if not 0 < p < 1:
        raise ValueError(f"p must be an exact value between 0 and 1, not {p!r} (a bound such as p < 0.05 cannot be used)")
    if effect == 0:
        raise ValueError("an effect of 0 has no SE to recover from its p value")
    statistic = float(stats.norm.isf(p / 2) if df is None else stats.t.isf(p / 2, df))
    return abs(effect) / statistic
