"""Effect sizes, pooling and heterogeneity for the book's meta-analyses.

Sign convention (the only one used anywhere in the book)
--------------------------------------------------------
Every effect is **ultrasound minus fluoroscopy**; ratio measures are **ultrasound over
fluoroscopy** and are pooled on the log scale. So a negative mean difference, SMD, log ratio of
means or log risk ratio means "lower with ultrasound"; whether lower is *better* depends on the
outcome (pain, minutes, complications: lower is better; success rates: higher is better), which
is why the forest plot takes a ``lower_favours`` argument instead of guessing.

What is computed, and against what it was checked
-------------------------------------------------
- Per-study effects (:func:`effect_sizes`): Hedges' g and its variance from statsmodels'
  ``effectsize_smd``; raw mean difference; log ratio of means (Hedges, Gurevitch & Curtis 1999);
  log risk ratio and risk difference from statsmodels' ``effectsize_2proportions``, with metafor's
  default zero-cell rule (0.5 added to every cell of a study that has a zero cell).
- Pooling (:func:`pool`): fixed effect (inverse variance), DerSimonian–Laird and Paule–Mandel
  (τ² from statsmodels' ``combine_effects``), REML (Fisher scoring, as in metafor), optional
  Hartung–Knapp–Sidik–Jonkman interval, I² and the prediction interval as defined in ``pool``.
  The tests reproduce metafor's BCG vaccine example (``dat.bcg``) to 4 decimals.
- Subgroups with a test for subgroup differences, leave-one-out, cumulative meta-analysis and
  Egger's regression test.

The module does no I/O: it takes numbers or DataFrames and returns numbers or DataFrames.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.regression.linear_model import OLS
from statsmodels.stats.meta_analysis import combine_effects, effectsize_2proportions, effectsize_smd

__all__ = [
    "MEASURES",
    "Measure",
    "PoolResult",
    "SubgroupResult",
    "EggerResult",
    "effect_sizes",
    "check_studies",
    "pool",
    "back_transform",
    "subgroup",
    "leave_one_out",
    "cumulative",
    "egger",
    "check_effects",
    "format_number",
    "EGGER_MIN_STUDIES",
    "REML_TOLERANCE",
]

#: Cochrane Handbook 10.4.3.1: tests for funnel-plot asymmetry only with at least 10 studies.
EGGER_MIN_STUDIES = 10

#: REML stops when one Fisher-scoring step changes τ² by less than this (metafor's default
#: threshold is 1e-5; a tighter one costs a few iterations and makes results reproducible to
#: far more than the 4 decimals we compare against).
REML_TOLERANCE = 1e-10
REML_MAX_ITERATIONS = 1000

#: Paule–Mandel: |generalised Q − (k − 1)| below this counts as solved.
PM_TOLERANCE = 1e-8

METHODS = {
    "FE": "fixed effect (inverse variance)",
    "DL": "random effects (DerSimonian–Laird)",
    "PM": "random effects (Paule–Mandel)",
    "REML": "random effects (REML)",
}


@dataclass(frozen=True)
class Measure:
    """An effect measure: its code, a label for axes, and whether it is pooled on the log scale."""

    code: str
    label: str
    ratio: bool
    needs: tuple[str, ...]


MEASURES: dict[str, Measure] = {
    "SMD": Measure("SMD", "Standardized mean difference (Hedges' g)", False, ("n", "mean", "sd")),
    "MD": Measure("MD", "Mean difference", False, ("n", "mean", "sd")),
    "ROM": Measure("ROM", "Ratio of means", True, ("n", "mean", "sd")),
    "RR": Measure("RR", "Risk ratio", True, ("events", "total")),
    "RD": Measure("RD", "Risk difference", False, ("events", "total")),
}

ARMS = ("us", "fl")
_ARM_VALUE_COLUMNS = ("arm", "n", "mean", "sd", "events", "total")


# --------------------------------------------------------------------------------------------
# Formatting helpers (shared with the figures through the result methods)
# --------------------------------------------------------------------------------------------


def _format_p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _format_tau2(tau2: float) -> str:
    if tau2 == 0:
        return "0"
    return "< 0.001" if tau2 < 0.001 else f"{tau2:.3f}"


def format_number(x: float, digits: int = 2) -> str:
    """Fixed decimals with a true minus sign (−0.71), as printed in figures and captions."""
    return f"{x:.{digits}f}".replace("-", "−")


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class PoolResult:
    """A pooled estimate with its heterogeneity statistics.

    Values are on the analysis scale (log scale for ratio measures) unless ``transform`` is
    ``"exp"`` (see :func:`back_transform`); ``se`` and ``tau2`` always stay on the analysis
    scale. ``i2`` is in percent. ``weights`` are relative (they sum to 1) and in input order.
    Statistics that do not exist for this fit are ``None``, never NaN, and the reason is in
    ``pi_note`` / ``note``.
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    k: int
    method: str
    hksj: bool
    level: float
    tau2: float
    i2: float | None
    q: float | None
    q_df: int | None
    q_p: float | None
    pi_low: float | None
    pi_high: float | None
    pi_note: str
    weights: tuple[float, ...]
    statistic: float | None
    p_value: float | None
    df: int | None
    single_study: bool
    note: str = ""
    transform: str = "identity"
    iterations: int | None = None

    @property
    def model_label(self) -> str:
        """E.g. "random effects (REML), HKSJ interval" (Hartung–Knapp–Sidik–Jonkman)."""
        return METHODS[self.method] + (", HKSJ interval" if self.hksj else "")

    def summary_text(self) -> str:
        """Heterogeneity in one line for a caption, e.g.
        "τ² = 0.031, I² = 42.0 %, Q = 6.90 (df = 4), p = 0.141". Always human text, never NaN."""
        if self.single_study:
            return "Single study (k = 1): no pooling; heterogeneity (τ², I², Q) cannot be estimated."
        q_part = f"Q = {self.q:.2f} (df = {self.q_df}), {_format_p(self.q_p)}"
        if self.method == "FE":
            return f"Fixed-effect model (τ² assumed 0); I² = {self.i2:.1f} %, {q_part}"
        return f"τ² = {_format_tau2(self.tau2)}, I² = {self.i2:.1f} %, {q_part}"

    def estimate_text(self, digits: int = 2) -> str:
        """The estimate with its interval(s), e.g. "−0.71 [95 % CI −1.07 to −0.36]; 95 % PI ..."."""
        pct = f"{100 * self.level:g} %"
        f = lambda x: format_number(x, digits)  # noqa: E731
        text = f"{f(self.estimate)} [{pct} CI {f(self.ci_low)} to {f(self.ci_high)}]"
        if self.single_study:
            return text + " (single study, no pooling)"
        if self.pi_low is not None:
            text += f"; {pct} prediction interval {f(self.pi_low)} to {f(self.pi_high)}"
        return text

    def test_text(self) -> str:
        """Test for the overall effect, e.g. "z = −3.97, p < 0.001" (t with df under HKSJ)."""
        if self.statistic is None:
            return "no test for an overall effect (single study)"
        name = f"t({self.df})" if self.df is not None else "z"
        stat = format_number(self.statistic, 2) if np.isfinite(self.statistic) else "∞"
        return f"{name} = {stat}, {_format_p(self.p_value)}"


