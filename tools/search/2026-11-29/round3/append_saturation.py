"""Append the saturation round (round3/saturation/: its search_log.csv and records.csv) to
data/search_log.csv and data/records.csv, and a bibliography entry for each new included record
(ran once, 2026-11-29, from the repository root). The row rules are those of ../to_data.py: codes
outside the package's enums fall back (and are listed), counts are kept only when the quoted text
contains them, a record without a canonical identity is marked."""
import csv
import re
import sys
from pathlib import Path

sys.path.insert(0, ".")
from spinebook.provenance import MIRROR_ONLY_MARK, is_mirror, record_has_canonical_identity  # noqa: E402
from spinebook.quotes import numbers_in  # noqa: E402

HERE = Path(__file__).resolve().parent / "saturation"
SLICE = "saturation"
DESIGNS = {"rct", "prospective_nonrandomized", "retrospective", "single_arm_accuracy", "cadaver", "registration_no_results",
           "meta_analysis", "systematic_review", "narrative_review", "other"}
FAMILIES = {"facet_mbb", "ablation", "sij", "injection_epidural", "nerve_root", "endoscopic", "disc", "other_spinal", "mixed"}
REGIONS = {"cervical", "thoracic", "lumbar", "sacral", "lumbosacral", "not_stated", "mixed"}
COMPARATORS = {"fluoroscopy", "fluoroscopy_or_ct", "hybrid_us_fl", "us_mr_fusion", "ct_only", "landmark", "none_single_arm", "other"}
REASONS = {"not_spinal", "not_us_vs_fl", "ct_only_comparator", "landmark_comparator", "review_not_primary", "duplicate",
           "not_human", "no_results", "other"}
problems = []


def pick(value, allowed, default, what, rid):
    v = (value or "").strip().lower()
    if v in allowed:
        return v
    if v:
        problems.append(f"{rid}: {what} {v!r} -> {default}")
    return default


def integer(x):
    x = (x or "").strip()
    return x if re.fullmatch(r"\d+", x) else ""


def bib_author(name):
    name = name.strip().rstrip(".")
    parts = name.split()
    if len(parts) >= 2 and re.fullmatch(r"[A-Z]{1,3}", parts[-1]):
        return f"{' '.join(parts[:-1])}, {'. '.join(parts[-1])}. and others"
    return f"{name} and others" if name else "{Authors not captured}"


