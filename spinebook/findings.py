"""Chapter 5: the summary-of-findings table, its certainty judgements, and the practice-scenario
arithmetic. Pure functions of the DataFrames from :func:`spinebook.data.load`; no I/O, no figures.

Summary of findings
-------------------
One row per procedure family (``studies.procedure_family``) × outcome. The row's effect is the
best estimate the dataset holds, in this order of preference:

1. ``published pooled``   — a meta-analysis result from ``pooled.csv`` (scope ``pooled``);
2. ``ours, pooled``       — pooled here with :func:`spinebook.meta.pool` (REML) from per-arm data
                            (needs ≥ 2 usable studies; none has that today);
3. ``published single study`` — ``pooled.csv`` rows of scope ``single_study``;
4. ``ours, single study`` — one study's effect and CI from its per-arm n, mean, SD or events
                            (:func:`spinebook.meta.effect_sizes`);
5. ``arm means only``     — the difference of the two printed arm means, without n or SD and
                            therefore without a CI.

Sign convention as everywhere in the book: ultrasound minus (or over) fluoroscopy.

Certainty (GRADE)
-----------------
Evidence from randomized trials (an RCT, or a meta-analysis whose title or note names RCTs)
starts at *high* (4), everything else at *low* (2). Each of five domains then downgrades by 0, 1
or 2 levels, by the explicit rules of :func:`judge` (each rule returns its reason as text);
the result is floored at *very low* (1). The rules are deliberately mechanical, so that a reader
can disagree with a rule rather than with a feeling — see the chapter for their limits.

Practice scenario
-----------------
:func:`scenario` multiplies a clinic's caseload by the share switched to ultrasound and by one
row each of radiation, time and price data; doses go through :mod:`spinebook.radiation`.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from spinebook import meta, radiation, synthesis
from spinebook.data import to_msv
from spinebook.labels import PROCEDURE_FAMILY_LABELS

# every procedure family of the data except "other", which has no comparative study to summarise
FAMILY_LABELS = {code: label for code, label in PROCEDURE_FAMILY_LABELS.items() if code != "other"}
PRIMARY_DESIGNS = ("rct", "nonrandomized", "retrospective")

# outcome code in outcomes.csv / pooled.csv -> (outcome shown, outcome group, higher is worse)
OUTCOMES = {
    "pain_score": ("Pain", "pain_function", True),
    "odi": ("Function (ODI)", "pain_function", True),
    "success": ("Success or accuracy", "success_safety", False),
    "incorrect_placement": ("Incorrect needle placement", "success_safety", True),
    "complications": ("Complications", "success_safety", True),
    "procedure_time_s": ("Procedure time", "time_radiation", True),
    "procedure_time_min": ("Procedure time", "time_radiation", True),
    "radiation_dose": ("Radiation dose", "time_radiation", True),
}
OUTCOME_GROUPS = {"pain_function": "Pain and function", "success_safety": "Success and safety",
                  "time_radiation": "Time and radiation"}
# Per-arm effect measure for our own estimates (procedure time is harmonised to minutes first).
OUR_MEASURES = {"Pain": "SMD", "Function (ODI)": "SMD", "Procedure time": "MD", "Success or accuracy": "RR",
                "Complications": "RR", "Radiation dose": "ROM"}

# Imprecision thresholds: an effect smaller than this is not "appreciable" (a teaching choice,
# stated in the chapter): SMD 0.2 (a small effect, Cohen), a ratio of 0.8 or 1.25, a risk
# difference of 5 percentage points, and 2 minutes of procedure time.
THRESHOLDS = {"SMD": 0.2, "RR": 1.25, "ROM": 1.25, "RD": 5.0, "MD": 2.0}
# GRADE's rule of thumb for the optimal information size of a continuous outcome: ~400 people.
OPTIMAL_INFORMATION_SIZE = 400
EGGER_MIN_STUDIES = meta.EGGER_MIN_STUDIES
CERTAINTY = {4: "High", 3: "Moderate", 2: "Low", 1: "Very low"}
SYMBOLS = {4: "⊕⊕⊕⊕", 3: "⊕⊕⊕◯", 2: "⊕⊕◯◯", 1: "⊕◯◯◯"}
DOMAINS = ("risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias")
DOMAIN_LABELS = {"risk_of_bias": "Risk of bias", "inconsistency": "Inconsistency", "indirectness": "Indirectness",
                 "imprecision": "Imprecision", "publication_bias": "Publication bias"}
SD_DISPERSIONS = ("sd", "sd_assumed")
_TIMEPOINT_ORDER = ["immediate", "48h", "1w", "2w", "3w", "1m", "2m", "3m", "6m", "12m", "final", "procedure", "unspecified"]
_RCT_TEXT = re.compile(r"\bRCTs?\b|randomi[sz]ed controlled trials?", re.IGNORECASE)


# -------------------------------------------------------------------------------------------
# Evidence per family
# -------------------------------------------------------------------------------------------
def family_evidence(studies: pd.DataFrame) -> pd.DataFrame:
    """Per procedure family: comparative primary studies (k), how many randomized, patients or
    procedures in both arms where a study gives both group sizes (by ``n_unit``), how many give
    none, and the reviews/meta-analyses in the family."""
    rows = []
    for family, label in FAMILY_LABELS.items():
        group = studies[studies["procedure_family"] == family]
        primary = group[group["design"].isin(PRIMARY_DESIGNS)]
        sized = primary[primary["n_us"].notna() & primary["n_fl"].notna()]
        n_by_unit = (sized["n_us"] + sized["n_fl"]).groupby(sized["n_unit"]).sum()
        rows.append({
            "family": family, "family_label": label, "k": len(primary),
            "k_rct": int((primary["design"] == "rct").sum()),
            "k_observational": int(primary["design"].isin(("nonrandomized", "retrospective")).sum()),
            "n_patients": int(n_by_unit.get("patients", 0)), "n_procedures": int(n_by_unit.get("procedures", 0)),
            "k_without_sizes": len(primary) - len(sized),
            "reviews": "; ".join(group.loc[~group["design"].isin(PRIMARY_DESIGNS), "study_id"]),
        })
    return pd.DataFrame(rows)


def _n_text(n_patients: int, n_procedures: int) -> str:
    parts = [f"{n_patients} patients"] if n_patients else []
    parts += [f"{n_procedures} procedures"] if n_procedures else []
    return " + ".join(parts) or "no group sizes in the data"


# -------------------------------------------------------------------------------------------
# Candidate estimates
# -------------------------------------------------------------------------------------------
def _arm_table(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Per-arm rows of the two compared arms, procedure time harmonised to minutes (seconds / 60),
    a percentage for success rows (mean if printed in %, else events/total)."""
    arms = outcomes[outcomes["arm"].isin(meta.ARMS) & outcomes["outcome"].isin(OUTCOMES)
                    & (outcomes["timepoint"] != "baseline")].copy()
    arms["row"] = [radiation.row_number(i) for i in arms.index]
    arms["outcome_label"] = arms["outcome"].map(lambda o: OUTCOMES[o][0])
    seconds = arms["outcome"] == "procedure_time_s"
    for column in ("mean", "sd"):
        arms[column] = arms[column].astype(float)
        arms.loc[seconds, column] = arms.loc[seconds, column] / 60.0
    # A spread not labelled as an SD (e.g. Güler 2023's 'unclear' ±, possibly an SE) is not used as one.
    arms.loc[~arms["dispersion"].isin(SD_DISPERSIONS), "sd"] = np.nan
    arms.loc[seconds | (arms["outcome"] == "procedure_time_min"), "unit"] = "min"
    percent = arms["unit"].eq("%")
    from_events = arms["events"].notna() & arms["total"].notna()
    arms["percent"] = np.where(percent, arms["mean"], np.where(from_events, 100.0 * arms["events"] / arms["total"], np.nan))
    return arms