@dataclass(frozen=True, eq=False)
class SubgroupResult:
    """Pooled estimate per subgroup (``table``, one row per group, in order of first appearance)
    and the test for subgroup differences (``q_between`` on ``df`` degrees of freedom)."""

    table: pd.DataFrame
    results: dict
    q_between: float | None
    df: int | None
    p_value: float | None
    note: str = ""

    def summary_text(self) -> str:
        if self.q_between is None:
            return self.note
        return (
            f"Test for subgroup differences: Q = {self.q_between:.2f} (df = {self.df}), "
            f"{_format_p(self.p_value)}"
        )


@dataclass(frozen=True)
class EggerResult:
    """Egger's regression test: yi/sei regressed on 1/sei; the intercept measures asymmetry."""

    intercept: float
    se: float
    statistic: float
    df: int
    p_value: float
    slope: float
    k: int

    def summary_text(self) -> str:
        return (
            f"Egger's test: intercept = {format_number(self.intercept)} "
            f"(SE {self.se:.2f}), t({self.df}) = {format_number(self.statistic)}, {_format_p(self.p_value)}"
        )


# --------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------


def _name(labels, i: int) -> str:
    if labels is not None:
        return f"study {labels[i]!r}"
    return f"study at position {i}"


def check_effects(yi, vi, labels=None) -> tuple[np.ndarray, np.ndarray]:
    """Effects and variances as 1-D float arrays, or a ValueError that names the problem
    (k = 0, lengths that differ, NaN or infinite values, a variance ≤ 0) and the study."""
    labels = None if labels is None else list(labels)
    try:
        y = np.asarray(yi, dtype=float)
        v = np.asarray(vi, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"effects and variances must be numbers ({error})") from None
    if y.ndim != 1 or v.ndim != 1:
        raise ValueError("effects and variances must be one-dimensional sequences")
    if len(y) != len(v):
        raise ValueError(f"mismatched lengths: {len(y)} effects but {len(v)} variances")
    if labels is not None and len(labels) != len(y):
        raise ValueError(f"mismatched lengths: {len(y)} effects but {len(labels)} labels")
    if len(y) == 0:
        raise ValueError("no studies to pool (k = 0)")
    bad = ~np.isfinite(y) | ~np.isfinite(v) | ~(v > 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        if not np.isfinite(y[i]):
            raise ValueError(f"{_name(labels, i)}: effect is {y[i]} (must be a finite number)")
        if not np.isfinite(v[i]):
            raise ValueError(f"{_name(labels, i)}: variance is {v[i]} (must be a finite number)")
        raise ValueError(f"{_name(labels, i)}: variance is {v[i]} (must be > 0)")
    return y, v


def _check_method(method: str) -> str:
    code = str(method).upper()
    if code not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    return code


def _check_level(level: float) -> float:
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95), got {level}")
    return float(level)