bib_path = Path("book/references.bib")
bib = bib_path.read_text()
bib_keys = set(re.findall(r"@\s*[A-Za-z]+\s*\{\s*([^,\s]+)\s*,", bib))
existing = list(csv.DictReader(open("data/records.csv", encoding="utf-8")))
columns = list(existing[0].keys())
known_ids = {r["record_id"] for r in existing}
new_rows, new_bib = [], []
for r in csv.DictReader(open(HERE / "records.csv", encoding="utf-8")):
    rid = r["record_id"]
    assert rid not in known_ids, rid
    row = {c: "" for c in columns}
    row.update({
        "record_id": rid, "slice": SLICE, "first_author": r["first_author"],
        "year": r["year"] if re.fullmatch(r"(19|20)\d\d", r["year"]) else "",
        "title": r["title"] or "(title not printed on the page read)", "journal": r["journal"],
        "doi": re.sub(r"^https?://(dx\.)?doi\.org/", "", r["doi"]).strip() if re.search(r"10\.\S+", r["doi"]) else "",
        "pmid": re.sub(r"\D", "", r["pmid"]), "pmcid": (re.search(r"PMC\d+", r["pmcid"]) or [""])[0],
        "registry_id": r["registry_id"],
        "canonical_url": r["canonical_url"] if r["canonical_url"].startswith("http") else "",
        "design": pick(r["design"], DESIGNS, "other", "design", rid),
        "procedure_family": pick(r["procedure_family"], FAMILIES, "other_spinal", "family", rid),
        "procedure": r["procedure"],
        "region": pick({"sacroiliac": "sacral"}.get(r["region"].lower(), r["region"]), REGIONS, "not_stated", "region", rid),
        "comparator": pick(r["comparator"], COMPARATORS, "other", "comparator", rid),
        "outcomes_reported": r["outcomes_reported"],
        "decision": pick(r["decision"], {"include", "exclude"}, "exclude", "decision", rid),
        "source_url": r["read_url"] if r["read_url"].startswith("http") else r["canonical_url"],
        "source_location": "title and abstract (the page read)",
        "quote": r["n_quote"], "accuracy_quote": r["accuracy_quote"], "result_quote": r["quote"],
        "note": (r["note"] + f" Found by the saturation round, query: {r['found_by_query']!r}.").strip(),
    })
    if not row["canonical_url"] and row["source_url"] and not is_mirror(row["source_url"]):
        row["canonical_url"] = row["source_url"]
    if row["canonical_url"] and is_mirror(row["canonical_url"]):
        row["canonical_url"] = ""
    if not record_has_canonical_identity(row):
        row["note"] = (row["note"] + " " + MIRROR_ONLY_MARK).strip()
    if row["decision"] == "exclude":
        base, _, detail = r["exclusion_reason"].partition(":")
        row["exclusion_reason"] = pick(base, REASONS, "other", "reason", rid)
        row["exclusion_detail"] = detail.strip() or ("" if base.strip().lower() in REASONS else r["exclusion_reason"])
    quoted = " ".join([row["quote"], row["accuracy_quote"], row["result_quote"]])
    if row["decision"] == "include":
        for c in ("n_us", "n_fl", "accuracy_us_events", "accuracy_us_total", "accuracy_fl_events", "accuracy_fl_total"):
            v = integer(r[c])
            if v and int(v) not in numbers_in(quoted):
                problems.append(f"{rid}: {c}={v} not in its quote -> dropped")
                row["note"] += f" [{c} {v} from the extraction dropped: not in the quoted text]"
                v = ""
            if r[c] and not v and not integer(r[c]):
                row["note"] += f" [{c} printed as {r[c]!r}: not a single count]"
            row[c] = v
        for a in ("us", "fl"):
            e, t = row[f"accuracy_{a}_events"], row[f"accuracy_{a}_total"]
            if bool(e) != bool(t) or (e and int(e) > int(t)):
                row[f"accuracy_{a}_events"] = row[f"accuracy_{a}_total"] = ""
        if row["accuracy_us_total"]:
            text = (row["accuracy_quote"] + " " + row["note"]).lower()
            row["verified_by"] = ("ct" if re.search(r"\bct\b|computed tomograph", text) else "fluoroscopy"
                                  if re.search(r"fluoro|x-ray|radiograph|c-arm|contrast", text) else "dissection"
                                  if "dissect" in text else "unclear")
        if any(row[c] for c in ("n_us", "n_fl", "accuracy_us_total")) and not row["quote"]:
            row["quote"] = row["accuracy_quote"] or row["result_quote"]
        sid = rid.replace("_", "")
        while sid in bib_keys:
            sid += "x"
        bib_keys.add(sid)
        fields = [f"  author  = {{{bib_author(row['first_author'])}}}", f"  title   = {{{row['title']}}}"]
        if row["journal"]:
            fields.append(f"  journal = {{{row['journal']}}}")
        fields.append(f"  year    = {{{row['year'] or 'n.d.'}}}")
        if row["doi"]:
            fields.append(f"  doi     = {{{row['doi']}}}")
        if row["canonical_url"] or row["source_url"]:
            fields.append(f"  url     = {{{row['canonical_url'] or row['source_url']}}}")
        notes = [f"PMID {row['pmid']}"] if row["pmid"] else []
        notes += [x for x in (row["pmcid"], row["registry_id"]) if x]
        notes.append(f"Read at {row['source_url']} (title and abstract)")
        if not record_has_canonical_identity(row):
            notes.append(MIRROR_ONLY_MARK)
        fields.append(f"  note    = {{{'; '.join(notes)}}}")
        new_bib.append(f"@{'article' if row['journal'] else 'misc'}{{{sid},\n" + ",\n".join(fields) + "\n}\n")
        row["source_id"] = sid
    new_rows.append(row)

with open("data/records.csv", "w", newline="", encoding="utf-8") as f:
    writer = csv.DictWriter(f, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(existing + new_rows)
log_columns = ["slice", "query_order", "date", "corpus", "query", "results_returned", "results_screened", "new_records",
               "new_record_ids", "source_location"]
log = list(csv.DictReader(open("data/search_log.csv", encoding="utf-8")))
for number, r in enumerate(csv.DictReader(open(HERE / "search_log.csv", encoding="utf-8")), start=1):
    log.append({"slice": SLICE, "query_order": number, "date": r["date"], "corpus": r["corpus"] or "pages",
                "query": r["query"], "results_returned": integer(r["results_returned"]),
                "results_screened": integer(r["results_screened"]), "new_records": r["new_records"],
                "new_record_ids": r["new_record_ids"],
                "source_location": f"tools/search/2026-11-29/round3/saturation/search_log.csv row {number}"})
with open("data/search_log.csv", "w", newline="", encoding="utf-8") as f:
    writer = csv.DictWriter(f, log_columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(log)
bib_path.write_text(bib.rstrip("\n") + "\n\n% --- Records of the saturation round (round 3), generated from its screening sheet ---\n\n"
                    + "\n".join(new_bib))
print(len(new_rows), "records,", len(new_bib), "bib entries")
print("\n".join(problems))
