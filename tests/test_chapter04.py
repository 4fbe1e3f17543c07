"""Chapter 4 (modality evidence): the synthesis glue, its figures and explorers, on the real
dataset and on small hand-made tables."""

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from spinebook import data, meta, synthesis
from spinebook.explorers import evidence as explorers
from spinebook.figures.evidence import evidence_map_figure, map_studies, noninferiority_figure, published_vs_ours_figure
from spinebook.widgets import EmptySelection


@pytest.fixture(scope="module")
def book_data():
    return data.load()


def _message(fig: go.Figure) -> str:
    """The message of an empty figure, its line breaks (wrapped to the page's width) as spaces."""
    return " ".join(a.text for a in fig.layout.annotations or [] if not fig.data).replace("<br>", " ")


# --- what can be pooled ---------------------------------------------------------------------


def test_procedure_time_now_pools_two_studies_and_nothing_else_does(book_data):
    """The systematic search added Akkaya 2017 (caudal, 15 vs 15, mean ± SD): procedure time is the
    one outcome with two usable studies; both favour ultrasound by the same ratio."""
    groups = synthesis.poolability(book_data["outcomes"]).set_index(["outcome", "timepoint"])
    assert groups.loc[("procedure_time", "procedure"), "usable"] == 2
    assert groups.drop(index=("procedure_time", "procedure"))["usable"].max() == 1
    table = synthesis.effect_table(book_data["outcomes"], "procedure_time", "procedure")
    assert sorted(table["study_id"]) == ["akkaya_2017_caudal", "hazra_2016"]
    akkaya = table.set_index("study_id").loc["akkaya_2017_caudal"]
    assert akkaya["yi"] == pytest.approx(math.log(6.06 / 11.2), abs=1e-12)
    assert akkaya["vi"] == pytest.approx(0.88**2 / (15 * 6.06**2) + 1.14**2 / (15 * 11.2**2), rel=1e-12)
    usable = groups[groups["usable"] == 1]["usable_studies"].to_dict()
    assert usable == {("radiation_dose", "procedure"): "wneu_2019_tfpeld_radiation", ("pain_score", "3m"): "rs6330553_preprint"}


def test_poolability_names_the_reason_for_each_unusable_study(book_data):
    groups = synthesis.poolability(book_data["outcomes"]).set_index(["outcome", "timepoint"])
    time = groups.loc[("procedure_time", "procedure")]
    assert time["printed_as"] == "procedure_time_s, procedure_time_min"
    assert time["studies"] == 11  # 6 before the search, 5 added from its abstracts
    assert "awad_2016: arm 'us' has no usable sd" in time["reasons"]
    assert "yun_2012: arm 'us' has no usable n" in time["reasons"]  # 57 randomized, no group sizes printed
    assert "zhao_2025: arm 'us' has no usable n" in time["reasons"]
    assert "guler_2023: arm 'us' gives a spread labelled 'unclear'" in groups.loc[("pain_score", "3w"), "reasons"]
    assert groups.loc[("pain_score", "baseline"), "verdict"].startswith("baseline")


def test_minutes_become_seconds_when_procedure_times_are_merged(book_data):
    harmonised = synthesis.harmonise(book_data["outcomes"])
    zhao = harmonised[(harmonised.study_id == "zhao_2025") & (harmonised.outcome_as_printed == "procedure_time_min")]
    assert sorted(zhao["mean"].round(1)) == [round(8.94 * 60, 1), round(16.13 * 60, 1)]
    assert set(zhao["analysis_outcome"]) == {"procedure_time"} and set(zhao["unit"]) == {"s"}


def test_a_spread_labelled_unclear_is_not_used_as_an_sd():
    rows = pd.DataFrame({
        "study_id": ["a", "a", "b", "b"], "arm": ["us", "fl", "us", "fl"], "n": [10, 10, 12, 12],
        "mean": [3.0, 3.5, 2.0, 2.5], "sd": [1.0, 1.0, 0.2, 1.1], "dispersion": ["sd", "sd", "unclear", "sd"],
        "events": [None] * 4, "total": [None] * 4,
    })
    check = synthesis.check_rows(rows, "SMD")
    assert check["usable"].tolist() == [True, False]
    assert "'unclear'" in check["reason"].iloc[1]


# --- our estimates --------------------------------------------------------------------------


