"""Radiation arithmetic for the book: which doses in ``radiation.csv`` may be compared with which
limits in ``limits.csv``, unit conversion to mSv (through :func:`spinebook.data.to_msv`), and the
occupational dose calculator. Pure functions of DataFrames; nothing here loads data or draws.

Rules kept here so every chapter applies them the same way:

* only doses printed in Sv-family or rem-family units (equivalent or effective dose, dose
  equivalent) are converted and compared with a limit; absorbed dose and air kerma (mGy), dose-area
  and dose-length products (Gy·cm², mGy·cm) and times are never compared with a limit;
* a dose is compared only with a limit for the same organ: ring badges with the extremity limit,
  eye (glasses) badges with the eye-lens limit, body badges and estimated effective doses with the
  effective-dose limit. Thyroid and neck badges have no limit of their own in ``limits.csv``;
* rows are named by their spreadsheet row in ``data/radiation.csv`` (row 1 = first data row).
"""
from __future__ import annotations

import pandas as pd

from spinebook.data import to_msv

# An assumption of the calculator, not a finding: weeks per year in which procedures are done.
WORKING_WEEKS = 48
DAYS_PER_YEAR = 365

# Which annual limit applies to an operator dosimeter: same organ only.
LIMIT_ORGAN_OF_WEARER = {"operator_hand": "extremities", "operator_eye": "eye_lens", "operator_body": "effective"}
# Body-worn readings of an organ that has no annual limit in limits.csv.
NO_LIMIT_QUANTITIES = {"dose_thyroid_inside_apron": "thyroid", "dose_equivalent_neck": "neck"}
# limits.csv spells one organ several ways (ICRP, EU, US NRC); these are the three the book compares.
LIMIT_ORGAN_SPELLINGS = {
    "effective": "effective", "effective (TEDE)": "effective",
    "eye_lens": "eye_lens",
    "extremities (hands and feet)": "extremities", "extremities": "extremities", "skin_extremities": "extremities",
}
ORGAN_LABELS = {"effective": "effective dose (whole body)", "eye_lens": "eye lens", "extremities": "hands (extremities)",
                "thyroid": "thyroid", "neck": "neck"}
WEARER_LABELS = {"operator_hand": "hand (ring badge)", "operator_eye": "eye (glasses badge)",
                 "operator_body": "body badge", "patient": "patient"}
ORGAN_SHORT = {"effective": "body", "eye_lens": "eye", "extremities": "hand", "thyroid": "thyroid", "neck": "neck"}
CENTRAL_STATISTICS = ("mean", "median", "weighted_mean", "central_value", "point_estimate")


def dose_basis(unit) -> str | None:
    """What one printed dose refers to: 'per procedure', 'per level', 'per minute', 'per year' or
    'per exam'; a bare unit ("mSv") is the study's per-procedure value; None when not a dose unit."""
    if not isinstance(unit, str) or pd.isna(to_msv(1.0, unit)):
        return None
    words = unit.split(maxsplit=1)
    if len(words) == 1:
        return "per procedure"
    rest = words[1].strip().lower()
    if rest.startswith("per "):
        return {"min": "per minute", "minute": "per minute"}.get(rest[4:], rest)
    return None


def row_number(index) -> int:
    """The spreadsheet row of a DataFrame index from ``data.load()`` (row 1 = first data row)."""
    return int(index) + 1


