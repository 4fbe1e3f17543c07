"""Generic inverse-variance pooling of printed effects, and the "±"-as-SE sensitivity analysis,
against metafor 3.8-1 (Debian's r-cran-metafor), run once on values typed in independently:

    z <- qnorm(0.975)
    yi <- c(-1.3, -0.4, -1.6); sei <- c((7.2 - -9.9)/(2*z), (7.2 - -8.1)/(2*z), (6.6 - -9.7)/(2*z))
    rma(yi=yi, sei=sei, method="REML")          # also "DL", "FE"; test="knha" for HKSJ
    escalc("ROM", m1i=c(119.00, 6.06), sd1i=c(7.66, 0.88), n1i=c(25, 15),
                  m2i=c(222.28, 11.20), sd2i=c(29.65, 1.14), n2i=c(25, 15))   # ± as SD
    # ± as SE: sd1i*sqrt(n1i), sd2i*sqrt(n2i), then rma(yi, vi, method="REML")

The printed effects are those of data/pooled.csv (Zhao 2025, Küçükbingöz 2026, Cui 2022); the
per-arm numbers those of data/outcomes.csv (Hazra 2016, Akkaya 2017), so a change in the data that
moves these results fails here and must be checked again against metafor.
"""

import math

import pandas as pd
import pytest

from spinebook import data, meta, synthesis

METAFOR_PRINTED_RD = {  # estimate, ci.lb, ci.ub, se, tau2, I2, QE
    "REML": (-1.06294887, -5.73451978, 3.60862204, 2.38349834, 0.0, 0.0, 0.04848269),
    "DL": (-1.06294887, -5.73451978, 3.60862204, 2.38349834, 0.0, 0.0, 0.04848269),
    "FE": (-1.06294887, -5.73451978, 3.60862204, 2.38349834, 0.0, 0.0, 0.04848269),
}
METAFOR_KNHA = (-2.65967160, 0.53377387)
METAFOR_ROM = {  # exp(b), exp(ci.lb), exp(ci.ub), vi (Hazra), vi (Akkaya)
    "sd": (0.53703941, 0.51148855, 0.56386663, 0.00087746, 0.00209651),
    "se": (0.53770007, 0.43030698, 0.67189559, 0.02193644, 0.03144759),
}


@pytest.fixture(scope="module")
def book():
    return data.load()


def test_printed_effects_take_their_se_from_the_printed_ci(book):
    table = synthesis.printed_effects(book["pooled"], "success", "RD")
    assert table["study_id"].tolist() == ["zhao_2025", "kucukbingoz_2026", "cui_2022_cervical"]
    assert table["yi"].tolist() == [-1.3, -0.4, -1.6]
    assert table["se"].tolist() == pytest.approx([17.1 / 3.919928, 15.3 / 3.919928, 16.3 / 3.919928], abs=1e-6)
    assert all("from the printed 95% CI" in text for text in table["se_derivation"])


@pytest.mark.parametrize("method", ["REML", "DL", "FE"])
def test_generic_inverse_variance_matches_metafor(book, method):
    table = synthesis.printed_effects(book["pooled"], "success", "RD")
    result = meta.pool(table["yi"], table["vi"], method=method)
    estimate, low, high, se, tau2, i2, q = METAFOR_PRINTED_RD[method]
    assert (result.estimate, result.ci_low, result.ci_high, result.se) == pytest.approx((estimate, low, high, se), abs=1e-4)
    assert result.tau2 == pytest.approx(tau2, abs=1e-4)
    assert result.i2 == pytest.approx(i2, abs=1e-4)
    assert result.q == pytest.approx(q, abs=1e-4)


def test_generic_inverse_variance_hksj_matches_metafor_knha(book):
    table = synthesis.printed_effects(book["pooled"], "success", "RD")
    result = meta.pool(table["yi"], table["vi"], method="REML", hksj=True)
    assert (result.ci_low, result.ci_high) == pytest.approx(METAFOR_KNHA, abs=1e-4)


