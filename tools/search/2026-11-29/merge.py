"""One-off: merge the search slices (slices/) into data/search_log.csv and data/records.csv,
and print bib entries needed. Run from /work/main."""
import csv, re, json, sys
from pathlib import Path

R = Path(__file__).resolve().parent / "slices"
SLICES = [("facet_sij", ["facet_sij"]), ("epidural_root", ["epidural_root", "epidural_root2"]),
          ("accuracy", ["accuracy"]), ("reviews_leads", ["reviews_leads"])]
known = {r["study_id"]: r for r in csv.DictReader(open(R / "known.csv"))}
studies = {r["study_id"]: r for r in csv.DictReader(open("data/studies.csv"))}

def norm_title(t):
    return re.sub(r"[^a-z0-9]", "", t.lower())[:70]

def norm_doi(d):
    d = (d or "").strip().lower()
    d = re.sub(r"^https?://(dx\.)?doi\.org/", "", d)
    return d.rstrip(".")

def digits(x):
    m = re.search(r"\d+", x or "")
    return m.group(0) if m else ""

def keys_of(r):
    ks = set()
    if digits(r.get("pmid")): ks.add(("pmid", digits(r["pmid"])))
    if norm_doi(r.get("doi")): ks.add(("doi", norm_doi(r["doi"])))
    if (r.get("registry_id") or "").strip(): ks.add(("reg", r["registry_id"].strip().upper()))
    if len(norm_title(r.get("title", ""))) > 25: ks.add(("title", norm_title(r["title"])))
    return ks

known_keys = {}
for sid, k in known.items():
    kk = {("id", sid)}
    pm = re.search(r"PMID:?\s*(\d+)", k["pmid_or_pmcid"] or "")
    if pm: kk.add(("pmid", pm.group(1)))
    if norm_doi(k["doi"]): kk.add(("doi", norm_doi(k["doi"])))
    reg = re.search(r"NCT\d+", k["pmid_or_pmcid"] or "")
    if reg: kk.add(("reg", reg.group(0)))
    if len(norm_title(k["title"])) > 25 and not k["title"].startswith("("): kk.add(("title", norm_title(k["title"])))
    for x in kk: known_keys[x] = sid

records, logs = [], []
index = {}      # key -> record position
remap = {}      # (slice_dir, old id) -> canonical id
for slice_name, dirs in SLICES:
    order = 0
    for d in dirs:
        if not (R / d / "records.csv").exists():
            print("missing", d, file=sys.stderr); continue
        for r in csv.DictReader(open(R / d / "records.csv", encoding="utf-8")):
            r = {k: (v or "").strip() for k, v in r.items() if k}
            rid = r["record_id"].lower()
            ks = keys_of(r) | ({("id", rid)} if rid in known else set())
            study = next((known_keys[k] for k in ks if k in known_keys), None)
            ks |= {("study", study)} if study else set()
            hit = next((index[k] for k in ks if k in index), None)
            if hit is None:
                r["record_id"] = study or re.sub(r"[^a-z0-9_]", "_", rid)
                r["slice"] = slice_name; r["also_found_in"] = []; r["study_id"] = study or ""
                r["_dir"] = d
                records.append(r); pos = len(records) - 1
            else:
                pos = hit; base = records[pos]
                if base["slice"] != slice_name and slice_name not in base["also_found_in"]:
                    base["also_found_in"].append(slice_name)
                if r.get("decision") and base.get("decision") and r["decision"] != base["decision"]:
                    print(f"CONFLICT {base['record_id']} ({base['slice']}: {base['decision']} {base.get('exclusion_reason','')}) vs {d}: {r['decision']} {r.get('exclusion_reason','')} / {r.get('comparator')}", file=sys.stderr)
                for k, v in r.items():
                    if v and not base.get(k): base[k] = v
                if r.get("note") and r["note"] not in base.get("note", ""):
                    base["note"] = (base.get("note", "") + f" | {slice_name} slice: " + r["note"]).strip(" |")
                for q in ("accuracy_quote", "n_quote"):
                    if r.get(q) and base.get(q) and r[q] not in base[q]:
                        base[q] = base[q] + " […] " + r[q]
            for k in ks: index.setdefault(k, pos)
            remap[(d, rid)] = pos
        for row in csv.DictReader(open(R / d / "search_log.csv", encoding="utf-8")):
            order += 1
            row = {k: (v or "").strip() for k, v in row.items() if k}
            row["slice"] = slice_name; row["query_order"] = order; row["_dir"] = d
            logs.append(row)

# the rules: registrations are studies in reach (design 'registration without results'),
# CT-only and landmark comparators are excluded with the reason
for r in records:
    if r.get("design") == "registration_no_results" and r.get("exclusion_reason", "").startswith("no_results"):
        r["decision"], r["exclusion_reason"] = "include", ""
    if r.get("comparator") == "ct_only" and r.get("design") not in ("single_arm_accuracy",):
        r["decision"], r["exclusion_reason"] = "exclude", "ct_only_comparator"
    if r.get("comparator") == "landmark":
        r["decision"], r["exclusion_reason"] = "exclude", "landmark_comparator"
# canonical ids (unique)
seen = set()
for r in records:
    rid = r["record_id"]
    while rid in seen: rid += "_b"
    r["record_id"] = rid; seen.add(rid)

# logs: new ids -> canonical; a record is "new" for a slice only the first time in that slice
first = set()
for row in logs:
    ids = []
    for old in [x.strip().lower() for x in row.get("new_record_ids", "").split(";") if x.strip()]:
        pos = remap.get((row["_dir"], old))
        if pos is None:
            print(f"log {row['_dir']} q{row['query_order']}: unknown id {old}", file=sys.stderr); continue
        cid = records[pos]["record_id"]
        if (row["slice"], cid) in first: continue
        first.add((row["slice"], cid)); ids.append(cid)
    row["new_record_ids"] = ";".join(ids); row["new_records"] = len(ids)
# records found in a slice but never listed as new by that slice's log: attach to the query that found it
for r in records:
    for s in [r["slice"], *r["also_found_in"]]:
        if (s, r["record_id"]) not in first:
            q = r.get("found_by_query", "")
            cand = [row for row in logs if row["slice"] == s and row["query"] == q] or [row for row in logs if row["slice"] == s]
            row = cand[0] if cand else None
            if row is None: continue
            row["new_record_ids"] = ";".join(filter(None, [row["new_record_ids"], r["record_id"]]))
            row["new_records"] = int(row["new_records"]) + 1
            first.add((s, r["record_id"]))
            print(f"attached {r['record_id']} to {s} q{row['query_order']}", file=sys.stderr)

json.dump({"records": records, "logs": logs}, open(R / "merged.json", "w"), indent=1, default=list)
print(len(records), "records;", len(logs), "queries;", sum(len(r["also_found_in"]) for r in records), "duplicates")
from collections import Counter
print(Counter((r["decision"], r["design"]) for r in records))
