"""Single-arm proportions pooled as metafor does (escalc "PLO" + rma REML, back-transformed), and the
Handbook's derivations (SE from a CI or a p value, SD from an SE or a CI) — each checked against
values computed here independently (own likelihood maximisation, own Clopper–Pearson, by hand)."""

import math

import numpy as np
import pytest
from scipy import optimize, stats

from spinebook.derive import sd_from_ci, sd_from_se, se_from_ci, se_from_p
from spinebook.proportions import logit_proportions, pool_proportions

EVENTS = [45, 30, 18, 9, 20]
TOTALS = [50, 33, 20, 12, 20]  # the last: every placement correct (zero-cell rule)


def independent_reml(y, v):
    """τ² maximising the restricted log-likelihood of the random-effects model (bounded search),
    then μ̂ and its SE — written from the likelihood, not from spinebook.meta."""
    y, v = np.asarray(y, float), np.asarray(v, float)

    def minus_restricted_loglik(tau2):
        w = 1 / (v + tau2)
        mu = (w @ y) / w.sum()
        return 0.5 * (np.log(v + tau2).sum() + np.log(w.sum()) + (w * (y - mu) ** 2).sum())

    found = optimize.minimize_scalar(minus_restricted_loglik, bounds=(0, 50), method="bounded",
                                     options={"xatol": 1e-12})
    tau2 = found.x if minus_restricted_loglik(found.x) < minus_restricted_loglik(0.0) else 0.0
    w = 1 / (v + tau2)
    return tau2, (w @ y) / w.sum(), math.sqrt(1 / w.sum())


def test_logit_and_variance_with_the_zero_cell_rule():
    table = logit_proportions(EVENTS, TOTALS)
    assert table["yi"][0] == pytest.approx(math.log(45 / 5)) and table["vi"][0] == pytest.approx(1 / 45 + 1 / 5)
    assert table["yi"][4] == pytest.approx(math.log(20.5 / 0.5)) and table["vi"][4] == pytest.approx(1 / 20.5 + 1 / 0.5)
    assert table["corrected"].tolist() == [False, False, False, False, True]
    assert table["proportion"][4] == 1.0  # the study's own proportion is not corrected


def test_exact_per_study_intervals_are_clopper_pearson():
    table = logit_proportions([0, 9, 20], [10, 12, 20])
    low = [0.0, stats.beta.ppf(0.025, 9, 4), stats.beta.ppf(0.025, 20, 1)]
    high = [stats.beta.ppf(0.975, 1, 10), stats.beta.ppf(0.975, 10, 3), 1.0]
    assert table["ci_low"].tolist() == pytest.approx(low, abs=1e-10)
    assert table["ci_high"].tolist() == pytest.approx(high, abs=1e-10)


def test_reml_pooled_proportion_matches_an_independent_likelihood_fit():
    heterogeneous_events, totals = [45, 20, 18, 9, 20, 12], [50, 33, 20, 12, 20, 30]
    table = logit_proportions(heterogeneous_events, totals)
    tau2, mu, se = independent_reml(table["yi"], table["vi"])
    assert tau2 > 0.1  # a real τ², not the boundary
    result = pool_proportions(heterogeneous_events, totals)
    assert result.tau2 == pytest.approx(tau2, abs=1e-4)
    assert result.se == pytest.approx(se, abs=1e-4)
    expit = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
    assert result.estimate == pytest.approx(expit(mu), abs=1e-4)
    assert result.ci_low == pytest.approx(expit(mu - 1.959964 * se), abs=1e-4)
    assert result.ci_high == pytest.approx(expit(mu + 1.959964 * se), abs=1e-4)
    half = stats.t.ppf(0.975, len(totals) - 2) * math.sqrt(tau2 + se**2)
    assert result.pi_low == pytest.approx(expit(mu - half), abs=1e-4)
    assert result.transform == "expit" and result.k == 6