def _order(timepoint: str) -> int:
    return _TIMEPOINT_ORDER.index(timepoint) if timepoint in _TIMEPOINT_ORDER else len(_TIMEPOINT_ORDER)


def candidate_estimates(studies: pd.DataFrame, outcomes: pd.DataFrame, pooled: pd.DataFrame) -> pd.DataFrame:
    """Every estimate the dataset offers per family × outcome, with its ``kind`` (1–5, see the
    module docstring), measure, estimate, CI, k, n, unit and where it comes from."""
    family_of = studies.set_index("study_id")["procedure_family"]
    design_of = studies.set_index("study_id")["design"]
    rows = []
    for index, r in pooled.iterrows():
        if r["outcome"] not in OUTCOMES:
            continue
        is_pooled = r["scope"] == "pooled"
        rows.append({
            "family": family_of[r["study_id"]], "outcome": OUTCOMES[r["outcome"]][0], "timepoint": r["timepoint"],
            "kind": 1 if is_pooled else 3, "source": "published pooled" if is_pooled else "published single study",
            "measure": r["measure"], "estimate": float(r["estimate"]), "ci_low": _f(r["ci_low"]), "ci_high": _f(r["ci_high"]),
            "p_printed": None if pd.isna(r["p_printed"]) else str(r["p_printed"]), "i2": _f(r["i2"]),
            "k": None if pd.isna(r["k_studies"]) else int(r["k_studies"]),
            "n": None if pd.isna(r["n_total"]) else int(r["n_total"]),
            "n_unit": "patients" if is_pooled or pd.isna(studies.set_index("study_id").at[r["study_id"], "n_unit"])
            else studies.set_index("study_id").at[r["study_id"], "n_unit"],
            "unit": r["unit"], "study_ids": r["study_id"], "source_id": r["source_id"],
            "where": f"data/pooled.csv row {radiation.row_number(index)}", "analysis": r["analysis"],
            "randomized": _randomized(studies, r["study_id"]),
        })
    rows += _printed_pools(studies, pooled)
    arms = _arm_table(outcomes)
    for (outcome, timepoint), group in arms.groupby(["outcome_label", "timepoint"], sort=False):
        measure = OUR_MEASURES[outcome]
        table = group.rename(columns={})[["study_id", "arm", "n", "mean", "sd", "events", "total", "source_id", "row"]]
        usable_ids = [s for s, ok in zip(*_usable(table, measure)) if ok]
        for family in sorted(set(group["study_id"].map(family_of))):
            in_family = group[group["study_id"].map(family_of) == family]
            ids = [s for s in usable_ids if s in set(in_family["study_id"])]
            if ids:
                effects = meta.effect_sizes(table[table["study_id"].isin(ids)].drop(columns=["row"]), measure)
                if len(effects) >= 2:
                    result = meta.back_transform(meta.pool(effects["yi"], effects["vi"], method="REML")) \
                        if meta.MEASURES[measure].ratio else meta.pool(effects["yi"], effects["vi"], method="REML")
                    est, low, high, i2, kind = result.estimate, result.ci_low, result.ci_high, result.i2, 2
                else:
                    e = effects.iloc[0]
                    ratio = meta.MEASURES[measure].ratio
                    est, low, high = (math.exp(e["yi"]), math.exp(e["ci_low"]), math.exp(e["ci_high"])) if ratio \
                        else (e["yi"], e["ci_low"], e["ci_high"])
                    i2, kind = None, 4
                rows_used = in_family[in_family["study_id"].isin(ids)]
                rows.append({
                    "family": family, "outcome": outcome, "timepoint": timepoint, "kind": kind,
                    "source": "ours, pooled" if kind == 2 else "ours, single study", "measure": measure,
                    "estimate": float(est), "ci_low": float(low), "ci_high": float(high), "p_printed": None, "i2": i2,
                    "k": len(ids), "n": int(effects["n_us"].sum() + effects["n_fl"].sum()),
                    "n_unit": _unit_of(studies, ids), "unit": "SD units" if measure == "SMD" else ("min" if measure == "MD" else "ratio"),
                    "study_ids": "; ".join(ids), "source_id": "; ".join(sorted(set(rows_used["source_id"]))),
                    "where": "data/outcomes.csv rows " + ", ".join(str(x) for x in sorted(rows_used["row"])),
                    "analysis": f"{outcome.lower()} at {timepoint}, computed from per-arm data",
                    "randomized": all(_randomized(studies, s) for s in ids),
                })
            for study_id, study_rows in in_family.groupby("study_id", sort=False):
                if study_id in ids:
                    continue
                described = _described(study_rows, outcome)
                if described is None:
                    continue
                difference, unit = described
                rows.append({
                    "family": family, "outcome": outcome, "timepoint": timepoint, "kind": 5, "source": "arm means only",
                    "measure": "difference of means" if unit != "percentage points" else "difference of percentages",
                    "estimate": difference, "ci_low": None, "ci_high": None, "p_printed": None, "i2": None, "k": 1,
                    "n": _study_n(studies, study_rows), "n_unit": _scale_unit(study_rows) or _unit_of(studies, [study_id]),
                    "unit": unit,
                    "study_ids": study_id, "source_id": study_rows["source_id"].iloc[0],
                    "where": "data/outcomes.csv rows " + ", ".join(str(x) for x in sorted(study_rows["row"])),
                    "analysis": f"{outcome.lower()} at {timepoint}: {study_rows['scale'].iloc[0]}",
                    "randomized": design_of[study_id] == "rct",
                })
    return pd.DataFrame(rows)


