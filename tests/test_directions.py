"""Direction of effect (data/directions.csv) and abstract-level risk of bias (records.csv rob_*):
the data rules, the counting, the figure and the explorer, on the real data."""

import re

import pandas as pd
import pytest

from spinebook import data
from spinebook.evidence_search import risk_of_bias_table
from spinebook.explorers.evidence import directions as directions_explorer
from spinebook.figures.directions import CATEGORIES, category, direction_counts, direction_figure, direction_table, select
from spinebook.widgets import EmptySelection


@pytest.fixture(scope="module")
def book():
    return data.load()


@pytest.fixture(scope="module")
def table(book):
    return direction_table(book["directions"], book["records"])


def test_one_row_per_study_and_outcome_and_only_included_comparative_studies(book):
    directions, records = book["directions"], book["records"].set_index("record_id")
    assert not directions.duplicated(["record_id", "outcome"]).any()
    assert set(records.loc[directions.record_id, "decision"]) == {"include"}
    assert set(records.loc[directions.record_id, "design"]) <= {"rct", "prospective_nonrandomized", "retrospective", "other"}
    assert (records.loc[directions.record_id, "comparator"].to_numpy() == directions.comparator.to_numpy()).all()


def test_every_printed_p_value_is_in_its_quote(book):
    missing = []
    for number, row in enumerate(book["directions"].itertuples(), start=2):
        if not isinstance(row.p_printed, str):
            continue
        for value in re.findall(r"\d*\.?\d+", row.p_printed):
            if value not in row.quote.replace(" ", ""):
                missing.append(f"data/directions.csv row {number} ({row.record_id}, {row.outcome}): p {value} not in the quote")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize(("significance", "better", "expected"), [
    ("significant", "ultrasound", "us_significant"), ("not_tested", "ultrasound", "us_not_significant"),
    ("not_significant", "fluoroscopy", "fl_not_significant"), ("significant", "fluoroscopy", "fl_significant"),
    ("not_significant", "not_printed", "no_difference"), ("noninferiority_shown", "not_printed", "no_difference"),
])
def test_category(significance, better, expected):
    assert category(significance, better) == expected


def test_the_central_contrast_of_chapter_4(table):
    counts = direction_counts(select(table, "fluoroscopy"))
    assert list(counts.columns) == list(CATEGORIES)
    # accuracy: fluoroscopy better in all but one (none significantly); the one: a Chinese three-arm trial
    assert counts.loc["accuracy"].to_dict() == {"us_significant": 1, "us_not_significant": 0, "no_difference": 0,
                                                "fl_not_significant": 4, "fl_significant": 0}
    # function: no significant difference anywhere; pain: three significant results, two favouring fluoroscopy
    assert counts.loc["function", "us_significant"] == counts.loc["function", "fl_significant"] == 0
    assert counts.loc["function", "no_difference"] >= 18
    assert (counts.loc["pain", "us_significant"], counts.loc["pain", "fl_significant"]) == (1, 2)
    # procedure time: mostly shorter with ultrasound, twice significantly longer
    assert (counts.loc["procedure_time", "us_significant"], counts.loc["procedure_time", "fl_significant"]) == (12, 2)


def test_rcts_are_a_subset_and_hybrid_and_fusion_are_only_in_all(table):
    everyone, plain, rcts = (select(table, s) for s in ("all", "fluoroscopy", "rct"))
    assert set(rcts.record_id) < set(plain.record_id) < set(everyone.record_id)
    assert set(everyone.comparator) - set(plain.comparator) == {"hybrid_us_fl", "us_mr_fusion"}
    with pytest.raises(ValueError, match="unknown study set"):
        select(table, "cadavers")


def test_figure_lists_studies_in_hover_and_says_when_nothing_is_left(table):
    fig = direction_figure(table, "rct")
    assert "randomised trials" in fig.layout.title.text
    assert [t.name for t in fig.data] == [label for label, _ in CATEGORIES.values()]
    hover = " ".join(h for t in fig.data for h in t.hovertext)
    assert "Yun 2012" in hover and "Goel" in hover
    with pytest.raises(EmptySelection, match="No randomised trials"):
        direction_figure(table[table.design != "rct"], "rct")


def test_explorer_has_three_states(book):
    explorer = directions_explorer(book)
    assert explorer.n_states == 3


def test_risk_of_bias_table_counts_what_the_abstracts_state(book):
    rob = risk_of_bias_table(book["records"]).set_index("what the abstract states")
    comparative = book["records"][(book["records"].decision == "include")
                                  & book["records"].design.isin(["rct", "prospective_nonrandomized", "retrospective"])]
    for domain in ("randomisation", "allocation", "blinding"):
        assert rob[rob.domain == domain]["all"].sum() == comparative[f"rob_{domain}"].notna().sum() == len(comparative)
    assert rob.loc["allocation concealment stated", "all"] == 0
    assert rob.loc["randomised, method stated", "all"] == 3
    stated = comparative[comparative.rob_randomisation != "not_stated"]
    assert stated.rob_quote.notna().all() and stated.rob_url.str.startswith("http").all()
