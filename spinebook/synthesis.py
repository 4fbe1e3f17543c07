"""Glue between the data tables and :mod:`spinebook.meta`: what can be pooled, and what cannot.

Chapter 4 (and the summary-of-findings table of chapter 5) ask three questions of the dataset:

1. Which outcome × timepoint groups of ``outcomes`` have enough per-arm numbers to pool?
   (:func:`poolability`, built on :func:`spinebook.meta.check_studies`.)
2. What is our own estimate for a group, with any estimator, HKSJ and leave-one-out?
   (:func:`effect_table`, :func:`pool_group`, :func:`our_results`.)
3. How do the published pooled and single-study estimates of ``pooled`` compare with what the
   per-arm data reproduce, and what do they say about non-inferiority at a given margin?
   (:func:`published_results`, :func:`published_vs_ours`, :func:`noninferiority_table`.)

Sign convention as in :mod:`spinebook.meta`: ultrasound minus (or over) fluoroscopy. Pure
functions: DataFrames in, DataFrames or :class:`~spinebook.meta.PoolResult` out, no I/O.
The one unit conversion (procedure time printed in minutes → seconds, so that all procedure
times form one outcome) happens in :func:`harmonise`, visibly.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from spinebook import derive, meta

__all__ = [
    "OutcomeInfo",
    "OUTCOMES",
    "SCALES",
    "NI_MARGINS",
    "harmonise",
    "outcome_info",
    "SD_DISPERSIONS",
    "PLUS_MINUS_READINGS",
    "read_plus_minus",
    "printed_effects",
    "spread_sources",
    "check_rows",
    "poolability",
    "effect_table",
    "pool_group",
    "our_results",
    "study_evidence",
    "published_results",
    "published_vs_ours",
    "noninferiority_verdict",
    "noninferiority_table",
]


@dataclass(frozen=True)
class OutcomeInfo:
    """How an outcome is analysed: label, effect measure, and whether a higher value is worse
    for the patient (pain, time, dose, complications: yes; success: no)."""

    label: str
    measure: str
    higher_is_worse: bool


#: Analysis outcome code (after :func:`harmonise`) → how it is analysed. Continuous outcomes
#: measured on one scale use the SMD (as the published meta-analyses do); times and doses use
#: the ratio of means, which is free of units; events use the risk ratio.
OUTCOMES: dict[str, OutcomeInfo] = {
    "pain_score": OutcomeInfo("Pain score", "SMD", True),
    "odi": OutcomeInfo("Oswestry Disability Index", "SMD", True),
    "procedure_time": OutcomeInfo("Procedure time", "ROM", True),
    "fluoroscopy_time_min": OutcomeInfo("Fluoroscopy time", "ROM", True),
    "radiation_dose": OutcomeInfo("Radiation dose", "ROM", True),
    "success": OutcomeInfo("Technical or treatment success", "RR", False),
    "vascular_injection": OutcomeInfo("Intravascular injection", "RR", True),
    "complications": OutcomeInfo("Complications", "RR", True),
    "incorrect_placement": OutcomeInfo("Incorrect needle placement", "RD", True),
    "other": OutcomeInfo("Other (shots, needle passes, aspiration)", "RR", True),
}

#: Printed outcome code → (analysis outcome code, factor to seconds for time outcomes).
_HARMONISED = {"procedure_time_s": ("procedure_time", 1.0), "procedure_time_min": ("procedure_time", 60.0)}

#: Timepoints that describe the groups before treatment: reported, never pooled as an outcome.
BASELINE_TIMEPOINTS = ("baseline",)

#: Display scales of the published-vs-ours panel and of the non-inferiority explorer.
SCALES = {
    "SMD": "Standardized mean difference (SD units)",
    "ratio": "Ratio (risk ratio or ratio of means; log axis)",
    "RD": "Risk difference (percentage points)",
    "MD": "Mean difference (minutes)",
}

#: Non-inferiority margins, one tuple per step: (SMD, risk difference in percentage points,
#: risk ratio). The steps are teaching choices, not clinically agreed margins.
NI_MARGINS = ((0.1, 2.5, 1.10), (0.2, 5.0, 1.25), (0.3, 7.5, 1.50), (0.4, 10.0, 2.00), (0.5, 15.0, 2.50))

_NI_SCALES = ("SMD", "RD", "RR")
_VALUE_COLUMNS = ("mean", "sd", "median", "iqr_low", "iqr_high")


# --------------------------------------------------------------------------------------------
# Outcome rows
# --------------------------------------------------------------------------------------------


def harmonise(outcomes: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``outcomes`` with ``analysis_outcome`` (procedure times printed in seconds and
    in minutes become one outcome, ``procedure_time``, in seconds: minutes × 60), the printed
    code kept in ``outcome_as_printed`` and a readable ``label`` per row."""
    out = outcomes.copy()
    out["outcome_as_printed"] = out["outcome"]
    out["analysis_outcome"] = out["outcome"]
    for printed, (code, factor) in _HARMONISED.items():
        rows = out["outcome"] == printed
        out.loc[rows, "analysis_outcome"] = code
        if factor != 1.0:
            for column in _VALUE_COLUMNS:
                if column in out.columns:
                    out[column] = out[column].astype("float64")
                    out.loc[rows, column] = out.loc[rows, column] * factor
            out.loc[rows, "unit"] = "s"
    out["label"] = out["study_id"]
    return out