def test_procedure_time_pools_hazra_and_akkaya(book_data):
    """Ratio of means per trial from the printed means and SDs, pooled by inverse variance (the
    two agree, so τ² = 0 under every estimator) — computed here by hand."""
    table = synthesis.effect_table(book_data["outcomes"], "procedure_time", "procedure")
    yi = [math.log(119 / 222.28), math.log(6.06 / 11.2)]
    vi = [7.66**2 / (25 * 119**2) + 29.65**2 / (25 * 222.28**2), 0.88**2 / (15 * 6.06**2) + 1.14**2 / (15 * 11.2**2)]
    w = [1 / v for v in vi]
    mu = sum(wi * y for wi, y in zip(w, yi)) / sum(w)
    se = math.sqrt(1 / sum(w))
    for method in ("REML", "DL", "PM", "FE"):
        _, result = synthesis.pool_group(table, method)
        assert result.k == 2 and result.tau2 == 0
        assert result.estimate == pytest.approx(mu, abs=1e-12) and result.se == pytest.approx(se, rel=1e-9)
        assert math.exp(result.ci_low) == pytest.approx(math.exp(mu - 1.959964 * se), abs=1e-5)
    _, hksj = synthesis.pool_group(table, "DL", hksj=True)
    q = sum(wi * (y - mu) ** 2 for wi, y in zip(w, yi))
    se_hksj = math.sqrt(q / (1 * sum(w)))
    assert hksj.se == pytest.approx(se_hksj, rel=1e-9)
    assert math.exp(hksj.ci_high) == pytest.approx(math.exp(mu + 12.706205 * se_hksj), rel=1e-5)  # t(0.975, 1 df)


def test_pain_at_3_months_is_the_preprints_hedges_g(book_data):
    table = synthesis.effect_table(book_data["outcomes"], "pain_score", "3m")
    _, result = synthesis.pool_group(table)
    direct = meta.effect_sizes(pd.DataFrame({
        "study_id": ["p", "p"], "arm": ["us", "fl"], "n": [27, 30], "mean": [3.4, 2.8], "sd": [0.89, 0.71]}), "SMD")
    assert result.estimate == pytest.approx(direct["yi"].iloc[0])
    assert (round(result.estimate, 2), round(result.ci_low, 2), round(result.ci_high, 2)) == (0.74, 0.20, 1.28)


def test_leaving_one_of_two_studies_out_leaves_the_other(book_data):
    table = synthesis.effect_table(book_data["outcomes"], "procedure_time", "procedure")
    remaining, result = synthesis.pool_group(table, omit="hazra_2016")
    assert list(remaining.study_id) == ["akkaya_2017_caudal"] and result.single_study
    assert result.estimate == pytest.approx(math.log(6.06 / 11.2))
    pain = synthesis.effect_table(book_data["outcomes"], "pain_score", "3m")
    remaining, result = synthesis.pool_group(pain, omit="rs6330553_preprint")
    assert remaining.empty and result is None


def test_two_studies_are_pooled_like_meta_pool():
    rows = pd.DataFrame({
        "study_id": ["a", "a", "b", "b"], "arm": ["us", "fl"] * 2, "n": [20, 20, 30, 30],
        "mean": [100.0, 150.0, 200.0, 260.0], "sd": [20.0, 30.0, 40.0, 50.0], "dispersion": ["sd"] * 4,
        "outcome": ["procedure_time_s"] * 4, "timepoint": ["procedure"] * 4,
        "events": [None] * 4, "total": [None] * 4, "unit": ["s"] * 4,
        "source_id": ["x"] * 4, "source_location": ["t1"] * 4, "quote": ["q"] * 4,
    })
    table = synthesis.effect_table(rows, "procedure_time", "procedure")
    _, result = synthesis.pool_group(table, "REML")
    expected = meta.pool(table["yi"], table["vi"], method="REML")
    assert result.k == 2 and result.estimate == pytest.approx(expected.estimate)
    assert synthesis.poolability(rows)["verdict"].iloc[0] == "poolable (k = 2)"


# --- published versus ours ------------------------------------------------------------------


def test_published_values_come_from_pooled_csv_and_none_is_reproduced(book_data):
    table = synthesis.published_vs_ours(book_data["pooled"], book_data["outcomes"], book_data["studies"])
    viderman = table[table.study_id == "viderman_2023"].set_index("outcome")
    assert tuple(viderman.loc["pain_score", ["estimate", "ci_low", "ci_high"]]) == (-0.01, -0.11, 0.10)
    assert tuple(viderman.loc["odi", ["estimate", "ci_low", "ci_high"]]) == (0.13, -0.00, 0.25)
    assert tuple(viderman.loc["complications", ["estimate", "ci_low", "ci_high"]]) == (0.99, 0.49, 1.99)
    assert table["ours_estimate"].isna().all()
    assert viderman.loc["pain_score", "status"].startswith("not reproducible: no study in data/studies.csv is linked")
    zhao = table[table.study_id == "zhao_2025"].iloc[0]
    assert zhao["status"] == "not reproducible: arm 'us' has no usable events"


