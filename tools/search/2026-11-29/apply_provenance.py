"""Apply " + str(Path(__file__).resolve().parent / "provenance") + "/canonical.csv to book/references.bib (run from /work/main)."""
import csv, re, sys
from pathlib import Path
sys.path.insert(0, ".")
from spinebook.provenance import is_mirror, MIRROR_ONLY_MARK

bib_path = Path("book/references.bib")
text = bib_path.read_text()
ENTRY = re.compile(r"(@\s*[A-Za-z]+\s*\{\s*([^,\s]+)\s*,)(.*?)(\n\})", re.S)
entries = {m.group(2): m for m in ENTRY.finditer(text)}
bodies = {k: m.group(3) for k, m in entries.items()}
heads = {k: m.group(1) for k, m in entries.items()}

def field(body, name):
    m = re.search(rf"\n\s*{name}\s*=\s*\{{(.*?)\}},?[ \t]*(?=\n|$)", body, re.S)
    return m.group(1) if m else None

def set_field(key, name, value):
    body = bodies[key]
    if field(body, name) is not None:
        body = re.sub(rf"(\n\s*{name}\s*=\s*)\{{.*?\}}(,?[ \t]*)(?=\n|$)", lambda m: f"{m.group(1)}{{{value}}}{m.group(2)}", body, count=1, flags=re.S)
    else:
        body = body.rstrip() + ("," if not body.rstrip().endswith(",") else "") + f"\n  {name:<7} = {{{value}}}"
    bodies[key] = body

def add_note(key, extra):
    note = field(bodies[key], "note")
    if note and extra in note: return
    set_field(key, "note", (note.rstrip(".") + ". " + extra) if note else extra)

url_owner = {}
doi_owner = {}
for k, b in bodies.items():
    for u in re.findall(r"\burl\s*=\s*\{([^}]*)\}", b): url_owner[u.strip().rstrip("/")] = k
    for d in re.findall(r"\bdoi\s*=\s*\{([^}]*)\}", b): doi_owner[d.strip().lower()] = k

new_entries = []
def new_entry(key, kind, fields):
    new_entries.append(f"@{kind}{{{key},\n" + ",\n".join(f"  {n:<7} = {{{v}}}" for n, v in fields) + "\n}\n")
    bodies[key] = "\n" + ",\n".join(f"  {n} = {{{v}}}" for n, v in fields)
    for n, v in fields:
        if n == "url": url_owner[v.rstrip("/")] = key
        if n == "doi": doi_owner[v.lower()] = key