def _printed_pools(studies: pd.DataFrame, pooled: pd.DataFrame) -> list[dict]:
    """Kind 2 estimates pooled across families by generic inverse variance from the effects single
    studies print with a CI (:func:`spinebook.synthesis.printed_effects`), wherever at least two
    studies print the same outcome and measure; filed under the family "mixed"."""
    rows = []
    singles = pooled[(pooled["scope"] == "single_study") & pooled["ci_low"].notna() & pooled["outcome"].isin(list(OUTCOMES))]
    for (outcome, measure), group in singles.groupby(["outcome", "measure"], sort=False):
        if group["study_id"].nunique() < 2:
            continue
        table = synthesis.printed_effects(pooled, outcome, measure)
        result = meta.pool(table["yi"], table["vi"], method="REML")
        if meta.MEASURES.get(measure) is not None and meta.MEASURES[measure].ratio:
            result = meta.back_transform(result)
        sizes = group["n_total"]
        ids = table["study_id"].tolist()
        rows.append({
            "family": "mixed", "outcome": OUTCOMES[outcome][0], "timepoint": "procedure", "kind": 2,
            "source": "ours, pooled (printed effects)", "measure": measure, "estimate": float(result.estimate),
            "ci_low": float(result.ci_low), "ci_high": float(result.ci_high), "p_printed": None, "i2": result.i2,
            "k": result.k, "n": None if sizes.isna().any() else int(sizes.sum()), "n_unit": _unit_of(studies, ids),
            "unit": group["unit"].iloc[0], "study_ids": "; ".join(ids),
            "source_id": "; ".join(dict.fromkeys(group["source_id"])),
            "where": "data/pooled.csv rows " + ", ".join(str(radiation.row_number(i)) for i in group.index),
            "analysis": f"{OUTCOMES[outcome][0].lower()}, generic inverse variance of printed {measure}s (SE from each CI)",
            "randomized": all(_randomized(studies, s) for s in ids),
        })
    return rows


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _num(x: float) -> str:
    """Two decimals below 10, one above, with a true minus sign."""
    return (f"{x:.2f}" if abs(x) < 10 else f"{x:.1f}").replace("-", "−")


def _f(value):
    return None if value is None or pd.isna(value) else float(value)


def _usable(table: pd.DataFrame, measure: str):
    checked = meta.check_studies(table, measure)
    return list(checked["study_id"]), list(checked["usable"])