def test_study_evidence_quotes_the_data(book_data):
    table = synthesis.study_evidence(book_data["studies"], book_data["outcomes"], book_data["pooled"],
                                     ["nisolle_2023", "zheng_2025", "viderman_2023"]).set_index("study")
    assert table.loc["Nisolle 2023", "per-arm outcome rows"] == "none"
    assert table.loc["Zheng 2025", "n (US / FL)"] == "383 / 384 pooled_patients"
    assert "odi SMD 0.13 [0, 0.25]" in table.loc["Viderman 2023", "published estimates"]
    with pytest.raises(ValueError, match="not in the studies table"):
        synthesis.study_evidence(book_data["studies"], book_data["outcomes"], book_data["pooled"], ["nobody_1999"])


# --- non-inferiority ------------------------------------------------------------------------


@pytest.mark.parametrize("low, high, margin, higher_is_worse, ratio, verdict", [
    (-0.11, 0.10, 0.2, True, False, "non-inferior"),
    (-0.00, 0.25, 0.2, True, False, "inconclusive"),
    (0.20, 1.28, 0.1, True, False, "inferior"),
    (-9.9, 7.2, 10.0, False, False, "non-inferior"),
    (-9.9, 7.2, 5.0, False, False, "inconclusive"),
    (0.49, 1.99, 2.0, True, True, "non-inferior"),
    (0.49, 1.99, 1.5, True, True, "inconclusive"),
    (float("nan"), float("nan"), 0.2, True, False, "no CI"),
])
def test_noninferiority_verdicts(low, high, margin, higher_is_worse, ratio, verdict):
    assert synthesis.noninferiority_verdict(low, high, margin, higher_is_worse, ratio) == verdict


def test_viderman_odi_needs_a_margin_of_0_3_sd(book_data):
    ours = synthesis.our_results(book_data["outcomes"])
    verdict = {step: synthesis.noninferiority_table(book_data["pooled"], ours, step).set_index("label").verdict
               for step in range(len(synthesis.NI_MARGINS))}
    label = "Viderman 2023 · oswestry disability index"
    assert [verdict[s][label] for s in range(5)] == ["inconclusive", "inconclusive", "non-inferior", "non-inferior", "non-inferior"]
    assert verdict[0]["Ours · pain score, 3m"] == "inferior"
    with pytest.raises(ValueError):
        synthesis.noninferiority_verdict(0.5, 1.5, 0.9, True, ratio=True)


# --- figures and explorers ------------------------------------------------------------------


def test_empty_evidence_map_selection_raises_a_message(book_data):
    with pytest.raises(EmptySelection, match="No randomized trials of disc block"):
        evidence_map_figure(book_data["studies"], family="disc", design="rct")
    fig = explorers.evidence_map(book_data).figure(family="disc", design="rct")
    assert "No randomized trials of disc block" in _message(fig)


def test_evidence_map_shows_every_study_the_search_included(book_data):
    records, studies = book_data["records"], book_data["studies"]
    mapped = map_studies(records, studies)
    included = records[records["decision"] == "include"]
    assert len(mapped) == len(included) + studies["design"].isin(["meta_analysis", "systematic_review", "review"]).sum()
    fig = evidence_map_figure(mapped, design="all")
    assert sum(len(trace.x) for trace in fig.data) == len(mapped)
    comparative = evidence_map_figure(mapped)
    assert sum(len(trace.x) for trace in comparative.data) == included["design"].isin(
        ["rct", "prospective_nonrandomized", "retrospective"]).sum()
    hover = " ".join(t for trace in fig.data for t in trace.hovertext)
    assert "hazra2016" in hover and "nikooseresht2014" in hover  # a known study and a new accuracy series


#: Positions of the forest explorer's outcomes (its buttons).
TIME, TIME_AS_SE, PRINTED_SUCCESS, PAIN, ODI = range(5)


