"""Chapter 2, the treatment ladder: the wording -> strength mapping, the population and treatment
tables, both explorers over every state, and the values the chapter states."""

import statistics
import time

import pandas as pd
import plotly.graph_objects as go
import pytest

from spinebook import data
from spinebook.explorers import ladder as ladder_explorers
from spinebook.figures import ladder
from spinebook.widgets import EmptySelection


@pytest.fixture(scope="module")
def book_data():
    return data.load()


@pytest.fixture(scope="module")
def table(book_data):
    return ladder.ladder_table(book_data["ladder"])


def test_rows_per_guideline_are_as_in_the_data(table):
    assert table["guideline_short"].value_counts().to_dict() == {
        "NICE NG59": 18, "WHO 2023": 14, "ACP 2017": 4, "Lancet 2018": 4, "Intl sciatica": 1}


def test_mapping_adds_columns_and_never_changes_the_data(book_data, table):
    original = book_data["ladder"]
    pd.testing.assert_frame_equal(table[original.columns], original)
    assert "strength" not in original.columns


@pytest.mark.parametrize("wording, strength", [
    ("consider", "consider"),
    ("may be offered", "consider"),
    ("prudent use", "consider"),
    ("recommended (provide at all steps)", "recommend"),
    ("should be offered (person-centred assessment)", "recommend"),
    ("should not be used routinely", "do_not"),  # the negation wins over "should be"
    ("advises against (routine use)", "do_not"),
    ("do not routinely offer (non-specialist setting)", "do_not"),
    ("out of scope (not addressed)", "none"),
])
def test_wording_maps_to_an_ordinal_strength(wording, strength):
    assert ladder.strength_of(wording) == strength


def test_unknown_wording_population_or_step_is_refused_by_name(book_data):
    with pytest.raises(ValueError, match="strongly endorse"):
        ladder.strength_of("strongly endorse")
    changed = book_data["ladder"].copy()
    changed.loc[0, "population"] = "toddlers"
    with pytest.raises(ValueError, match="toddlers"):
        ladder.ladder_table(changed)


def test_wording_table_shows_every_wording_once(book_data):
    shown = ladder.wording_table(book_data["ladder"])
    assert shown["rows"].tolist() == [8, 18, 2, 13]
    assert shown["rows"].sum() == len(book_data["ladder"])
    assert "should not be used routinely (4)" in shown.iloc[3]["wordings in the data (rows)"]


def test_strength_counts_per_guideline(table):
    counts = table.groupby(["guideline_short", "strength"]).size()
    assert counts["NICE NG59"].to_dict() == {"consider": 9, "do_not": 8, "recommend": 1}
    assert counts["WHO 2023"].to_dict() == {"consider": 6, "do_not": 5, "none": 1, "recommend": 2}


def test_secondary_wording_is_flagged(table):
    secondary = table.groupby("guideline_short")["secondary"].sum().to_dict()
    assert secondary == {"ACP 2017": 0, "Lancet 2018": 0, "NICE NG59": 16, "Intl sciatica": 1, "WHO 2023": 14}


def test_populations_of_specific_rows(table):
    steps = table.set_index("step")
    assert steps.loc["Epidural injection (local anaesthetic + steroid)", "populations"] == ("sciatica",)
    assert steps.loc["Imaging", "populations"] == ("acute", "chronic", "sciatica")
    assert steps.loc["Spinal injections for low back pain", "populations"] == ("acute", "chronic")


def test_agreement_cell_holds_the_recommendation_text_and_source(table):
    cells = ladder.agreement_table(table, "questions")
    imaging = cells[(cells["category"] == "Imaging") & (cells["guideline"] == "NICE NG59")]
    assert imaging["recommendation"].tolist() == ["do not routinely offer (non-specialist setting)"]
    assert "nice_ng59, Rec 1.1.4" in imaging["hover"].iloc[0]
    acupuncture = cells[cells["category"] == "Acupuncture"].drop_duplicates("guideline").set_index("guideline")
    assert acupuncture["strength"].to_dict() == {"NICE NG59": "do_not", "ACP 2017": "recommend", "WHO 2023": "consider"}


def test_agreement_summary_finds_the_conflicts(table):
    verdicts = ladder.agreement_summary(table, "treatments").set_index("category")["verdict"]
    assert verdicts["Acupuncture"] == "conflict"
    assert verdicts["Exercise"] == "mixed"
    assert (verdicts == "conflict").sum() == 5
    sciatica = ladder.agreement_summary(table, "questions", "sciatica").set_index("category")["verdict"]
    assert sciatica["Epidural steroid injections"] == "agree"
    assert sciatica["Radiofrequency denervation"] == "no data"


