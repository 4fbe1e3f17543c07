"""merged.json -> data/search_log.csv, data/records.csv, and new bib entries appended to book/references.bib."""
import csv, json, re, sys
from pathlib import Path
R = Path(__file__).resolve().parent / "slices"
m = json.load(open(R / "merged.json"))
records, logs = m["records"], m["logs"]
studies = {r["study_id"]: r for r in csv.DictReader(open("data/studies.csv"))}
bib = Path("book/references.bib").read_text()
bib_keys = set(re.findall(r"@\s*[A-Za-z]+\s*\{\s*([^,\s]+)\s*,", bib))
bib_doi = {d.lower().rstrip("."): k for k, body in re.findall(r"@\s*[A-Za-z]+\s*\{\s*([^,\s]+)\s*,(.*?)\n\}", bib, re.S)
           for d in re.findall(r"doi\s*=\s*\{([^}]*)\}", body)}
bib_url = {u.strip().rstrip("/"): k for k, body in re.findall(r"@\s*[A-Za-z]+\s*\{\s*([^,\s]+)\s*,(.*?)\n\}", bib, re.S)
           for u in re.findall(r"url\s*=\s*\{([^}]*)\}", body)}
bib_pmc = {p.upper(): k for k, body in re.findall(r"@\s*[A-Za-z]+\s*\{\s*([^,\s]+)\s*,(.*?)\n\}", bib, re.S)
           for p in re.findall(r"PMC\d+", body)}
DESIGNS = {"rct", "prospective_nonrandomized", "retrospective", "single_arm_accuracy", "cadaver", "registration_no_results",
           "meta_analysis", "systematic_review", "narrative_review", "other"}
FAMILIES = {"facet_mbb", "ablation", "sij", "injection_epidural", "nerve_root", "endoscopic", "disc", "other_spinal", "mixed"}
REGIONS = {"cervical", "thoracic", "lumbar", "sacral", "lumbosacral", "not_stated", "mixed"}
COMPARATORS = {"fluoroscopy", "fluoroscopy_or_ct", "hybrid_us_fl", "us_mr_fusion", "ct_only", "landmark", "none_single_arm", "other"}
REASONS = {"not_spinal", "not_us_vs_fl", "ct_only_comparator", "landmark_comparator", "review_not_primary", "duplicate", "not_human", "no_results", "other"}
problems = []

def pick(value, allowed, default, what, rid):
    v = (value or "").strip().lower()
    if v in allowed: return v
    if v: problems.append(f"{rid}: {what} {v!r} -> {default}")
    return default

def integer(x):
    x = (x or "").strip()
    return x if re.fullmatch(r"\d+", x) else ""

sys.path.insert(0, ".")
from spinebook.quotes import numbers_in
def in_quote(number, quote):
    return not number or int(number) in numbers_in(quote)

def first_author_bib(name):
    name = name.strip().rstrip(".")
    if not name: return "{Authors not captured}"
    parts = name.split()
    if len(parts) >= 2 and re.fullmatch(r"[A-Z]{1,3}", parts[-1]):
        return f"{' '.join(parts[:-1])}, {'. '.join(parts[-1])}."
    return name

