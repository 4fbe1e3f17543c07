"""Build data/directions.csv: what each comparative abstract says about the direction of the
difference between ultrasound and fluoroscopy, outcome by outcome (ran once, 2026-11-29).

Each row is coded by hand from one sentence (``CODES`` below); the sentence, its URL and its
location are copied from the extraction sheets (../../extraction/batch_*/effects.csv) or from the
data rows that already quote it (data/outcomes.csv, data/pooled.csv, data/records.csv), so that
every row's quote is the text the code was read from. Run from the repository root.
"""
import glob
import re

import pandas as pd

# record_id, outcome, timepoint, significance, better_arm, p_printed, a fragment of the quote to use, note
CODES = [
    ("finlayson_2013_ton", "procedure_time", "procedure", "significant", "ultrasound", "0.000", "shorter performance time (212.8", ""),
    ("finlayson_2013_ton", "needle_passes", "procedure", "significant", "ultrasound", "0.000", "fewer needle passes (2 vs 6", ""),
    ("han_2017", "pain", "not stated", "not_significant", "not_printed", ">.05", "not observed in ODI and VNS", ""),
    ("han_2017", "function", "not stated", "not_significant", "not_printed", ">.05", "not observed in ODI and VNS", ""),
    ("nisolle_2023", "pain", "1 week and 1 month", "noninferiority_shown", "not_printed", "0.047", "not inferior to FS-guidance", "P is the non-inferiority test's."),
    ("nisolle_2023", "function", "1 week and 1 month", "noninferiority_shown", "not_printed", "0.047", "not inferior to FS-guidance", "P is the non-inferiority test's."),
    ("nisolle_2023", "procedure_time", "procedure", "not_significant", "not_printed", "=0.34", "Duration of techniques", "The abstract prints the p value as '(=0.34'."),
    ("yun_2012", "procedure_time", "procedure", "significant", "fluoroscopy", "0.023", "FS: 248.7", ""),
    ("yun_2012", "pain", "1 week, 1 month, 3 months", "not_significant", "not_printed", ">0.05", "no significant differences were observed", ""),
    ("yun_2012", "function", "1 week, 1 month, 3 months", "not_significant", "not_printed", ">0.05", "no significant differences were observed", ""),
    ("nct03933150_caudal", "pain", "1 and 3 months", "not_significant", "not_printed", "0.40, 0.43", "VAS (p = 0.40", ""),
    ("nct03933150_caudal", "function", "1 and 3 months", "not_significant", "not_printed", "0.7, 0.2", "VAS (p = 0.40", ""),
    ("usmr_fusion_pted_rct", "radiation", "procedure", "significant", "ultrasound", "<0.05", "total radiation dose", "Ultrasound–MR fusion navigation, not ultrasound alone."),
    ("usmr_fusion_pted_rct", "pain", "during the operation", "significant", "ultrasound", "<0.05", "total radiation dose", "Ultrasound–MR fusion navigation; intraoperative pain."),
    ("wu_2017_peld_surgeon_radiation", "radiation", "procedure", "significant", "ultrasound", "<0.05", "significantly less radiation dose", "Ultrasound-assisted, not ultrasound-only, PELD."),
    ("goel_joacp", "procedure_time", "procedure", "significant", "fluoroscopy", "<0.001", "shorter needle placement time", ""),
    ("finlayson_2015_c7", "procedure_time", "procedure", "significant", "ultrasound", "<0.001", "shorter performance time (233.6", ""),
    ("finlayson_2015_c7", "needle_passes", "procedure", "significant", "ultrasound", "<0.001", "fewer needle passes (2 vs 4", ""),
    ("jkums_sij", "procedure_time", "procedure", "significant", "ultrasound", "0.001", "procedure time was considerably shorter", ""),
    ("park_2017_cervical", "pain", "1, 3 and 6 months", "not_significant", "not_printed", "<0.05", "no significant differences between groups", "The abstract prints 'p < 0.05' beside 'no significant differences' (as printed; probably the within-group change)."),
    ("park_2017_cervical", "function", "1, 3 and 6 months", "not_significant", "not_printed", "<0.05", "no significant differences between groups", "The abstract prints 'p < 0.05' beside 'no significant differences' (as printed)."),
    ("pmc5058920_2015", "pain", "not stated", "not_significant", "not_printed", "<0.05", "No statistical differences in ODI, VNS", "The abstract prints 'P < 0.05' beside 'No statistical differences' (as printed)."),
    ("pmc5058920_2015", "function", "not stated", "not_significant", "not_printed", "<0.05", "No statistical differences in ODI, VNS", "The abstract prints 'P < 0.05' beside 'No statistical differences' (as printed)."),
    ("eurasian_2023_s1_prf", "pain", "each follow-up to 6 months", "not_significant", "not_printed", "", "without statistical significance between groups", ""),
    ("eurasian_2023_s1_prf", "function", "each follow-up to 6 months", "not_significant", "not_printed", "", "without statistical significance between groups", ""),
    ("wang_2024", "procedure_time", "procedure", "significant", "ultrasound", "<0.05", "The operating time", ""),
    ("wang_2024", "pain", "not stated", "not_significant", "not_printed", ">0.05", "There was no significant difference between the two groups", "Pain and function are named in the sentences before this one in the abstract."),
    ("zhang_2019_esj_peld", "radiation", "procedure", "significant", "ultrasound", "<0.001", "mSV", ""),
    ("zhang_2023_msm_endoscopic", "procedure_time", "procedure", "significant", "ultrasound", "0.010", "puncture time", "Puncture time."),
    ("zhang_2023_msm_endoscopic", "pain", "3 and 12 months", "not_significant", "not_printed", "0.192, 0.390", "VAS scores between the 2 groups", ""),
    ("zhang_2023_msm_endoscopic", "function", "3 and 12 months", "not_significant", "not_printed", "0.092, 0.173", "ODI values between the 2 groups", ""),
    ("gulati_2020", "procedure_time", "procedure", "significant", "ultrasound", "", "quicker by about 135 seconds", ""),
    ("gulati_2020", "pain", "2, 4 and 12 weeks", "not_significant", "not_printed", "0.107, 0.383, 0.343", "statistically no difference", ""),
    ("gulati_2020", "function", "2, 4 and 12 weeks", "not_significant", "not_printed", "0.893, 0.408, 0.777", "statistically no difference", ""),
    ("wan_2017_dcpb", "pain", "2, 12 and 24 weeks", "not_significant", "not_printed", "", "no significant differences observed in the NPS", ""),
    ("cui_2022_cervical", "accuracy", "procedure", "not_significant", "fluoroscopy", "", "88.7% and 90.3% accuracy", "Difference −1.6% (95% CI −9.7% to 6.6%) includes 0."),
    ("cui_2022_cervical", "pain", "1, 3 and 6 months", "not_significant", "not_printed", ">.05", "Both NRS and NDI scores", ""),
    ("cui_2022_cervical", "function", "1, 3 and 6 months", "not_significant", "not_printed", ">.05", "Both NRS and NDI scores", ""),
    ("cui_2022_cervical", "procedure_time", "procedure", "significant", "ultrasound", "<.001", "shorter administration duration", ""),
    ("evansa_2015", "procedure_time", "procedure", "not_significant", "not_printed", "", "mean procedure time", ""),
    ("evansa_2015", "pain", "1 and 3 months", "not_significant", "not_printed", "", "mean pain intensity and degree of disability", ""),
    ("evansa_2015", "function", "1 and 3 months", "not_significant", "not_printed", "", "mean pain intensity and degree of disability", ""),
    ("senkal_2021_caudal", "procedure_time", "procedure", "significant", "ultrasound", "<0.001", "CESI procedure time was significantly shorter", ""),
    ("senkal_2021_caudal", "needle_passes", "procedure", "significant", "ultrasound", "0.002", "CESI procedure time was significantly shorter", "Successful injection on the first attempt (fewer attempts)."),
    ("senkal_2021_caudal", "pain", "3 weeks and 3 months", "not_significant", "not_printed", "0.22, 0.47", "NRS (p=0.22", ""),
    ("senkal_2021_caudal", "function", "3 weeks and 3 months", "not_significant", "not_printed", "0.58, 0.22", "NRS (p=0.22", ""),
    ("senkal_2021_caudal", "complications", "not stated", "not_significant", "not_printed", ">0.05", "complication rate difference", ""),
    ("wneu_2019_tfpeld_radiation", "radiation", "procedure", "significant", "ultrasound", "<0.05", "radiation dose to patients", ""),
    ("wneu_2019_tfpeld_radiation", "pain", "after the operation", "not_significant", "not_printed", ">0.58", "postoperative visual analog scale", ""),
    # from the data rows that already quote the sentence
    ("hazra_2016", "procedure_time", "procedure", "significant", "ultrasound", "< 0.001", "needle-placement time was less", ""),
    ("akkaya_2017_caudal", "procedure_time", "procedure", "not_tested", "ultrasound", "", "Time of block was shorter", "No test printed with the sentence."),
    ("zhao_2025", "procedure_time", "procedure", "significant", "ultrasound", "< 0.001", "shorter procedure times", "Ultrasound disc block vs fluoroscopy-controlled discography."),
    ("zhao_2025", "radiation", "procedure", "significant", "ultrasound", "< 0.001", "lower radiation dosage", "Ultrasound disc block vs fluoroscopy-controlled discography."),
    ("zhao_2025", "needle_passes", "procedure", "significant", "ultrasound", "< 0.001", "fewer needle insertions", ""),
    ("zhao_2025", "accuracy", "1 month", "not_significant", "fluoroscopy", "0.353", "confirmatory rates", "Confirmatory rate of the diagnosis."),
    ("jee_2014", "accuracy", "procedure", "not_tested", "fluoroscopy", "", "greater accuracy (98.2%)", "No test printed with the sentence."),
    ("jee_2014", "pain", "2 and 12 weeks", "not_significant", "not_printed", "", "without statistical significances between groups", ""),
    ("jee_2014", "function", "2 and 12 weeks", "not_significant", "not_printed", "", "without statistical significances between groups", ""),
    ("awad_2016", "procedure_time", "procedure", "not_tested", "ultrasound", "", "mean execution time per facet joint", "No test printed with the sentence."),
    ("clinjpain_2016_tfei", "procedure_time", "procedure", "not_tested", "ultrasound", "", "operation time in the US group", "No test printed with the sentence."),
    ("bbrc_esi", "procedure_time", "procedure", "significant", "ultrasound", "", "significantly faster", ""),
    ("kucukbingoz_2026", "accuracy", "procedure", "not_significant", "fluoroscopy", "", "technical success rates were similar", "Difference −0.4% (95% CI −8.1 to 7.2) includes 0."),
    ("kucukbingoz_2026", "procedure_time", "procedure", "significant", "ultrasound", "", "Procedure time was significantly shorter", ""),
    ("kose_2024_cervical", "pain", "not stated", "not_significant", "fluoroscopy", "0.617", "Treatment success rate was achieved", "Treatment success (pain relief): ultrasound nerve-root block 50% vs fluoroscopic interlaminar epidural 56.6%."),
    ("park_annrehabilmed_cervical", "pain", "12 months", "not_tested", "ultrasound", "", "proportion of patients with successful treatment", "Treatment success (pain relief); no test printed with the sentence."),
    ("rs6330553_preprint", "pain", "3 months", "significant", "fluoroscopy", "0.008", "FL-guided injections achieved significantly lower VAS", "Preprint (Research Square), not peer reviewed."),
    ("pmid22609989_cervical", "complications", "procedure", "not_significant", "ultrasound", "", "Five cases of intravascular injections", "Intravascular injection: 5 with fluoroscopy, none with ultrasound."),
    ("guler_2023", "radiation", "procedure", "not_tested", "ultrasound", "", "mean number of fluoroscopy shots", "Fluoroscopy shots (7.07 vs 1.21), a proxy of dose; no test printed."),
]


