"""The book's systematic search as data: consistency of the search log with the screened records,
and the PRISMA 2020 flow counts drawn in chapter 4 (Page et al. 2021).

``search_log`` has one row per query (slice, order, results returned and read, the records it found
first); ``records`` one row per distinct record screened, with the slice that found it first, the
other slices that found it too (duplicates removed before screening) and the decision. The module
does no I/O.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

SLICES = {
    "facet_sij": "facet joints, medial branches, third occipital nerve, radiofrequency, sacroiliac joint",
    "epidural_root": "epidural (caudal, interlaminar, transforaminal), nerve roots, disc, endoscopic",
    "accuracy": "single-arm accuracy and cadaver studies",
    "reviews_leads": "reviews, trial registrations, non-English and conference leads",
    "saturation": "new phrasings in every family",
    "saturation_non_english": "non-English journals and trial registries",
    "saturation_english": "English accuracy series, congress abstracts and the trials of every review",
    "saturation_final": "a final check with new phrasings",
}
_COUNT_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}

COMPARATIVE = ("rct", "prospective_nonrandomized", "retrospective")
DESIGN_LABELS = {
    "rct": "randomized controlled trials",
    "prospective_nonrandomized": "prospective non-randomized comparisons",
    "retrospective": "retrospective comparisons",
    "single_arm_accuracy": "single-arm accuracy studies (ultrasound checked by fluoroscopy or CT)",
    "cadaver": "cadaver accuracy studies",
    "registration_no_results": "trial registrations without results",
    "other": "other designs",
}
COMPARATOR_LABELS = {
    "hybrid_us_fl": "hybrid ultrasound + fluoroscopy",
    "us_mr_fusion": "ultrasound–MR fusion",
    "fluoroscopy_or_ct": "fluoroscopy or CT",
    "none_single_arm": "no comparator arm stated",
    "other": "other comparator",
}
REASON_LABELS = {
    "review_not_primary": "review or meta-analysis (not a primary study; used to follow leads)",
    "no_results": "registered trial without published results",
    "ct_only_comparator": "comparator CT only",
    "landmark_comparator": "comparator landmarks (no imaging)",
    "not_us_vs_fl": "not ultrasound vs fluoroscopy",
    "not_spinal": "not a spinal pain procedure",
    "not_human": "not in humans or cadavers",
    "duplicate": "duplicate publication of an included study",
    "other": "other reason (stated for each record in records.csv)",
}


def _ids(text) -> list[str]:
    if text is None or pd.isna(text):
        return []
    return [part.strip() for part in str(text).split(";") if part.strip()]


def record_label(row) -> str:
    """A screened record (a row of records.csv) in a few words, short enough for a phone: the first
    author's surname (or the journal's first words) and year, "(cadaver)" for a cadaver study."""
    if isinstance(row.first_author, str) and row.first_author.strip():
        who = row.first_author.split()[0].rstrip(",")
    elif isinstance(row.journal, str) and row.journal.strip():
        who = " ".join(row.journal.replace("Journal of", "J").split()[:2])
    else:
        who = row.record_id.split("_")[0]
    year = "" if pd.isna(row.year) else f" {int(row.year)}"
    return f"{who[:16]}{year}" + (" (cadaver)" if row.design == "cadaver" else "")


def search_problems(records: pd.DataFrame, search_log: pd.DataFrame) -> list[str]:
    """What does not add up between the log and the records (empty: consistent)."""
    problems = []
    known = set(records["record_id"])
    first_found = {}
    for row in search_log.itertuples():
        ids = _ids(row.new_record_ids)
        if len(ids) != int(row.new_records):
            problems.append(f"search_log {row.slice} query {row.query_order}: new_records = {row.new_records} "
                            f"but {len(ids)} record_id(s) listed")
        for record_id in ids:
            if record_id not in known:
                problems.append(f"search_log {row.slice} query {row.query_order}: record {record_id!r} is not in records.csv")
            elif (row.slice, record_id) in first_found:
                problems.append(f"search_log {row.slice}: record {record_id!r} listed as new twice")
            first_found[(row.slice, record_id)] = row.query_order
    for record in records.itertuples():
        slices = [record.slice, *_ids(record.also_found_in)]
        for found_in in slices:
            if (found_in, record.record_id) not in first_found:
                problems.append(f"records {record.record_id}: found in slice {found_in!r} but no query of that slice lists it")
    listed = {(s, r) for s, r in first_found}
    expected = {(s, r.record_id) for r in records.itertuples() for s in [r.slice, *_ids(r.also_found_in)]}
    for found_in, record_id in sorted(listed - expected):
        if record_id in known:
            problems.append(f"search_log {found_in}: lists {record_id!r}, but records.csv does not say that slice found it")
    return problems


@dataclass
class FlowCounts:
    """PRISMA 2020 boxes (identification → screening → included), from the data."""

    queries: int
    results_returned: int
    records_identified: int
    duplicates_removed: int
    records_screened: int
    excluded: dict = field(default_factory=dict)
    included: dict = field(default_factory=dict)
    included_by_family: dict = field(default_factory=dict)
    comparator_kept_apart: dict = field(default_factory=dict)
    slices: dict = field(default_factory=dict)

    @property
    def excluded_total(self) -> int:
        return sum(self.excluded.values())

    @property
    def included_total(self) -> int:
        return sum(self.included.values())

    @property
    def comparative_total(self) -> int:
        return sum(self.included.get(design, 0) for design in COMPARATIVE)


def flow_counts(records: pd.DataFrame, search_log: pd.DataFrame) -> FlowCounts:
    duplicates = sum(len(_ids(text)) for text in records["also_found_in"])
    included = records[records["decision"] == "include"]
    excluded = records[records["decision"] == "exclude"]
    order = {design: i for i, design in enumerate(DESIGN_LABELS)}
    by_design = included["design"].value_counts()
    comparative = included[included["design"].isin(COMPARATIVE)]
    return FlowCounts(
        queries=len(search_log),
        results_returned=int(search_log["results_returned"].fillna(0).sum()),
        records_identified=len(records) + duplicates,
        duplicates_removed=duplicates,
        records_screened=len(records),
        excluded={reason: int(n) for reason, n in excluded["exclusion_reason"].fillna("other").value_counts().items()},
        included={d: int(by_design[d]) for d in sorted(by_design.index, key=lambda d: order.get(d, 99))},
        included_by_family={f: int(n) for f, n in included["procedure_family"].value_counts().items()},
        comparator_kept_apart={c: int(n) for c, n in comparative["comparator"].value_counts().items() if c != "fluoroscopy"},
        slices={name: int(n) for name, n in search_log["slice"].value_counts(sort=False).items()},
    )


#: The diagram's style travels with it, so that it is a diagram in JupyterLab too (where the book's
#: stylesheets are not loaded): stages top to bottom, the excluded/removed boxes beside the main
#: flow on a wide screen and under it on a phone, the book's dark theme respected.
FLOW_CSS = """
.sb-prisma { margin: 1.5em 0; padding: 0.6em; border-radius: 6px; background: #ffffff; }
.sb-prisma-row { display: grid; grid-template-columns: 7.5em minmax(0, 1fr) minmax(0, 1fr); gap: 0.6em 1em; align-items: start; margin-bottom: 0.9em; }
.sb-prisma-stage { margin: 0; font-weight: 700; color: #1f2937; }
.sb-prisma-box { border: 2px solid #0b5394; border-radius: 6px; padding: 0.5em 0.8em; background: #f7f9fc; color: #1f2937; }
.sb-prisma-side { border-color: #7a4d00; border-style: dashed; }
.sb-prisma-title { margin: 0; font-weight: 700; }
.sb-prisma-box ul { margin: 0.3em 0 0; padding-left: 1.1em; }
.sb-prisma-box li { margin: 0.1em 0; }
.sb-prisma figcaption { font-size: 0.9em; margin-top: 0.4em; color: #4b5563; }
@media (max-width: 700px) {
  .sb-prisma-row { grid-template-columns: minmax(0, 1fr); }
}
html[data-theme="dark"] .sb-prisma { background: #14181e; }
html[data-theme="dark"] .sb-prisma-box { border-color: #8ab4f8; background: #1e2430; color: #e5e7eb; }
html[data-theme="dark"] .sb-prisma-stage, html[data-theme="dark"] .sb-prisma figcaption { color: #e5e7eb; }
html[data-theme="dark"] .sb-prisma-side { border-color: #f6b26b; }
"""


def _box(title: str, lines: list[str], kind: str) -> str:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return (f'<div class="sb-prisma-box sb-prisma-{kind}"><p class="sb-prisma-title">{html.escape(title)}</p>'
            + (f"<ul>{items}</ul>" if items else "") + "</div>")


def flow_html(counts: FlowCounts, searched_on: str) -> str:
    """The PRISMA 2020 flow diagram as HTML boxes (they wrap on a phone; a screen reader reads
    them in order): identification, screening, included."""
    parallel = [name for name in counts.slices if not name.startswith("saturation")]
    saturation = [name for name in counts.slices if name.startswith("saturation")]

    def described(names: list[str], kind: str) -> str:
        return f"{_COUNT_WORDS.get(len(names), len(names))} {kind} ({'; '.join(SLICES.get(n, n) for n in names)})"

    searched = f"{counts.queries} queries on {searched_on}: {described(parallel, 'slices side by side')}"
    if saturation:
        searched += f", then {described(saturation, 'saturation slices')}"
    excluded = [f"{REASON_LABELS.get(reason, reason)}: {n}" for reason, n in
                sorted(counts.excluded.items(), key=lambda item: -item[1])]
    included = [f"{DESIGN_LABELS.get(design, design)}: {n}" for design, n in counts.included.items()]
    apart = "; ".join(f"{COMPARATOR_LABELS.get(name, name.replace('_', ' '))}: {n}"
                      for name, n in counts.comparator_kept_apart.items())
    rows = [
        ("Identification", _box(
            f"Records identified: {counts.records_identified}",
            [searched,
             f"{counts.results_returned} results returned and read (title and abstract; a record returned by several queries counts each time)"],
            "main"), _box(f"Duplicates removed before screening: {counts.duplicates_removed}",
                          ["the same record found by two slices of the search"], "side")),
        ("Screening", _box(f"Records screened (title and abstract): {counts.records_screened}", [], "main"),
         _box(f"Records excluded: {counts.excluded_total}", excluded, "side")),
        ("Included", _box(f"Studies included: {counts.included_total}",
                          included + ([f"comparators kept apart from fluoroscopy alone — {apart}"] if apart else []),
                          "main"), ""),
    ]
    body = "".join(f'<div class="sb-prisma-row"><p class="sb-prisma-stage">{stage}</p>{main}{side}</div>'
                   for stage, main, side in rows)
    return (f'<style>{FLOW_CSS}</style>'
            f'<figure class="sb-prisma" aria-label="PRISMA 2020 flow diagram of the book\'s search">{body}'
            f'<figcaption>PRISMA 2020 flow of the book\'s search (abstract level; full texts were out of reach).</figcaption></figure>')


#: Abstract-level risk-of-bias signals (records.csv rob_*): column → (value → label), in table order.
ROB_SIGNALS = {
    "rob_randomisation": {"random_method_stated": "randomised, method stated",
                          "random_no_method": "randomised, method not stated",
                          "not_randomised": "not randomised", "not_stated": "randomisation not stated"},
    "rob_allocation": {"stated": "allocation concealment stated", "not_stated": "allocation concealment not stated"},
    "rob_blinding": {"double_blind": "double blind", "assessor_blind": "outcome assessor blinded",
                     "patient_blind": "patients blinded", "blinded_unspecified": "'blinded', who not stated",
                     "open_label": "open label (stated)", "not_stated": "blinding not stated"},
}


#: Short column labels of the risk-of-bias table (it must fit a phone's column).
ROB_COLUMNS = {"rct": "RCTs", "prospective_nonrandomized": "prospective", "retrospective": "retrospective"}


def risk_of_bias_table(records: pd.DataFrame) -> pd.DataFrame:
    """Included comparative studies (:data:`COMPARATIVE` designs) counted by what their abstracts
    state about randomisation, allocation concealment and blinding: one row per signal, one
    column per design plus "all". Abstract-level: "not stated" means the abstract is silent."""
    comparative = records[(records["decision"] == "include") & records["design"].isin(COMPARATIVE)]
    rows = []
    for column, labels in ROB_SIGNALS.items():
        for value, label in labels.items():
            chosen = comparative[comparative[column] == value]
            counts = {ROB_COLUMNS[d]: int((chosen["design"] == d).sum()) for d in COMPARATIVE}
            rows.append({"domain": column.removeprefix("rob_"), "what the abstract states": label,
                         **counts, "all": len(chosen)})
    return pd.DataFrame(rows)