# --------------------------------------------------------------------------------------------
# τ² estimators
# --------------------------------------------------------------------------------------------


def _tau2_reml(y: np.ndarray, v: np.ndarray, start: float) -> tuple[float, int]:
    """REML τ² by Fisher scoring (metafor's algorithm for the intercept-only model).

    With w = 1/(v + τ²) and P = W − w wᵀ/Σw, one step adds
    (yᵀPPy − tr P) / tr(PP) to τ²; τ² is truncated at 0 after every step. Stops when the step
    changes τ² by less than ``REML_TOLERANCE``.
    """
    tau2 = max(0.0, start)
    for iteration in range(1, REML_MAX_ITERATIONS + 1):
        w = 1.0 / (v + tau2)
        sw, sw2, sw3 = w.sum(), (w * w).sum(), (w**3).sum()
        r = y - (w @ y) / sw
        ypppy = ((w * r) ** 2).sum()
        trace_p = sw - sw2 / sw
        trace_pp = sw2 - 2.0 * sw3 / sw + (sw2 / sw) ** 2
        new = max(0.0, tau2 + (ypppy - trace_p) / trace_pp)
        if abs(new - tau2) < REML_TOLERANCE:
            return new, iteration
        tau2 = new
    raise RuntimeError(f"REML did not converge in {REML_MAX_ITERATIONS} iterations (τ² ≈ {tau2:.6g})")


def _generalised_q(y: np.ndarray, v: np.ndarray, tau2: float) -> float:
    w = 1.0 / (v + tau2)
    mu = (w @ y) / w.sum()
    return float(w @ (y - mu) ** 2)


def _statsmodels_tau2(y: np.ndarray, v: np.ndarray, method_re: str, **options) -> float:
    """τ² from statsmodels, truncated at 0 as metafor does (statsmodels leaves a negative DL
    value in, and then warns while computing statistics from it that we do not use)."""
    with np.errstate(invalid="ignore"):
        return max(0.0, float(combine_effects(y, v, method_re=method_re, **options).tau2))