def test_a_printed_ratio_is_pooled_on_the_log_scale():
    pooled = pd.DataFrame({"study_id": ["a"], "outcome": ["success"], "measure": ["RR"], "scope": ["single_study"],
                           "analysis": ["x"], "estimate": [2.0], "ci_low": [1.0], "ci_high": [4.0],
                           "source_id": ["s"], "source_location": ["Abstract"], "quote": ["q"]})
    table = synthesis.printed_effects(pooled, "success", "RR")
    assert table["yi"].iloc[0] == pytest.approx(math.log(2.0))
    assert table["se"].iloc[0] == pytest.approx(math.log(4.0) / (2 * 1.959964), abs=1e-6)


def test_an_effect_without_ci_is_left_out(book):
    pooled = book["pooled"].copy()
    pooled.loc[pooled["study_id"] == "zhao_2025", "ci_low"] = float("nan")
    table = synthesis.printed_effects(pooled, "success", "RD")
    assert "zhao_2025" not in table["study_id"].tolist()


@pytest.mark.parametrize("reading", ["sd", "se"])
def test_plus_minus_reading_matches_metafor(book, reading):
    table = synthesis.effect_table(book["outcomes"], "procedure_time", "procedure", plus_minus=reading)
    assert table["study_id"].tolist() == ["hazra_2016", "akkaya_2017_caudal"]
    _, result = synthesis.pool_group(table)
    estimate, low, high, v_hazra, v_akkaya = METAFOR_ROM[reading]
    assert [math.exp(x) for x in (result.estimate, result.ci_low, result.ci_high)] == pytest.approx([estimate, low, high], abs=1e-4)
    assert table["vi"].tolist() == pytest.approx([v_hazra, v_akkaya], abs=1e-6)


def test_plus_minus_as_se_touches_only_unlabelled_rows(book):
    read = synthesis.read_plus_minus(book["outcomes"], "se")
    original = book["outcomes"]
    assumed = original["dispersion"].eq("sd_assumed") & original["sd"].notna() & original["n"].notna()
    assert assumed.sum() >= 2
    assert (read.loc[assumed, "sd"] == original.loc[assumed, "sd"] * original.loc[assumed, "n"] ** 0.5).all()
    untouched = ~original["dispersion"].eq("sd_assumed")
    pd.testing.assert_series_equal(read.loc[untouched, "sd"], original.loc[untouched, "sd"].astype(float))
    no_n = original["dispersion"].eq("sd_assumed") & original["n"].isna()
    assert read.loc[no_n, "sd_derivation"].str.contains("no n: not converted").all()
    with pytest.raises(ValueError, match="unknown reading"):
        synthesis.read_plus_minus(original, "iqr")


def test_no_missing_sd_can_be_derived_from_what_the_abstracts_print(book):
    spreads = synthesis.spread_sources(book["outcomes"])
    assert set(spreads.study_id) == {"guler_2023", "awad_2016", "ha_2010", "finlayson_2013_ton", "goel_joacp"}
    assert spreads.set_index(["study_id", "outcome", "arm"]).offers.xs("ha_2010").eq("range").sum() == 4
    assert not spreads.derivable.any()


@pytest.mark.parametrize(("quote", "offers"), [
    ("time 212.8 vs 396.5 s (95% CI 150 to 270)", "CI"), ("mean 5.1 (SE 0.4)", "SE"), ("P = 0.034", "exact p"),
    ("P = 0.000", "nothing"), ("P < 0.001", "nothing"), ("7.5 (range, 5 to 9)", "range"),
])
def test_spread_sources_reads_what_a_quote_offers(quote, offers):
    rows = pd.DataFrame({"study_id": ["s"], "outcome": ["pain_score"], "timepoint": ["1m"], "arm": ["us"],
                         "mean": [1.0], "sd": [float("nan")], "unit": ["points"], "quote": [quote]})
    found = synthesis.spread_sources(rows).iloc[0]
    assert found.offers == offers and found.derivable == (offers in ("CI", "SE", "exact p"))