def _described(study_rows: pd.DataFrame, outcome: str):
    """(US − FL, unit) from the printed arm means or percentages, or None when an arm is missing."""
    by_arm = study_rows.set_index("arm")
    if set(by_arm.index) != set(meta.ARMS):
        return None
    if outcome == "Success or accuracy":
        us, fl = by_arm.at["us", "percent"], by_arm.at["fl", "percent"]
        return (None if pd.isna(us) or pd.isna(fl) else (float(us - fl), "percentage points"))
    us, fl = by_arm.at["us", "mean"], by_arm.at["fl", "mean"]
    return None if pd.isna(us) or pd.isna(fl) else (float(us - fl), str(by_arm.at["us", "unit"]))


def _study_n(studies, study_rows):
    n = study_rows["n"].dropna()
    if len(n) == 2:
        return int(n.sum())
    record = studies.set_index("study_id").loc[study_rows["study_id"].iloc[0]]
    return None if pd.isna(record["n_us"]) or pd.isna(record["n_fl"]) else int(record["n_us"] + record["n_fl"])


def _scale_unit(study_rows) -> str | None:
    """The unit of n when the outcome's scale names it, e.g. "(n = facets)"."""
    found = re.search(r"\(n = (\w+)\)", str(study_rows["scale"].iloc[0]))
    return found.group(1) if found else None


def _unit_of(studies, ids) -> str:
    units = set(studies.set_index("study_id").loc[list(ids), "n_unit"].dropna())
    return units.pop() if len(units) == 1 else "patients"


def _randomized(studies: pd.DataFrame, study_id: str) -> bool:
    """An RCT, or a meta-analysis whose title or note names randomized controlled trials."""
    record = studies.set_index("study_id").loc[study_id]
    if record["design"] == "rct":
        return True
    if record["design"] == "meta_analysis":
        return bool(_RCT_TEXT.search(f"{record['title']} {record['note']}"))
    return False


# -------------------------------------------------------------------------------------------
# Certainty
# -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Judgement:
    """Downgrades (0, 1 or 2) and the reason for each GRADE domain, and the resulting level."""

    start: int
    downgrades: dict
    reasons: dict

    @property
    def level(self) -> int:
        return max(1, self.start - sum(self.downgrades.values()))

    @property
    def label(self) -> str:
        return CERTAINTY[self.level]

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.level]

    def short(self) -> str:
        """E.g. "RoB −1, imprecision −2" (the domains that downgraded)."""
        words = {"risk_of_bias": "RoB", "inconsistency": "inconsistency", "indirectness": "indirectness",
                 "imprecision": "imprecision", "publication_bias": "publication bias"}
        parts = [f"{words[d]} −{n}" for d, n in self.downgrades.items() if n]
        return ", ".join(parts) or "no downgrade"


def risk_of_bias(study_records: pd.DataFrame, abstract_only: bool = True) -> tuple[int, str]:
    """−1 when the study reports could only be read as abstracts (no risk-of-bias assessment
    possible: the chapter's data are all abstract extractions); a further −1 for a preprint (not
    peer reviewed) or a design the abstract states ambiguously. Capped at −2."""
    down, reasons = 0, []
    if abstract_only:
        down += 1
        reasons.append("read from the abstract only: allocation, blinding and attrition could not be assessed")
    text = " ".join(f"{j} {n}" for j, n in zip(study_records["journal"].fillna(""), study_records["note"].fillna("")))
    if re.search(r"preprint|not peer reviewed", text, re.IGNORECASE):
        down += 1
        reasons.append("a preprint, not peer reviewed")
    elif re.search(r"ambiguous|contradictory", text, re.IGNORECASE):
        down += 1
        reasons.append("the abstract describes its design ambiguously")
    return min(down, 2), "; ".join(reasons) or "no concern identified"


def inconsistency(k: int | None, i2: float | None, published: bool) -> tuple[int, str]:
    """I² > 75 %: −2; I² > 50 %: −1; a single study or no I² reported: not assessable, no downgrade."""
    if k == 1:
        return 0, "single study: consistency cannot be assessed"
    if i2 is None or pd.isna(i2):
        return 0, "I² not reported in the source" if published else "not assessable"
    if i2 > 75:
        return 2, f"I² = {i2:.0f} % (> 75 %)"
    if i2 > 50:
        return 1, f"I² = {i2:.0f} % (> 50 %)"
    return 0, f"I² = {i2:.0f} % (≤ 50 %): no serious inconsistency"


def indirectness(notes: str) -> tuple[int, str]:
    """−1 each, capped at −2, when the stored notes say the comparator is not fluoroscopy alone
    (fluoroscopy *or* CT, or another procedure), that fluoroscopy/CT served as a reference standard
    in a single-arm study, or that the ultrasound arm was a hybrid with fluoroscopy."""
    down, reasons = 0, []
    if re.search(r"\bor (CT|computed tomography)\b|FL OR CT", notes, re.IGNORECASE):
        down += 1
        reasons.append("comparator is fluoroscopy or CT, not fluoroscopy alone")
    elif re.search(r"comparator is", notes, re.IGNORECASE):
        down += 1
        reasons.append("comparator is a different fluoroscopic procedure (" +
                       re.search(r"comparator is ([^.;]+)", notes, re.IGNORECASE).group(1).strip() + ")")
    if re.search(r"reference standard", notes, re.IGNORECASE):
        down += 1
        reasons.append("single-arm accuracy: fluoroscopy or CT is the reference standard, not a compared arm")
    if re.search(r"hybrid", notes, re.IGNORECASE):
        down += 1
        reasons.append("the ultrasound arm is a hybrid with fluoroscopy")
    return min(down, 2), "; ".join(reasons) or "direct comparison of ultrasound with fluoroscopy"