def outcome_info(outcome: str) -> OutcomeInfo:
    """The :class:`OutcomeInfo` of an analysis outcome code (an unknown code gets a neutral
    default: its own name, ratio of means, higher is worse). Printed codes that
    :func:`harmonise` merges (``procedure_time_min``) map to their analysis outcome."""
    outcome = _HARMONISED.get(outcome, (outcome, 1.0))[0]
    return OUTCOMES.get(outcome, OutcomeInfo(outcome.replace("_", " ").capitalize(), "ROM", True))


def _group_rows(harmonised: pd.DataFrame, outcome: str, timepoint: str) -> pd.DataFrame:
    rows = harmonised[(harmonised["analysis_outcome"] == outcome) & (harmonised["timepoint"] == timepoint)]
    return rows.reset_index(drop=True)


#: Dispersion labels accepted as standard deviations; "unclear" (may be an SE, e.g. Güler 2023's
#: ultrasound arm) and "se" are refused for SMD, MD and ROM until resolved.
SD_DISPERSIONS = ("sd", "sd_assumed")


#: How a "mean ± x" that the source does not label (``dispersion`` "sd_assumed") is read. The
#: main analysis reads it as an SD; the Handbook (6.5.2.2) warns that it may be a standard error,
#: so the sensitivity analysis reads it as an SE of the mean and derives SD = SE·√n.
PLUS_MINUS_READINGS = {"sd": "± read as SD (main analysis)", "se": "± read as SE (sensitivity: SD = SE·√n)"}


def read_plus_minus(outcomes: pd.DataFrame, reading: str = "sd") -> pd.DataFrame:
    """A copy of ``outcomes`` with the unlabelled "±" read one way, and a ``sd_derivation``
    column that says, per row, what was done to ``sd``.

    ``reading="sd"`` keeps every SD as printed. ``reading="se"`` replaces the ``sd`` of every
    row whose dispersion is ``sd_assumed`` by :func:`spinebook.derive.sd_from_se` (SE·√n);
    rows labelled ``sd`` by their source are never touched, and an ``sd_assumed`` row without a
    group size keeps its value, flagged "no n: not converted" (it cannot be pooled anyway)."""
    if reading not in PLUS_MINUS_READINGS:
        raise ValueError(f"unknown reading of '±' {reading!r}; use one of {', '.join(PLUS_MINUS_READINGS)}")
    out = outcomes.copy()
    out["sd_derivation"] = ""
    if reading == "sd" or "dispersion" not in out.columns:
        return out
    out["sd"] = out["sd"].astype("float64")
    assumed = (out["dispersion"] == "sd_assumed") & out["sd"].notna()
    for i in out.index[assumed]:
        n = out.at[i, "n"]
        if pd.isna(n):
            out.at[i, "sd_derivation"] = "± read as SE, but no n: not converted"
            continue
        out.at[i, "sd"] = derive.sd_from_se(float(out.at[i, "sd"]), int(n))
        out.at[i, "sd_derivation"] = f"± read as SE: SD = {out.at[i, 'sd'] / n ** 0.5:g}·√{int(n)}"
    return out


