"""The systematic search as data (issue 16): the log and the screened records add up to the PRISMA
flow drawn in chapter 4; every count in records.csv is in a verbatim quote of its row; every
included record names its work canonically or says, in the data, that it could not."""

import pandas as pd
import pytest

from spinebook import data
from spinebook.evidence_search import flow_counts, flow_html, search_problems
from spinebook.provenance import MIRROR_ONLY_MARK, bib_entries, canonical, is_mirror, record_has_canonical_identity
from spinebook.quotes import numbers_in

COUNTS = ("n_us", "n_fl", "accuracy_us_events", "accuracy_us_total", "accuracy_fl_events", "accuracy_fl_total")


@pytest.fixture(scope="module")
def frames():
    return data.load()


def test_the_log_and_the_records_add_up(frames):
    assert search_problems(frames["records"], frames["search_log"]) == []


def test_flow_counts_equal_the_log(frames):
    records, log = frames["records"], frames["search_log"]
    flow = flow_counts(records, log)
    assert flow.queries == len(log) >= 300
    assert flow.records_identified == int(log["new_records"].sum())
    assert flow.records_screened == len(records) == flow.records_identified - flow.duplicates_removed
    assert flow.included_total + flow.excluded_total == flow.records_screened
    assert flow.included_total == int((records["decision"] == "include").sum())
    assert flow.included["rct"] == int(((records["decision"] == "include") & (records["design"] == "rct")).sum()) >= 20
    assert flow.included["single_arm_accuracy"] >= 20  # the accuracy series the first dataset had none of


def test_the_flow_diagram_shows_the_counts(frames):
    flow = flow_counts(frames["records"], frames["search_log"])
    page = flow_html(flow, "2026-11-29")
    for number in (flow.records_identified, flow.duplicates_removed, flow.records_screened, flow.excluded_total,
                   flow.included_total, flow.queries):
        assert f": {number}" in page or f"{number} queries" in page, number
    assert page.count('class="sb-prisma-row"') == 3 and "<script" not in page


def test_every_count_is_in_a_quote_of_its_row(frames):
    records = frames["records"]
    missing = []
    for row in records.itertuples():
        quoted = numbers_in(" ".join(str(getattr(row, c)) for c in ("quote", "accuracy_quote", "result_quote")
                                     if not pd.isna(getattr(row, c))))
        for column in COUNTS:
            value = getattr(row, column)
            if not pd.isna(value) and int(value) not in quoted:
                missing.append(f"records.csv {row.record_id}: {column} = {value} is in none of its quotes")
    assert not missing, "\n".join(missing)


def test_counts_are_only_kept_for_included_records_and_are_coherent(frames):
    records = frames["records"]
    excluded = records[records["decision"] == "exclude"]
    assert excluded[list(COUNTS)].isna().all().all()
    for arm in ("us", "fl"):
        both = records[[f"accuracy_{arm}_events", f"accuracy_{arm}_total"]].dropna()
        assert (both.iloc[:, 0] <= both.iloc[:, 1]).all()
        one = records[f"accuracy_{arm}_events"].isna() != records[f"accuracy_{arm}_total"].isna()
        assert not one.any(), list(records.loc[one, "record_id"])
    with_counts = records[records["accuracy_us_total"].notna()]
    assert with_counts["verified_by"].notna().all()


def test_included_records_name_their_work_canonically_or_say_they_cannot(frames):
    records = frames["records"]
    unlabelled = [row.record_id for row in records.itertuples()
                  if not record_has_canonical_identity(row) and MIRROR_ONLY_MARK not in str(row.note)]
    assert not unlabelled, f"mirror-only records not labelled as such: {unlabelled}"
    for row in records.itertuples():
        if not pd.isna(row.canonical_url):
            assert not is_mirror(row.canonical_url), (row.record_id, row.canonical_url)


@pytest.mark.parametrize("url, mirror", [
    ("http://47.251.13.51:8081/16788340", True), ("https://metajournal.com/articles/1", True),
    ("https://ouci.dntb.gov.ua/en/works/x", True), ("https://proxy.weglot.com/x", True),
    ("https://pubmed.ncbi.nlm.nih.gov/24121083/", False), ("https://www.nice.org.uk/guidance/ng59", False),
    ("https://doi.org/10.1097/PR9.0000000000001008", False),
])
def test_mirror_hosts(url, mirror):
    assert is_mirror(url) is mirror