def imprecision(measure: str, ci_low, ci_high, p_printed, n, threshold: float | None = None) -> tuple[int, str]:
    """By the CI against ± a threshold of an appreciable effect (:data:`THRESHOLDS`; for ratios
    1/t and t): CI includes both appreciable benefit and harm −2; includes no effect and one of
    them −1. No CI: −1 with a printed p, −2 without. And −1 when the known sample is below the
    optimal information size (:data:`OPTIMAL_INFORMATION_SIZE`). Capped at −2."""
    if _missing(ci_low) or _missing(ci_high):
        if not _missing(p_printed):
            return 1, f"no CI in the source (p {p_printed} only)"
        return 2, "no CI and no p-value: only the two arm means are in the data"
    ratio = measure in ("RR", "ROM", "OR")
    t = threshold if threshold is not None else THRESHOLDS.get(measure)
    null, low_t, high_t = (1.0, 1 / t, t) if ratio else (0.0, -t, t)
    crosses_low, crosses_high = ci_low <= low_t, ci_high >= high_t
    includes_null = ci_low <= null <= ci_high
    fmt = _num
    band = f"{fmt(low_t)} and {fmt(high_t)}"
    if crosses_low and crosses_high:
        down, reason = 2, f"CI {fmt(ci_low)} to {fmt(ci_high)} includes appreciable effects both ways (beyond {band})"
    elif includes_null and (crosses_low or crosses_high):
        down, reason = 1, f"CI {fmt(ci_low)} to {fmt(ci_high)} includes no effect and an appreciable one (threshold {band})"
    elif not includes_null:
        down, reason = 0, f"CI {fmt(ci_low)} to {fmt(ci_high)} excludes no effect"
    else:
        down, reason = 0, f"CI {fmt(ci_low)} to {fmt(ci_high)} lies within the thresholds {band}"
    if n is not None and not pd.isna(n) and n < OPTIMAL_INFORMATION_SIZE:
        down += 1
        reason += f"; n = {int(n)} < {OPTIMAL_INFORMATION_SIZE} (optimal information size)"
    elif n is None or pd.isna(n):
        reason += "; sample size of this analysis not in the source"
    return min(down, 2), reason


def publication_bias(k: int | None, k_family: int, k_without_numbers: int) -> tuple[int, str]:
    """Not testable with fewer than 10 studies behind the estimate (Egger's test, Cochrane Handbook
    10.4.3.1): stated, not downgraded. Studies of the family whose abstracts give no numbers for
    any outcome are named as a reporting gap (a reason for caution, not a downgrade)."""
    behind = "k of this analysis not in the source" if k is None else f"{k} {'study' if k == 1 else 'studies'} behind the estimate"
    if k is None or k < EGGER_MIN_STUDIES:
        reason = f"{behind} (< {EGGER_MIN_STUDIES}): a funnel-plot test is not possible; not downgraded"
    else:
        reason = f"{behind}: test for funnel-plot asymmetry before relying on this row"
    if k_without_numbers:
        reason += (f"; {k_without_numbers} of the family's {k_family} comparative "
                   f"{'study gives' if k_without_numbers == 1 else 'studies give'} no numbers in the data")
    return 0, reason


def judge(estimate: pd.Series | dict, studies: pd.DataFrame, pooled_notes: str = "", k_family: int = 0,
          k_without_numbers: int = 0, abstract_only: bool = True) -> Judgement:
    """The certainty of one estimate (a row of :func:`candidate_estimates`)."""
    ids = [s.strip() for s in str(estimate["study_ids"]).split(";")]
    records = studies.set_index("study_id").loc[ids].reset_index()
    notes = " ".join(records["note"].fillna("")) + " " + pooled_notes
    kind = int(estimate["kind"])
    k = None if _missing(estimate["k"]) else int(estimate["k"])
    if k is None and kind == 1:  # a review's size from its stored note, e.g. "8 RCTs"
        found = re.search(r"(\d+) (?:RCTs|randomi[sz]ed|studies)", " ".join(records["note"].fillna("")))
        k_review = int(found.group(1)) if found else None
    else:
        k_review = k
    checks = {
        "risk_of_bias": risk_of_bias(records, abstract_only),
        "inconsistency": inconsistency(k, None if _missing(estimate["i2"]) else float(estimate["i2"]), kind in (1, 3)),
        "indirectness": indirectness(notes),
        "imprecision": imprecision(estimate["measure"], estimate["ci_low"], estimate["ci_high"], estimate["p_printed"],
                                   None if _missing(estimate["n"]) else int(estimate["n"])),
        "publication_bias": publication_bias(k_review, k_family, k_without_numbers),
    }
    start = 4 if estimate["randomized"] else 2
    return Judgement(start, {d: checks[d][0] for d in DOMAINS}, {d: checks[d][1] for d in DOMAINS})