def sentences():
    """Every quoted sentence we hold, with the record it belongs to, its URL and location."""
    rows = []
    for path in sorted(glob.glob("tools/search/2026-11-29/extraction/batch_*/effects.csv")):
        e = pd.read_csv(path)
        rows += [(r.study_id, r.quote, r.source_url, "Abstract") for r in e.itertuples()]
    records = pd.read_csv("data/records.csv")
    by_study = dict(zip(records["study_id"].dropna(), records.loc[records["study_id"].notna(), "record_id"]))
    for name in ("outcomes", "pooled"):
        d = pd.read_csv(f"data/{name}.csv")
        rows += [(by_study.get(r.study_id, r.study_id), r.quote, r.source_url, r.source_location) for r in d.itertuples()]
    for r in records.itertuples():
        for column in ("result_quote", "quote", "accuracy_quote"):
            text = getattr(r, column)
            if isinstance(text, str):
                rows.append((r.record_id, text, r.source_url, r.source_location))
    return rows, records


def main():
    found, records = sentences()
    out = []
    for record_id, outcome, timepoint, significance, better, p, fragment, note in CODES:
        assert record_id in set(records["record_id"]), record_id
        hits = [(q, u, loc) for rid, q, u, loc in found if rid == record_id and isinstance(q, str) and fragment in q]
        assert hits, (record_id, fragment)
        with_p = [h for h in hits if all(v in h[0].replace(" ", "") for v in re.findall(r"\d*\.?\d+", p))]
        quote, url, location = max(with_p or hits, key=lambda h: len(h[0]))
        record = records[records["record_id"] == record_id].iloc[0]
        out.append({"record_id": record_id, "outcome": outcome, "timepoint": timepoint, "significance": significance,
                    "better_arm": better, "p_printed": p, "comparator": record["comparator"],
                    "design": record["design"], "source_id": record["source_id"], "source_url": url,
                    "source_location": location, "quote": quote, "note": note})
    pd.DataFrame(out).to_csv("data/directions.csv", index=False, lineterminator="\n")
    print(len(out), "rows,", len({r["record_id"] for r in out}), "studies")


if __name__ == "__main__":
    main()