new_bib = []
out = []
for r in records:
    rid = r["record_id"]
    row = {
        "record_id": rid, "slice": r["slice"], "also_found_in": ";".join(r["also_found_in"]), "study_id": r.get("study_id", ""),
        "first_author": r.get("first_author", ""),
        "year": r["year"] if re.fullmatch(r"(19|20)\d\d", r.get("year", "")) else "",
        "title": r.get("title", "") or "(title not printed on the page read)",
        "journal": r.get("journal", ""),
        "doi": (re.sub(r"^https?://(dx\.)?doi\.org/", "", r.get("doi", "")).strip() if re.search(r"10\.\S+", r.get("doi", "")) else ""),
        "pmid": re.sub(r"\D", "", r.get("pmid", "")) if re.search(r"\d", r.get("pmid", "")) else "",
        "pmcid": (re.search(r"PMC\d+", r.get("pmcid", "")).group(0) if re.search(r"PMC\d+", r.get("pmcid", "")) else ""),
        "registry_id": r.get("registry_id", ""),
        "canonical_url": r.get("canonical_url", "") if r.get("canonical_url", "").startswith("http") else "",
        "design": pick(r.get("design"), DESIGNS, "other", "design", rid),
        "procedure_family": pick(r.get("procedure_family"), FAMILIES, "other_spinal", "family", rid),
        "procedure": r.get("procedure", ""),
        "region": pick({"sacroiliac": "sacral"}.get(r.get("region", "").lower(), r.get("region")), REGIONS, "not_stated", "region", rid),
        "comparator": pick(r.get("comparator"), COMPARATORS, "other", "comparator", rid),
        "outcomes_reported": r.get("outcomes_reported", ""),
        "decision": pick(r.get("decision"), {"include", "exclude"}, "exclude", "decision", rid),
        "source_url": r.get("read_url", "") if r.get("read_url", "").startswith("http") else r.get("canonical_url", ""),
        "source_location": "title and abstract (the page read)",
        "quote": r.get("n_quote", ""), "accuracy_quote": r.get("accuracy_quote", ""), "result_quote": r.get("quote", ""),
        "note": r.get("note", ""),
    }
    from spinebook.provenance import is_mirror, record_has_canonical_identity, MIRROR_ONLY_MARK
    if not row["canonical_url"] and row["source_url"] and not is_mirror(row["source_url"]):
        row["canonical_url"] = row["source_url"]
    if row["canonical_url"] and is_mirror(row["canonical_url"]):
        row["canonical_url"] = ""
    if not record_has_canonical_identity(row):
        row["note"] = (row["note"] + " " + MIRROR_ONLY_MARK).strip()
    reason = r.get("exclusion_reason", "")
    if row["decision"] == "exclude":
        base, _, detail = reason.partition(":")
        row["exclusion_reason"] = pick(base, REASONS, "other", "reason", rid)
        row["exclusion_detail"] = detail.strip() or ("" if base.strip().lower() in REASONS else reason)
    else:
        row["exclusion_reason"] = row["exclusion_detail"] = ""
    nums = {}
    if row["decision"] == "include":
        for c, qcol in (("n_us", "quote"), ("n_fl", "quote"), ("accuracy_us_events", "accuracy_quote"), ("accuracy_us_total", "accuracy_quote"),
                        ("accuracy_fl_events", "accuracy_quote"), ("accuracy_fl_total", "accuracy_quote")):
            v = integer(r.get(c))
            if v and (c.startswith("n_") and v == "0"): v = ""
            if v and not in_quote(v, " ".join([row["quote"], row["accuracy_quote"], row["result_quote"]])):
                problems.append(f"{rid}: {c}={v} not in its quote -> dropped ({row[qcol][:80]!r})")
                row["note"] += f" [{c} {v} from the extraction dropped: not in the quoted text]"
                v = ""
            nums[c] = v
        for a in ("us", "fl"):
            e, t = nums[f"accuracy_{a}_events"], nums[f"accuracy_{a}_total"]
            if (e and not t) or (t and not e) or (e and t and int(e) > int(t)):
                if e or t: problems.append(f"{rid}: accuracy_{a} {e}/{t} incomplete -> dropped")
                nums[f"accuracy_{a}_events"] = nums[f"accuracy_{a}_total"] = ""
    else:
        nums = {c: "" for c in ("n_us", "n_fl", "accuracy_us_events", "accuracy_us_total", "accuracy_fl_events", "accuracy_fl_total")}
    row.update(nums)
    text = " ".join([row["note"], row["accuracy_quote"]]).lower()
    vbs = set(re.findall(r"verified_by:\s*(fluoroscopy|ct|mri|dissection)", text))
    vb = re.search(r"verified_by:\s*(fluoroscopy|ct|mri|dissection)", text) if len(vbs) == 1 else None
    if len(vbs) > 1: problems.append(f"{rid}: verified_by differs between slices {vbs} -> unclear")
    if nums["accuracy_us_total"]:
        row["verified_by"] = vb.group(1) if vb else "unclear" if len(vbs) > 1 else ("ct" if re.search(r"\bct\b|computed tomograph", text) else
                             "fluoroscopy" if "fluoro" in text or "contrast" in text else "dissection" if "dissect" in text else "unclear")
    else:
        row["verified_by"] = ""
    carries = any(nums.values())
    if carries and not row["quote"]:
        row["quote"] = row["accuracy_quote"] or row["result_quote"]
    # source
    sid = ""
    if row["study_id"] and row["study_id"] in studies:
        sid = studies[row["study_id"]]["source_id"]
    elif row["doi"] and row["doi"].lower().rstrip(".") in bib_doi:
        sid = bib_doi[row["doi"].lower().rstrip(".")]
    elif row["pmcid"] and row["pmcid"].upper() in bib_pmc:
        sid = bib_pmc[row["pmcid"].upper()]
    elif (row["canonical_url"] or "").rstrip("/") in bib_url:
        sid = bib_url[row["canonical_url"].rstrip("/")]
    if not sid and row["decision"] == "include":
        sid = rid.replace("_", "")
        while sid in bib_keys: sid += "x"
        bib_keys.add(sid)
        fields = [f"  author  = {{{first_author_bib(row['first_author'])} and others}}" if row["first_author"] else "  author  = {{Authors not captured}}",
                  f"  title   = {{{row['title']}}}"]
        if row["journal"]: fields.append(f"  journal = {{{row['journal']}}}")
        fields.append(f"  year    = {{{row['year'] or 'n.d.'}}}")
        if row["doi"]: fields.append(f"  doi     = {{{row['doi']}}}")
        url = row["canonical_url"] or row["source_url"]
        if url and url.rstrip("/") not in bib_url: fields.append(f"  url     = {{{url}}}"); bib_url[url.rstrip("/")] = sid
        notes = [f"PMID {row['pmid']}"] if row["pmid"] else []
        if row["pmcid"]: notes.append(row["pmcid"])
        if row["registry_id"]: notes.append(row["registry_id"])
        notes.append(f"Read at {row['source_url']} (title and abstract)")
        if not record_has_canonical_identity(row):
            notes.append(MIRROR_ONLY_MARK)
        fields.append(f"  note    = {{{'; '.join(notes)}}}")
        kind = "article" if row["journal"] else "misc"
        new_bib.append(f"@{kind}{{{sid},\n" + ",\n".join(fields) + "\n}\n")
        if row["doi"]: bib_doi[row["doi"].lower()] = sid
    row["source_id"] = sid if (row["decision"] == "include" or sid) else ""
    out.append(row)