def direction(measure: str, estimate: float, ci_low, ci_high, p_printed, higher_is_worse: bool) -> str:
    """'favours US', 'favours FL', 'no clear difference' (CI includes no effect), or for an
    estimate without CI 'lower with US, no CI' / 'higher with US, no CI' (with a printed p < 0.05:
    favours, from the sign)."""
    ratio = measure in ("RR", "ROM")
    null = 1.0 if ratio else 0.0
    lower = estimate < null
    favours = "favours US" if lower == higher_is_worse else "favours FL"
    if _missing(ci_low) or _missing(ci_high):
        if not _missing(p_printed) and str(p_printed).strip().startswith("<") and float(str(p_printed).strip("< ")) <= 0.05:
            return favours
        return ("lower" if lower else "higher") + " with US, no CI"
    if ci_low <= null <= ci_high:
        return "no clear difference"
    return favours


def summary_of_findings(studies: pd.DataFrame, outcomes: pd.DataFrame, pooled: pd.DataFrame,
                        abstract_only: bool = True) -> pd.DataFrame:
    """The summary-of-findings table: per family × outcome the preferred estimate, its direction,
    certainty (start, downgrades and reason per domain) and its source."""
    evidence = family_evidence(studies).set_index("family")
    candidates = candidate_estimates(studies, outcomes, pooled)
    candidates["order"] = candidates["timepoint"].map(_order)
    candidates["size"] = candidates["n"].fillna(0)
    best = (candidates.sort_values(["kind", "order", "size"], ascending=[True, False, False])
            .groupby(["family", "outcome"], sort=False).head(1))
    reporting = candidates.groupby(["family", "outcome"])["study_ids"].agg(lambda s: len({x.strip() for v in s for x in v.split(";")}))
    with_numbers = set(outcomes["study_id"]) | set(pooled["study_id"])
    primary = studies[studies["design"].isin(PRIMARY_DESIGNS)]
    without_numbers = primary[~primary["study_id"].isin(with_numbers)].groupby("procedure_family").size()
    pooled_note = {str(i): str(n) for i, n in zip(pooled["study_id"], pooled["note"].fillna(""))}
    rows = []
    for _, e in best.iterrows():
        higher_is_worse = next(v[2] for v in OUTCOMES.values() if v[0] == e["outcome"])
        group = next(v[1] for v in OUTCOMES.values() if v[0] == e["outcome"])
        fam = evidence.loc[e["family"]]
        notes = " ".join(pooled_note.get(s.strip(), "") for s in str(e["study_ids"]).split(";")) if e["kind"] in (1, 3) else ""
        judgement = judge(e, studies, notes, int(fam["k"]), int(without_numbers.get(e["family"], 0)), abstract_only)
        rows.append({
            "family": e["family"], "family_label": FAMILY_LABELS[e["family"]], "outcome": e["outcome"], "group": group,
            "timepoint": e["timepoint"], "source": e["source"], "measure": e["measure"],
            "estimate": e["estimate"], "ci_low": e["ci_low"], "ci_high": e["ci_high"], "unit": e["unit"],
            "p_printed": e["p_printed"], "i2": e["i2"], "k": e["k"], "n": e["n"], "n_unit": e["n_unit"],
            "effect": effect_text(e), "direction": direction(e["measure"], e["estimate"], e["ci_low"], e["ci_high"],
                                                             e["p_printed"], higher_is_worse),
            "k_family": int(fam["k"]), "k_rct_family": int(fam["k_rct"]),
            "n_family": _n_text(int(fam["n_patients"]), int(fam["n_procedures"])),
            "k_reporting": int(reporting.loc[(e["family"], e["outcome"])]),
            "start": "high (randomized)" if judgement.start == 4 else "low (observational)",
            "certainty": judgement.label, "level": judgement.level, "symbol": judgement.symbol,
            "downgrades": judgement.short(), **{f"{d}_down": judgement.downgrades[d] for d in DOMAINS},
            **{d: judgement.reasons[d] for d in DOMAINS},
            "study_ids": e["study_ids"], "source_id": e["source_id"], "where": e["where"], "analysis": e["analysis"],
        })
    table = pd.DataFrame(rows)
    family_order = {f: i for i, f in enumerate(FAMILY_LABELS)}
    outcome_order = {v[0]: i for i, v in enumerate(OUTCOMES.values())}
    return (table.assign(_f=table["family"].map(family_order), _o=table["outcome"].map(outcome_order))
            .sort_values(["_f", "_o"]).drop(columns=["_f", "_o"]).reset_index(drop=True))


def effect_text(e) -> str:
    """E.g. "SMD −0.01 (95 % CI −0.11 to 0.10)", "MD −5.2 min (−7.5 to −2.9)", "−4 min (no CI)"."""
    num = _num
    unit = {"min": " min", "percentage points": " pp"}.get(e["unit"], "")
    if e["unit"] not in ("min", "percentage points", "SD units", "ratio") and e["measure"].startswith("difference"):
        unit = f" {e['unit']}"
    name = e["measure"] if not e["measure"].startswith("difference") else "US − FL"
    ci = "no CI" if _missing(e["ci_low"]) else f"95 % CI {num(e['ci_low'])} to {num(e['ci_high'])}"
    return f"{name} {num(e['estimate'])}{unit} ({ci})"


