"""Chapter 3: dose arithmetic (spinebook.radiation), the calculator's pinned results, the figures'
empty-selection messages and the rule that absorbed dose and DAP never meet a limit."""

import math

import pytest

from spinebook import data, radiation
from spinebook.explorers import interventions as chapter
from spinebook.figures.interventions import catalogue_figure, exposure_figure
from spinebook.widgets import EmptySelection


@pytest.fixture(scope="module")
def book_data():
    return data.load()


@pytest.fixture(scope="module")
def doses(book_data):
    return book_data["radiation"]


def _bar(fig, label, trace=0):
    bars = fig.data[trace]
    return bars.x[list(bars.y).index(label)]


def test_calculator_eye_dose_of_botwin_row_20_at_15_per_week(book_data, doses):
    row = doses.loc[20 - 1]
    assert (row.source_id, row.who, row.value, row.unit) == ("botwin2002", "operator_eye", 0.4, "mrem per procedure")
    expected = data.to_msv(row.value, row.unit) * 15 * radiation.WORKING_WEEKS
    assert radiation.annual_dose_of_row(doses, 20, 15) == expected == pytest.approx(2.88)
    fig = chapter.dose_calculator(book_data).figure(row=20, per_week=15)
    assert _bar(fig, "Fluoroscopy: your year") == pytest.approx(expected)
    assert _bar(fig, "Ultrasound guidance") == 0.0
    # eye lens only: ICRP 20, EU 20, US NRC 150 mSv per year; no effective-dose or hand limit
    assert sorted(_bar(fig, label) for label in fig.data[0].y if label.endswith("limit")) == [20.0, 20.0, 150.0]


def test_calculator_hand_dose_of_kopparapu_row_80_at_30_per_week_exceeds_the_limit(book_data, doses):
    row = doses.loc[80 - 1]
    assert (row.source_id, row.who, row.value, row.unit) == ("kopparapu_pvbk", "operator_hand", 95.5, "mrem per level")
    expected = data.to_msv(row.value, row.unit) * 30 * radiation.WORKING_WEEKS
    assert radiation.annual_dose_of_row(doses, 80, 30) == expected == pytest.approx(1375.2)
    fig = chapter.dose_calculator(book_data).figure(row=80, per_week=30)
    assert _bar(fig, "Fluoroscopy: your year") == pytest.approx(expected)
    assert _bar(fig, "ICRP limit") == 500.0
    assert radiation.percent_of_limit(expected, 500) == pytest.approx(275.04)


def test_calculator_body_badge_outside_apron_row_3(doses):
    row = doses.loc[3 - 1]
    assert (row.source_id, row.quantity, row.value) == ("manchikanti2002", "dose_outside_apron", 0.778)
    assert radiation.annual_dose_of_row(doses, 3, 15) == pytest.approx(0.778 * 0.01 * 15 * 48)


def test_calculator_patient_panel_for_tfesi_compares_with_chest_xray_and_background(book_data):
    fig = chapter.dose_calculator(book_data).figure(row=20, per_week=5)
    patient = fig.data[1]
    values = dict(zip(patient.y, patient.x))
    assert values["Chest X-ray (PA)"] == 0.02
    assert values["Background, 1 year"] == 2.4
    assert values["Patient: ultrasound"] == 0.0
    assert sorted(v for k, v in values.items() if "kamp_ctfluoro" in k or "maino2018" in k) == [0.19, 0.55]
    assert radiation.chest_xray_equivalents(0.55, 0.02) == pytest.approx(27.5)
    assert radiation.background_days(2.4, 2.4) == pytest.approx(365)


def test_calculator_says_when_no_patient_dose_exists(book_data):
    fig = chapter.dose_calculator(book_data).figure(row=3, per_week=5)
    assert any("No patient effective dose" in a.text for a in fig.layout.annotations)


def test_calculator_offers_only_doses_with_a_limit_of_the_same_organ(book_data):
    explorer = chapter.dose_calculator(book_data)
    rows = explorer.controls[0].values
    offered = radiation.operator_dose_rows(book_data["radiation"]).set_index("row").loc[rows]
    assert set(offered["limit_organ"]) == {"effective", "eye_lens", "extremities"}
    assert 10 not in rows and 77 not in rows  # thyroid and neck badges: no limit of their own
    assert explorer.n_states <= 60


def test_absorbed_dose_and_dap_are_never_converted_to_msv():
    for unit in ("mGy", "mGy per level", "dGy·cm²", "mGy·cm", "s", "percent"):
        assert math.isnan(data.to_msv(1.0, unit))
        assert radiation.dose_basis(unit) is None
    assert radiation.dose_basis("mrem per level") == "per level"
    assert radiation.dose_basis("uSv per min") == "per minute"
    assert radiation.dose_basis("mSv") == "per procedure"