def test_forest_explorer_offers_the_sensitivity_analysis_and_the_printed_effects(book_data):
    from spinebook.explorers.evidence import FOREST_CHOICES

    assert [c.label for c in FOREST_CHOICES] == ["Procedure time", "Time, ± as SE", "Success (printed)",
                                                "Pain, 3 months", "ODI"]
    explorer = explorers.forest(book_data)
    as_sd = explorer.figure(choice=TIME, method="REML", hksj=False, omit=0)
    as_se = explorer.figure(choice=TIME_AS_SE, method="REML", hksj=False, omit=0)
    assert "± read as SE (sensitivity)" in as_se.layout.title.text
    # same two trials, same point estimate (to 3 decimals), wider study intervals when ± is an SE
    width = lambda fig: [b - a for a, b in zip(fig.data[0].x[0::3], fig.data[0].x[1::3])]
    assert all(se > sd for sd, se in zip(width(as_sd), width(as_se)))
    printed = explorer.figure(choice=PRINTED_SUCCESS, method="REML", hksj=False, omit=0)
    assert "generic inverse variance" in printed.layout.title.text
    assert list(printed.layout.yaxis.ticktext[:3]) == ["Zhao 2025", "Kucukbingoz 2026", "Cui 2022"]
    without_cui = explorer.figure(choice=PRINTED_SUCCESS, method="REML", hksj=False, omit=3)
    assert "without cui_2022_cervical" in without_cui.layout.title.text


def test_forest_explorer_shows_single_study_and_empty_cases(book_data):
    explorer = explorers.forest(book_data)
    assert explorer.n_states <= 160
    pooled = explorer.figure(choice=TIME, method="REML", hksj=False, omit=0)
    assert "Single study" not in " ".join(a.text or "" for a in pooled.layout.annotations)
    single = explorer.figure(choice=TIME, omit=1)
    assert single.data and "Single study" in " ".join(a.text or "" for a in single.layout.annotations)
    pain_omitted = explorer.figure(choice=PAIN, omit=1)
    assert "leaves nothing to pool" in _message(pain_omitted)
    odi = explorer.figure(choice=ODI)
    assert "ODI: nothing to pool" in _message(odi)


def test_with_one_study_the_forest_names_the_estimator_and_says_why_it_changes_nothing(book_data):
    explorer = explorers.forest(book_data)
    notes = {}
    for method in ("REML", "DL", "PM", "FE"):
        fig = explorer.figure(choice=PAIN, method=method, hksj=True, omit=0)
        notes[method] = fig.layout.annotations[-1].text.replace("<br>", " ")  # wrapped for the page's width
        assert f"Estimator: {method} · HKSJ interval: on. With one study there is nothing to pool" in notes[method]
    assert len(set(notes.values())) == 4
    # the study's own estimate whatever the estimator: Hedges' g of the preprint, as in the test above
    estimates = {explorer.figure(choice=PAIN, method=m, omit=0).data[1].x[0] for m in notes}
    assert len(estimates) == 1
    gone = _message(explorer.figure(choice=PAIN, method="PM", hksj=False, omit=1))
    assert "Estimator: PM · HKSJ interval: off. With no study left, neither changes anything." in gone
    odi = _message(explorer.figure(choice=ODI, method="FE", hksj=True, omit=1))
    assert "Estimator: FE · HKSJ interval: on · Leave one out: omit study 1. With no study" in odi


def test_published_vs_ours_panel_lists_published_rows(book_data):
    comparison = synthesis.published_vs_ours(book_data["pooled"], book_data["outcomes"], book_data["studies"])
    ours = synthesis.our_results(book_data["outcomes"])
    fig = published_vs_ours_figure(comparison, ours, "SMD")
    ticks = list(fig.layout.yaxis.ticktext)
    assert any("Viderman 2023 · pain score" in t for t in ticks) and any(t.startswith("Ours") for t in ticks)
    with pytest.raises(EmptySelection):
        published_vs_ours_figure(comparison.iloc[0:0], ours.iloc[0:0], "MD")


def test_noninferiority_figure_colours_verdicts(book_data):
    ours = synthesis.our_results(book_data["outcomes"])
    table = synthesis.noninferiority_table(book_data["pooled"], ours, 1)
    fig = noninferiority_figure(table, "SMD", 0.2)
    assert {t.name for t in fig.data if t.mode == "markers"} == {"non-inferior", "inconclusive", "inferior"}
    with pytest.raises(EmptySelection):
        noninferiority_figure(table.iloc[0:0], "RR", 1.25)


def test_explorers_stay_small(book_data):
    for factory in (explorers.evidence_map, explorers.published_vs_ours, explorers.noninferiority,
                    explorers.placement_accuracy, explorers.directions):
        assert factory(book_data).n_states <= 72
    assert explorers.forest(book_data).n_states <= 160  # five outcomes × four estimators × HKSJ × leave-one-out