PRIMARY_NEW = {  # secondary page -> (new key, kind, fields) for primaries with identifiers seen on a page
    "dftb_mettler": ("mettler2008", "article", [("author", "Mettler, Fred A. and others"), ("title", "Effective doses in radiology and diagnostic nuclear medicine: a catalog"), ("journal", "Radiology"), ("year", "2008"), ("doi", "10.1148/radiol.2481071451"), ("url", "https://pubmed.ncbi.nlm.nih.gov/18566177/"), ("note", "PMID 18566177")]),
    "myhsn_sciatica": ("schmid2023bmj", "article", [("author", "Schmid, Annina B. and others"), ("title", "Early surgery for sciatica"), ("journal", "BMJ"), ("year", "2023"), ("doi", "10.1136/bmj.p791")]),
    "icrpaedia_limits": ("icrp118", "article", [("author", "{International Commission on Radiological Protection}"), ("title", "ICRP Publication 118: ICRP Statement on Tissue Reactions and Early and Late Effects of Radiation in Normal Tissues and Organs"), ("journal", "Annals of the ICRP"), ("year", "2012"), ("doi", "10.1016/j.icrp.2012.02.001")]),
    "eea_unscear1993": ("unscear1993", "misc", [("author", "{United Nations Scientific Committee on the Effects of Atomic Radiation}"), ("title", "Sources and Effects of Ionizing Radiation: UNSCEAR 1993 Report to the General Assembly, with Scientific Annexes"), ("year", "1993"), ("url", None)]),
    "nhmrc_unscear": ("unscear2000", "misc", [("author", "{United Nations Scientific Committee on the Effects of Atomic Radiation}"), ("title", "Sources and Effects of Ionizing Radiation: UNSCEAR 2000 Report, Volume I"), ("year", "2000"), ("url", None)]),
}
report = []
rows = list(csv.DictReader(open("" + str(Path(__file__).resolve().parent / "provenance") + "/canonical.csv")))
for r in rows:
    key = r["key"]
    if key not in bodies:
        report.append(f"{key}: not in bib"); continue
    if r["found"] == "no":
        continue
    doi = r["doi"].strip(); pmid = r["pmid"].strip(); pmcid = r["pmcid"].strip(); reg = r["registry_id"].strip()
    curl = r["canonical_url"].strip()
    if r["primary_for"].strip():
        if key in PRIMARY_NEW:
            pkey, kind, fields = PRIMARY_NEW[key]
            fields = [(n, v if v is not None else curl) for n, v in fields]
            doi_f = dict(fields).get("doi")
            owner = doi_owner.get((doi_f or "").lower()) or url_owner.get(dict(fields).get("url", "").rstrip("/"))
            if owner and owner != pkey:
                pkey = owner
            elif pkey not in bodies:
                new_entry(pkey, kind, fields)
            set_field(key, "primary", pkey)
            report.append(f"{key}: primary -> {pkey}")
        elif r["primary_for"].startswith(("NICE guideline NG59", "WHO guideline for non-surgical")):
            pkey = "nice_ng59" if r["primary_for"].startswith("NICE") else "who2023_nbk599218"
            set_field(key, "primary", pkey); report.append(f"{key}: primary -> {pkey}")
        elif curl and curl.rstrip("/") in url_owner and url_owner[curl.rstrip("/")] != key:
            set_field(key, "primary", url_owner[curl.rstrip("/")])
            report.append(f"{key}: primary -> {url_owner[curl.rstrip('/')]}")
        elif curl and not is_mirror(curl):
            if key == "nrc_table_nbk55880":
                set_field(key, "primary", "nrc_10cfr20_1201"); report.append(f"{key}: primary -> nrc_10cfr20_1201")
            else:
                report.append(f"{key}: primary_for without an entry: {r['primary_for'][:60]}")
        else:
            report.append(f"{key}: primary not resolved ({r['primary_for'][:60]})")
        continue
    if doi and field(bodies[key], "doi") is None:
        if doi.lower() in doi_owner and doi_owner[doi.lower()] != key:
            report.append(f"{key}: DOI {doi} already belongs to {doi_owner[doi.lower()]} (two keys, one source?)")
        else:
            set_field(key, "doi", doi); doi_owner[doi.lower()] = key
    ids = [f"PMID {pmid}"] if pmid and pmid not in (field(bodies[key], "note") or "") else []
    if pmcid and pmcid not in bodies[key]: ids.append(pmcid)
    if reg and reg not in bodies[key]: ids.append(reg)
    if ids: add_note(key, "; ".join(ids))
    old_url = field(bodies[key], "url")
    if curl and not is_mirror(curl) and (old_url is None or is_mirror(old_url) or not old_url.strip()):
        if curl.rstrip("/") in url_owner and url_owner[curl.rstrip("/")] != key:
            report.append(f"{key}: canonical url {curl} already belongs to {url_owner[curl.rstrip('/')]}")
        else:
            set_field(key, "url", curl); url_owner[curl.rstrip("/")] = key
            if old_url: add_note(key, f"Read at {old_url}")
    report.append(f"{key}: updated")

out = text
for k, m in sorted(entries.items(), key=lambda kv: -kv[1].start()):
    out = out[:m.start()] + heads[k] + bodies[k] + m.group(4) + out[m.end():]
if new_entries:
    out = out.rstrip("\n") + "\n\n% --- Primary sources of pages read second-hand (see each entry's primary field) ---\n\n" + "\n".join(new_entries)
bib_path.write_text(out)
print("\n".join(report))