def operator_dose_rows(radiation: pd.DataFrame) -> pd.DataFrame:
    """Operator doses per procedure (or per treated level) that convert to mSv, one row each, with
    the conversion shown: value and unit as printed, ``msv_each`` after :func:`to_msv`, the organ
    whose limit applies (``limit_organ``; empty for thyroid and neck) and a short ``label``."""
    rows = radiation[radiation["who"].str.startswith("operator")].copy()
    rows["basis"] = rows["unit"].map(dose_basis)
    rows = rows[rows["basis"].isin(["per procedure", "per level"])].copy()
    rows["msv_each"] = to_msv(rows["value"], rows["unit"])
    rows = rows[rows["msv_each"].notna()]
    rows.insert(0, "row", [row_number(i) for i in rows.index])
    rows["organ"] = [NO_LIMIT_QUANTITIES.get(q, LIMIT_ORGAN_OF_WEARER[w]) for w, q in zip(rows["who"], rows["quantity"])]
    rows["limit_organ"] = [None if q in NO_LIMIT_QUANTITIES else LIMIT_ORGAN_OF_WEARER[w]
                           for w, q in zip(rows["who"], rows["quantity"])]
    rows["protection"] = [_protection(note, quote) for note, quote in zip(rows["note"], rows["quote"])]
    # Short enough for a dropdown: row, organ, source (the figure's title names the procedure).
    rows["label"] = [f"Row {r} · {ORGAN_SHORT[o]} · {s}{pr.replace('with protection', 'protected').replace('no protection', 'unprotected')}"
                     for r, o, pr, s in zip(rows["row"], rows["organ"], rows["protection"], rows["source_id"])]
    return rows


def occupational_limits(limits: pd.DataFrame) -> pd.DataFrame:
    """Current annual limits for workers, converted to mSv per year, organ names unified to
    effective / eye_lens / extremities (superseded limits and other organs left out)."""
    rows = limits[(limits["who"] == "worker") & (limits["kind"] == "limit")
                  & limits["organ"].isin(LIMIT_ORGAN_SPELLINGS)].copy()
    rows["limit_organ"] = rows["organ"].map(LIMIT_ORGAN_SPELLINGS)
    rows["msv_per_year"] = to_msv(rows["value"], rows["unit"])
    rows["row"] = [row_number(i) for i in rows.index]
    return rows


