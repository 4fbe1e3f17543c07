"""Chapter 1 (burden of low back pain): the figure functions draw the values in data/, with their
uncertainty intervals and sources, and an empty choice shows a message instead of a traceback."""

import math

import pytest

from spinebook import data, explorers
from spinebook.figures import burden as figures
from spinebook.widgets import EmptySelection


@pytest.fixture(scope="module")
def book_data():
    return data.load()


def _bar(fig, label_start):
    """(trace, index) of the bar or point whose category label starts with ``label_start``."""
    for trace in fig.data:
        labels = list(trace.y) if trace.orientation == "h" or trace.type == "scatter" else list(trace.x)
        for i, label in enumerate(labels):
            if isinstance(label, str) and label.startswith(label_start):
                return trace, i
    raise AssertionError(f"no bar labelled {label_start!r}")


def test_risk_factor_bar_for_smoking_2021_is_12_6_with_its_ui(book_data):
    fig = figures.risk_factor_figure(book_data["risk_factors"], "paf")
    trace, i = _bar(fig, "Smoking (2021)")
    assert trace.name == "GBD 2021"
    assert trace.x[i] == pytest.approx(12.6)
    assert trace.x[i] - trace.error_x.arrayminus[i] == pytest.approx(8.4)
    assert trace.x[i] + trace.error_x.array[i] == pytest.approx(16.7)
    assert "wcpt_rf2021" in trace.customdata[i][2] and "12.6%" in trace.customdata[i][2]


def test_risk_factor_shares_include_the_combined_fraction_and_the_gbd_2010_estimate(book_data):
    fig = figures.risk_factor_figure(book_data["risk_factors"], "paf")
    combined, i = _bar(fig, "All three combined (2020)")
    assert (combined.x[i], combined.x[i] - combined.error_x.arrayminus[i], combined.x[i] + combined.error_x.array[i]) == \
        pytest.approx((38.8, 28.7, 47.0))
    older, j = _bar(fig, "Occupational ergonomic<br>factors (2010)")
    assert older.name == "GBD 2010" and older.x[j] == pytest.approx(26.0)
    assert math.isnan(older.error_x.array[j]) and not older.error_x.visible  # no interval printed: no whisker invented


def test_attributable_counts_are_in_millions_and_projections_are_hatched(book_data):
    fig = figures.risk_factor_figure(book_data["risk_factors"], "count")
    trace, i = _bar(fig, "Smoking · YLDs (2021)")
    assert trace.x[i] == pytest.approx(8.82)
    assert (trace.x[i] - trace.error_x.arrayminus[i], trace.x[i] + trace.error_x.array[i]) == pytest.approx((5.18, 13.13))
    projected, j = _bar(fig, "High BMI · DALYs (2050,")
    assert projected.x[j] == pytest.approx(15.558278) and projected.marker.pattern.shape[j] == "/"


def test_smoking_by_place_shows_the_sdi_gradient(book_data):
    fig = figures.risk_factor_figure(book_data["risk_factors"], "smoking_place")
    high, i = _bar(fig, "High SDI")
    low, j = _bar(fig, "Low SDI")
    assert (high.x[i], low.x[j]) == pytest.approx((173.8, 54.6))
    assert high.x[i] + high.error_x.array[i] == pytest.approx(261.1)


def test_trend_counts_rise_from_386_7_to_628_8_million(book_data):
    fig = figures.burden_trend_figure(book_data["burden"], "prevalence", "count")
    yang = next(t for t in fig.data if t.name == "GBD 2021 · yang2025")
    assert list(yang.x) == [1990, 2021] and list(yang.y) == pytest.approx([386.7, 628.8])
    projection = next(t for t in fig.data if t.name == "GBD 2021 · gbd2021lbp")
    n = list(projection.x).index(2050)
    assert projection.y[n] == pytest.approx(843)
    assert (projection.y[n] - projection.error_y.arrayminus[n], projection.y[n] + projection.error_y.array[n]) == pytest.approx((759, 933))
    assert projection.marker.symbol[n] == "circle-open"


