"""Forest and funnel figures: the metafor/RevMan elements are there and carry the right values."""

import math

import numpy as np
import pandas as pd
import pytest

from spinebook.figures.forest import EMPTY_MESSAGE, forest_figure, funnel_figure
from spinebook.meta import back_transform, effect_sizes, pool

# metafor's dat.bcg counts: tpos, tneg, cpos, cneg (vaccinated plays 'us').
BCG = [(4, 119, 11, 128), (6, 300, 29, 274), (3, 228, 11, 209), (62, 13536, 248, 12619),
       (33, 5036, 47, 5761), (180, 1361, 372, 1079), (8, 2537, 10, 619), (505, 87886, 499, 87892),
       (29, 7470, 45, 7232), (17, 1699, 65, 1600), (186, 50448, 141, 27197), (5, 2493, 3, 2338),
       (27, 16886, 29, 17825)]


@pytest.fixture(scope="module")
def bcg():
    rows = []
    for i, (a, b, c, d) in enumerate(BCG, start=1):
        common = dict(study_id=f"bcg{i}", label=f"Trial {i}", source_id=f"src{i}")
        rows += [dict(common, arm="us", events=a, total=a + b), dict(common, arm="fl", events=c, total=c + d)]
    table = effect_sizes(pd.DataFrame(rows), "RR")
    return table, pool(table.yi, table.vi)


def small_md(k):
    """k studies of a mean difference (minutes), made up for the figure tests."""
    rng = np.random.default_rng(4)
    return pd.DataFrame({
        "study_id": [f"s{i}" for i in range(k)],
        "label": [f"Study {i} 2020" for i in range(k)],
        "yi": rng.normal(-2, 1.5, k), "vi": rng.uniform(0.3, 2.0, k),
        "n_us": [25 + i for i in range(k)], "n_fl": [24 + i for i in range(k)],
    })


def trace(fig, name):
    matches = [t for t in fig.data if t.name == name]
    return matches[0] if matches else None


def annotation_texts(fig):
    return [a.text for a in fig.layout.annotations]


def test_one_square_per_study_sized_like_the_weights(bcg):
    table, result = bcg
    fig = forest_figure(table, result, "Risk ratio", log_scale=True)
    squares = [t for t in fig.data if t.marker is not None and t.marker.symbol == "square"]
    assert len(squares) == 1 and len(squares[0].x) == 13
    sizes, weights = np.asarray(squares[0].marker.size), np.asarray(result.weights)
    assert list(np.argsort(sizes)) == list(np.argsort(weights))
    assert np.allclose(squares[0].x, np.exp(table.yi))
    whiskers = trace(fig, "Study intervals")
    assert whiskers.x[0] == pytest.approx(math.exp(table.yi[0] - 1.959964 * math.sqrt(table.vi[0])), rel=1e-6)


def test_diamond_spans_the_confidence_interval(bcg):
    table, result = bcg
    fig = forest_figure(table, result, "Risk ratio", log_scale=True)
    diamond = trace(fig, "Pooled estimate")
    assert diamond.fill == "toself"
    assert min(diamond.x) == pytest.approx(math.exp(result.ci_low))
    assert max(diamond.x) == pytest.approx(math.exp(result.ci_high))
    assert fig.layout.xaxis.type == "log"
    assert list(trace(fig, "No effect").x) == [1.0, 1.0]
    # A back-transformed result draws the same diamond.
    again = forest_figure(table, back_transform(result), "Risk ratio")
    assert list(trace(again, "Pooled estimate").x) == pytest.approx(list(diamond.x))

    md = small_md(6)
    r = pool(md.yi, md.vi)
    linear = forest_figure(md, r, "Mean difference (minutes)")
    assert (min(trace(linear, "Pooled estimate").x), max(trace(linear, "Pooled estimate").x)) == (r.ci_low, r.ci_high)
    assert list(trace(linear, "No effect").x) == [0.0, 0.0]
    assert linear.layout.xaxis.type == "linear"