def printed_effects(pooled: pd.DataFrame, outcome: str, measure: str, level: float = 0.95) -> pd.DataFrame:
    """Between-group effects that single studies print with a confidence interval (``pooled``
    rows with ``scope`` "single_study"), ready for generic inverse-variance pooling (Handbook
    10.3): ``yi`` is the printed estimate (log for ratios), its SE comes from the printed CI
    (:func:`spinebook.derive.se_from_ci`, Handbook 6.3.1) and ``se_derivation`` says so.
    Rows without a CI are left out (an effect without its uncertainty has no weight)."""
    rows = pooled[(pooled["scope"] == "single_study") & (pooled["outcome"] == outcome)
                  & (pooled["measure"] == measure) & pooled["ci_low"].notna() & pooled["ci_high"].notna()]
    ratio = measure in ("RR", "OR", "ROM")
    out = pd.DataFrame({
        "study_id": rows["study_id"].to_numpy(),
        "label": [_study_name(s) for s in rows["study_id"]],
        "analysis": rows["analysis"].to_numpy(),
        "estimate": rows["estimate"].to_numpy(float),
        "ci_low": rows["ci_low"].to_numpy(float),
        "ci_high": rows["ci_high"].to_numpy(float),
        "source_id": rows["source_id"].to_numpy(),
        "source_location": rows["source_location"].to_numpy(),
        "quote": rows["quote"].to_numpy(),
    })
    se = [derive.se_from_ci(lo, hi, ratio=ratio, level=level) for lo, hi in zip(out["ci_low"], out["ci_high"])]
    out["yi"] = np.log(out["estimate"]) if ratio else out["estimate"]
    out["se"] = se
    out["vi"] = out["se"] ** 2
    scale = "ln " if ratio else ""
    out["se_derivation"] = [f"SE = ({scale}upper − {scale}lower) / (2 × 1.96) = {se_i:.3g}, from the printed "
                            f"{100 * level:g}% CI {lo:g} to {hi:g} (Handbook 6.3.1)"
                            for se_i, lo, hi in zip(out["se"], out["ci_low"], out["ci_high"])]
    # the forest plot draws yi ± 1.96·SE, the interval actually pooled; the printed one stays beside it
    out = out.rename(columns={"ci_low": "printed_ci_low", "ci_high": "printed_ci_high"})
    return out.reset_index(drop=True)


_CI = re.compile(r"\bCI\b|confidence interval", re.IGNORECASE)
_SE = re.compile(r"\bSE\b|\bSEM\b|standard error", re.IGNORECASE)
_EXACT_P = re.compile(r"\bp\s*=\s*0?\.\d*[1-9]", re.IGNORECASE)
_RANGE = re.compile(r"\brange\b", re.IGNORECASE)