cols = ["record_id", "slice", "also_found_in", "study_id", "first_author", "year", "title", "journal", "doi", "pmid", "pmcid",
        "registry_id", "canonical_url", "design", "procedure_family", "procedure", "region", "comparator", "n_us", "n_fl",
        "outcomes_reported", "accuracy_us_events", "accuracy_us_total", "accuracy_fl_events", "accuracy_fl_total", "verified_by",
        "decision", "exclusion_reason", "exclusion_detail", "source_id", "source_url", "source_location", "quote",
        "accuracy_quote", "result_quote", "note"]
with open("data/records.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, cols, lineterminator="\n"); w.writeheader()
    for row in sorted(out, key=lambda r: (list(dict.fromkeys(x["slice"] for x in out)).index(r["slice"]), r["record_id"])):
        w.writerow({c: row.get(c, "") for c in cols})
lcols = ["slice", "query_order", "date", "corpus", "query", "results_returned", "results_screened", "new_records", "new_record_ids"]
with open("data/search_log.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, lcols, lineterminator="\n"); w.writeheader()
    for row in logs:
        row = dict(row)
        for c in ("results_returned", "results_screened"):
            row[c] = integer(str(row.get(c, "")))
        row["corpus"] = row.get("corpus") or "pages"
        w.writerow({c: row.get(c, "") for c in lcols})
if new_bib:
    text = Path("book/references.bib").read_text().rstrip("\n") + "\n\n% --- Records of the systematic search (data/records.csv), generated from the screening sheet ---\n\n" + "\n".join(new_bib)
    Path("book/references.bib").write_text(text)
print(len(out), "records,", len(new_bib), "new bib entries")
print("\n".join(problems), file=sys.stderr)