def test_bibliography_parser_sees_identifiers():
    text = """@article{a,\n  doi = {10.1/x},\n  url = {https://metajournal.com/1}\n}\n@misc{b,\n  url = {http://1.2.3.4/9}\n}\n@misc{c,\n  note = {PMID 123}\n}\n"""
    entries = {e["key"]: e for e in bib_entries(text)}
    assert canonical(**{k: entries["a"][k] for k in ("doi", "pubmed", "registry", "urls")})
    assert not canonical(**{k: entries["b"][k] for k in ("doi", "pubmed", "registry", "urls")})
    assert entries["c"]["pubmed"]


@pytest.mark.parametrize("text, numbers", [
    ("Ninety-six of the 101 needletips", {96, 101}),
    ("Sixty three facets ... while sixty one facets", {61, 63}),
    ("One hundred and fifty-five needle placements", {155}),
    ("over 1,729 procedures (90.4%), 48/55", {1729, 48, 55}),
])
def test_numbers_in_a_quote(text, numbers):
    assert numbers_in(text) == numbers


def test_a_quote_in_scientific_notation_states_its_coefficient():
    from spinebook.quotes import states

    row = "5.000E-02 2.264E-01 6.129E-02"  # a NIST table row: energy (MeV), mu/rho, mu_en/rho
    assert states(row, 0.2264) and states(row, 0.05) and not states(row, 0.2263)


#: Bibliography entries whose canonical source could not be found from the corpus (each says so in
#: its note). A new mirror-only source fails the test: raise the number only with the reason here.
# 21 after the search, 16 after the canonical-identity retry of 29 November 2026; the last
# saturation round added one cadaver study (Roberts 2017, Reg Anesth Pain Med) found only on a mirror;
# the imaging chapter added one: Wang 2024 (World Neurosurg, lamina thickness), seen only on an aggregator.
MIRROR_ONLY_ENTRIES_AT_MOST = 18


def test_every_bibliography_entry_is_canonical_or_says_it_is_not():
    from pathlib import Path

    from spinebook.provenance import mirror_only_entries

    text = (Path(__file__).resolve().parents[1] / "book" / "references.bib").read_text(encoding="utf-8")
    entries = {e["key"]: e for e in bib_entries(text)}
    left = mirror_only_entries(text)
    unmarked = [key for key in left if not entries[key]["marked"]]
    assert not unmarked, f"sources known only through a mirror, not labelled {MIRROR_ONLY_MARK!r}: {unmarked}"
    stale = [key for key, e in entries.items() if e["marked"] and key not in left]
    assert not stale, f"labelled mirror-only but they do have a canonical identity now (remove the label): {stale}"
    assert len(left) <= MIRROR_ONLY_ENTRIES_AT_MOST, f"{len(left)} mirror-only sources: {left}"
    missing_primary = [key for key, e in entries.items() if e["primary"] and e["primary"] not in entries]
    assert not missing_primary, missing_primary


def test_every_search_log_count_is_the_raw_log_row_it_names(frames):
    """search_log.csv's provenance: each row names the row of the search's raw log it was copied
    from, and the query and its counts are that row's (new_records are recounted after merging
    duplicates across slices, so they are checked against records.csv above, not here)."""
    import csv
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    raw_files: dict[str, list[dict]] = {}
    wrong = []
    for row in frames["search_log"].itertuples():
        path, number = re.fullmatch(r"(\S+) row (\d+)", row.source_location).groups()
        if path not in raw_files:
            raw_files[path] = list(csv.DictReader(open(root / path, encoding="utf-8")))
        raw = raw_files[path][int(number) - 1]
        as_logged = (raw["query"].strip(), int(raw["results_returned"] or 0), int(raw["results_screened"] or 0))
        if as_logged != (row.query, row.results_returned or 0, row.results_screened or 0):
            wrong.append(f"search_log.csv {row.slice} query {row.query_order}: {as_logged} in {row.source_location}")
    assert not wrong, "\n".join(wrong[:20])
    assert sum(len(rows) for rows in raw_files.values()) == len(frames["search_log"])


