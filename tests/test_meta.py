"""spinebook.meta against metafor's BCG vaccine example and against hand computations.

Reference numbers quoted from metafor (R) for dat.bcg, measure "RR":
  rma(method="FE")   estimate −0.4303, SE 0.0405, Q(df = 12) = 152.2330
  rma(method="DL")   estimate −0.7141, SE 0.1787, τ² 0.3088, I² 92.12 %
  rma() (REML)       estimate −0.7145, SE 0.1798, τ² 0.3132, I² 92.22 %, CI −1.0669 to −0.3622
  predict(rma(), transf=exp) PI 0.15 to 1.55 (metafor uses z, not t(k − 2), for this interval)
Everything else (PM, HKSJ, our t(k − 2) prediction interval, Egger, subgroups) is checked against
values derived independently below, with the formula stated next to each check.
"""

import math
import re

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats
from statsmodels.stats.meta_analysis import combine_effects

from spinebook.meta import (
    back_transform,
    check_studies,
    cumulative,
    effect_sizes,
    egger,
    leave_one_out,
    pool,
    subgroup,
)

# metafor's dat.bcg: author, year, tpos, tneg, cpos, cneg, allocation.
BCG = [
    ("Aronson", 1948, 4, 119, 11, 128, "random"),
    ("Ferguson & Simes", 1949, 6, 300, 29, 274, "random"),
    ("Rosenthal et al", 1960, 3, 228, 11, 209, "random"),
    ("Hart & Sutherland", 1977, 62, 13536, 248, 12619, "random"),
    ("Frimodt-Moller et al", 1973, 33, 5036, 47, 5761, "alternate"),
    ("Stein & Aronson", 1953, 180, 1361, 372, 1079, "alternate"),
    ("Vandiviere et al", 1973, 8, 2537, 10, 619, "random"),
    ("TPT Madras", 1980, 505, 87886, 499, 87892, "random"),
    ("Coetzee & Berjak", 1968, 29, 7470, 45, 7232, "random"),
    ("Rosenthal et al", 1961, 17, 1699, 65, 1600, "systematic"),
    ("Comstock et al", 1974, 186, 50448, 141, 27197, "systematic"),
    ("Comstock & Webster", 1969, 5, 2493, 3, 2338, "systematic"),
    ("Comstock et al", 1976, 27, 16886, 29, 17825, "systematic"),
]


def bcg_long() -> pd.DataFrame:
    """BCG as a per-arm table: vaccinated plays 'us', unvaccinated plays 'fl'."""
    rows = []
    for i, (author, year, tpos, tneg, cpos, cneg, alloc) in enumerate(BCG, start=1):
        common = dict(study_id=f"bcg{i}", label=f"{author} {year}", year=year, alloc=alloc)
        rows.append(dict(common, arm="us", events=tpos, total=tpos + tneg))
        rows.append(dict(common, arm="fl", events=cpos, total=cpos + cneg))
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def bcg():
    return effect_sizes(bcg_long(), "RR")


def hand_random_effects(y, v, tau2):
    """μ̂ = Σw·y / Σw and SE = 1/√Σw with w = 1/(v + τ²)."""
    w = 1 / (v + tau2)
    return (w @ y) / w.sum(), math.sqrt(1 / w.sum())


# ---------------------------------------------------------------------------------- effect sizes


def test_bcg_log_risk_ratios_match_metafor_escalc(bcg):
    assert list(bcg["study_id"]) == [f"bcg{i}" for i in range(1, 14)]
    assert bcg["yi"].iloc[0] == pytest.approx(-0.8893, abs=5e-5)
    assert bcg["vi"].iloc[0] == pytest.approx(0.3256, abs=5e-5)
    assert bcg["yi"].iloc[3] == pytest.approx(-1.4416, abs=5e-5)
    assert bcg["vi"].iloc[3] == pytest.approx(0.0200, abs=5e-5)
    assert bcg["yi"].iloc[5] == pytest.approx(-0.7861, abs=5e-5)
    assert not bcg["zero_cell_corrected"].any()
    assert list(bcg["n_us"])[:2] == [123, 306]
    assert list(bcg["label"])[:1] == ["Aronson 1948"]