def reference_doses(limits: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Patient-side yardsticks from ``limits.csv`` in mSv: ``chest_xray`` (per exam) and
    ``background`` (natural background, per year), each with its source columns."""
    refs = limits[limits["kind"] == "reference"].copy()
    refs["msv"] = to_msv(refs["value"], refs["unit"])
    refs["row"] = [row_number(i) for i in refs.index]
    chest = refs[refs["quote"].str.contains("Chest x-ray", case=False) & (refs["who"] == "patient")]
    background = refs[refs["kind_detail"].str.contains("background", case=False) & (refs["who"] == "public")]
    return {"chest_xray": chest, "background": background}


def annual_operator_dose(msv_each: float, procedures_per_week: float, working_weeks: float = WORKING_WEEKS) -> float:
    """Annual dose in mSv: dose per procedure (mSv) × procedures per week × working weeks."""
    return float(msv_each) * float(procedures_per_week) * float(working_weeks)


def annual_dose_of_row(radiation: pd.DataFrame, row: int, procedures_per_week: float,
                       working_weeks: float = WORKING_WEEKS) -> float:
    """The calculator for one row of ``radiation.csv`` (spreadsheet numbering), in mSv per year."""
    record = radiation.loc[row - 1]
    msv_each = to_msv(record["value"], record["unit"])
    if pd.isna(msv_each) or dose_basis(record["unit"]) not in ("per procedure", "per level"):
        raise ValueError(f"radiation.csv row {row} ({record['unit']}) is not a dose per procedure in Sv or rem units")
    return annual_operator_dose(msv_each, procedures_per_week, working_weeks)


def limits_for(organ: str | None, occupational: pd.DataFrame) -> pd.DataFrame:
    """The occupational limits for one organ (empty when the organ has none)."""
    return occupational[occupational["limit_organ"] == organ] if organ else occupational.iloc[0:0]


def percent_of_limit(annual_msv: float, limit_msv: float) -> float:
    """Annual dose as a percentage of a limit of the same organ and quantity."""
    return 100.0 * float(annual_msv) / float(limit_msv)


def procedure_family(procedure: str) -> str:
    """A coarse family for a procedure description in ``radiation.csv``, used to put a patient's
    dose next to an operator's for the same kind of procedure."""
    text = procedure.lower()
    for words, family in ((("endoscopic",), "endoscopic discectomy"),
                          (("transforaminal", "tfesi", "perineural"), "lumbar transforaminal / perineural injection"),
                          (("vertebroplasty", "kyphoplasty"), "vertebral augmentation"),
                          (("discography",), "discography"),
                          (("mixed spinal",), "mixed spinal pain procedures")):
        if any(word in text for word in words):
            return family
    return "other"


def patient_effective_doses(radiation: pd.DataFrame) -> pd.DataFrame:
    """Patients' effective doses per procedure under fluoroscopy (central values only), in mSv,
    with a ``family`` from :func:`procedure_family`. Phantom, CT and add-on doses are left out."""
    rows = radiation[(radiation["who"] == "patient") & (radiation["quantity"] == "effective_dose_mSv")
                     & radiation["statistic"].isin(CENTRAL_STATISTICS)
                     & radiation["guidance"].str.contains("fluoroscopy", case=False)
                     & ~radiation["procedure"].str.contains("phantom", case=False)].copy()
    rows["msv"] = to_msv(rows["value"], rows["unit"])
    rows["family"] = rows["procedure"].map(procedure_family)
    rows.insert(0, "row", [row_number(i) for i in rows.index])
    return rows


def chest_xray_equivalents(dose_msv: float, chest_xray_msv: float) -> float:
    """How many chest X-rays (PA) give the same effective dose."""
    return float(dose_msv) / float(chest_xray_msv)


def background_days(dose_msv: float, background_msv_per_year: float) -> float:
    """Days of natural background radiation that give the same effective dose."""
    return float(dose_msv) / float(background_msv_per_year) * DAYS_PER_YEAR


def _protection(note, quote) -> str:
    """', no protection' / ', with protection' when the row's note or quote says so, else ''."""
    note = "" if pd.isna(note) else str(note).lower()
    quote = "" if pd.isna(quote) else str(quote).lower()
    if note.startswith("with protective") or (not note.startswith("without") and quote.endswith("with protection")):
        return ", with protection"
    if note.startswith("without protective") or "without protective" in quote:
        return ", no protection"
    return ""


def short_procedure(procedure: str, width: int = 30) -> str:
    """A procedure description shortened for labels (common abbreviations, then clipped)."""
    text = procedure
    for long, short in (("lumbar transforaminal epidural steroid injection", "lumbar TFESI"),
                        ("transforaminal epidural steroid injection", "TFESI"), ("epidural steroid injection", "ESI"),
                        ("percutaneous vertebroplasty", "vertebroplasty"), ("(per level, meta-analysis)", "per level"),
                        ("mixed spinal interventional pain procedures", "mixed procedures"),
                        ("single level (one fluoroscope)", "1 C-arm"), ("single level (two fluoroscopes)", "2 C-arms"),
                        ("(1-mL syringe group)", "1-mL syringes"), ("(bone cement injector group)", "cement injector"),
                        ("(CT + fluoroscopy dual guidance)", "CT + fluoro"), ("(physician group ", "(group "),
                        ("transforaminal endoscopic lumbar discectomy", "TF endoscopic discectomy"),
                        ("interlaminar endoscopic lumbar discectomy", "IL endoscopic discectomy"),
                        ("lumbar transforaminal ESI", "lumbar TFESI"), ("medial branch block", "MBB"),
                        ("spinal cord stimulator trial", "SCS trial"), ("percutaneous lead placement/mapping", "leads, mapping"),
                        ("kyphoplasty/vertebroplasty", "KP/VP"), ("lumbar perineural/epidural injection", "lumbar perineural inj."),
                        (" and facet joint blocks (pooled)", " + facet blocks"), ("caudal/interlaminar epidural injection", "caudal/IL epidural")):
        text = text.replace(long, short)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


EXPOSURE_PANELS = {
    "time": "Fluoroscopy time (s)",
    "patient_effective": "Patient effective dose (mSv)",
    "operator": "Operator dose per procedure (mSv)",
    "patient_absorbed": "Patient absorbed dose / air kerma (mGy, not an effective dose)",
}
_INTERVAL_ENDS = {"range_low": "low", "interval_low": "low", "iqr_low": "low",
                  "range_high": "high", "interval_high": "high", "iqr_high": "high"}


def guidance_class(guidance: str) -> str:
    """'CT or CT-assisted', 'ultrasound-assisted' or 'fluoroscopy' for a guidance description."""
    if "CT" in guidance:
        return "CT or CT-assisted"
    if "ultrasound" in guidance.lower():
        return "ultrasound-assisted"
    return "fluoroscopy"


def exposure_table(radiation: pd.DataFrame) -> pd.DataFrame:
    """One row per reported value (a study's central value, optionally with its printed interval,
    or an interval alone), in four panels that never share an axis: fluoroscopy time in seconds
    (minutes × 60), patient effective dose in mSv, operator dose per procedure in mSv, patient
    absorbed dose or air kerma in mGy. Conversions: :func:`to_msv` for Sv and rem units."""
    rad = radiation.copy()
    rad["row"] = [row_number(i) for i in rad.index]
    first_word = rad["unit"].str.split().str[0]
    panel = pd.Series(None, index=rad.index, dtype=object)
    panel[rad["quantity"].str.startswith("fluoro_time")] = "time"
    panel[(rad["who"] == "patient") & rad["quantity"].isin(["effective_dose_mSv", "incremental_effective_dose_uSv"])] = "patient_effective"
    panel[rad.index.isin(operator_dose_rows(radiation).index)] = "operator"
    panel[(rad["who"] == "patient") & (first_word == "mGy")] = "patient_absorbed"
    rad["panel"] = panel
    rad = rad[rad["panel"].notna()].copy()
    seconds = rad["value"] * first_word.loc[rad.index].map({"s": 1.0, "min": 60.0})
    msv = to_msv(rad["value"], rad["unit"])
    rad["shown"] = seconds.where(rad["panel"] == "time", msv.where(rad["panel"].isin(["patient_effective", "operator"]), rad["value"]))
    rad["guidance_class"] = rad["guidance"].map(guidance_class)
    rad["organ"] = [NO_LIMIT_QUANTITIES.get(q, LIMIT_ORGAN_OF_WEARER.get(w, "patient")) for w, q in zip(rad["who"], rad["quantity"])]

    keys = ["panel", "source_id", "procedure", "quantity", "guidance", "who"]
    items = []
    for _, group in rad.groupby(keys, sort=False):
        records = list(group.itertuples())
        ends = {_INTERVAL_ENDS[r.statistic]: r for r in records if r.statistic in _INTERVAL_ENDS}
        low, high = ends.get("low"), ends.get("high")
        centrals = [r for r in records if r.statistic in CENTRAL_STATISTICS]
        for r in centrals:
            items.append(_exposure_item(r, r.statistic, r.shown, low, high))
        if ends and not centrals:
            items.append(_exposure_item(low or high, "interval only", float("nan"), low, high))
        for r in records:  # e.g. an upper bound ("less than"): its own value, never paired with a range
            if r.statistic not in CENTRAL_STATISTICS and r.statistic not in _INTERVAL_ENDS:
                items.append(_exposure_item(r, r.statistic, r.shown, None, None))
    return pd.DataFrame(items)


def _exposure_item(r, statistic, shown, low, high) -> dict:
    nan = float("nan")
    return {
        "panel": r.panel, "row": r.row, "procedure": r.procedure, "who": r.who, "organ": r.organ,
        "guidance": r.guidance, "guidance_class": r.guidance_class, "quantity": r.quantity,
        "statistic": statistic, "value": r.value, "unit": r.unit, "shown": shown,
        "shown_low": low.shown if low is not None else nan, "shown_high": high.shown if high is not None else nan,
        "n_procedures": r.n_procedures, "source_id": r.source_id, "source_location": r.source_location,
        "quote": r.quote, "note": r.note,
    }