def test_trend_never_joins_two_gbd_rounds(book_data):
    fig = figures.burden_trend_figure(book_data["burden"], "prevalence", "count")
    rounds = {t.name.split(" · ")[0] for t in fig.data}
    assert rounds == {"GBD 2017", "GBD 2021"}
    assert all(len({t.name.split(" · ")[0]}) == 1 for t in fig.data)


def test_rates_printed_as_percent_are_converted_to_per_100000(book_data):
    fig = figures.burden_trend_figure(book_data["burden"], "prevalence", "rate_age_standardized")
    gbd2017 = next(t for t in fig.data if t.name == "GBD 2017 · wu2020atm")
    assert list(gbd2017.y) == pytest.approx([8200, 7500])  # printed 8.20 % and 7.50 %
    assert "× 1,000" in gbd2017.customdata[0][1]
    wei = next(t for t in fig.data if t.name == "GBD 2021 · wei2025")
    assert list(wei.y) == pytest.approx([8391.58, 7463.13])
    assert fig.layout.yaxis.title.text == "per 100,000"


def test_by_age_shows_adolescents_with_their_ui_and_all_ages_for_scale(book_data):
    fig = figures.burden_by_age_figure(book_data["burden"], "prevalence")
    by_year = {t.name: dict(zip(t.x, t.y)) for t in fig.data}
    assert by_year["2021"]["All ages"] == pytest.approx(628.8)
    assert by_year["2021"]["10–19"] == pytest.approx(19.234452)
    assert by_year["2021"]["55+"] == pytest.approx(271.680057)
    assert by_year["1990"]["70+"] == pytest.approx(46.6) and by_year["2019"]["80+"] == pytest.approx(33.1)


def test_by_place_compares_within_one_round(book_data):
    fig = figures.burden_by_place_figure(book_data["burden"], "yld", "GBD 2019")
    points = {label: x for t in fig.data if t.mode == "markers" for label, x in zip(t.y, t.x)}
    assert points["Turkey · safiri2023mena"] == pytest.approx(953.6)
    assert points["Lebanon · safiri2023mena"] == pytest.approx(727.2)
    assert points["Global · safiri2023mena"] == pytest.approx(780.2)
    assert not any("2021" in str(t.name) for t in fig.data)


def test_every_hover_names_its_source(book_data):
    for explorer in (explorers.burden.trend, explorers.burden.by_age, explorers.burden.by_place, explorers.burden.risk_factors):
        e = explorer(book_data)
        for _, state in e.states():
            for trace in e.figure(**state).data:
                if trace.hoverinfo == "skip":
                    continue
                assert all("source: " in str(c[-1]) for c in trace.customdata), (explorer.__name__, state, trace.name)


def test_empty_selection_shows_a_message(book_data):
    with pytest.raises(EmptySelection):
        figures.burden_by_place_figure(book_data["burden"], "dalys", "GBD 2019")
    fig = explorers.burden.by_place(book_data).figure(measure="dalys", gbd_round="GBD 2019")
    assert not fig.data
    assert [a.text.replace("<br>", " ") for a in fig.layout.annotations] == ["No age-standardized DALYs by place from GBD 2019 in the data."]


def test_pick_refuses_two_different_values(book_data):
    burden = book_data["burden"]
    assert figures.pick(burden, measure="prevalence", metric="count", location="Global", year=2021,
                        age_group="all_ages", gbd_round="GBD 2021", period_start=None) == 628_800_000
    with pytest.raises(LookupError):
        figures.pick(burden, measure="prevalence", metric="count", location="Global", age_group="all_ages")


def test_sex_table_lists_only_single_sex_rows(book_data):
    table = figures.sex_differences_table(book_data["burden"], book_data["risk_factors"])
    assert set(table["sex"]) == {"female", "male"} and len(table) == 6
    assert "62.7" in table.loc[table["sex"] == "male", "value"].iloc[0]
