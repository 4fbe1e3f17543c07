"""Append round 4 (two saturation slices run side by side: nonenglish/ and english/) to
data/search_log.csv, data/records.csv and data/directions.csv, with bibliography entries for new
included records (ran once, 2026-11-29, from the repository root).

Rules as in ../round3/append_saturation.py (codes outside the enums fall back and are listed;
counts kept only when their quote states them; a record without a canonical identity is marked),
plus de-duplication: a record that matches one already in records.csv, or one the other slice
found first (same PMID, DOI, registry id or normalised title), is not added again; the slice that
found it second is recorded in also_found_in and its log lists the existing record_id."""
import csv
import re
import sys
from pathlib import Path

sys.path.insert(0, ".")
from spinebook.provenance import MIRROR_ONLY_MARK, is_mirror, record_has_canonical_identity  # noqa: E402
from spinebook.quotes import numbers_in, states  # noqa: E402

HERE = Path(__file__).resolve().parent
#: slice name → folder of its screening sheets; round 4 by default, or "name=folder" arguments
#: (round 5 ran: python append_round4.py saturation_final=tools/search/2026-11-29/round5/final).
SLICES = ([(arg.split("=", 1)[0], Path(arg.split("=", 1)[1]).resolve()) for arg in sys.argv[1:]]
          or [("saturation_non_english", HERE / "nonenglish"), ("saturation_english", HERE / "english")])
DESIGNS = {"rct", "prospective_nonrandomized", "retrospective", "single_arm_accuracy", "cadaver", "registration_no_results",
           "meta_analysis", "systematic_review", "narrative_review", "other"}
FAMILIES = {"facet_mbb", "ablation", "sij", "injection_epidural", "nerve_root", "endoscopic", "disc", "other_spinal", "mixed"}
REGIONS = {"cervical", "thoracic", "lumbar", "sacral", "lumbosacral", "not_stated", "mixed"}
COMPARATORS = {"fluoroscopy", "fluoroscopy_or_ct", "hybrid_us_fl", "us_mr_fusion", "ct_only", "landmark", "none_single_arm", "other"}
REASONS = {"not_spinal", "not_us_vs_fl", "ct_only_comparator", "landmark_comparator", "review_not_primary", "duplicate",
           "not_human", "no_results", "other"}
COMPARATIVE = {"rct", "prospective_nonrandomized", "retrospective"}
#: Records whose title another work copied (round 3 trustworthiness note): never matched by title.
NO_TITLE_MATCH = {"chalak_nd_damascus_sij_us_vs_fl"}
#: Same work as a known record, though no identifier or title matches (both seen only as citation snippets).
SAME_AS = {"es_nd_facet_block_us_clinic_vs_fl_theatre_315": "es_nd_facet_us_office_vs_fl_or"}
#: New records that are the abstract of a study already analysed in studies.csv.
STUDY_LINKS = {"ha_2010_asj_us_vs_fl_facet": "ha_2010"}
#: Free-text comparators → the package's codes, by their first word.
COMPARATOR_PREFIX = {"landmark": "landmark", "blind": "landmark", "none": "none_single_arm", "ct": "ct_only",
                     "fluoroscopy": "fluoroscopy", "hybrid": "hybrid_us_fl"}
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


def title_key(title):
    return re.sub(r"[^a-z0-9]", "", (title or "").lower())[:60]


def keys(row):
    out = set()
    for column in ("doi", "pmid", "registry_id"):
        value = (row.get(column) or "").strip().lower()
        if value:
            out.add((column, re.sub(r"^https?://(dx\.)?doi\.org/", "", value)))
    t = title_key(row.get("title"))
    if len(t) >= 30 and not t.startswith("titlenot"):
        out.add(("title", t))
    return out


def bib_author(name):
    name = name.strip().rstrip(".")
    parts = name.split()
    if len(parts) >= 2 and re.fullmatch(r"[A-Z]{1,3}", parts[-1]):
        return f"{' '.join(parts[:-1])}, {'. '.join(parts[-1])}. and others"
    return f"{name} and others" if name else "{Authors not captured}"