# --------------------------------------------------------------------------------------------
# Every number of a finding is in its row's quote, or in the sentence the row points to
# --------------------------------------------------------------------------------------------

#: Values not printed as such, each explained in its row's note: (resource, study or source, column).
DERIVED_IN_NOTE = {
    ("outcomes", "ha_2010", "mean"),  # printed as "4 minutes and 25 seconds", stored in seconds
    ("outcomes", "ha_2010", "n"),  # printed as male + female counts of the arm
    ("outcomes", "pmid22609989_cervical", "events"),  # 0 read from "observed only in FL"
    ("outcomes", "wneu_2019_tfpeld_radiation", "events"),  # 0 read from "no serious adverse event"
    ("outcomes", "wang_2024", "events"),  # 0 read from "no complications […] in both groups"
    ("studies", "ha_2010", "n_us"),  # sum of the printed male + female counts of the arm
    ("studies", "ha_2010", "n_fl"),
    ("studies", "painresmanag_2020_cervical", "n_fl"),  # 41 + 37, the two printed fluoroscopy arms
    ("radiation", "botwin2002", "value"),  # 0: "No radiation was detectable"
    ("limits", "dftb_mettler", "value"),  # a table row whose cells run together ("0.0212.4 days")
    ("costs", "yan_mri_tfei", "value"),  # printed "1.158.08" (a thousands separator)
}
#: Numeric columns that report a finding, per resource (counts of the book's own search excluded).
FINDING_COLUMNS = {
    "outcomes": ("n", "mean", "sd", "median", "iqr_low", "iqr_high", "events", "total"),
    "pooled": ("estimate", "ci_low", "ci_high", "i2", "n_total"),
    "studies": ("n_us", "n_fl"),
    "burden": ("value", "ui_low", "ui_high"),
    "risk_factors": ("value", "ui_low", "ui_high"),
    "limits": ("value", "value_high"),
    "radiation": ("value", "n_procedures"),
    "costs": ("value", "n"),
    "tissues": ("value", "value_high"),
    "anatomy": ("value", "value_high", "sd", "n"),
    "probes": ("value",),
}
#: The column that holds the sentence a row points to for numbers its own quote does not print.
POINTERS = {"outcomes": "n_quote", "pooled": "n_quote", "radiation": "context_quote", "costs": "context_quote"}


@pytest.mark.parametrize("resource", sorted(FINDING_COLUMNS))
def test_every_number_is_in_its_quote_or_in_the_sentence_it_points_to(resource):
    from spinebook.quotes import states

    table = data.load()[resource]
    key = "study_id" if "study_id" in table.columns else "source_id"
    missing, explained = [], set()
    for number, row in enumerate(table.to_dict("records"), start=2):
        texts = [row["quote"]] + [row.get(POINTERS.get(resource, ""), "")]
        texts = [t for t in texts if isinstance(t, str)]
        for column in FINDING_COLUMNS[resource]:
            value = row.get(column)
            if value is None or pd.isna(value) or any(states(t, value) for t in texts):
                continue
            if (resource, row[key], column) in DERIVED_IN_NOTE and isinstance(row.get("note"), str):
                explained.add((resource, row[key], column))
                continue
            missing.append(f"data/{resource}.csv row {number} ({row[key]}), column {column}: {value:g} "
                           "is neither in the quote nor in the sentence the row points to")
    assert not missing, "\n".join(missing)
    assert explained == {k for k in DERIVED_IN_NOTE if k[0] == resource}


def test_the_flow_diagram_names_every_slice_of_the_log():
    book = data.load()
    counts = flow_counts(book["records"], book["search_log"])
    text = flow_html(counts, "2026-11-29")
    assert sum(counts.slices.values()) == counts.queries == len(book["search_log"])
    saturation = [s for s in counts.slices if s.startswith("saturation")]
    assert "four slices side by side" in text
    assert {2: "two", 3: "three", 4: "four"}[len(saturation)] + " saturation slices" in text
