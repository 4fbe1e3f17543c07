"""Chapter 5: the summary-of-findings table and its certainty rules, and the practice scenario,
pinned to the dataset."""

import math

import pytest

from spinebook import data, explorers, findings, radiation
from spinebook.figures.conclusion import sof_table_html
from spinebook.widgets import EmptySelection


@pytest.fixture(scope="module")
def book_data():
    return data.load()


@pytest.fixture(scope="module")
def sof(book_data):
    return findings.summary_of_findings(book_data["studies"], book_data["outcomes"], book_data["pooled"])


def row(sof, family, outcome):
    rows = sof[(sof.family == family) & (sof.outcome == outcome)]
    assert len(rows) == 1, (family, outcome)
    return rows.iloc[0]


# --- summary of findings ----------------------------------------------------------------------
def test_family_evidence_counts_studies_and_patients_by_unit(book_data):
    evidence = findings.family_evidence(book_data["studies"]).set_index("family")
    facet = evidence.loc["facet_mbb"]
    # the search added three facet RCTs without printed group sizes (Finlayson 2013, 2015; Yun 2012)
    assert (facet.k, facet.k_rct, facet.n_patients, facet.n_procedures) == (9, 4, 68 + 78 + 54 + 51 + 68 + 58, 224)
    assert evidence.loc["injection_epidural", "k"] == 13 and evidence.loc["mixed", "k"] == 0


def test_published_pooled_estimate_is_preferred_and_judged_moderate(sof):
    pain = row(sof, "mixed", "Pain")
    assert (pain.source, pain.estimate, pain.ci_low, pain.ci_high) == ("published pooled", -0.01, -0.11, 0.10)
    assert pain.direction == "no clear difference"
    assert pain.start.startswith("high") and pain.certainty == "Moderate"
    assert pain.risk_of_bias_down == 1 and pain.imprecision_down == 0 and pain.inconsistency.startswith("I² = 0 %")


def test_kimura_is_downgraded_for_a_fluoroscopy_or_ct_comparator(sof):
    kimura = row(sof, "nerve_root", "Pain")
    assert kimura.source_id == "kimura2023" and kimura.indirectness_down == 1
    assert "fluoroscopy or CT" in kimura.indirectness
    assert kimura.imprecision_down == 1 and kimura.certainty == "Very low"


def test_complications_ci_spanning_both_thresholds_is_very_serious_imprecision(sof):
    complications = row(sof, "mixed", "Complications")
    assert complications.imprecision_down == 2 and complications.certainty == "Very low"


def test_our_pooled_estimate_from_per_arm_data(sof):
    """Caudal needle placement time, Hazra 2016 (119 ± 7.66 vs 222.28 ± 29.65 s, 25 per arm) and
    Akkaya 2017 (6.06 ± 0.88 vs 11.2 ± 1.14 min, 15 per arm), as mean differences in minutes
    pooled by REML — checked against a REML fit written here from the restricted likelihood."""
    from scipy import optimize, stats

    time = row(sof, "injection_epidural", "Procedure time")
    assert time.source == "ours, pooled" and time.measure == "MD" and time.n == 80
    y = [(119 - 222.28) / 60, 6.06 - 11.2]
    v = [(7.66**2 / 25 + 29.65**2 / 25) / 3600, 0.88**2 / 15 + 1.14**2 / 15]

    def minus_loglik(tau2):
        w = [1 / (vi + tau2) for vi in v]
        mu = sum(wi * yi for wi, yi in zip(w, y)) / sum(w)
        return 0.5 * (sum(math.log(vi + tau2) for vi in v) + math.log(sum(w)) + sum(wi * (yi - mu) ** 2 for wi, yi in zip(w, y)))

    tau2 = optimize.minimize_scalar(minus_loglik, bounds=(0, 100), method="bounded", options={"xatol": 1e-12}).x
    w = [1 / (vi + tau2) for vi in v]
    mu, se = sum(wi * yi for wi, yi in zip(w, y)) / sum(w), math.sqrt(1 / sum(w))
    assert time.estimate == pytest.approx(mu, abs=1e-5)
    assert (time.ci_low, time.ci_high) == (pytest.approx(mu - stats.norm.ppf(0.975) * se, abs=1e-4),
                                           pytest.approx(mu + stats.norm.ppf(0.975) * se, abs=1e-4))
    # two trials that agree on the ratio scale disagree on minutes: inconsistency costs certainty
    assert time.direction == "favours US" and time.certainty == "Very low"


def test_unclear_spread_is_not_used_as_an_sd(sof):
    pain = row(sof, "injection_epidural", "Pain")  # Güler 2023: US '±' labelled unclear
    assert pain.source == "arm means only" and pain.study_ids == "guler_2023"
    assert pain.estimate == pytest.approx(4.60 - 4.64) and "ambiguous" in pain.risk_of_bias


def test_accuracy_without_ci_uses_printed_p_for_direction(sof):
    ashmore = row(sof, "facet_mbb", "Incorrect needle placement")
    assert ashmore.direction == "favours FL" and ashmore.imprecision_down == 1
    assert "reference standard" in ashmore.indirectness and not ashmore.start.startswith("high")


