"""Chapter 5 explorers: the summary-of-findings table and the practice scenario. Tables are
prepared once here; each figure call only filters (or looks up) and draws."""

from spinebook import findings
from spinebook.figures.conclusion import scenario_figure, sof_view
from spinebook.widgets import Control, Explorer

PROCEDURES_PER_WEEK = (5, 15, 30)
SHARES_TO_ULTRASOUND = (0.25, 0.5, 1.0)


def summary_of_findings(data) -> Explorer:
    """The summary-of-findings table (HTML) filtered by procedure family and outcome group (9 × 4 states)."""
    table = findings.summary_of_findings(data["studies"], data["outcomes"], data["pooled"])
    families = [("All families", "all")] + [(label, key) for key, label in findings.FAMILY_LABELS.items()]
    groups = [("All outcomes", "all")] + [(label, key) for key, label in findings.OUTCOME_GROUPS.items()]
    return Explorer(
        lambda family, group: sof_view(table, family, group),
        [Control("family", "Procedure family", families, "dropdown"), Control("group", "Outcome", groups, "buttons")],
        title="Summary of findings", view="html",
    )


def practice_scenario(data) -> Explorer:
    """A clinic's year: procedure × procedures per week × share switched to ultrasound
    (4 × 3 × 3 states), each state's radiation, time and price traced to its data rows."""
    prices = findings.equipment_prices(data["costs"])
    args = (data["outcomes"], data["pooled"], data["radiation"], data["limits"])
    rows_by_procedure = {}

    def figure(procedure, per_week, share):
        if procedure not in rows_by_procedure:
            rows_by_procedure[procedure] = findings.scenario_rows(findings.PROCEDURE_BY_KEY[procedure], *args)
        result = findings.scale_scenario(rows_by_procedure[procedure], per_week, share)
        return scenario_figure(result, prices, per_week, share)

    return Explorer(
        figure,
        [Control("procedure", "Procedure", [(p.label, p.key) for p in findings.PROCEDURES], "dropdown"),
         Control("per_week", "Procedures per week", list(PROCEDURES_PER_WEEK), "buttons"),
         Control("share", "Share switched to ultrasound", [(f"{s:.0%}", s) for s in SHARES_TO_ULTRASOUND], "slider",
                 default=0.5)],
        title="Practice scenario",
    )
