"""Copy the abstract-level risk-of-bias signals (rob/rob.csv) and the blind second reviewer's
calls (second_review/second_review.csv) into data/records.csv (ran once, 2026-11-29; run from
the repository root). 'blinded_unspecified' (a title that says "single-blind(ed)" without saying
who) is kept as its own value. Quotes are copied verbatim; the two rob quotes of a record are
joined with " | "."""
import pandas as pd

records = pd.read_csv("data/records.csv", dtype=str, keep_default_na=False)
rob = pd.read_csv("tools/search/2026-11-29/round3/rob/rob.csv", dtype=str, keep_default_na=False).set_index("record_id")
second = pd.read_csv("tools/search/2026-11-29/round3/second_review/second_review.csv", dtype=str,
                     keep_default_na=False).set_index("record_id")
new = {"rob_randomisation": [], "rob_allocation": [], "rob_blinding": [], "rob_quote": [], "rob_url": [],
       "second_decision": [], "second_design": []}
for rid in records["record_id"]:
    if rid in rob.index:
        row = rob.loc[rid]
        quotes = [q for q in (row["randomisation_quote"], row["allocation_quote"], row["blinding_quote"]) if q]
        new["rob_randomisation"].append(row["randomisation"])
        new["rob_allocation"].append(row["allocation_concealment"])
        new["rob_blinding"].append(row["blinding"])
        new["rob_quote"].append(" | ".join(dict.fromkeys(quotes)))
        new["rob_url"].append(row["read_url"] if quotes else "")
    else:
        for column in ("rob_randomisation", "rob_allocation", "rob_blinding", "rob_quote", "rob_url"):
            new[column].append("")
    if rid in second.index:
        new["second_decision"].append(second.loc[rid, "decision"])
        new["second_design"].append(second.loc[rid, "design"])
    else:
        new["second_decision"].append("")
        new["second_design"].append("")
at = list(records.columns).index("note")
for i, (column, values) in enumerate(new.items()):
    records.insert(at + i, column, values)
records.to_csv("data/records.csv", index=False, lineterminator="\n")
print(records[["rob_randomisation", "rob_blinding", "second_decision"]].apply(lambda c: (c != "").sum()))