def test_zero_cell_gets_half_added_only_in_that_study():
    table = pd.DataFrame([
        dict(study_id="a", arm="us", events=0, total=20), dict(study_id="a", arm="fl", events=4, total=20),
        dict(study_id="b", arm="us", events=3, total=30), dict(study_id="b", arm="fl", events=6, total=30),
    ])
    rr = effect_sizes(table, "RR")
    # a: 0.5 added to all four cells -> (0.5/21) / (4.5/21); b untouched: (3/30) / (6/30)
    assert rr["yi"].iloc[0] == pytest.approx(math.log(0.5 / 4.5))
    assert rr["vi"].iloc[0] == pytest.approx(1 / 0.5 - 1 / 21 + 1 / 4.5 - 1 / 21)
    assert rr["yi"].iloc[1] == pytest.approx(math.log(0.5))
    assert rr["vi"].iloc[1] == pytest.approx(1 / 3 - 1 / 30 + 1 / 6 - 1 / 30)
    assert list(rr["zero_cell_corrected"]) == [True, False]
    rd = effect_sizes(table, "RD")
    assert rd["yi"].iloc[0] == pytest.approx(0.5 / 21 - 4.5 / 21)
    assert rd["yi"].iloc[1] == pytest.approx(0.1 - 0.2)
    assert rd["vi"].iloc[1] == pytest.approx(0.1 * 0.9 / 30 + 0.2 * 0.8 / 30)


def continuous_table(mean_us=30.0, mean_fl=40.0):
    return pd.DataFrame([
        dict(study_id="s1", arm="us", n=25, mean=mean_us, sd=8.0, source_id="nisolle2023"),
        dict(study_id="s1", arm="fl", n=20, mean=mean_fl, sd=10.0, source_id="nisolle2023"),
    ])


def test_sign_convention_ultrasound_minus_fluoroscopy():
    table = continuous_table(mean_us=30.0, mean_fl=40.0)
    md = effect_sizes(table, "MD").iloc[0]
    assert md["yi"] == pytest.approx(-10.0)
    assert md["vi"] == pytest.approx(8**2 / 25 + 10**2 / 20)
    smd = effect_sizes(table, "SMD").iloc[0]
    pooled_sd = math.sqrt((24 * 64 + 19 * 100) / 43)
    g = (1 - 3 / (4 * 45 - 9)) * (-10 / pooled_sd)
    assert smd["yi"] == pytest.approx(g) and smd["yi"] < 0
    assert smd["vi"] == pytest.approx(45 / (25 * 20) + g**2 / (2 * (45 - 3.94)))
    rom = effect_sizes(table, "ROM").iloc[0]
    assert rom["yi"] == pytest.approx(math.log(30 / 40)) and rom["yi"] < 0
    assert rom["vi"] == pytest.approx(64 / (25 * 900) + 100 / (20 * 1600))
    assert (md["n_us"], md["n_fl"], md["source_id"]) == (25, 20, "nisolle2023")
    assert md["ci_low"] == pytest.approx(-10 - 1.959964 * math.sqrt(md["vi"]), abs=1e-5)
    flipped = effect_sizes(continuous_table(mean_us=40.0, mean_fl=30.0), "MD").iloc[0]
    assert flipped["yi"] == pytest.approx(10.0)
    fewer_events = pd.DataFrame([dict(study_id="e", arm="us", events=2, total=50),
                                 dict(study_id="e", arm="fl", events=8, total=50)])
    assert effect_sizes(fewer_events, "RR")["yi"].iloc[0] == pytest.approx(math.log(0.25))
    assert effect_sizes(fewer_events, "RD")["yi"].iloc[0] == pytest.approx(-0.12)