def _tau2(y: np.ndarray, v: np.ndarray, method: str) -> tuple[float, int | None]:
    if method == "FE":
        return 0.0, None
    if method == "DL":
        return _statsmodels_tau2(y, v, "dl"), None
    if method == "PM":
        tau2 = _statsmodels_tau2(y, v, "pm", atol=PM_TOLERANCE, maxiter=500)
        if tau2 > 0 and abs(_generalised_q(y, v, tau2) - (len(y) - 1)) > 1e-6:
            raise RuntimeError("Paule–Mandel estimate of τ² did not converge")
        return tau2, None
    return _tau2_reml(y, v, start=_statsmodels_tau2(y, v, "dl"))


# --------------------------------------------------------------------------------------------
# Pooling
# --------------------------------------------------------------------------------------------


def pool(yi, vi, method: str = "REML", hksj: bool = False, level: float = 0.95, labels=None) -> PoolResult:
    """Pool effects ``yi`` with sampling variances ``vi``.

    method
        ``"FE"`` inverse-variance fixed effect; ``"DL"`` DerSimonian–Laird and ``"PM"``
        Paule–Mandel (τ² from statsmodels ``combine_effects``, truncated at 0); ``"REML"``
        restricted maximum likelihood (Fisher scoring, see ``_tau2_reml``).
    hksj
        Hartung–Knapp–Sidik–Jonkman interval as metafor's ``test="knha"``: SE² =
        Σw(y − μ̂)² / ((k − 1)·Σw), not truncated, with t on k − 1 df.
    level
        Coverage of the confidence and prediction intervals.

    I² is metafor's: 100·τ²/(τ² + s²), s² = (k − 1)·Σw / ((Σw)² − Σw²), w = 1/v (equal to
    (Q − df)/Q for DL); for FE it is 100·max(0, (Q − df)/Q). Q is Cochran's Q on k − 1 df.

    Prediction interval (Cochrane Handbook; Higgins, Thompson & Spiegelhalter 2009):
    μ̂ ± t(k − 2)·√(τ² + SE²), with SE the one reported (the HKSJ SE when ``hksj``), only for a
    random-effects model with k ≥ 3. metafor's ``predict`` uses z (or t(k − 1) under knha)
    instead of t(k − 2), so its interval is narrower.

    k = 1 returns the study itself with ``single_study=True`` (no τ², I², Q or interval).
    Bad input (k = 0, NaN/inf, variance ≤ 0, lengths that differ) raises ValueError.
    """
    method = _check_method(method)
    level = _check_level(level)
    y, v = check_effects(yi, vi, labels)
    k = len(y)
    z_crit = float(stats.norm.ppf(0.5 + level / 2))

    if k == 1:
        se = float(np.sqrt(v[0]))
        return PoolResult(
            estimate=float(y[0]), se=se, ci_low=float(y[0] - z_crit * se), ci_high=float(y[0] + z_crit * se),
            k=1, method=method, hksj=hksj, level=level, tau2=0.0, i2=None, q=None, q_df=None, q_p=None,
            pi_low=None, pi_high=None, pi_note="single study: no prediction interval",
            weights=(1.0,), statistic=None, p_value=None, df=None, single_study=True,
            note="single study, no pooling: the estimate and interval are that study's own",
        )

    w_fe = 1.0 / v
    sw = w_fe.sum()
    mu_fe = (w_fe @ y) / sw
    q = float(w_fe @ (y - mu_fe) ** 2)
    q_df = k - 1
    q_p = float(stats.chi2.sf(q, q_df))

    tau2, iterations = _tau2(y, v, method)
    w = 1.0 / (v + tau2)
    estimate = float((w @ y) / w.sum())
    se = float(np.sqrt(1.0 / w.sum()))

    if method == "FE":
        i2 = 100.0 * max(0.0, (q - q_df) / q) if q > 0 else 0.0
    else:
        s2 = q_df * sw / (sw**2 - (w_fe**2).sum())
        i2 = 100.0 * tau2 / (tau2 + s2)

    note = ""
    if hksj:
        se = float(np.sqrt((w @ (y - estimate) ** 2) / (q_df * w.sum())))
        df = q_df
        crit = float(stats.t.ppf(0.5 + level / 2, df))
        if se == 0:
            note = "all studies have the same effect: the HKSJ standard error is 0"
    else:
        df = None
        crit = z_crit
    if se > 0:
        statistic = estimate / se
    else:
        statistic = 0.0 if estimate == 0 else float(np.copysign(np.inf, estimate))
    if df is None:
        p_value = float(2 * stats.norm.sf(abs(statistic)))
    else:
        p_value = float(2 * stats.t.sf(abs(statistic), df))

    pi_low = pi_high = None
    if method == "FE":
        pi_note = "fixed-effect model: it assumes one common effect, so there is no prediction interval"
    elif k < 3:
        pi_note = f"no prediction interval: it needs at least 3 studies (t with k − 2 df), here k = {k}"
    else:
        half = float(stats.t.ppf(0.5 + level / 2, k - 2)) * np.sqrt(tau2 + se**2)
        pi_low, pi_high = estimate - half, estimate + half
        pi_note = f"t with {k - 2} df (k − 2), √(τ² + SE²)"

    return PoolResult(
        estimate=estimate, se=se, ci_low=estimate - crit * se, ci_high=estimate + crit * se, k=k,
        method=method, hksj=hksj, level=level, tau2=float(tau2), i2=float(i2), q=q, q_df=q_df, q_p=q_p,
        pi_low=pi_low, pi_high=pi_high, pi_note=pi_note, weights=tuple((w / w.sum()).tolist()),
        statistic=float(statistic), p_value=p_value, df=df, single_study=False, note=note,
        iterations=iterations,
    )


