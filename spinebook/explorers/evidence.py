"""Chapter 4 explorers: the modality evidence, ultrasound vs fluoroscopy.

Every table an explorer needs is computed once in its factory; the figure functions only filter
and draw, so one update stays within the latency budget."""

from __future__ import annotations

import html
from dataclasses import dataclass

from spinebook import synthesis
from spinebook.figures.evidence import (FAMILY_LABELS, evidence_map_figure, evidence_map_table, map_studies, noninferiority_figure,
                                       published_vs_ours_figure)
from spinebook.figures.forest import estimator_choice, forest_figure
from spinebook.meta import MEASURES
from spinebook.widgets import Control, EmptySelection, Explorer

@dataclass(frozen=True)
class ForestChoice:
    """One outcome of the forest explorer. ``source`` "arms": effects computed from the per-arm
    rows of data/outcomes.csv, with an unlabelled "±" read as ``plus_minus`` ("sd" or "se");
    "printed": generic inverse variance of the effects single studies print with a CI
    (data/pooled.csv), ``measure`` saying which."""

    label: str
    outcome: str
    timepoint: str
    source: str = "arms"
    plus_minus: str = "sd"
    measure: str | None = None

    def table(self, data):
        if self.source == "printed":
            return synthesis.printed_effects(data["pooled"], self.outcome, self.measure)
        return synthesis.effect_table(data["outcomes"], self.outcome, self.timepoint, plus_minus=self.plus_minus)


#: The forest explorer's outcomes. The last one has no per-arm data on purpose: it is the
#: outcome of the published meta-analysis (Viderman 2023).
FOREST_CHOICES = [
    ForestChoice("Procedure time", "procedure_time", "procedure"),
    ForestChoice("Time, ± as SE", "procedure_time", "procedure", plus_minus="se"),
    ForestChoice("Success (printed)", "success", "procedure", source="printed", measure="RD"),
    ForestChoice("Pain, 3 months", "pain_score", "3m"),
    ForestChoice("ODI", "odi", "any"),
]
#: REML, DerSimonian–Laird, Paule–Mandel, fixed effect (short labels: they sit on buttons).
ESTIMATORS = [("REML", "REML"), ("DL", "DL"), ("PM", "PM"), ("FE", "FE")]
#: Leave-one-out offers "none" plus one option per study position, up to this many.
MAX_LEAVE_ONE_OUT = 5


#: Short procedure-family labels for the evidence map's slider (the title gives the full name).
FAMILY_SHORT = {"injection_epidural": "Epidural", "facet_mbb": "Facet/MBB", "sij": "SIJ", "nerve_root": "Nerve root",
                "ablation": "RFA", "disc": "Disc", "endoscopic": "Endoscopic", "mixed": "Mixed", "other": "Other"}


def evidence_map(data) -> Explorer:
    """Every study the search included (``records``) and the reviews of ``studies``: procedure
    family × design × year × size, filtered by design (buttons) and procedure family (slider)."""
    studies = evidence_map_table(map_studies(data["records"], data["studies"]))
    families = [("All", "all")] + [
        (FAMILY_SHORT.get(code, code), code) for code in FAMILY_LABELS if code in set(studies["procedure_family"])
    ]
    designs = [("Comparative", "primary"), ("RCTs", "rct"), ("Accuracy & cadaver", "accuracy"),
               ("Registered", "registered"), ("Reviews", "reviews")]
    return Explorer(
        lambda family, design: evidence_map_figure(studies, family, design),
        [Control("design", "Design", designs, "buttons"), Control("family", "Procedure", families, "slider")],
        title="Evidence map",
    )


def forest(data) -> Explorer:
    """Our synthesis of one outcome: estimator × HKSJ × leave-one-out, single-study and empty
    cases shown as such, each saying which choices it ignores and why (nothing to pool)."""
    tables = {i: choice.table(data) for i, choice in enumerate(FOREST_CHOICES)}
    k_max = max(1, min(MAX_LEAVE_ONE_OUT, max(len(t) for t in tables.values())))
    omit_options = [("None", 0)] + [(f"Omit study {i}", i) for i in range(1, k_max + 1)]
    omit_labels = {value: label.lower() for label, value in omit_options}
    reasons = {(g.outcome, g.timepoint): g.reasons for g in synthesis.poolability(data["outcomes"]).itertuples()}

    def figure(choice, method, hksj, omit):
        spec = FOREST_CHOICES[choice]
        label = spec.label
        info = synthesis.outcome_info(spec.outcome)
        measure_code = spec.measure or info.measure
        table = tables[choice]
        chosen = estimator_choice(method, hksj)
        if table.empty:
            why = reasons.get((spec.outcome, spec.timepoint)) or "data/outcomes.csv has no per-arm rows for it"
            raise EmptySelection(f"{label}: nothing to pool or re-compute.<br>{html.escape(why[:160])}"
                                 f"<br>{chosen} · Leave one out: {omit_labels[omit]}. With no study, none of these changes anything.")
        omitted = None
        if omit:
            if omit > len(table):
                raise EmptySelection(f"{label}: there is no study {omit} to leave out (k = {len(table)})."
                                     f"<br>{chosen}. Leave out one of studies 1 to {len(table)}, or none, to see them applied.")
            omitted = table["study_id"].iloc[omit - 1]
        pooled_table, result = synthesis.pool_group(table, method, hksj, omitted)
        if result is None:
            raise EmptySelection(f"{label}: leaving out {omitted}, the only usable study, leaves nothing to pool."
                                 f"<br>{chosen}. With no study left, neither changes anything.")
        measure = MEASURES[measure_code]
        axis = measure.label + (" (US / FL)" if measure.ratio else " (US − FL)")
        if spec.source == "printed":
            axis = "Risk difference, percentage points (US − FL)" if measure_code == "RD" else axis
            title = f"{label}: {measure_code} as printed, SE from each CI (generic inverse variance)"
        else:
            title = f"{label}: {measure_code}" + (", ± read as SE (sensitivity)" if spec.plus_minus == "se" else "")
        title += f", without {omitted}" if omitted else ""
        return forest_figure(pooled_table, result, axis, log_scale=measure.ratio, title=title,
                             lower_favours="ultrasound" if info.higher_is_worse else "fluoroscopy")

    return Explorer(
        figure,
        [Control("choice", "Outcome", [(choice.label, i) for i, choice in enumerate(FOREST_CHOICES)], "buttons"),
         Control("method", "Estimator", ESTIMATORS, "buttons"),
         Control("hksj", "HKSJ interval", [("Off", False), ("On", True)], "buttons"),
         Control("omit", "Leave one out", omit_options, "buttons")],
        title="Our synthesis",
    )