def test_columns_that_differ_between_arms_are_kept_per_arm():
    table = continuous_table()
    table["source_location"] = ["Table 2", "Table 3"]
    out = effect_sizes(table, "MD")
    assert (out["source_location_us"].iloc[0], out["source_location_fl"].iloc[0]) == ("Table 2", "Table 3")
    assert out["source_id"].iloc[0] == "nisolle2023" and "source_location" not in out.columns
    assert (out["mean_us"].iloc[0], out["sd_fl"].iloc[0]) == (30.0, 10.0)


def test_check_studies_keeps_the_usable_and_says_why_not():
    table = pd.concat([
        continuous_table().assign(study_id="ok"),
        continuous_table().assign(study_id="no_sd", sd=[8.0, None]),
        continuous_table().assign(study_id="hybrid", arm=["us", "us_fl_hybrid"]),
    ])
    report = check_studies(table, "MD")
    assert list(report["usable"]) == [True, False, False]
    assert "arm 'fl' has no usable sd" in report["reason"].iloc[1]
    assert "'us_fl_hybrid' is not 'us' or 'fl'" in report["reason"].iloc[2]
    usable = table[table["study_id"].isin(report.loc[report["usable"], "study_id"])]
    assert list(effect_sizes(usable, "MD")["study_id"]) == ["ok"]


@pytest.mark.parametrize(
    "change, measure, message",
    [
        (lambda t: t.assign(sd=[8.0, np.nan]), "MD", r"study 's1': arm 'fl' has no usable sd"),
        (lambda t: t.assign(sd=[0.0, 10.0]), "SMD", r"study 's1': arm 'us' has sd = 0"),
        (lambda t: t.assign(mean=[-1.0, 40.0]), "ROM", r"study 's1'.*positive means"),
        (lambda t: t.assign(n=[1, 20]), "MD", r"study 's1'.*n ≥ 2"),
        (lambda t: t.iloc[[0]], "MD", r"study 's1': no 'fl' row"),
        (lambda t: pd.concat([t, t.iloc[[0]]]), "MD", r"study 's1': 2 'us' rows; filter to one outcome"),
        (lambda t: t.assign(arm=["us", "placebo"]), "MD", r"study 's1': arm 'placebo'"),
        (lambda t: t.drop(columns="sd"), "SMD", r"needs column\(s\) sd"),
        (lambda t: t, "OR", r"unknown measure"),
        (lambda t: t.iloc[0:0], "MD", r"no rows"),
    ],
)
def test_effect_sizes_refuses_rows_missing_what_the_measure_needs(change, measure, message):
    with pytest.raises(ValueError, match=message):
        effect_sizes(change(continuous_table()), measure)


def test_effect_sizes_refuses_impossible_event_counts():
    table = pd.DataFrame([dict(study_id="x", arm="us", events=12, total=10),
                          dict(study_id="x", arm="fl", events=1, total=10)])
    with pytest.raises(ValueError, match=r"study 'x': arm 'us' has events = 12"):
        effect_sizes(table, "RR")
    with pytest.raises(ValueError, match=r"study 'x'.*no usable total"):
        effect_sizes(table.assign(total=[10, None]), "RD")


# ---------------------------------------------------------------------------------- pooling: metafor


def test_dl_reproduces_metafor(bcg):
    r = pool(bcg.yi, bcg.vi, method="DL")
    assert round(r.estimate, 4) == -0.7141
    assert round(r.se, 4) == 0.1787
    assert round(r.tau2, 4) == 0.3088
    assert round(r.i2, 2) == 92.12
    assert round(r.q, 4) == 152.2330 and r.q_df == 12 and r.q_p < 1e-25
    # DL: I² = (Q − df)/Q when τ² > 0
    assert r.i2 == pytest.approx(100 * (r.q - 12) / r.q)


