"""Append extracted per-arm outcome rows (procedure time; patient radiation dose) to data/outcomes.csv,
adding the studies they need to data/studies.csv and linking records.csv (run from /work/main)."""
import csv, re
from pathlib import Path
rows = []
for i in (1, 2, 3):
    rows += list(csv.DictReader(open(str(Path(__file__).resolve().parent / "extraction" / f"batch_{i}" / "outcomes.csv"), encoding="utf-8")))
records = list(csv.DictReader(open("data/records.csv", encoding="utf-8")))
rec = {r["record_id"]: r for r in records}
studies_path = Path("data/studies.csv")
studies = list(csv.DictReader(open(studies_path, encoding="utf-8")))
scols = list(studies[0].keys())
known_ids = {s["study_id"] for s in studies}
ocols = "study_id,outcome,scale,timepoint,arm,n,mean,sd,dispersion,median,iqr_low,iqr_high,events,total,unit,source_id,source_url,source_location,quote,note".split(",")
keep = []
for r in rows:
    if r["outcome"] in ("procedure_time_s", "procedure_time_min") and r["arm"] in ("us", "fl") and r["mean"]:
        keep.append(r)
    elif r["outcome"] == "radiation_dose" and r["arm"] in ("us", "fl") and r["mean"] and "patient" in (r["scale"] + r["note"]).lower():
        keep.append(r)
REGION = {"sacral": "lumbosacral", "lumbosacral": "lumbosacral", "cervical": "cervical", "lumbar": "lumbar", "thoracic": "thoracic"}
DESIGN = {"rct": "rct", "prospective_nonrandomized": "nonrandomized", "retrospective": "retrospective"}
FAMILY = {"other_spinal": "other"}
added_studies, out = [], []
for r in keep:
    rid = r["study_id"]; x = rec[rid]
    sid = x["study_id"] or rid
    if sid not in known_ids:
        n_us, n_fl = x["n_us"], x["n_fl"]
        studies.append({**{c: "" for c in scols}, "study_id": sid, "first_author": x["first_author"], "year": x["year"],
                        "title": x["title"], "journal": x["journal"], "doi": x["doi"],
                        "pmid_or_pmcid": "; ".join(filter(None, [f"PMID:{x['pmid']}" if x["pmid"] else "", x["pmcid"]])),
                        "design": DESIGN[x["design"]], "procedure": x["procedure"] or x["procedure_family"],
                        "procedure_family": FAMILY.get(x["procedure_family"], x["procedure_family"]),
                        "spine_region": REGION.get(x["region"], "not_stated"), "n_us": n_us, "n_fl": n_fl,
                        "n_unit": "patients" if (n_us or n_fl) else "", "source_id": x["source_id"], "source_url": x["source_url"],
                        "source_location": "Abstract", "quote": x["quote"] if (n_us or n_fl) else (x["result_quote"] or x["quote"]),
                        "note": "Added from the systematic search (data/records.csv, record " + rid + ")."})
        known_ids.add(sid); added_studies.append(sid)
        x["study_id"] = sid
    n = r["n"]
    quote = r["quote"]
    if not n:
        n = x["n_us"] if r["arm"] == "us" else x["n_fl"]
        if n and x["quote"] and x["quote"] not in quote:
            quote = quote + " […] " + x["quote"]
    row = {c: r.get(c, "") for c in ocols}
    row.update(study_id=sid, n=n, quote=quote, source_id=x["source_id"],
               note=(r["note"] + (" Group size from another sentence of the abstract (joined with […])." if n and not r["n"] else "")).strip())
    out.append(row)
with open(studies_path, "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, scols, lineterminator="\n"); w.writeheader(); w.writerows(studies)
with open("data/outcomes.csv", "a", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, ocols, lineterminator="\n"); w.writerows(out)
with open("data/records.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, list(records[0].keys()), lineterminator="\n"); w.writeheader(); w.writerows(records)
print("studies added:", added_studies); print("outcome rows:", len(out))
for r in out: print(r["study_id"], r["outcome"], r["arm"], r["n"], r["mean"], r["sd"], r["dispersion"], r["unit"])