def test_prediction_interval_bar_only_when_k_at_least_3(bcg):
    table, result = bcg
    pi = trace(forest_figure(table, result, "Risk ratio", log_scale=True), "Prediction interval")
    assert list(pi.x) == pytest.approx([math.exp(result.pi_low), math.exp(result.pi_high)])
    two = small_md(2)
    fig = forest_figure(two, pool(two.yi, two.vi), "Mean difference")
    assert trace(fig, "Prediction interval") is None
    assert any("No prediction interval" in t and "at least 3 studies" in t for t in annotation_texts(fig))


def test_heterogeneity_text_labels_and_favours_under_the_plot(bcg):
    table, result = bcg
    fig = forest_figure(table, result, "Risk ratio", log_scale=True)
    texts = annotation_texts(fig)
    assert any(result.summary_text() in t for t in texts)
    assert "← favours ultrasound" in texts and "favours fluoroscopy →" in texts
    flipped = annotation_texts(forest_figure(table, result, "Risk ratio", log_scale=True, lower_favours="fluoroscopy"))
    assert "← favours fluoroscopy" in flipped and "favours ultrasound →" in flipped
    md = small_md(3)
    labelled = forest_figure(md, pool(md.yi, md.vi), "Mean difference")
    assert "Study 0 2020 (25/24)" in labelled.layout.yaxis.ticktext
    squares = trace(fig, "Studies")
    assert "Source: src1" in squares.hovertext[0] and "Trial 1" in squares.hovertext[0]
    estimates = trace(fig, "Estimates").text
    assert f"{result.weights[0] * 100:.1f}%" in trace(fig, "Weights").text
    assert estimates[-1].startswith("<b>Estimate [95% CI]")


def test_margin_line_is_dashed_and_labelled(bcg):
    table, result = bcg
    fig = forest_figure(table, result, "Risk ratio", log_scale=True, margin=1.25)
    line = trace(fig, "Non-inferiority margin")
    assert list(line.x) == [1.25, 1.25] and line.line.dash == "dash"
    assert "margin 1.25" in annotation_texts(fig)
    assert trace(forest_figure(table, result, "Risk ratio", log_scale=True), "Non-inferiority margin") is None


def test_single_study_has_no_diamond():
    one = small_md(1)
    fig = forest_figure(one, pool(one.yi, one.vi), "Mean difference")
    assert trace(fig, "Pooled estimate") is None and len(trace(fig, "Studies").x) == 1
    assert any("Single study (k = 1): no pooling" in t for t in annotation_texts(fig))


def test_empty_filter_shows_message():
    empty = small_md(3).iloc[0:0]
    fig = forest_figure(empty, None, "Mean difference", title="Pain at 1 month")
    assert fig.layout.annotations[0].text == EMPTY_MESSAGE and len(fig.data) == 0
    assert funnel_figure([], [], None).layout.annotations[0].text == EMPTY_MESSAGE


def test_table_and_result_must_match(bcg):
    table, result = bcg
    with pytest.raises(ValueError, match="5 studies but the result pooled 13"):
        forest_figure(table.iloc[:5], result, "Risk ratio")


def test_forest_figure_stays_small(bcg):
    table, result = bcg
    assert len(forest_figure(table, result, "Risk ratio", log_scale=True).to_json()) < 25_000


def test_funnel_explains_missing_egger_test_for_few_studies():
    five = small_md(5)
    fig = funnel_figure(five.yi, five.vi, pool(five.yi, five.vi), labels=five.label)
    note = fig.layout.annotations[0].text
    assert "Egger's test not reported: k = 5 < 10" in note and "10.4.3.1" in note
    assert fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1] == 0  # reversed SE axis


def test_funnel_reports_egger_for_bcg(bcg):
    table, result = bcg
    fig = funnel_figure(table.yi, table.vi, result, labels=table.label)
    assert "Egger's test: intercept = −2.11" in fig.layout.annotations[0].text
    assert "p = 0.189" in fig.layout.annotations[0].text
    limits = trace(fig, "Pseudo 95% limits")
    se_max = max(fig.layout.yaxis.range)
    assert list(limits.x) == pytest.approx([result.estimate - 1.959964 * se_max, result.estimate,
                                            result.estimate + 1.959964 * se_max])
    assert np.allclose(trace(fig, "Studies").y, np.sqrt(table.vi))
