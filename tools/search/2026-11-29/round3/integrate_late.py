"""Add the late coding (late/rob.csv, late/directions.csv: comparative records coded after the
saturation round) to data/records.csv and data/directions.csv (ran once, 2026-11-29, from the
repository root). One row per study × outcome: where the sheet has several rows for one outcome
(Chen 2016, pain at three sets of time points) the row kept is named in CHOOSE and the others are
summarised in its note."""
import pandas as pd

HERE = "tools/search/2026-11-29/round3/late"
records = pd.read_csv("data/records.csv", dtype=str, keep_default_na=False)
rob = pd.read_csv(f"{HERE}/rob.csv", dtype=str, keep_default_na=False).set_index("record_id")
for rid, row in rob.iterrows():
    m = records["record_id"] == rid
    assert m.sum() == 1, rid  # (re-running leaves rows already coded as they are)
    quotes = [q for q in (row["randomisation_quote"], row["allocation_quote"], row["blinding_quote"]) if q]
    records.loc[m, ["rob_randomisation", "rob_allocation", "rob_blinding"]] = [
        row["randomisation"] or "not_stated", row["allocation_concealment"] or "not_stated", row["blinding"] or "not_stated"]
    records.loc[m, "rob_quote"] = " | ".join(dict.fromkeys(quotes))
    records.loc[m, "rob_url"] = row["read_url"] if quotes else ""
m = records["record_id"] == "chalak_nd_damascus_sij_us_vs_fl"
if "Trustworthiness concern" not in records.loc[m, "note"].iloc[0]:
    records.loc[m, "note"] = (records.loc[m, "note"] + " Trustworthiness concern (round 3): its title is identical to "
                              "Shamshery et al., Indian J Pain 2020, its randomisation sentence nearly so, and its first results "
                              "sentence repeats a published CT-vs-fluoroscopy sacroiliac abstract; no result of it is used.").str.strip()
records.to_csv("data/records.csv", index=False, lineterminator="\n")

CHOOSE = {("chen_2016_cn_us_vs_xray_csnrb", "pain"): "治療8周后 (8 weeks)"}
NOTES = {
    ("chen_2016_cn_us_vs_xray_csnrb", "pain"): "Three-arm trial (ultrasound, X-ray, no guidance); total effective rate at 8 weeks "
    "92.5% vs 75.0%. Patients with VAS < 4 were more often in the ultrasound arm at 0.5 h and 1 week (P<0.05), not at 2, 4 "
    "and 8 weeks (P>0.05).",
    ("kesikburun_2025", "radiation"): "Hybrid ultrasound + fluoroscopy arm; the copy read stops before the sentence's p value.",
    ("park_2013_caudal", "complications"): "Intravascular injections: 2 in the fluoroscopy arm; no count printed for ultrasound.",
    ("painresmanag_2020_cervical", "complications"): "Aspiration of blood and intravascular spread in the two fluoroscopy arms, 0% aspiration with ultrasound; no test printed.",
}
sheet = pd.read_csv(f"{HERE}/directions.csv", dtype=str, keep_default_na=False)
sheet = sheet[sheet["outcome"] != ""]
by_id = records.set_index("record_id")
rows = []
for (rid, outcome), group in sheet.groupby(["record_id", "outcome"], sort=False):
    if len(group) > 1:
        group = group[group["timepoint"] == CHOOSE[(rid, outcome)]]
    row = group.iloc[0]
    record = by_id.loc[rid]
    significance = row["significance"] or "not_tested"
    note = " ".join(x for x in (row["note"], NOTES.get((rid, outcome), "")) if x)
    rows.append({"record_id": rid, "outcome": outcome, "timepoint": row["timepoint"], "significance": significance,
                 "better_arm": row["better_arm"], "p_printed": row["p_printed"], "comparator": record["comparator"],
                 "design": record["design"], "source_id": record["source_id"], "source_url": row["source_url"],
                 "source_location": "Abstract", "quote": row["quote"], "note": note})
directions = pd.read_csv("data/directions.csv", dtype=str, keep_default_na=False)
assert not set(zip(directions.record_id, directions.outcome)) & {(r["record_id"], r["outcome"]) for r in rows}
pd.concat([directions, pd.DataFrame(rows)]).to_csv("data/directions.csv", index=False, lineterminator="\n")
print(len(rows), "direction rows from", len({r["record_id"] for r in rows}), "studies;", len(rob), "risk-of-bias rows")
