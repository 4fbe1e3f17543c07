"""Two included records coded as comparisons are ultrasound-only series whose needles were checked
by imaging: recode them as single-arm accuracy studies (ran once, 2026-11-29, from the repository
root). Wan 2017 randomised two ultrasound techniques (in-plane vs out-of-plane), both checked by CT;
Lai 2024 is a retrospective series of ultrasound-guided cervical DRG punctures checked by C-arm."""
import pandas as pd

RECODE = {
    "wan_2017_bmri_us_lumbar_periradicular": ("ct", "Recoded (round 5): both arms were ultrasound-guided, so it is not a comparison with "
                                              "fluoroscopy; kept as single-arm accuracy evidence (needles checked by CT)."),
    "lai_2024_cdrg": ("fluoroscopy", "Recoded (round 5): a single ultrasound arm whose needle tips were checked by C-arm, "
                                     "not a comparison with fluoroscopy."),
}
records = pd.read_csv("data/records.csv", dtype=str, keep_default_na=False)
for record_id, (checked_by, note) in RECODE.items():
    row = records["record_id"] == record_id
    assert row.sum() == 1 and records.loc[row, "decision"].iloc[0] == "include"
    records.loc[row, ["design", "comparator"]] = ["single_arm_accuracy", "none_single_arm"]
    records.loc[row, "verified_by"] = checked_by if records.loc[row, "accuracy_us_total"].iloc[0] else ""
    records.loc[row, "note"] = (records.loc[row, "note"] + " " + note).str.strip()
records.to_csv("data/records.csv", index=False, lineterminator="\n")