def test_reml_reproduces_metafor(bcg):
    r = pool(bcg.yi, bcg.vi)  # REML is the default, as in metafor
    assert r.method == "REML"
    assert round(r.estimate, 4) == -0.7145
    assert round(r.se, 4) == 0.1798
    assert round(r.tau2, 4) == 0.3132
    assert round(r.i2, 2) == 92.22
    assert (round(r.ci_low, 4), round(r.ci_high, 4)) == (-1.0669, -0.3622)


def test_fixed_effect_reproduces_metafor(bcg):
    r = pool(bcg.yi, bcg.vi, method="FE")
    assert round(r.estimate, 4) == -0.4303
    assert round(r.se, 4) == 0.0405
    assert r.tau2 == 0
    assert r.i2 == pytest.approx(100 * (r.q - 12) / r.q)
    assert r.pi_low is None and "fixed-effect" in r.pi_note
    # hand: Σy/v / Σ1/v and 1/√Σ(1/v)
    w = 1 / bcg.vi.to_numpy()
    assert r.estimate == pytest.approx((w @ bcg.yi.to_numpy()) / w.sum(), rel=1e-12)
    assert r.se == pytest.approx(1 / math.sqrt(w.sum()), rel=1e-12)


# ---------------------------------------------------------------------------------- pooling: hand-derived


def test_reml_tau2_maximises_the_restricted_likelihood(bcg):
    y, v = bcg.yi.to_numpy(), bcg.vi.to_numpy()

    def minus_restricted_loglik(tau2):
        # −2·ℓ_R(τ²) up to a constant: Σlog(v+τ²) + log Σw + Σw(y − μ̂)², w = 1/(v+τ²)
        w = 1 / (v + tau2)
        mu = (w @ y) / w.sum()
        return np.log(v + tau2).sum() + math.log(w.sum()) + w @ (y - mu) ** 2

    best = optimize.minimize_scalar(minus_restricted_loglik, bounds=(0, 5), method="bounded",
                                    options={"xatol": 1e-10})
    r = pool(y, v, method="REML")
    assert r.tau2 == pytest.approx(best.x, abs=1e-6)
    est, se = hand_random_effects(y, v, r.tau2)
    assert (r.estimate, r.se) == (pytest.approx(est, rel=1e-12), pytest.approx(se, rel=1e-12))


def test_paule_mandel_solves_generalised_q_equals_df(bcg):
    y, v = bcg.yi.to_numpy(), bcg.vi.to_numpy()

    def generalised_q_minus_df(tau2):
        # PM: Σw(y − μ̂)² = k − 1 with w = 1/(v + τ²)
        w = 1 / (v + tau2)
        return w @ (y - (w @ y) / w.sum()) ** 2 - (len(y) - 1)

    tau2 = optimize.brentq(generalised_q_minus_df, 0, 10, xtol=1e-14)
    r = pool(y, v, method="PM")
    assert r.tau2 == pytest.approx(tau2, abs=1e-7)
    assert round(r.tau2, 4) == 0.3181
    est, se = hand_random_effects(y, v, tau2)
    assert r.estimate == pytest.approx(est, abs=1e-8) and r.se == pytest.approx(se, abs=1e-8)
    assert round(r.estimate, 4) == -0.7150


@pytest.mark.parametrize("method", ["DL", "REML", "PM", "FE"])
def test_hksj_interval_is_knha_without_truncation(bcg, method):
    y, v = bcg.yi.to_numpy(), bcg.vi.to_numpy()
    plain = pool(y, v, method=method)
    r = pool(y, v, method=method, hksj=True)
    # SE² = Σw(y − μ̂)² / ((k − 1)·Σw), CI μ̂ ± t(0.975, k − 1)·SE, w = 1/(v + τ²)
    w = 1 / (v + plain.tau2)
    se = math.sqrt((w @ (y - plain.estimate) ** 2) / (12 * w.sum()))
    t = stats.t.ppf(0.975, 12)
    assert r.estimate == pytest.approx(plain.estimate, rel=1e-12) and r.tau2 == plain.tau2
    assert r.se == pytest.approx(se, rel=1e-10)
    assert (r.ci_low, r.ci_high) == (pytest.approx(r.estimate - t * se), pytest.approx(r.estimate + t * se))
    assert r.df == 12 and r.p_value == pytest.approx(2 * stats.t.sf(abs(r.estimate / se), 12))
    assert "t(12)" in r.test_text()