def back_transform(result: PoolResult) -> PoolResult:
    """exp() of the estimate, CI and PI of a result pooled on the log scale (for display of
    ratio measures). ``se`` and ``tau2`` stay on the log scale, as metafor reports them."""
    if result.transform != "identity":
        raise ValueError("this result is already back-transformed")
    exp = lambda x: None if x is None else float(np.exp(x))  # noqa: E731
    return dataclasses.replace(
        result, estimate=exp(result.estimate), ci_low=exp(result.ci_low), ci_high=exp(result.ci_high),
        pi_low=exp(result.pi_low), pi_high=exp(result.pi_high), transform="exp",
    )


def _result_row(result: PoolResult) -> dict:
    return {
        "k": result.k,
        "estimate": result.estimate,
        "se": result.se,
        "ci_low": result.ci_low,
        "ci_high": result.ci_high,
        "p_value": result.p_value,
        "tau2": result.tau2,
        "i2": result.i2,
        "q": result.q,
        "q_p": result.q_p,
        "pi_low": result.pi_low,
        "pi_high": result.pi_high,
        "note": result.note or ("" if result.pi_low is not None else result.pi_note),
    }


def subgroup(yi, vi, groups, method: str = "REML", hksj: bool = False, level: float = 0.95, labels=None) -> SubgroupResult:
    """Pool each subgroup separately (its own τ²), then test for subgroup differences.

    The test is Cochran's Q across the subgroup estimates with weights 1/SE², on
    (number of groups − 1) df — RevMan's "test for subgroup differences" and metafor's
    fixed-effect model fitted to the subgroup estimates.
    """
    y, v = check_effects(yi, vi, labels)
    labels = None if labels is None else list(labels)
    groups = list(groups)
    if len(groups) != len(y):
        raise ValueError(f"mismatched lengths: {len(y)} effects but {len(groups)} group labels")
    if any(pd.isna(g) for g in groups):
        raise ValueError("a study has no subgroup (missing group label)")
    names = list(dict.fromkeys(groups))
    results, rows = {}, []
    for name in names:
        index = [i for i, g in enumerate(groups) if g == name]
        sub_labels = None if labels is None else [labels[i] for i in index]
        result = pool(y[index], v[index], method=method, hksj=hksj, level=level, labels=sub_labels)
        results[name] = result
        rows.append({"group": name, **_result_row(result)})
    table = pd.DataFrame(rows)
    if len(names) < 2:
        return SubgroupResult(table, results, None, None, None, note="only one subgroup: no test for subgroup differences")
    est = np.array([r.estimate for r in results.values()])
    w = 1.0 / np.array([r.se for r in results.values()]) ** 2
    q_between = float(w @ (est - (w @ est) / w.sum()) ** 2)
    df = len(names) - 1
    return SubgroupResult(table, results, q_between, df, float(stats.chi2.sf(q_between, df)))