def spread_sources(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Every arm row that prints a mean without an SD (percentages excluded), with what its quote
    offers for deriving one (Cochrane Handbook 6.5.2): ``offers`` is "CI", "SE", "exact p",
    "range" or "nothing"; ``derivable`` is True only for the first three (a range gives no SD the
    Handbook recommends). ``spinebook.derive`` does the arithmetic when one is derivable."""
    rows = outcomes[outcomes["mean"].notna() & outcomes["sd"].isna() & (outcomes["unit"] != "%")]
    offers = []
    for quote in rows["quote"].astype(str):
        found = [name for name, pattern in (("CI", _CI), ("SE", _SE), ("exact p", _EXACT_P), ("range", _RANGE))
                 if pattern.search(quote)]
        offers.append(found[0] if found else "nothing")
    out = rows[["study_id", "outcome", "timepoint", "arm", "quote"]].copy()
    out["offers"] = offers
    out["derivable"] = out["offers"].isin(["CI", "SE", "exact p"])
    return out.reset_index(drop=True)


def check_rows(rows: pd.DataFrame, measure: str) -> pd.DataFrame:
    """:func:`spinebook.meta.check_studies` plus one rule of this book: for a continuous measure
    an arm whose spread is not labelled as an SD (``dispersion`` "unclear" or "se") makes the
    study unusable, with the reason."""
    check = meta.check_studies(rows, measure)
    if measure not in ("SMD", "MD", "ROM") or "dispersion" not in rows.columns:
        return check
    for i, study in enumerate(check["study_id"]):
        arms = rows[(rows["study_id"] == study) & rows["sd"].notna()]
        doubtful = arms[~arms["dispersion"].isin(SD_DISPERSIONS)]
        if check.at[i, "usable"] and not doubtful.empty:
            label = doubtful["dispersion"].iloc[0]
            check.at[i, "usable"] = False
            check.at[i, "reason"] = (f"study {study!r}: arm {doubtful['arm'].iloc[0]!r} gives a spread labelled "
                                     f"{label!r}, not an SD (may be a standard error) (needed for {measure})")
    return check


def _measure_for(outcome: str, rows: pd.DataFrame) -> str:
    """The outcome's measure; for the mixed "other" outcome RR only when counts are present."""
    measure = outcome_info(outcome).measure
    if outcome == "other" and not rows["events"].notna().any():
        return "ROM"
    return measure


# --------------------------------------------------------------------------------------------
# 1. What can be pooled
# --------------------------------------------------------------------------------------------


def poolability(outcomes: pd.DataFrame) -> pd.DataFrame:
    """One row per analysis outcome × timepoint of ``outcomes`` (after :func:`harmonise`):
    ``outcome``, ``outcome_label``, ``printed_as`` (outcome codes in the data), ``timepoint``,
    ``measure``, ``studies`` (with rows), ``usable`` (studies :func:`spinebook.meta.check_studies`
    accepts), ``usable_studies``, ``verdict`` and ``reasons`` (one "study: reason" per unusable
    study). Rows are in the order the groups first appear in the data."""
    harmonised = harmonise(outcomes)
    rows = []
    for (outcome, timepoint), group in harmonised.groupby(["analysis_outcome", "timepoint"], sort=False):
        measure = _measure_for(outcome, group)
        check = check_rows(group, measure)
        usable = check[check["usable"]]["study_id"].tolist()
        reasons = [
            f"{study}: {reason.split(': ', 1)[-1].replace(f' (needed for {measure})', '')}"
            for study, reason in zip(check["study_id"], check["reason"]) if reason
        ]
        if timepoint in BASELINE_TIMEPOINTS:
            verdict = "baseline: describes the groups before treatment, not an outcome"
        elif len(usable) >= 2:
            verdict = f"poolable (k = {len(usable)})"
        elif len(usable) == 1:
            verdict = "one usable study: shown, nothing to pool"
        elif reasons and all("double-zero" in reason for reason in reasons):
            verdict = "no events in either arm: no ratio to estimate (risk difference only)"
        else:
            verdict = "not poolable: no study has complete per-arm data"
        rows.append({
            "outcome": outcome,
            "outcome_label": outcome_info(outcome).label,
            "printed_as": ", ".join(dict.fromkeys(group["outcome_as_printed"])),
            "timepoint": timepoint,
            "measure": measure,
            "studies": int(group["study_id"].nunique()),
            "usable": len(usable),
            "usable_studies": ", ".join(usable),
            "verdict": verdict,
            "reasons": "; ".join(reasons),
        })
    columns = ["outcome", "outcome_label", "printed_as", "timepoint", "measure", "studies", "usable",
               "usable_studies", "verdict", "reasons"]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------------------------
# 2. Our own estimates
# --------------------------------------------------------------------------------------------


def effect_table(outcomes: pd.DataFrame, outcome: str, timepoint: str, measure: str | None = None,
                 plus_minus: str = "sd") -> pd.DataFrame:
    """Per-study effects (:func:`spinebook.meta.effect_sizes`) of the usable studies of one
    analysis outcome × timepoint, with ``label``, ``source_id``, ``source_location`` and
    ``quote`` carried over. ``plus_minus`` is how an unlabelled "±" is read
    (:func:`read_plus_minus`). Empty DataFrame (no rows) when no study is usable."""
    rows = _group_rows(harmonise(read_plus_minus(outcomes, plus_minus)), outcome, timepoint)
    if rows.empty:
        return pd.DataFrame(columns=["study_id", "label", "yi", "vi"])
    measure = measure or _measure_for(outcome, rows)
    check = check_rows(rows, measure)
    usable = check.loc[check["usable"], "study_id"].tolist()
    if not usable:
        return pd.DataFrame(columns=["study_id", "label", "yi", "vi"])
    keep = ["study_id", "arm", "n", "mean", "sd", "events", "total", "label", "source_id", "source_location", "quote"]
    table = meta.effect_sizes(rows[rows["study_id"].isin(usable)][keep], measure)
    if "quote" not in table.columns:  # arms quote different sentences: keep both
        table["quote"] = table["quote_us"].astype(str) + " | " + table["quote_fl"].astype(str)
    if "source_location" not in table.columns:
        table["source_location"] = table["source_location_us"]
    return table


def pool_group(table: pd.DataFrame, method: str = "REML", hksj: bool = False, omit: str | None = None):
    """Pool an :func:`effect_table` (optionally leaving out the study ``omit``): returns the
    table actually pooled and its :class:`~spinebook.meta.PoolResult`, or ``(empty, None)``
    when nothing is left. k = 1 gives the study's own estimate (``single_study``)."""
    if omit is not None:
        table = table[table["study_id"] != omit]
    table = table.reset_index(drop=True)
    if table.empty:
        return table, None
    result = meta.pool(table["yi"], table["vi"], method=method, hksj=hksj, labels=table["study_id"])
    return table, result


def _display(value: float, measure: str) -> float:
    """Analysis scale → display scale: exp for ratios, ×100 (percentage points) for RD."""
    if value is None:
        return float("nan")
    if meta.MEASURES[measure].ratio:
        return math.exp(value)
    return 100.0 * value if measure == "RD" else value


def our_results(outcomes: pd.DataFrame, method: str = "REML", hksj: bool = False) -> pd.DataFrame:
    """Our estimate for every analysis outcome × timepoint (baseline excluded) with at least one
    usable study, on the display scale (ratios exponentiated, RD in percentage points): columns
    ``outcome, outcome_label, timepoint, measure, k, estimate, ci_low, ci_high, single_study,
    studies, higher_is_worse, source_id``."""
    rows = []
    for group in poolability(outcomes).itertuples():
        if group.usable == 0 or group.timepoint in BASELINE_TIMEPOINTS:
            continue
        table, result = pool_group(effect_table(outcomes, group.outcome, group.timepoint), method, hksj)
        rows.append({
            "outcome": group.outcome,
            "outcome_label": group.outcome_label,
            "timepoint": group.timepoint,
            "measure": group.measure,
            "k": result.k,
            "estimate": _display(result.estimate, group.measure),
            "ci_low": _display(result.ci_low, group.measure),
            "ci_high": _display(result.ci_high, group.measure),
            "single_study": result.single_study,
            "studies": ", ".join(table["study_id"]),
            "higher_is_worse": outcome_info(group.outcome).higher_is_worse,
            "source_id": "; ".join(dict.fromkeys(table["source_id"])),
        })
    columns = ["outcome", "outcome_label", "timepoint", "measure", "k", "estimate", "ci_low", "ci_high",
               "single_study", "studies", "higher_is_worse", "source_id"]
    return pd.DataFrame(rows, columns=columns)


def study_evidence(studies: pd.DataFrame, outcomes: pd.DataFrame, pooled: pd.DataFrame, study_ids) -> pd.DataFrame:
    """What the dataset holds for each of ``study_ids`` (in that order): design, procedure,
    region, n per arm (as stored, "not in data" when empty), the outcomes with per-arm rows
    (codes with spaces for underscores, so that a table can wrap them),
    the published estimates of ``pooled`` and the extraction note, so that a claim about a
    study can be set against the data."""
    rows = []
    for study_id in study_ids:
        match = studies[studies["study_id"] == study_id]
        if match.empty:
            raise ValueError(f"study {study_id!r} is not in the studies table")
        study = match.iloc[0]
        own = outcomes[outcomes["study_id"] == study_id]
        estimates = pooled[pooled["study_id"] == study_id]
        n = ("not in data" if pd.isna(study["n_us"]) or pd.isna(study["n_fl"])
             else f"{int(study['n_us'])} / {int(study['n_fl'])} {study['n_unit']}")
        rows.append({
            "study": _study_name(study_id),
            "design": study["design"],
            "procedure": str(study["procedure"]).replace("_", " "),
            "region": study["spine_region"],
            "n (US / FL)": n,
            "per-arm outcome rows": ", ".join(f"{o.replace('_', ' ')} ({t})"
                                              for o, t in dict.fromkeys(zip(own["outcome"], own["timepoint"])))
                                    or "none",
            "published estimates": "; ".join(
                f"{o.replace('_', ' ')} {m} {_fmt(e)}" + ("" if pd.isna(lo) else f" [{_fmt(lo)}, {_fmt(hi)}]")
                for o, m, e, lo, hi in zip(estimates["outcome"], estimates["measure"], estimates["estimate"],
                                           estimates["ci_low"], estimates["ci_high"])) or "none",
            "note in data/studies.csv": study["note"] if pd.notna(study["note"]) else "",
        })
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# 3. Published versus ours
# --------------------------------------------------------------------------------------------


def _scale_of(measure: str) -> str:
    if measure in ("RR", "ROM", "OR"):
        return "ratio"
    return measure if measure in SCALES else "SMD"


def published_results(pooled: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``pooled`` with a readable ``label`` ("Viderman 2023 · pain score"),
    ``scale`` (a key of :data:`SCALES`) and ``higher_is_worse``; values exactly as stored."""
    out = pooled.copy().reset_index(drop=True)
    out["label"] = [
        f"{_study_name(s)} · {outcome_info(o).label.lower()}" for s, o in zip(out["study_id"], out["outcome"])
    ]
    twins = out["label"].duplicated(keep=False)  # e.g. Ashmore 2022's two analyses: name them by analysis
    out.loc[twins, "label"] = [
        f"{_study_name(s)} · {str(a).split(', ', 1)[-1]}" for s, a in zip(out.loc[twins, "study_id"], out.loc[twins, "analysis"])
    ]
    out["scale"] = [_scale_of(m) for m in out["measure"]]
    out["higher_is_worse"] = [outcome_info(o).higher_is_worse for o in out["outcome"]]
    return out


def _fmt(x: float) -> str:
    """Numbers as stored, without a spurious "-0" (−0.00 prints as 0)."""
    return f"{x + 0.0:g}" if x != 0 else "0"


def _study_name(study_id: str) -> str:
    """"viderman_2023" → "Viderman 2023", "cui_2022_cervical" → "Cui 2022"; ids without a year
    after the name are returned as they are."""
    parts = str(study_id).split("_")
    if len(parts) >= 2 and parts[1].isdigit() and len(parts[1]) == 4:
        return f"{parts[0].capitalize()} {parts[1]}"
    return str(study_id)


def _reproduce(row, harmonised: pd.DataFrame, studies: pd.DataFrame) -> dict:
    """Try to recompute one published row from per-arm data: the studies linked to a review
    through ``studies.included_in``, or the single study's own rows."""
    measure = row.measure
    outcome = "procedure_time" if row.outcome in _HARMONISED else row.outcome
    if measure not in meta.MEASURES:
        return {"status": f"not reproducible: measure {measure} is not computed here"}
    if row.scope == "pooled":
        linked = studies[studies["included_in"].fillna("").str.contains(row.study_id, regex=False)]
        if linked.empty:
            return {"status": "not reproducible: no study in data/studies.csv is linked to this review "
                              "(its included trials are not listed in the abstract)"}
        candidates = harmonised[harmonised["study_id"].isin(linked["study_id"]) & (harmonised["analysis_outcome"] == outcome)]
    else:
        candidates = harmonised[(harmonised["study_id"] == row.study_id) & (harmonised["analysis_outcome"] == outcome)
                                & (harmonised["timepoint"] == row.timepoint)]
    if candidates.empty:
        return {"status": "not reproducible: data/outcomes.csv has no per-arm rows for this outcome"}
    check = check_rows(candidates, measure)
    usable = check.loc[check["usable"], "study_id"].tolist()
    if not usable:
        reason = check["reason"].iloc[0].split(": ", 1)[-1].replace(f" (needed for {measure})", "")
        return {"status": f"not reproducible: {reason}"}
    table = effect_table(candidates.drop(columns=["analysis_outcome", "outcome_as_printed", "label"])
                         .assign(outcome=outcome), outcome, candidates["timepoint"].iloc[0], measure)
    _, result = pool_group(table)
    factor = 60.0 if (measure == "MD" and row.unit == "min" and outcome == "procedure_time") else 1.0
    ours = [_display(x, measure) / factor for x in (result.estimate, result.ci_low, result.ci_high)]
    return {"status": f"reproduced from {result.k} stud{'y' if result.k == 1 else 'ies'}",
            "ours_estimate": ours[0], "ours_ci_low": ours[1], "ours_ci_high": ours[2], "ours_k": result.k}


def published_vs_ours(pooled: pd.DataFrame, outcomes: pd.DataFrame, studies: pd.DataFrame) -> pd.DataFrame:
    """One row per published estimate (``pooled``) with the published values as stored and our
    attempt to reproduce it from per-arm data: ``ours_estimate, ours_ci_low, ours_ci_high,
    ours_k`` (NaN when not reproducible) and ``status`` saying why not, from the data."""
    harmonised = harmonise(outcomes)
    published = published_results(pooled)
    attempts = [_reproduce(row, harmonised, studies) for row in published.itertuples()]
    for column in ("ours_estimate", "ours_ci_low", "ours_ci_high", "ours_k"):
        published[column] = [a.get(column, np.nan) for a in attempts]
    published["status"] = [a["status"] for a in attempts]
    return published


# --------------------------------------------------------------------------------------------
# 4. Non-inferiority
# --------------------------------------------------------------------------------------------


def noninferiority_verdict(ci_low: float, ci_high: float, margin: float, higher_is_worse: bool,
                           ratio: bool = False) -> str:
    """"non-inferior", "inconclusive", "inferior" or "no CI" for one interval (ultrasound minus
    or over fluoroscopy) and a margin (a positive distance, or a ratio > 1 for ratio measures).

    The boundary is the margin on the *worse* side of no effect: 0 + margin (or 1 × margin for a
    ratio) when higher is worse, 0 − margin (1 / margin) when lower is worse. Non-inferior: the
    whole CI lies on the better side of the boundary. Inferior: the whole CI lies beyond it.
    Otherwise the data cannot decide: inconclusive."""
    if ci_low is None or ci_high is None or not (np.isfinite(ci_low) and np.isfinite(ci_high)):
        return "no CI"
    if ratio:
        if margin <= 1:
            raise ValueError(f"a ratio margin must be > 1, got {margin}")
        ci_low, ci_high, margin = math.log(ci_low), math.log(ci_high), math.log(margin)
    elif margin <= 0:
        raise ValueError(f"a margin must be > 0, got {margin}")
    boundary = margin if higher_is_worse else -margin
    better_side = ci_high < boundary if higher_is_worse else ci_low > boundary
    worse_side = ci_low > boundary if higher_is_worse else ci_high < boundary
    if better_side:
        return "non-inferior"
    if worse_side:
        return "inferior"
    return "inconclusive"


def _ni_note(ci_low: float, ci_high: float, higher_is_worse: bool, null: float) -> str:
    if not (np.isfinite(ci_low) and np.isfinite(ci_high)):
        return "the source prints no confidence interval"
    if (ci_low > null) if higher_is_worse else (ci_high < null):
        return "statistically worse with ultrasound"
    if (ci_high < null) if higher_is_worse else (ci_low > null):
        return "statistically better with ultrasound"
    return "CI includes no difference"


def noninferiority_table(pooled: pd.DataFrame, ours: pd.DataFrame, step: int) -> pd.DataFrame:
    """Verdicts at margin step ``step`` (index into :data:`NI_MARGINS`) for every published
    estimate in ``pooled`` on the SMD, RD or RR scale and for each of our own SMD estimates
    (``ours``, from :func:`our_results`):
    ``label, kind (published/ours), scale, estimate, ci_low, ci_high, margin, boundary,
    verdict, note, source_id``."""
    margins = dict(zip(_NI_SCALES, NI_MARGINS[step]))
    rows = []
    for row in published_results(pooled).itertuples():
        if row.measure not in margins:
            continue
        rows.append(dict(label=row.label, kind="published", scale=row.measure, estimate=row.estimate,
                         ci_low=row.ci_low, ci_high=row.ci_high, higher_is_worse=row.higher_is_worse,
                         source_id=row.source_id, source_location=row.source_location, quote=row.quote))
    for row in ours.itertuples():
        if row.measure != "SMD":
            continue
        rows.append(dict(label=f"Ours · {row.outcome_label.lower()}, {row.timepoint}", kind="ours",
                         scale="SMD", estimate=row.estimate, ci_low=row.ci_low, ci_high=row.ci_high,
                         higher_is_worse=row.higher_is_worse, source_id=row.source_id,
                         source_location=f"computed from data/outcomes.csv ({row.studies})", quote=""))
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    table["margin"] = [margins[s] for s in table["scale"]]
    ratio = table["scale"] == "RR"
    table["boundary"] = [
        (m if worse else 1 / m) if r else (m if worse else -m)
        for m, worse, r in zip(table["margin"], table["higher_is_worse"], ratio)
    ]
    table["verdict"] = [
        noninferiority_verdict(lo, hi, m, worse, r)
        for lo, hi, m, worse, r in zip(table["ci_low"], table["ci_high"], table["margin"], table["higher_is_worse"], ratio)
    ]
    table["note"] = [
        _ni_note(lo, hi, worse, 1.0 if r else 0.0)
        for lo, hi, worse, r in zip(table["ci_low"], table["ci_high"], table["higher_is_worse"], ratio)
    ]
    return table