def test_hksj_matches_statsmodels_scaled_se_for_dl(bcg):
    r = pool(bcg.yi, bcg.vi, method="DL", hksj=True)
    sm = combine_effects(bcg.yi.to_numpy(), bcg.vi.to_numpy(), method_re="dl")
    assert r.se == pytest.approx(sm.sd_eff_w_re_hksj, rel=1e-10)
    assert round(r.se, 4) == 0.1807


def test_hksj_is_not_truncated_when_narrower_than_the_plain_interval():
    # Effects closer together than their variances suggest: the HKSJ scale Σw(y−μ)²/(k−1) < 1.
    y, v = [0.10, 0.12, 0.11, 0.09], [0.04, 0.05, 0.04, 0.06]
    plain, knha = pool(y, v, method="REML"), pool(y, v, method="REML", hksj=True)
    assert knha.se < plain.se


def test_prediction_interval_uses_t_with_k_minus_2_df(bcg):
    r = pool(bcg.yi, bcg.vi)
    half = stats.t.ppf(0.975, 11) * math.sqrt(r.tau2 + r.se**2)
    assert r.pi_low == pytest.approx(r.estimate - half, rel=1e-12)
    assert r.pi_high == pytest.approx(r.estimate + half, rel=1e-12)
    assert (round(r.pi_low, 4), round(r.pi_high, 4)) == (-2.0084, 0.5793)
    # With z instead of t(k − 2) the same ingredients give metafor's published PI (0.15, 1.55).
    z_half = 1.959964 * math.sqrt(r.tau2 + r.se**2)
    assert (round(math.exp(r.estimate - z_half), 2), round(math.exp(r.estimate + z_half), 2)) == (0.15, 1.55)
    assert "11 df" in r.pi_note


def test_i2_uses_typical_within_study_variance(bcg):
    y, v = bcg.yi.to_numpy(), bcg.vi.to_numpy()
    r = pool(y, v, method="REML")
    w = 1 / v
    s2 = 12 * w.sum() / (w.sum() ** 2 - (w**2).sum())
    assert r.i2 == pytest.approx(100 * r.tau2 / (r.tau2 + s2), rel=1e-12)


def test_weights_are_relative_and_in_input_order(bcg):
    r = pool(bcg.yi, bcg.vi)
    w = 1 / (bcg.vi.to_numpy() + r.tau2)
    assert sum(r.weights) == pytest.approx(1)
    assert np.allclose(r.weights, w / w.sum())


def test_back_transform_exponentiates_estimate_and_intervals(bcg):
    r = pool(bcg.yi, bcg.vi)
    b = back_transform(r)
    assert round(b.estimate, 4) == round(math.exp(-0.714542), 4) == 0.4894
    assert (b.ci_low, b.pi_high) == (pytest.approx(math.exp(r.ci_low)), pytest.approx(math.exp(r.pi_high)))
    assert b.se == r.se and b.tau2 == r.tau2 and b.transform == "exp"
    with pytest.raises(ValueError, match="already back-transformed"):
        back_transform(b)


def test_summary_text_format(bcg):
    r = pool(bcg.yi, bcg.vi)
    assert r.summary_text() == "τ² = 0.313, I² = 92.2 %, Q = 152.23 (df = 12), p < 0.001"
    small = pool([0.1, 0.3, -0.2, 0.5, 0.0], [0.04, 0.05, 0.03, 0.06, 0.05], method="DL")
    assert re.fullmatch(r"τ² = (0|[0-9.]+|< 0.001), I² = \d+\.\d %, Q = \d+\.\d\d \(df = 4\), p = 0\.\d{3}",
                        small.summary_text())
    assert pool(bcg.yi, bcg.vi, method="FE").summary_text().startswith("Fixed-effect model (τ² assumed 0); I² = 92.1 %")


