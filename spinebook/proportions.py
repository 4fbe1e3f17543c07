"""Meta-analysis of single-arm proportions (e.g. the share of ultrasound-guided needles that a
fluoroscopic or CT check found where they should be), the way metafor does it with
``escalc(measure="PLO")`` and ``rma(method="REML")``:

- per study, the logit of the proportion ``log(x / (n − x))`` with sampling variance
  ``1/x + 1/(n − x)``; a study with 0 or n events gets 0.5 added to x and to n − x (metafor's
  default ``add = 1/2, to = "only0"``) and is flagged ``corrected``;
- per study, the exact (Clopper–Pearson) interval of the raw proportion, from statsmodels'
  ``proportion_confint(method="beta")`` — what a forest plot shows for each study;
- pooled on the logit scale by :func:`spinebook.meta.pool` (REML by default; DL, PM, FE), then
  back-transformed with the inverse logit (estimate, CI and prediction interval).

The module does no I/O.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from scipy.special import expit
from statsmodels.stats.proportion import proportion_confint

from spinebook.meta import PoolResult, pool

ZERO_CELL_ADD = 0.5


def check_counts(events, totals, labels=None) -> tuple[np.ndarray, np.ndarray]:
    """Events and totals as float arrays, or a ValueError naming the study that is wrong."""
    x = np.asarray(events, dtype=float)
    n = np.asarray(totals, dtype=float)
    names = list(labels) if labels is not None else [f"study {i + 1}" for i in range(len(x))]
    if x.shape != n.shape or x.ndim != 1:
        raise ValueError(f"events ({x.shape}) and totals ({n.shape}) must be two lists of the same length")
    if len(x) == 0:
        raise ValueError("no studies to pool")
    for name, xi, ni in zip(names, x, n):
        if not (np.isfinite(ni) and ni >= 1 and ni == round(ni)):
            raise ValueError(f"{name}: total = {ni:g}; it must be a whole number ≥ 1")
        if not (np.isfinite(xi) and 0 <= xi <= ni and xi == round(xi)):
            raise ValueError(f"{name}: events = {xi:g}; it must be a whole number from 0 to the total ({ni:g})")
    return x, n


def logit_proportions(events, totals, labels=None, level: float = 0.95) -> pd.DataFrame:
    """One row per study: ``events, total, proportion, ci_low, ci_high`` (exact), ``yi, vi``
    (logit scale, with the zero-cell rule) and ``corrected``."""
    x, n = check_counts(events, totals, labels)
    corrected = (x == 0) | (x == n)
    xa = np.where(corrected, x + ZERO_CELL_ADD, x)
    na = np.where(corrected, n + 2 * ZERO_CELL_ADD, n)
    low, high = proportion_confint(x, n, alpha=1 - level, method="beta")
    return pd.DataFrame({
        "label": list(labels) if labels is not None else [f"study {i + 1}" for i in range(len(x))],
        "events": x.astype(int), "total": n.astype(int), "proportion": x / n,
        "ci_low": np.asarray(low, dtype=float), "ci_high": np.asarray(high, dtype=float),
        "yi": np.log(xa / (na - xa)), "vi": 1 / xa + 1 / (na - xa), "corrected": corrected,
    })


def pool_proportions(events, totals, labels=None, method: str = "REML", level: float = 0.95) -> PoolResult:
    """Pooled proportion (logit, ``method``, back-transformed): estimate, CI and prediction
    interval are proportions; ``se`` and ``tau2`` stay on the logit scale (as metafor reports)."""
    return pool_logits(logit_proportions(events, totals, labels, level), method=method, level=level)


def pool_logits(table: pd.DataFrame, method: str = "REML", level: float = 0.95) -> PoolResult:
    """:func:`pool_proportions` for a table :func:`logit_proportions` already made (a figure that
    draws each study's interval pools the same table instead of building it twice)."""
    result = pool(table["yi"], table["vi"], method=method, level=level, labels=table["label"])
    return back_transform_logit(result)


def back_transform_logit(result: PoolResult) -> PoolResult:
    if result.transform != "identity":
        raise ValueError("this result is already back-transformed")
    f = lambda v: None if v is None else float(expit(v))  # noqa: E731
    return dataclasses.replace(result, estimate=f(result.estimate), ci_low=f(result.ci_low), ci_high=f(result.ci_high),
                               pi_low=f(result.pi_low), pi_high=f(result.pi_high), transform="expit")