def leave_one_out(yi, vi, labels=None, method: str = "REML", hksj: bool = False, level: float = 0.95) -> pd.DataFrame:
    """Pool k times, each time without one study; one row per omitted study, in input order."""
    y, v = check_effects(yi, vi, labels)
    if len(y) < 2:
        raise ValueError("leave-one-out needs at least 2 studies")
    names = list(labels) if labels is not None else list(range(len(y)))
    rows = []
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        result = pool(y[keep], v[keep], method=method, hksj=hksj, level=level)
        rows.append({"omitted": names[i], **_result_row(result)})
    return pd.DataFrame(rows)


def cumulative(yi, vi, order, labels=None, method: str = "REML", hksj: bool = False, level: float = 0.95) -> pd.DataFrame:
    """Cumulative meta-analysis: sort by ``order`` (e.g. publication year; ties keep input
    order) and pool the first 1, 2, …, k studies. One row per step."""
    y, v = check_effects(yi, vi, labels)
    order = list(order)
    if len(order) != len(y):
        raise ValueError(f"mismatched lengths: {len(y)} effects but {len(order)} order keys")
    if any(pd.isna(o) for o in order):
        raise ValueError("a study has no order key (e.g. missing year)")
    names = list(labels) if labels is not None else list(range(len(y)))
    sort = sorted(range(len(y)), key=lambda i: order[i])
    rows = []
    for step in range(1, len(y) + 1):
        index = sort[:step]
        result = pool(y[index], v[index], method=method, hksj=hksj, level=level)
        added = sort[step - 1]
        rows.append({"step": step, "added": names[added], "order": order[added], **_result_row(result)})
    return pd.DataFrame(rows)


def egger(yi, vi) -> EggerResult:
    """Egger's regression test for funnel-plot asymmetry (statsmodels OLS of yi/sei on 1/sei;
    t-test of the intercept on k − 2 df). Needs k ≥ 3 to run; the book reports it only for
    k ≥ ``EGGER_MIN_STUDIES`` (Cochrane Handbook 10.4.3.1)."""
    y, v = check_effects(yi, vi)
    if len(y) < 3:
        raise ValueError(f"Egger's test needs at least 3 studies (k = {len(y)})")
    se = np.sqrt(v)
    fit = OLS(y / se, np.column_stack([np.ones_like(se), 1.0 / se])).fit()
    return EggerResult(
        intercept=float(fit.params[0]), se=float(fit.bse[0]), statistic=float(fit.tvalues[0]),
        df=int(fit.df_resid), p_value=float(fit.pvalues[0]), slope=float(fit.params[1]), k=len(y),
    )


# --------------------------------------------------------------------------------------------
# Per-study effect sizes from the per-arm outcome table
# --------------------------------------------------------------------------------------------


def _prepare(df: pd.DataFrame, measure: str) -> tuple[str, pd.DataFrame]:
    """Measure code and a copy of the table with normalised arms and numeric value columns."""
    code = str(measure).upper()
    if code not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    needs = MEASURES[code].needs
    missing = [c for c in ("study_id", "arm", *needs) if c not in df.columns]
    if missing:
        raise ValueError(f"{code} needs column(s) {', '.join(missing)} in the outcome table")
    if len(df) == 0:
        raise ValueError("the outcome table has no rows")
    data = df.copy()
    data["arm"] = data["arm"].astype(str).str.strip().str.lower()
    for column in needs:
        data[column] = pd.to_numeric(data[column], errors="coerce")
    return code, data