def test_homogeneous_studies_give_zero_tau2_and_i2():
    y, v = [0.2, 0.2, 0.2], [0.01, 0.02, 0.03]
    for method in ("DL", "PM", "REML", "FE"):
        r = pool(y, v, method=method)
        assert r.tau2 == 0 and r.i2 == 0 and r.q == pytest.approx(0)
        assert "nan" not in r.summary_text().lower()


# ---------------------------------------------------------------------------------- k = 1, 2 and bad input


def test_single_study_is_reported_not_pooled():
    r = pool([-0.4], [0.09])
    assert r.single_study and r.k == 1
    assert r.estimate == -0.4 and r.se == pytest.approx(0.3) and r.tau2 == 0
    assert r.i2 is None and r.q is None and r.q_p is None and r.pi_low is None and r.statistic is None
    assert (r.ci_low, r.ci_high) == (pytest.approx(-0.4 - 1.959964 * 0.3), pytest.approx(-0.4 + 1.959964 * 0.3))
    assert "single study" in r.note and "Single study" in r.summary_text()
    for text in (r.summary_text(), r.estimate_text(), r.test_text(), r.pi_note):
        assert "nan" not in text.lower() and "none" not in text.lower()


def test_two_studies_have_no_prediction_interval():
    r = pool([0.1, 0.5], [0.04, 0.05])
    assert r.k == 2 and r.pi_low is None and r.pi_high is None
    assert "at least 3 studies" in r.pi_note


@pytest.mark.parametrize(
    "yi, vi, message",
    [
        ([], [], r"no studies to pool \(k = 0\)"),
        ([0.1, 0.2], [0.01, 0.0], r"position 1: variance is 0.0 \(must be > 0\)"),
        ([0.1, 0.2], [0.01, -0.02], r"position 1: variance is -0.02"),
        ([0.1, np.nan], [0.01, 0.02], r"position 1: effect is nan"),
        ([0.1, 0.2], [np.inf, 0.02], r"position 0: variance is inf"),
        ([0.1, np.inf], [0.01, 0.02], r"position 1: effect is inf"),
        ([0.1, 0.2, 0.3], [0.01, 0.02], r"mismatched lengths: 3 effects but 2 variances"),
        (["a", "b"], [0.01, 0.02], r"must be numbers"),
    ],
)
def test_bad_input_raises_a_clear_error(yi, vi, message):
    with pytest.raises(ValueError, match=message):
        pool(yi, vi)


def test_bad_input_names_the_study_when_labels_are_given():
    with pytest.raises(ValueError, match=r"study 'Nisolle 2023': variance is 0"):
        pool([0.1, 0.2], [0.01, 0], labels=["Smith 2020", "Nisolle 2023"])


def test_bad_options_raise():
    with pytest.raises(ValueError, match="unknown method 'ML'"):
        pool([0.1, 0.2], [0.01, 0.02], method="ML")
    with pytest.raises(ValueError, match="level must be between 0 and 1"):
        pool([0.1, 0.2], [0.01, 0.02], level=95)


# ---------------------------------------------------------------------------------- subgroups, sensitivity