def read(path):
    return list(csv.DictReader(open(path, encoding="utf-8"))) if path.exists() else []


bib_path = Path("book/references.bib")
bib = bib_path.read_text()
bib_keys = set(re.findall(r"@\s*[A-Za-z]+\s*\{\s*([^,\s]+)\s*,", bib))
existing = read(Path("data/records.csv"))
columns = list(existing[0].keys())
by_key = {k: r for r in existing for k in keys(r) if not (k[0] == "title" and r["record_id"] in NO_TITLE_MATCH)}
by_id = {r["record_id"]: r for r in existing}
renamed = {}  # (slice, id as logged) -> record_id in records.csv
new_rows, new_bib = [], []
for slice_name, folder in SLICES:
    for r in read(folder / "records.csv"):
        rid = r["record_id"]
        match = (by_id.get(SAME_AS.get(rid, "")) or next((by_key[k] for k in keys(r) if k in by_key), None)
                 or by_id.get(rid))
        if match is not None:
            renamed[(slice_name, rid)] = match["record_id"]
            found = [s for s in match["also_found_in"].split(";") if s]
            if slice_name != match["slice"] and slice_name not in found:
                match["also_found_in"] = ";".join(found + [slice_name])
            problems.append(f"{slice_name} {rid}: same work as {match['record_id']} (kept once)")
            continue
        row = {c: "" for c in columns}
        row.update({
            "record_id": rid, "slice": slice_name, "first_author": r["first_author"],
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
            "comparator": pick(r["comparator"] if r["comparator"].strip().lower() in COMPARATORS else
                               COMPARATOR_PREFIX.get(re.split(r"[^a-z]", r["comparator"].strip().lower() + " ")[0], r["comparator"]),
                               COMPARATORS, "other", "comparator", rid),
            "study_id": STUDY_LINKS.get(rid, ""),
            "outcomes_reported": r["outcomes_reported"],
            "decision": pick(r["decision"], {"include", "exclude"}, "exclude", "decision", rid),
            "source_url": r["read_url"] if r["read_url"].startswith("http") else r["canonical_url"],
            "source_location": "title and abstract (the page read)",
            "quote": r["n_quote"], "accuracy_quote": r["accuracy_quote"], "result_quote": r["quote"],
            "note": (r["note"] + f" Found by slice {slice_name}, query: {r['found_by_query']!r}.").strip(),
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
            if row["title"].startswith("(title not"):
                row["decision"], row["exclusion_reason"] = "exclude", "other"
                row["exclusion_detail"] = "Report not retrieved: title not visible, so it cannot be screened or cited."
            else:
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
                linked = STUDY_LINKS.get(rid)
                if linked:  # the study's own bibliography entry
                    row["source_id"] = next(s["source_id"] for s in csv.DictReader(open("data/studies.csv", encoding="utf-8"))
                                            if s["study_id"] == linked)
                    new_rows.append(row)
                    for k in keys(row):
                        by_key[k] = row
                    by_id[rid] = row
                    continue
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
        for k in keys(row):
            by_key[k] = row
        by_id[rid] = row

# risk of bias and directions of the new included comparative records
included = {r["record_id"]: r for r in new_rows if r["decision"] == "include" and r["design"] in COMPARATIVE}
direction_rows = []
seen = set()  # one row per study × outcome, whichever slice coded it first
for slice_name, folder in SLICES:
    for r in read(folder / "rob.csv"):
        record = included.get(r["record_id"])
        if record is None or record["rob_randomisation"]:
            continue
        quotes = [q for q in (r["randomisation_quote"], r["allocation_quote"], r["blinding_quote"]) if q]
        record.update({"rob_randomisation": pick(r["randomisation"], {"random_method_stated", "random_no_method", "not_randomised", "not_stated"}, "not_stated", "randomisation", r["record_id"]),
                       "rob_allocation": pick(r["allocation_concealment"], {"stated", "not_stated"}, "not_stated", "allocation", r["record_id"]),
                       "rob_blinding": pick(r["blinding"], {"double_blind", "assessor_blind", "patient_blind", "blinded_unspecified", "open_label", "not_stated"}, "not_stated", "blinding", r["record_id"]),
                       "rob_quote": " | ".join(dict.fromkeys(quotes)), "rob_url": r["read_url"] if quotes else ""})
    for r in read(folder / "directions.csv"):
        record = included.get(r["record_id"])
        if record is None or not r["outcome"] or (r["record_id"], r["outcome"]) in seen:
            if record is not None and (r["record_id"], r["outcome"]) in seen:
                problems.append(f"{r['record_id']}: second {r['outcome']} row skipped")
            continue
        if record["comparator"] not in ("fluoroscopy", "fluoroscopy_or_ct", "hybrid_us_fl", "us_mr_fusion"):
            continue
        if r["p_printed"] and not all(v in r["quote"].replace(" ", "") for v in re.findall(r"\d*\.?\d+", r["p_printed"])):
            problems.append(f"{r['record_id']} {r['outcome']}: p {r['p_printed']!r} not in its quote -> row skipped")
            continue
        seen.add((r["record_id"], r["outcome"]))
        direction_rows.append({
            "record_id": r["record_id"], "outcome": pick(r["outcome"], {"accuracy", "procedure_time", "needle_passes", "radiation", "complications", "pain", "function"}, "", "outcome", r["record_id"]),
            "timepoint": r["timepoint"], "significance": pick(r["significance"], {"significant", "not_significant", "noninferiority_shown", "not_tested"}, "not_tested", "significance", r["record_id"]),
            "better_arm": pick(r["better_arm"], {"ultrasound", "fluoroscopy", "not_printed"}, "not_printed", "better_arm", r["record_id"]),
            "p_printed": r["p_printed"], "comparator": record["comparator"], "design": record["design"],
            "source_id": record["source_id"], "source_url": r["source_url"] or record["source_url"], "source_location": "Abstract",
            "quote": r["quote"], "note": r["note"]})
for record in included.values():  # an abstract that said nothing about risk of bias
    if not record["rob_randomisation"]:
        record.update({"rob_randomisation": "not_stated", "rob_allocation": "not_stated", "rob_blinding": "not_stated"})
direction_rows = [d for d in direction_rows if d["outcome"]]

with open("data/records.csv", "w", newline="", encoding="utf-8") as f:
    writer = csv.DictWriter(f, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(existing + new_rows)
log_columns = ["slice", "query_order", "date", "corpus", "query", "results_returned", "results_screened", "new_records",
               "new_record_ids", "source_location"]
log = read(Path("data/search_log.csv"))
for slice_name, folder in SLICES:
    for number, r in enumerate(read(folder / "search_log.csv"), start=1):
        ids = [renamed.get((slice_name, i.strip()), i.strip()) for i in r["new_record_ids"].split(";") if i.strip()]
        ids = list(dict.fromkeys(ids))
        log.append({"slice": slice_name, "query_order": number, "date": r["date"], "corpus": r["corpus"] or "pages",
                    "query": r["query"], "results_returned": integer(r["results_returned"]),
                    "results_screened": integer(r["results_screened"]), "new_records": len(ids),
                    "new_record_ids": ";".join(ids),
                    "source_location": f"{folder.relative_to(Path.cwd().resolve())}/search_log.csv row {number}"})
with open("data/search_log.csv", "w", newline="", encoding="utf-8") as f:
    writer = csv.DictWriter(f, log_columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(log)
directions = read(Path("data/directions.csv"))
with open("data/directions.csv", "w", newline="", encoding="utf-8") as f:
    writer = csv.DictWriter(f, list(directions[0].keys()), lineterminator="\n")
    writer.writeheader()
    writer.writerows(directions + direction_rows)
if new_bib:
    bib_path.write_text(bib.rstrip("\n") + f"\n\n% --- Records of {', '.join(n for n, _ in SLICES)}, generated from the screening sheets ---\n\n"
                        + "\n".join(new_bib))
print(len(new_rows), "records,", len(new_bib), "bib entries,", len(direction_rows), "direction rows")
print("\n".join(problems))