# -------------------------------------------------------------------------------------------
# Practice scenario
# -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Procedure:
    """One procedure of the scenario and the rows that describe it: the time difference (from
    ``outcomes.csv`` arm means, or a ``pooled.csv`` mean difference), the patient's effective dose
    (``radiation.csv``: source and procedure) and the operator's badges (same)."""

    key: str
    label: str
    time_table: str  # "outcomes" or "pooled"
    time_study: str
    time_outcome: str
    patient_source: str | None
    patient_procedure: str | None
    operator_source: str
    operator_procedure: str
    note: str


PROCEDURES = (
    Procedure("lumbar_tfesi", "Lumbar transforaminal injection", "outcomes", "clinjpain_2016_tfei", "procedure_time_s",
              "kamp_ctfluoro", "lumbar transforaminal epidural steroid injection",
              "botwin2002", "lumbar transforaminal epidural steroid injection",
              "time, patient dose and badges all for lumbar transforaminal injections"),
    Procedure("lumbar_facet", "Lumbar facet joint block", "outcomes", "ha_2010", "procedure_time_s",
              "maino2018", "lumbar TFESI and facet joint blocks (pooled)",
              "manchikanti2002", "mixed spinal interventional pain procedures",
              "patient dose pooled over TFESI and facet blocks; badges from mixed procedures"),
    Procedure("cervical_mbb", "Cervical medial branch block", "pooled", "kucukbingoz_2026", "procedure_time_min",
              None, None, "manchikanti2002", "mixed spinal interventional pain procedures",
              "no patient effective dose for cervical blocks in the data; badges from mixed procedures"),
    Procedure("caudal", "Caudal epidural injection", "outcomes", "hazra_2016", "procedure_time_s",
              None, None, "manchikanti2002", "mixed spinal interventional pain procedures",
              "needle-placement time only; no patient effective dose in the data; badges from mixed procedures"),
)
PROCEDURE_BY_KEY = {p.key: p for p in PROCEDURES}
_BADGE_LABELS = {"extremities": "hand (ring badge)", "eye_lens": "eye (glasses badge)", "effective": "body badge"}


def minutes_saved(procedure: Procedure, outcomes: pd.DataFrame, pooled: pd.DataFrame) -> dict:
    """Minutes saved per procedure switched (FL − US; negative = ultrasound took longer), with
    the rows it comes from. Seconds are divided by 60 here, visibly."""
    if procedure.time_table == "pooled":
        rows = pooled[(pooled["study_id"] == procedure.time_study) & (pooled["outcome"] == procedure.time_outcome)]
        r = rows.iloc[0]
        factor = 1 / 60 if r["unit"] == "s" else 1.0
        return {"minutes": -float(r["estimate"]) * factor, "source_id": r["source_id"],
                "where": f"data/pooled.csv row {radiation.row_number(rows.index[0])}",
                "printed": f"{r['measure']} {r['estimate']:g} {r['unit']} (US − FL)", "quote": r["quote"]}
    rows = outcomes[(outcomes["study_id"] == procedure.time_study) & (outcomes["outcome"] == procedure.time_outcome)
                    & outcomes["arm"].isin(meta.ARMS)].set_index("arm")
    factor = 1 / 60 if procedure.time_outcome.endswith("_s") else 1.0
    fl, us = float(rows.at["fl", "mean"]), float(rows.at["us", "mean"])
    where = ", ".join(str(radiation.row_number(i)) for i in outcomes.index[
        (outcomes["study_id"] == procedure.time_study) & (outcomes["outcome"] == procedure.time_outcome)])
    return {"minutes": (fl - us) * factor, "source_id": rows.at["us", "source_id"], "where": f"data/outcomes.csv rows {where}",
            "printed": f"FL {fl:g} vs US {us:g} {rows.at['us', 'unit']}", "quote": rows.at["us", "quote"]}


def patient_dose(procedure: Procedure, doses: pd.DataFrame) -> pd.Series | None:
    """The patient's effective dose per fluoroscopy-guided procedure (a row of
    :func:`spinebook.radiation.patient_effective_doses`), or None when the data hold none."""
    if procedure.patient_source is None:
        return None
    rows = radiation.patient_effective_doses(doses)
    rows = rows[(rows["source_id"] == procedure.patient_source) & (rows["procedure"] == procedure.patient_procedure)]
    return rows.iloc[0] if len(rows) else None


def operator_doses(procedure: Procedure, doses: pd.DataFrame) -> pd.DataFrame:
    """The operator's badge doses per procedure for this procedure's source, one per organ with a
    limit, above zero (a badge under the apron that read 0 avoids nothing)."""
    rows = radiation.operator_dose_rows(doses)
    return rows[(rows["source_id"] == procedure.operator_source) & (rows["procedure"] == procedure.operator_procedure)
                & rows["limit_organ"].notna() & (rows["msv_each"] > 0)]


def icrp_limits(limits: pd.DataFrame) -> pd.Series:
    """ICRP annual occupational limits in mSv by organ (effective, eye_lens, extremities)."""
    occupational = radiation.occupational_limits(limits)
    return occupational[occupational["body"].str.startswith("ICRP")].set_index("limit_organ")["msv_per_year"]


