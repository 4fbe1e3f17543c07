"""Builds canonical_retry.csv from the ROWS below (edited as searches progress)."""
import csv
COLS = "key,found,doi,pmid,pmcid,registry_id,canonical_url,read_url,title_as_found,first_author_as_found,year_as_found,journal_as_found,evidence_quote,primary_for,note".split(",")
KEYS = ['awad2016', 'moon2024', 'hassan2024', 'park2013caudal', 'evansa2015', 'kose2024', 'botwin2002', 'clinicalgate_peld', 'curanature_gbd2021lbp', 'dualguidance_vp', 'msk_idds', 'physweekly_gbd2021lbp', 'smoking_lbp_daly', 'smoking_lbp_ysr', 'wininger2010', 'zhou2005', 'asianspinej2012lfnb', 'won2016cervicalcadaver', 'galianolumbarcadaver', 'needletip78rootslumbarsnrb', 'yamauchindcrb']
ROWS = {}
def row(key, **kw):
    r = {c: "" for c in COLS}; r["key"] = key; r.update(kw); ROWS[key] = r
exec(open(__file__.replace("build_csv.py", "rows.py")).read())
with open(__file__.replace("build_csv.py", "canonical_retry.csv"), "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=COLS); w.writeheader()
    for k in KEYS:
        w.writerow(ROWS.get(k) or {**{c: "" for c in COLS}, "key": k, "found": "no", "note": "pending"})
print({k: ROWS[k]["found"] if k in ROWS else "pending" for k in KEYS})