def published_vs_ours(data) -> Explorer:
    """Published pooled and single-study estimates beside what the per-arm data reproduce."""
    comparison = synthesis.published_vs_ours(data["pooled"], data["outcomes"], data["studies"])
    ours = synthesis.our_results(data["outcomes"])
    return Explorer(
        lambda scale: published_vs_ours_figure(comparison, ours, scale),
        [Control("scale", "Scale", [("SMD", "SMD"), ("Ratio", "ratio"), ("RD (pp)", "RD"), ("MD (min)", "MD")], "buttons")],
        title="Published vs ours",
    )


def noninferiority(data) -> Explorer:
    """Margin slider → verdict per outcome, from each published or computed CI."""
    ours = synthesis.our_results(data["outcomes"])
    tables = [synthesis.noninferiority_table(data["pooled"], ours, step)
              for step in range(len(synthesis.NI_MARGINS))]
    steps = [(f"{smd:g} SD · {rd:g} pp · RR {rr:.2f}", i) for i, (smd, rd, rr) in enumerate(synthesis.NI_MARGINS)]
    scales = [("SMD", "SMD"), ("RD (pp)", "RD"), ("RR", "RR")]
    position = {"SMD": 0, "RD": 1, "RR": 2}

    def figure(scale, step):
        margin = synthesis.NI_MARGINS[step][position[scale]]
        return noninferiority_figure(tables[step], scale, margin)

    return Explorer(
        figure,
        [Control("scale", "Outcome scale", scales, "buttons"),
         Control("step", "Margin", steps, "slider", default=1)],
        title="Non-inferiority",
    )


__all__ = ["evidence_map", "forest", "published_vs_ours", "noninferiority", "placement_accuracy", "directions"]


def placement_accuracy(data) -> Explorer:
    """How often an ultrasound-guided needle was where it should be, as checked by fluoroscopy,
    CT or dissection: every study in ``records`` that prints the count, pooled as proportions
    (logit, REML or DerSimonian–Laird), beside Ashmore 2022's pooled misplacement."""
    from spinebook.figures.accuracy import CHECKS, TARGETS, accuracy_figure, accuracy_table

    table = accuracy_table(data["records"])
    pooled = data["pooled"]
    ashmore = pooled[(pooled["study_id"] == "ashmore_2022") & (pooled["outcome"] == "incorrect_placement")]
    references = {}
    for row in ashmore.itertuples():
        check = "ct" if "CT" in row.analysis else "fluoroscopy"
        what = "facet joint injections" if "facet joint" in row.analysis else "medial branch blocks"
        references[("lumbar_facet_mbb", check)] = {
            "correct": 1 - row.estimate / 100,
            "label": f"Ashmore 2022: {row.estimate:g} % incorrect ({what}, {int(row.k_studies)} studies)"}
    return Explorer(
        lambda target, check, cadavers, method: accuracy_figure(table, target, check, cadavers, method,
                                                                 references.get((target, check))),
        [Control("target", "Target", [(TARGETS[t][0], t) for t in TARGETS], "dropdown"),
         Control("check", "Checked by", [("Fluoroscopy", "fluoroscopy"), ("CT", "ct"), ("Any", "any")], "buttons"),
         Control("cadavers", "Studies", [("Patients", False), ("Patients and cadavers", True)], "buttons"),
         Control("method", "Model", [("REML", "REML"), ("DL", "DL")], "buttons")],
        title="Placement accuracy of ultrasound-guided needles",
    )


def directions(data) -> Explorer:
    """What the comparative abstracts say, outcome by outcome (direction of effect and
    significance as printed), for all studies, ultrasound-alone vs fluoroscopy, or its RCTs."""
    from spinebook.figures.directions import STUDY_SETS, direction_figure, direction_table

    table = direction_table(data["directions"], data["records"])
    return Explorer(
        lambda studies: direction_figure(table, studies),
        [Control("studies", "Studies", [(label, code) for code, (label, _) in STUDY_SETS.items()], "buttons")],
        title="Direction of effect",
    )