def test_operator_rows_convert_units_visibly(doses):
    rows = radiation.operator_dose_rows(doses).set_index("row")
    assert rows.loc[3, "msv_each"] == pytest.approx(0.00778)  # mrem -> mSv
    assert rows.loc[89, "msv_each"] == pytest.approx(0.0482)  # uSv -> mSv
    assert rows.loc[73, "msv_each"] == 0.27  # mSv as printed
    assert 86 not in rows.index  # a dose rate (uSv per min) is not a dose per procedure
    assert 60 not in rows.index  # patient mGy
    with pytest.raises(ValueError, match="row 60"):
        radiation.annual_dose_of_row(doses, 60, 5)


def test_occupational_limits_are_converted_and_unified(book_data):
    limits = radiation.occupational_limits(book_data["limits"])
    by_organ = limits.groupby("limit_organ")["msv_per_year"].apply(sorted).to_dict()
    assert by_organ == {"effective": [20.0, 20.0, 50.0], "eye_lens": [20.0, 20.0, 150.0], "extremities": [500.0, 500.0, 500.0]}
    assert "historical_limit" not in set(limits["kind"])


def test_exposure_table_keeps_quantities_in_their_own_panel(doses):
    table = radiation.exposure_table(doses)
    assert set(table["panel"]) == set(radiation.EXPOSURE_PANELS)
    minutes = table[(table["source_id"] == "kopparapu_pvbk") & (table["panel"] == "time")].iloc[0]
    assert minutes["shown"] == pytest.approx(4.9 * 60)
    assert table[table["panel"] == "patient_absorbed"]["unit"].str.startswith("mGy").all()
    upper = table[(table["source_id"] == "schmid2006") & (table["statistic"] == "upper_bound")].iloc[0]
    assert math.isnan(upper["shown_low"])  # an upper bound is never paired with another range


def test_empty_catalogue_selection_shows_a_message(book_data):
    with pytest.raises(EmptySelection, match="intrathecal pumps"):
        catalogue_figure(book_data["interventions"], "intrathecal_pump", "yes_or_limited")
    fig = chapter.catalogue(book_data).figure(family="intrathecal_pump", feasibility="yes_or_limited")
    assert not fig.data and "No intrathecal pumps" in fig.layout.annotations[0].text


def test_a_feasibility_filter_that_hides_nothing_says_so(book_data):
    """Both intradiscal procedures are 'no or unknown': "All" and "No or unknown" show the same two
    markers, and each figure says which filter is chosen and why the other looks the same."""
    everything = catalogue_figure(book_data["interventions"], "intradiscal", "all")
    filtered = catalogue_figure(book_data["interventions"], "intradiscal", "no_or_unknown")
    assert [list(t.y) for t in everything.data] == [list(t.y) for t in filtered.data] and len(everything.data[0].y) == 2
    assert everything.layout.annotations[0].text.replace("<br>", " ") == (
        "Ultrasound feasible: all. Here that is the same as 'no or unknown': both procedures of this family are 'no or unknown'.")
    assert filtered.layout.annotations[0].text.replace("<br>", " ").startswith("Ultrasound feasible: no or unknown. This filter hides nothing here")
    assert not catalogue_figure(book_data["interventions"], "ablation", "all").layout.annotations


def test_catalogue_filters_by_family_and_feasibility(book_data):
    fig = catalogue_figure(book_data["interventions"], "nerve_block", "yes")
    assert len(fig.data[0].x) == 2
    fig = catalogue_figure(book_data["interventions"], "ablation", "no_or_unknown")
    assert sorted(x for trace in fig.data for x in trace.x) == ["No", "Unknown", "Unknown"]
    assert sum(len(t.x) for t in catalogue_figure(book_data["interventions"]).data) == len(book_data["interventions"])


def test_exposure_hover_names_the_source(doses):
    fig = exposure_figure(radiation.exposure_table(doses), "operator")
    assert all("source:" in trace.hovertemplate for trace in fig.data)
    sources = {row[2] for trace in fig.data for row in trace.customdata if row is not None}
    assert {"botwin2002", "kopparapu_pvbk", "manchikanti2002"} <= sources


def test_exposure_empty_panel_shows_a_message(doses):
    table = radiation.exposure_table(doses)
    with pytest.raises(EmptySelection):
        exposure_figure(table, "patient_absorbed", "CT or CT-assisted")