def test_ladder_places_interventions_above_the_conservative_line(table):
    fig = ladder.ladder_figure(table, "NICE NG59", "chronic")
    (trace,) = fig.data
    rfd = next(i for i, text in enumerate(trace.text) if "Radiofrequency denervation" in text)
    assert trace.text[rfd].startswith("<b>+</b>")
    assert trace.marker.symbol[rfd] == "diamond"
    line = next(s for s in fig.layout.shapes if s.line.dash == "dash")
    assert trace.y[rfd] > line.y0
    assert max(y for y, text in zip(trace.y, trace.text) if "Exercise" in text) < line.y0
    assert "conservative care fails" in fig.layout.annotations[0].text


def test_every_marker_names_its_source_and_escapes_text(table):
    nasty = table.copy()
    nasty.loc[nasty["step"] == "Exercise", "quote"] = "a <b>bold</b> claim"
    fig = ladder.ladder_figure(nasty, "NICE NG59", "acute")
    hovers = [h for t in fig.data for h in (t.customdata or [])]
    assert hovers and all("Source: " in h for h in hovers)
    assert any("a &lt;b&gt;bold&lt;/b&gt; claim" in h for h in hovers)


def test_strength_is_not_encoded_by_colour_alone(table):
    (trace,) = ladder.agreement_figure(table, "treatments", "any").data
    by_colour = {}
    for colour, symbol, mark in zip(trace.marker.color, trace.marker.symbol, trace.text):
        by_colour.setdefault(colour, set()).add((symbol, mark))
    assert len(by_colour) == 5  # four strengths and "no row in the data"
    assert sorted(len(v) for v in by_colour.values()) == [1] * 5  # each colour has one shape and one mark
    assert {m for v in by_colour.values() for _, m in v} == {"++", "+", "?", "✕", ""}


def test_empty_selection_shows_a_message(book_data, table):
    with pytest.raises(EmptySelection, match="WHO 2023: no acute recommendation"):
        ladder.ladder_figure(table, "WHO 2023", "acute")
    explorer = ladder_explorers.by_guideline(book_data)
    fig = explorer.figure(guideline="WHO 2023", population="acute")
    assert not fig.data
    assert fig.layout.annotations[0].text.replace("<br>", " ") == "WHO 2023: no acute recommendation in the data (it covers chronic)."


def test_each_ladder_title_names_the_chosen_guideline_and_population(book_data):
    explorer = ladder_explorers.by_guideline(book_data)
    titles = {(s["guideline"], s["population"]): explorer.figure(**s).layout.title.text for _, s in explorer.states()}
    assert titles[("NICE NG59", "chronic")] == "NICE NG59: the ladder for chronic low back pain"
    assert titles[("NICE NG59", "acute")] == "NICE NG59: the ladder for acute low back pain"
    assert titles[("Intl sciatica", "sciatica")] == "Intl sciatica: the ladder for sciatica"
    drawn = {key: title for key, title in titles.items() if title != explorer.title}
    assert len(drawn) == 9  # 15 states, 6 of them empty (their message names the choice instead)
    for (guideline, population), title in drawn.items():
        assert title.startswith(f"{guideline}: ") and ladder.POPULATION_PHRASES[population] in title


@pytest.mark.parametrize("factory", [ladder_explorers.by_guideline, ladder_explorers.agreement])
def test_every_state_draws_a_figure_or_a_message(factory, book_data):
    explorer = factory(book_data)
    empty = 0
    for _, state in explorer.states():
        fig = explorer.figure(**state)
        assert isinstance(fig, go.Figure)
        if not fig.data:
            empty += 1
            assert fig.layout.annotations[0].text
    assert empty == (6 if factory is ladder_explorers.by_guideline else 0)
    assert explorer.n_states <= 40


def test_explorer_update_is_fast(book_data):
    box = ladder_explorers.by_guideline(book_data).widget()
    times = []
    for i in range(1, 31):
        start = time.process_time()  # CPU time: other processes on a busy machine do not count
        box.inputs["population"].value = i % 2
        times.append(time.process_time() - start)
    assert statistics.median(times) < 0.04  # budget 20 ms; measured ~10 ms
