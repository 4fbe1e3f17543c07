"""Chapter 3 explorers: the procedure catalogue, fluoroscopy exposure and the occupational dose
calculator. Tables are prepared once here; each figure call only filters and draws."""

from spinebook import radiation
from spinebook.figures.interventions import (FAMILY_LABELS, FAMILY_SHORT, catalogue_figure,
                                             dose_calculator_figure, exposure_figure)
from spinebook.widgets import Control, Explorer

PROCEDURES_PER_WEEK = (5, 15, 30)


def catalogue(data) -> Explorer:
    """Procedures by family and by ultrasound feasibility (8 × 3 states)."""
    interventions = data["interventions"]
    families = [("All families", "all")] + [(FAMILY_SHORT.get(key, label), key) for key, label in FAMILY_LABELS.items()
                                            if key in set(interventions["category"])]
    feasibility = [("All", "all"), ("Yes or limited", "yes_or_limited"), ("No or unknown", "no_or_unknown")]
    return Explorer(
        lambda family, feasibility: catalogue_figure(interventions, family, feasibility),
        [Control("family", "Family", families, "dropdown"), Control("feasibility", "Ultrasound feasible", feasibility, "buttons")],
        title="Procedure catalogue",
    )


def exposure(data) -> Explorer:
    """Reported fluoroscopy time and doses per procedure, one quantity (and unit) at a time; colour
    shows the guidance (fluoroscopy, CT) or, for operators, the dosimeter's organ (4 states)."""
    table = radiation.exposure_table(data["radiation"])
    panels = [(label.split(" (")[0].replace(" per procedure", ""), key) for key, label in radiation.EXPOSURE_PANELS.items()]
    return Explorer(
        lambda quantity: exposure_figure(table, quantity),
        [Control("quantity", "Quantity", panels, "dropdown")],
        title="Exposure per procedure",
    )


def dose_calculator(data, working_weeks: int = radiation.WORKING_WEEKS) -> Explorer:
    """Annual operator dose from one reported dose per procedure, against the limits for the same
    organ, and the patient's dose per procedure (dose rows × procedures per week states)."""
    operator_rows = radiation.operator_dose_rows(data["radiation"])
    occupational = radiation.occupational_limits(data["limits"])
    patients = radiation.patient_effective_doses(data["radiation"])
    references = radiation.reference_doses(data["limits"])
    # Offered: doses with a limit for the same organ (not thyroid or neck) and above zero (a badge
    # under the apron that read 0 gives 0 at any caseload; the chapter discusses those rows).
    comparable = operator_rows[operator_rows["limit_organ"].notna() & (operator_rows["msv_each"] > 0)]
    rows = [(label, int(row)) for label, row in zip(comparable["label"], comparable["row"])]
    first_eye = int(operator_rows.loc[operator_rows["organ"] == "eye_lens", "row"].iloc[0])
    return Explorer(
        lambda row, per_week: dose_calculator_figure(operator_rows, occupational, patients, references, row, per_week, working_weeks),
        [Control("row", "Dose source (radiation.csv row)", rows, "dropdown", default=first_eye),
         Control("per_week", "Procedures per week", list(PROCEDURES_PER_WEEK), "slider", default=PROCEDURES_PER_WEEK[1])],
        title="Occupational dose calculator",
    )