def test_imprecision_rules():
    assert findings.imprecision("SMD", -0.11, 0.10, None, None)[0] == 0
    assert findings.imprecision("SMD", -0.26, 0.15, None, None)[0] == 1
    assert findings.imprecision("RR", 0.49, 1.99, None, None)[0] == 2
    assert findings.imprecision("MD", -7.5, -2.9, None, 224)[0] == 1  # clear of no effect, but n < 400
    assert findings.imprecision("RD", 11, None, "<0.0009", None)[0] == 1
    assert findings.imprecision("MD", -4, None, None, None)[0] == 2


def test_inconsistency_and_certainty_floor():
    assert findings.inconsistency(5, 80.0, True)[0] == 2
    assert findings.inconsistency(5, 60.0, True)[0] == 1
    assert findings.inconsistency(1, None, False)[0] == 0
    judgement = findings.Judgement(2, {d: 1 for d in findings.DOMAINS}, {d: "" for d in findings.DOMAINS})
    assert judgement.level == 1 and judgement.label == "Very low"


def test_every_row_has_a_reason_per_domain_and_a_source(sof):
    for domain in findings.DOMAINS:
        assert sof[domain].str.len().min() > 10
    assert sof.source_id.notna().all() and sof["where"].str.startswith("data/").all()
    assert set(sof.certainty) <= set(findings.CERTAINTY.values())


def test_empty_selection_shows_a_message(sof, book_data):
    with pytest.raises(EmptySelection, match="No estimate"):
        sof_table_html(sof, "ablation", "pain_function")
    explorer = explorers.conclusion.summary_of_findings(book_data)
    view = explorer.figure(family="ablation", group="pain_function")
    assert "<table" not in view.html and "No estimate" in view.html


# --- practice scenario --------------------------------------------------------------------------
def scenario(book_data, key, per_week, share):
    return findings.scenario(findings.PROCEDURE_BY_KEY[key], per_week, share, book_data["outcomes"],
                             book_data["pooled"], book_data["radiation"], book_data["limits"])


def test_scenario_lumbar_tfesi_15_a_week_half_switched(book_data):
    result = scenario(book_data, "lumbar_tfesi", 15, 0.5)
    assert result["switched_per_year"] == 15 * 0.5 * radiation.WORKING_WEEKS == 360
    assert result["patient_row"] == 36 and result["patient_msv_avoided"] == pytest.approx(360 * 0.55)  # Kamp
    eye = next(s for s in result["staff"] if s["organ"] == "eye_lens")
    assert eye["row"] == 20 and eye["msv_avoided"] == pytest.approx(360 * 0.4 * 0.01)  # Botwin 0.4 mrem
    assert eye["percent_of_limit"] == pytest.approx(100 * 1.44 / 20)
    assert result["minutes_each"] == pytest.approx((929 - 518) / 60)  # Clin J Pain 2016 RCT
    assert result["hours_saved"] == pytest.approx(360 * (929 - 518) / 3600)


def test_scenario_cervical_mbb_30_a_week_all_switched(book_data):
    result = scenario(book_data, "cervical_mbb", 30, 1.0)
    assert result["switched_per_year"] == 1440
    assert result["patient_msv_avoided"] is None  # no patient effective dose for this procedure
    assert result["hours_saved"] == pytest.approx(1440 * 5.2 / 60)  # Kucukbingoz MD −5.2 min
    (body,) = result["staff"]
    assert body["row"] == 3 and body["msv_avoided"] == pytest.approx(1440 * 0.778 * 0.01)


def test_scenario_time_can_be_lost(book_data):
    result = scenario(book_data, "lumbar_facet", 5, 0.25)
    assert result["minutes_each"] == pytest.approx((247 - 265) / 60) and result["hours_saved"] < 0


def test_scenario_refuses_a_share_outside_0_to_1(book_data):
    with pytest.raises(ValueError):
        scenario(book_data, "caudal", 5, 1.5)


def test_equipment_prices_keep_currency_and_period(book_data):
    prices = findings.equipment_prices(book_data["costs"]).set_index("guidance")
    assert prices.loc["ultrasound", "mean"] == 40541 and prices.loc["fluoroscopy", "mean"] == 226427
    assert set(prices.currency) == {"USD"} and prices.loc["ultrasound", "period"] == "2015-16 (Nov-Jan)"


def test_scenario_figure_shows_the_computed_numbers(book_data):
    explorer = explorers.conclusion.practice_scenario(book_data)
    fig = explorer.figure(procedure="lumbar_tfesi", per_week=15, share=0.5)
    staff, patients, time = fig.data
    assert max(staff.y) == pytest.approx(360 * 0.007) and patients.y[0] == pytest.approx(198)
    assert "radiation.csv row" in staff.customdata[0] and "outcomes.csv rows 11, 12" in time.hovertemplate
    assert explorer.n_states <= 60