def test_homogeneous_proportions_give_tau2_zero_and_the_fixed_effect_estimate():
    table = logit_proportions(EVENTS, TOTALS)
    result = pool_proportions(EVENTS, TOTALS)
    w = 1 / table["vi"].to_numpy()
    mu = (w @ table["yi"].to_numpy()) / w.sum()
    assert result.tau2 == 0.0
    assert result.estimate == pytest.approx(1 / (1 + math.exp(-mu)), abs=1e-10)


def test_bad_counts_name_the_study():
    with pytest.raises(ValueError, match="greher: events = 12; it must be a whole number from 0 to the total"):
        logit_proportions([12], [10], labels=["greher"])
    with pytest.raises(ValueError, match="total = 0"):
        logit_proportions([0], [0])
    with pytest.raises(ValueError, match="same length"):
        logit_proportions([1, 2], [3])


def test_se_from_a_ci():
    assert se_from_ci(-1.2, 0.4) == pytest.approx(1.6 / (2 * 1.959964), abs=1e-6)
    assert se_from_ci(0.25, 1.0, ratio=True) == pytest.approx(math.log(4) / (2 * 1.959964), abs=1e-6)
    with pytest.raises(ValueError, match="not an interval"):
        se_from_ci(2.0, 1.0)
    with pytest.raises(ValueError, match="must be positive"):
        se_from_ci(0.0, 1.0, ratio=True)


def test_sd_from_se_and_from_a_ci():
    assert sd_from_se(0.174, 25) == pytest.approx(0.87)
    # n = 25: t on 24 df (2.0639), not 1.96
    assert sd_from_ci(3.2, 5.6, 25) == pytest.approx(5 * 2.4 / (2 * 2.063899), abs=1e-5)
    # n ≥ 100: z
    assert sd_from_ci(3.2, 5.6, 100) == pytest.approx(10 * 2.4 / (2 * 1.959964), abs=1e-5)
    with pytest.raises(ValueError, match="n must be a whole number ≥ 2"):
        sd_from_se(0.2, 1)


def test_se_from_an_exact_p_value():
    assert se_from_p(3.8, 0.008) == pytest.approx(3.8 / 2.652070, abs=1e-5)
    assert se_from_p(-3.8, 0.008, df=20) == pytest.approx(3.8 / stats.t.isf(0.004, 20), abs=1e-9)
    with pytest.raises(ValueError, match="a bound such as p < 0.05 cannot be used"):
        se_from_p(1.0, 0.0)


#: metafor 3.8-1 (Debian's r-cran-metafor), run once:
#:   dat <- escalc(measure="PLO", xi=c(45,20,18,9,20,12), ni=c(50,33,20,12,20,30))
#:   res <- rma(yi, vi, data=dat, method=M); predict(res, transf=transf.ilogit)
METAFOR = {
    "REML": dict(tau2=1.30530227, se=0.53819948, i2=82.612325, estimate=0.78023566, ci_low=0.55284902, ci_high=0.91067395),
    "DL": dict(tau2=1.27255241, se=0.53280838, i2=82.244296, estimate=0.77960796, ci_low=0.55455643, ci_high=0.90951015),
}
METAFOR_YI_VI = [(2.1972246, 0.2222222), (0.4307829, 0.1269231), (2.1972246, 0.5555556), (1.0986123, 0.4444444),
                 (3.7135721, 2.0487805), (-0.4054651, 0.1388889)]


@pytest.mark.parametrize("method", ["REML", "DL"])
def test_matches_metafor_rma_plo(method):
    """escalc("PLO") and rma(method=REML/DL) with predict(transf=ilogit), to 1e-4. (metafor's
    prediction interval uses z; ours uses t on k − 2 df as the Cochrane Handbook does, so the PI is
    not compared.)"""
    events, totals = [45, 20, 18, 9, 20, 12], [50, 33, 20, 12, 20, 30]
    table = logit_proportions(events, totals)
    assert list(zip(table["yi"], table["vi"])) == [pytest.approx(pair, abs=1e-6) for pair in METAFOR_YI_VI]
    result = pool_proportions(events, totals, method=method)
    for name, expected in METAFOR[method].items():
        assert getattr(result, name) == pytest.approx(expected, abs=1e-4), name