def test_subgroup_pools_each_group_and_tests_differences(bcg):
    res = subgroup(bcg.yi, bcg.vi, bcg.alloc, method="REML")
    assert list(res.table["group"]) == ["random", "alternate", "systematic"]
    assert list(res.table["k"]) == [7, 2, 4]
    for name in ("random", "alternate", "systematic"):
        mask = (bcg.alloc == name).to_numpy()
        alone = pool(bcg.yi[mask], bcg.vi[mask])
        row = res.table.set_index("group").loc[name]
        assert row["estimate"] == pytest.approx(alone.estimate) and row["tau2"] == pytest.approx(alone.tau2)
    # Q_between = Σ (est_g − est̄)² / SE_g², est̄ the inverse-SE²-weighted mean; df = 3 − 1
    est = res.table["estimate"].to_numpy()
    w = 1 / res.table["se"].to_numpy() ** 2
    q = w @ (est - (w @ est) / w.sum()) ** 2
    assert res.q_between == pytest.approx(q) and res.df == 2
    assert res.p_value == pytest.approx(stats.chi2.sf(q, 2))
    assert res.summary_text().startswith("Test for subgroup differences: Q = ")


def test_fixed_effect_subgroup_q_partitions_total_q(bcg):
    # For fixed-effect subgroups Q_total = Q_between + Σ Q_within exactly.
    res = subgroup(bcg.yi, bcg.vi, bcg.alloc, method="FE")
    total = pool(bcg.yi, bcg.vi, method="FE").q
    within = sum(r.q for r in res.results.values())
    assert res.q_between == pytest.approx(total - within, rel=1e-10)


def test_single_subgroup_has_no_test():
    res = subgroup([0.1, 0.2, 0.3], [0.01, 0.02, 0.03], ["a", "a", "a"])
    assert res.q_between is None and "only one subgroup" in res.summary_text()


def test_leave_one_out_equals_pooling_the_others(bcg):
    y, v = bcg.yi.to_numpy(), bcg.vi.to_numpy()
    table = leave_one_out(y, v, labels=list(bcg.label))
    assert len(table) == 13 and list(table["k"]) == [12] * 13
    assert table["omitted"].iloc[0] == "Aronson 1948"
    for i in range(13):
        others = pool(np.delete(y, i), np.delete(v, i))
        assert table["estimate"].iloc[i] == pytest.approx(others.estimate, rel=1e-12)
        assert table["tau2"].iloc[i] == pytest.approx(others.tau2, rel=1e-12)


def test_cumulative_adds_studies_in_year_order(bcg):
    table = cumulative(bcg.yi, bcg.vi, bcg.year, labels=list(bcg.label), method="DL")
    assert list(table["k"]) == list(range(1, 14))
    assert list(table["order"]) == sorted(bcg.year)
    assert list(table["added"][:3]) == ["Aronson 1948", "Ferguson & Simes 1949", "Stein & Aronson 1953"]
    assert table["estimate"].iloc[0] == pytest.approx(bcg.yi.iloc[0])  # a single study
    assert table["note"].iloc[0].startswith("single study")
    assert table["estimate"].iloc[-1] == pytest.approx(-0.7141, abs=5e-5)  # everything: metafor DL
    first_three = pool(bcg.yi.iloc[[0, 1, 5]], bcg.vi.iloc[[0, 1, 5]], method="DL")
    assert table["estimate"].iloc[2] == pytest.approx(first_three.estimate)


def test_egger_matches_hand_regression(bcg):
    y, se = bcg.yi.to_numpy(), np.sqrt(bcg.vi.to_numpy())
    # OLS of y/se on [1, 1/se]; intercept t-test on k − 2 df
    X = np.column_stack([np.ones(13), 1 / se])
    beta, rss, *_ = np.linalg.lstsq(X, y / se, rcond=None)
    sigma2 = rss[0] / 11
    se_b0 = math.sqrt(sigma2 * np.linalg.inv(X.T @ X)[0, 0])
    e = egger(bcg.yi, bcg.vi)
    assert e.intercept == pytest.approx(beta[0]) and e.se == pytest.approx(se_b0)
    assert e.p_value == pytest.approx(2 * stats.t.sf(abs(beta[0] / se_b0), 11))
    assert (round(e.statistic, 4), round(e.p_value, 4), e.df) == (-1.4013, 0.1887, 11)
    with pytest.raises(ValueError, match="at least 3 studies"):
        egger([0.1, 0.2], [0.01, 0.02])