def _study_values(study, arms: pd.DataFrame, code: str) -> dict:
    """The numbers the measure needs from one study's rows, keyed ``<column>_<arm>``, or a
    ValueError naming the study and what is missing or impossible."""

    def fail(problem: str):
        raise ValueError(f"study {study!r}: {problem} (needed for {code})")

    other = sorted(set(arms["arm"]) - set(ARMS))
    if other:
        fail(f"arm {other[0]!r} is not 'us' or 'fl'; keep only the two arms being compared")
    counts = arms["arm"].value_counts()
    for arm in ARMS:
        found = int(counts.get(arm, 0))
        if found == 0:
            fail(f"no '{arm}' row")
        if found > 1:
            fail(f"{found} '{arm}' rows; filter to one outcome and timepoint, or combine the arms first")
    by_arm = arms.set_index("arm")
    values = {}
    for arm in ARMS:
        for column in MEASURES[code].needs:
            value = by_arm.at[arm, column]
            if pd.isna(value) or not np.isfinite(value):
                fail(f"arm '{arm}' has no usable {column}")
            values[f"{column}_{arm}"] = float(value)
    for arm in ARMS:
        if code in ("SMD", "MD", "ROM"):
            n, sd, mean = values[f"n_{arm}"], values[f"sd_{arm}"], values[f"mean_{arm}"]
            if n < 2:
                fail(f"arm '{arm}' has n = {n:g}; a standard deviation needs n ≥ 2")
            if sd <= 0:
                fail(f"arm '{arm}' has sd = {sd:g}; it must be > 0")
            if code == "ROM" and mean <= 0:
                fail(f"arm '{arm}' has mean = {mean:g}; a ratio of means needs positive means")
        else:
            events, total = values[f"events_{arm}"], values[f"total_{arm}"]
            if total < 1 or total != round(total):
                fail(f"arm '{arm}' has total = {total:g}; it must be a positive whole number")
            if events < 0 or events > total or events != round(events):
                fail(f"arm '{arm}' has events = {events:g}; it must be a whole number from 0 to total")
    if code in ("RR", "OR"):
        none = values["events_us"] == 0 and values["events_fl"] == 0
        every = values["events_us"] == values["total_us"] and values["events_fl"] == values["total_fl"]
        if none or every:
            fail(f"{'no' if none else 'every'} patient had the event in both arms: a double-zero study says nothing "
                 "about a ratio (Cochrane Handbook 10.4.4.1: left out of RR/OR, kept on the risk-difference scale)")
    return values