def equipment_prices(costs: pd.DataFrame) -> pd.DataFrame:
    """Purchase prices of a portable ultrasound unit and a mobile C-arm as printed (currency and
    period kept; never converted), one row per item with mean, range and the rows used."""
    rows = costs[(costs["category"] == "equipment_price") & costs["guidance"].isin(["ultrasound", "fluoroscopy"])].copy()
    rows["row"] = [radiation.row_number(i) for i in rows.index]
    out = []
    for item, group in rows.groupby("item", sort=False):
        by = group.set_index("statistic")
        out.append({"item": item, "guidance": group["guidance"].iloc[0], "mean": float(by.at["mean", "value"]),
                    "low": float(by.at["range_low", "value"]), "high": float(by.at["range_high", "value"]),
                    "currency": group["unit"].iloc[0], "period": group["period"].iloc[0], "setting": group["setting"].iloc[0],
                    "source_id": group["source_id"].iloc[0], "rows": ", ".join(map(str, group["row"])),
                    "quote": by.at["mean", "quote"], "note": by.at["mean", "note"]})
    return pd.DataFrame(out)


def scenario_rows(procedure: Procedure, outcomes: pd.DataFrame, pooled: pd.DataFrame, doses: pd.DataFrame,
                  limits: pd.DataFrame) -> dict:
    """The data rows a scenario for ``procedure`` stands on, whatever the clinic's numbers: minutes
    saved per procedure, the patient's effective dose, the operator's badge doses and the ICRP
    limits. Looked up once per procedure; :func:`scale_scenario` turns them into a year."""
    return {"procedure": procedure, "time": minutes_saved(procedure, outcomes, pooled),
            "patient": patient_dose(procedure, doses), "operator": operator_doses(procedure, doses),
            "limit": icrp_limits(limits)}


def scenario(procedure: Procedure, procedures_per_week: float, share_us: float, outcomes: pd.DataFrame,
             pooled: pd.DataFrame, doses: pd.DataFrame, limits: pd.DataFrame,
             working_weeks: float = radiation.WORKING_WEEKS) -> dict:
    """One year of a clinic that switches ``share_us`` (0–1) of ``procedures_per_week`` of one
    procedure from fluoroscopy to ultrasound: procedures switched, the patients' summed effective
    dose avoided (mSv; a sum over different people, not one person's dose), each operator badge's
    annual dose avoided (mSv, with the ICRP limit of the same organ), and hours saved."""
    rows = scenario_rows(procedure, outcomes, pooled, doses, limits)
    return scale_scenario(rows, procedures_per_week, share_us, working_weeks)


def scale_scenario(rows: dict, procedures_per_week: float, share_us: float,
                   working_weeks: float = radiation.WORKING_WEEKS) -> dict:
    """:func:`scenario` from rows already looked up by :func:`scenario_rows`."""
    if not 0 <= share_us <= 1:
        raise ValueError(f"share_us must be between 0 and 1, not {share_us}")
    switched_per_week = procedures_per_week * share_us
    switched = switched_per_year(procedures_per_week, share_us, working_weeks)
    time, patient, limit = rows["time"], rows["patient"], rows["limit"]
    staff = [{"row": int(r["row"]), "organ": r["limit_organ"],
              "label": _BADGE_LABELS[r["limit_organ"]] + (", outside apron" if "outside" in r["quantity"] else ""),
              "msv_each": float(r["msv_each"]), "value": float(r["value"]), "unit": r["unit"], "source_id": r["source_id"],
              "protection": r["protection"], "quantity": r["quantity"],
              "msv_avoided": radiation.annual_operator_dose(r["msv_each"], switched_per_week, working_weeks),
              "limit_msv": float(limit[r["limit_organ"]])}
             for _, r in rows["operator"].iterrows()]
    for s in staff:
        s["percent_of_limit"] = radiation.percent_of_limit(s["msv_avoided"], s["limit_msv"])
    return {
        "procedure": rows["procedure"], "switched_per_year": switched,
        "patient_msv_each": None if patient is None else float(patient["msv"]),
        "patient_row": None if patient is None else int(patient["row"]),
        "patient_source": None if patient is None else patient["source_id"],
        "patient_statistic": None if patient is None else patient["statistic"],
        "patient_msv_avoided": None if patient is None else switched * float(patient["msv"]),
        "staff": staff, "minutes_each": time["minutes"], "hours_saved": switched * time["minutes"] / 60.0, "time": time,
    }


def switched_per_year(procedures_per_week: float, share_us: float, working_weeks: float = radiation.WORKING_WEEKS) -> float:
    """Procedures per year moved to ultrasound: per week × share × working weeks."""
    return float(procedures_per_week) * float(share_us) * float(working_weeks)


__all__ = ["FAMILY_LABELS", "OUTCOMES", "OUTCOME_GROUPS", "THRESHOLDS", "OPTIMAL_INFORMATION_SIZE", "CERTAINTY",
           "DOMAINS", "DOMAIN_LABELS", "Judgement", "family_evidence", "candidate_estimates", "risk_of_bias",
           "inconsistency", "indirectness", "imprecision", "publication_bias", "judge", "direction",
           "summary_of_findings", "effect_text", "Procedure", "PROCEDURES", "PROCEDURE_BY_KEY", "minutes_saved",
           "patient_dose", "operator_doses", "icrp_limits", "equipment_prices", "scenario_rows", "scenario",
           "scale_scenario", "switched_per_year",
           "to_msv"]
