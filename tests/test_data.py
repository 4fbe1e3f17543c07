"""The study dataset loads, holds the headline numbers, and refuses bad rows with a clear message."""
import csv
import shutil
from pathlib import Path

import pytest

from spinebook import data
from spinebook.data import DataError

REPO = Path(__file__).resolve().parent.parent

EXPECTED_ROWS = {"studies": 45, "outcomes": 70, "pooled": 10, "burden": 67, "risk_factors": 37,
                 "radiation": 111, "limits": 24, "ladder": 41, "interventions": 21, "costs": 31,
                 "search_log": 841, "records": 320, "directions": 100,
                 "tissues": 89, "anatomy": 168, "probes": 15}


@pytest.fixture(scope="module")
def frames():
    return data.load()


@pytest.fixture
def package(tmp_path):
    """A fresh copy of the real package (no validation stamp) with its bibliography."""
    (tmp_path / "book").mkdir()
    shutil.copy(REPO / "book" / "references.bib", tmp_path / "book" / "references.bib")
    folder = tmp_path / "data"
    folder.mkdir()
    for file in (REPO / "data").glob("*"):
        if file.is_file():
            shutil.copy(file, folder / file.name)
    return folder


def edit(folder, name, row, column, value):
    """Set one cell; row 1 is the first data row (line 2 of the file)."""
    path = folder / f"{name}.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        records = list(csv.reader(handle))
    records[row][records[0].index(column)] = value
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)


def row_of(folder, name, **match):
    """Data-row number (1-based) of the first row whose columns equal *match*."""
    with open(folder / f"{name}.csv", newline="", encoding="utf-8") as handle:
        for number, record in enumerate(csv.DictReader(handle), start=1):
            if all(record[k] == v for k, v in match.items()):
                return number
    raise LookupError(match)


def assert_error(folder, file, row, column, *words):
    with pytest.raises(DataError) as caught:
        data.load(folder)
    message = str(caught.value)
    assert f"data/{file}" in message
    if row is None:
        assert "header (line 1)" in message
    else:
        assert f"row {row} (line {row + 1} of the file)" in message
    assert f"column '{column}'" in message
    for word in words:
        assert word in message, message
    return message


# -- the real package ------------------------------------------------------------------------------

def test_real_package_validates_with_frictionless_and_counts_rows():
    assert data.validate() == EXPECTED_ROWS


def test_every_resource_loads_with_expected_rows(frames):
    assert {name: len(frame) for name, frame in frames.items()} == EXPECTED_ROWS


def test_columns_are_typed(frames):
    outcomes = frames["outcomes"]
    assert str(outcomes["n"].dtype) == "Int64"
    assert str(outcomes["events"].dtype) == "Int64"
    assert outcomes["mean"].dtype == "float64"
    assert str(outcomes["quote"].dtype).startswith("string")
    assert str(frames["burden"]["projection"].dtype) == "boolean"


def test_global_prevalent_cases_1990_and_2021(frames):
    burden = frames["burden"]
    counts = burden[(burden.measure == "prevalence") & (burden.metric == "count") & (burden.location == "Global")
                    & (burden.age_group == "all_ages") & (burden.source_id == "yang2025")]
    assert set(counts.loc[counts.year == 1990, "value"]) == {386_700_000}
    assert set(counts.loc[counts.year == 2021, "value"]) == {628_800_000}
    assert counts.ui_low.isna().all()  # the 628.8 M figure has no uncertainty interval in any source read


def test_2050_projection_with_uncertainty_interval(frames):
    burden = frames["burden"]
    row = burden[(burden.year == 2050) & (burden.metric == "count")].iloc[0]
    assert bool(row.projection)
    assert (row.value, row.ui_low, row.ui_high) == (843_000_000, 759_000_000, 933_000_000)


def test_viderman_pooled_estimates(frames):
    pooled = frames["pooled"].set_index(["study_id", "outcome"])
    pain = pooled.loc[("viderman_2023", "pain_score")]
    assert (pain.measure, pain.estimate, pain.ci_low, pain.ci_high, pain.i2) == ("SMD", -0.01, -0.11, 0.10, 0)
    rr = pooled.loc[("viderman_2023", "complications")]
    assert (rr.measure, rr.estimate, rr.ci_low, rr.ci_high) == ("RR", 0.99, 0.49, 1.99)


def test_ashmore_risk_differences_and_smoking_paf(frames):
    ashmore = frames["pooled"][frames["pooled"].study_id == "ashmore_2022"]
    assert sorted(zip(ashmore.estimate, ashmore.k_studies)) == [(11, 7), (13, 3)]
    risk = frames["risk_factors"]
    smoking = risk[(risk.risk == "smoking") & (risk.metric == "paf_percent") & (risk.year == 2021)].iloc[0]
    assert (smoking.value, smoking.ui_low, smoking.ui_high) == (12.6, 8.4, 16.7)


def test_guler_ultrasound_sd_is_not_poolable(frames):
    outcomes = frames["outcomes"]
    guler_us = outcomes[(outcomes.study_id == "guler_2023") & (outcomes.arm == "us") & outcomes.sd.notna()]
    assert set(guler_us.dispersion) == {"unclear"}