def check_studies(df: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Which studies in a per-arm table :func:`effect_sizes` can use for ``measure``: one row per
    study with ``usable`` and, if not, the ``reason``. Lets a chapter pool what it can and say
    what is missing instead of stopping at the first incomplete study."""
    code, data = _prepare(df, measure)
    rows = []
    for study, arms in data.groupby("study_id", sort=False):
        try:
            _study_values(study, arms, code)
            rows.append({"study_id": study, "usable": True, "reason": ""})
        except ValueError as error:
            rows.append({"study_id": study, "usable": False, "reason": str(error)})
    return pd.DataFrame(rows, columns=["study_id", "usable", "reason"])


def effect_sizes(df: pd.DataFrame, measure: str, level: float = 0.95) -> pd.DataFrame:
    """One row per study with ``yi, vi, se, ci_low, ci_high, n_us, n_fl`` (ultrasound minus /
    over fluoroscopy) from a long table with one row per study arm.

    Expected columns: ``study_id``, ``arm`` ("us" or "fl"), and what the measure needs:
    ``n, mean, sd`` for "SMD", "MD", "ROM"; ``events, total`` for "RR", "RD". The table must
    already be filtered to one outcome and timepoint. Other columns (label, year, source_id, …)
    are carried over: as one column when both arms agree in every study, otherwise as
    ``<column>_us`` and ``<column>_fl``. The measure's own inputs come out per arm too
    (``mean_us``, ``sd_fl``, ``events_us``, …).

    Measures
        SMD  Hedges' g, statsmodels ``effectsize_smd``: pooled SD, correction 1 − 3/(4N − 9),
             variance N/(n₁n₂) + g²/(2(N − 3.94)).
        MD   mean difference, variance sd₁²/n₁ + sd₂²/n₂.
        ROM  log ratio of means ln(m₁/m₂) (Hedges, Gurevitch & Curtis 1999), variance
             sd₁²/(n₁m₁²) + sd₂²/(n₂m₂²); needs positive means. Pool on the log scale.
        RR   log risk ratio, statsmodels ``effectsize_2proportions(statistic="risk-ratio")``.
        RD   risk difference, same function with ``statistic="diff"``.
    For RR and RD a study with a zero cell (no events, or only events, in an arm) gets 0.5 added
    to all four cells, as metafor's ``escalc`` does by default (``add=1/2, to="only0"``); such
    rows are flagged in ``zero_cell_corrected``. A *double-zero* study (no events, or only
    events, in both arms) is refused for RR and OR, as the Cochrane Handbook (10.4.4.1) advises
    (metafor's ``drop00=TRUE``); it stays usable for RD, where it carries information. ``n_us``/``n_fl`` are the group sizes analysed
    (``total`` for RR and RD).

    A study with a missing or impossible value raises ValueError naming the study; use
    :func:`check_studies` first to keep the usable ones and report the others.
    """
    code, data = _prepare(df, measure)
    level = _check_level(level)
    groups = list(data.groupby("study_id", sort=False))
    label_columns = [c for c in df.columns if c not in _ARM_VALUE_COLUMNS and c != "study_id"]
    per_arm = {
        c for c in label_columns
        if any(arms[c].dropna().nunique() > 1 for _, arms in groups)
    }
    rows = []
    for study, arms in groups:
        values = _study_values(study, arms, code)
        row = {"study_id": study}
        by_arm = arms.set_index("arm")
        for column in label_columns:
            if column in per_arm:
                for arm in ARMS:
                    row[f"{column}_{arm}"] = by_arm.at[arm, column]
            else:
                present = arms[column].dropna()
                row[column] = present.iloc[0] if len(present) else None
        row.update(values)
        rows.append(row)

    out = pd.DataFrame(rows)
    if code in ("SMD", "MD", "ROM"):
        m1, s1, n1 = out["mean_us"].to_numpy(), out["sd_us"].to_numpy(), out["n_us"].to_numpy()
        m2, s2, n2 = out["mean_fl"].to_numpy(), out["sd_fl"].to_numpy(), out["n_fl"].to_numpy()
        if code == "SMD":
            yi, vi = effectsize_smd(m1, s1, n1, m2, s2, n2)
        elif code == "MD":
            yi, vi = m1 - m2, s1**2 / n1 + s2**2 / n2
        else:
            yi, vi = np.log(m1 / m2), s1**2 / (n1 * m1**2) + s2**2 / (n2 * m2**2)
    else:
        e1, t1 = out["events_us"].to_numpy(), out["total_us"].to_numpy()
        e2, t2 = out["events_fl"].to_numpy(), out["total_fl"].to_numpy()
        # The zero-cell rule is applied here, not through statsmodels' ``zero_correction``:
        # in statsmodels 0.15 a float correction is added to the counts of *every* study (only
        # the group sizes are masked), which changes studies that have no zero cell.
        corrected = (e1 == 0) | (e1 == t1) | (e2 == 0) | (e2 == t2)
        add = np.where(corrected, 0.5, 0.0)
        statistic = "risk-ratio" if code == "RR" else "diff"
        yi, vi = effectsize_2proportions(e1 + add, t1 + 2 * add, e2 + add, t2 + 2 * add, statistic=statistic)
        out["zero_cell_corrected"] = corrected
        out["n_us"], out["n_fl"] = t1, t2
    out["n_us"] = out["n_us"].round().astype(int)
    out["n_fl"] = out["n_fl"].round().astype(int)
    out["measure"] = code
    out["yi"] = np.asarray(yi, dtype=float)
    out["vi"] = np.asarray(vi, dtype=float)
    for study, value in zip(out["study_id"], out["vi"]):
        if not (np.isfinite(value) and value > 0):
            raise ValueError(f"study {study!r}: the {code} variance is {value} (must be > 0)")
    out["se"] = np.sqrt(out["vi"])
    z = float(stats.norm.ppf(0.5 + level / 2))
    out["ci_low"] = out["yi"] - z * out["se"]
    out["ci_high"] = out["yi"] + z * out["se"]
    return out
