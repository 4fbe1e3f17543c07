"""Give every group size of data/radiation.csv and data/costs.csv that its row's quote does not
print the sentence of the same source that does (context/context.csv, found 2026-11-29), in a new
column context_quote; blank the two group sizes that were never printed (ran once, from the
repository root)."""
import pandas as pd

from spinebook.quotes import states

context = pd.read_csv("tools/search/2026-11-29/round4/context/context.csv", dtype=str, keep_default_na=False)
found = context[context["status"] == "found"]
sentence = {(r.source_id, float(r.value)): r.context_quote for r in found.itertuples()}
for name, column in (("radiation", "n_procedures"), ("costs", "n")):
    table = pd.read_csv(f"data/{name}.csv", dtype=str, keep_default_na=False)
    pointers = []
    for i, row in table.iterrows():
        value = row[column]
        if not value or states(row["quote"], value):
            pointers.append("")
            continue
        key = (row["source_id"], float(value))
        if key in sentence:
            assert states(sentence[key], value), key
            pointers.append(sentence[key])
        elif row["source_id"] == "clinjpain2016tfei":
            table.at[i, column] = ""
            table.at[i, "note"] = ("80 patients were randomised to the two groups; the size of each group is not printed "
                                   "in the abstract, so n is left empty.")
            pointers.append("")
        else:
            raise SystemExit(f"no sentence for {name} row {i + 2}: {key}")
    table.insert(list(table.columns).index("quote") + 1, "context_quote", pointers)
    table.to_csv(f"data/{name}.csv", index=False, lineterminator="\n")
    print(name, sum(1 for p in pointers if p), "pointers")