def test_dose_units_convert_to_msv():
    assert data.to_msv(0.778, "mrem per procedure") == pytest.approx(0.00778)
    assert data.to_msv(0.05, "Sv per year") == pytest.approx(50)
    assert data.to_msv(1.0, "dGy·cm²") != data.to_msv(1.0, "dGy·cm²")  # NaN: not a dose equivalent


def test_every_numeric_row_has_a_quote(frames):
    for name in ("outcomes", "pooled", "burden", "risk_factors", "radiation", "limits", "costs"):
        assert frames[name].quote.notna().all(), name
    studies = frames["studies"]
    with_n = studies[studies.n_us.notna() | studies.n_fl.notna()]
    assert with_n.quote.notna().all()


# -- the validation cache ----------------------------------------------------------------------------

def test_fresh_copy_is_checked_by_frictionless_then_stamped(package, monkeypatch):
    calls = []
    original = data._Package._check_schema
    monkeypatch.setattr(data._Package, "_check_schema", lambda self: calls.append(1) or original(self))
    data.load(package)
    data.load(package)
    assert calls == [1]  # validated once, the second load trusts the stamp
    assert list((package / ".validated").glob("[0-9a-f]*"))


def test_stamp_of_good_content_does_not_mask_a_later_error(package):
    data.load(package)  # stamps the good content
    row = row_of(package, "outcomes", study_id="hazra_2016", arm="us")
    edit(package, "outcomes", row, "arm", "ct")  # only the Table Schema (enum) catches this
    assert_error(package, "outcomes.csv", row, "arm", "ct")


# -- bad input: one clear error naming file, row and column ---------------------------------------------

@pytest.mark.parametrize("value", ["-0.78", "0"])
def test_negative_or_zero_sd_is_refused(package, value):
    edit(package, "outcomes", 1, "sd", value)
    assert_error(package, "outcomes.csv", 1, "sd", value)


@pytest.mark.parametrize("value", ["0", "2.5"])
def test_zero_or_fractional_n_is_refused(package, value):
    edit(package, "outcomes", 2, "n", value)
    assert_error(package, "outcomes.csv", 2, "n", value)


def test_events_above_total_are_refused(package):
    row = row_of(package, "outcomes", study_id="painresmanag_2020_cervical", events="7")
    edit(package, "outcomes", row, "events", "40")
    assert_error(package, "outcomes.csv", row, "events", "must not exceed total")


def test_outcome_of_unknown_study_is_refused(package):
    edit(package, "outcomes", 3, "study_id", "nobody_2099")
    assert_error(package, "outcomes.csv", 3, "study_id", "nobody_2099", "no match")


def test_source_missing_from_bibliography_is_refused(package):
    edit(package, "burden", 4, "source_id", "not_in_bib_2024")
    assert_error(package, "burden.csv", 4, "source_id", "not_in_bib_2024", "book/references.bib")


def test_value_outside_its_range_is_refused(package):
    edit(package, "pooled", 1, "i2", "150")
    assert_error(package, "pooled.csv", 1, "i2", "150")


def test_unknown_enum_value_is_refused(package):
    edit(package, "studies", 5, "design", "anecdote")
    assert_error(package, "studies.csv", 5, "design", "anecdote")


def test_empty_quote_on_a_numeric_row_is_refused(package):
    edit(package, "radiation", 7, "quote", "")
    assert_error(package, "radiation.csv", 7, "quote")


def test_empty_quote_next_to_a_sample_size_is_refused(package):
    row = row_of(package, "studies", study_id="hazra_2016")
    edit(package, "studies", row, "quote", "")
    assert_error(package, "studies.csv", row, "quote", "carries a number")


def test_missing_column_is_refused(package):
    path = package / "costs.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        records = [record[:-1] for record in csv.reader(handle)]  # drop 'note'
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)
    assert_error(package, "costs.csv", None, "note", "missing column")


def test_extra_column_is_refused(package):
    path = package / "limits.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        records = list(csv.reader(handle))
    records = [records[0] + ["colour"]] + [record + ["red"] for record in records[1:]]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)
    assert_error(package, "limits.csv", None, "colour", "extra column")


def test_html_or_script_in_a_text_field_is_refused(package):
    edit(package, "ladder", 2, "step", "Imaging<script>alert('x')</script>")
    assert_error(package, "ladder.csv", 2, "step", "markup", "<script")


def test_nothing_partial_is_returned_and_the_real_package_stays_loadable(package):
    edit(package, "outcomes", 1, "sd", "-1")
    with pytest.raises(DataError):
        data.load(package)
    assert len(data.load()["outcomes"]) == EXPECTED_ROWS["outcomes"]


def test_one_source_under_two_bibliography_keys_is_refused(package):
    bib = package.parent / "book" / "references.bib"
    bib.write_text(bib.read_text() + "\n@misc{jee2014_again,\n  title = {Same trial},\n"
                                     "  doi = {10.1016/J.APMR.2013.09.021}\n}\n")
    with pytest.raises(DataError) as error:
        data.load(package)
    message = str(error.value)
    assert message.startswith("book/references.bib: entries 'jee2014' and 'jee2014_again'")
    assert "same DOI 10.1016/j.apmr.2013.09.021" in message

