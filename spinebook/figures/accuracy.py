"""Placement accuracy of ultrasound-guided needles, checked by fluoroscopy, CT or dissection: one
row per study (the share of placements judged correct, with its exact interval) and the pooled
proportion (logit, REML or DerSimonian–Laird, back-transformed; :mod:`spinebook.proportions`),
beside Ashmore 2022's pooled risk difference of incorrect placement."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from spinebook.evidence_search import record_label
from spinebook.figures.theme import COLORS, TEXT_COLOURS, base_layout, for_phones
from spinebook.proportions import logit_proportions, pool_logits
from spinebook.widgets import EmptySelection

#: Targets an explorer can choose: (label, procedure families, regions or None for any).
TARGETS = {
    "lumbar_facet_mbb": ("Lumbar medial branch / facet", ("facet_mbb",), ("lumbar", "lumbosacral")),
    "cervical_facet_mbb": ("Cervical medial branch / facet", ("facet_mbb",), ("cervical",)),
    "epidural_root": ("Epidural, caudal and nerve root", ("injection_epidural", "nerve_root"), None),
    "sij": ("Sacroiliac joint", ("sij",), None),
}
CHECKS = {"fluoroscopy": ("fluoroscopy",), "ct": ("ct",), "any": ("fluoroscopy", "ct", "mri", "dissection", "unclear")}
#: On a phone the long study labels push the plot right: a shorter axis title.
PHONE_AXIS = {"xaxis": {"title": {"text": "Correct"}}}
CHECK_LABELS = {"fluoroscopy": "checked by fluoroscopy", "ct": "checked by CT", "any": "any reference standard"}


def accuracy_table(records: pd.DataFrame) -> pd.DataFrame:
    """Included records with an ultrasound-arm accuracy count: label, counts, design, target."""
    rows = records[(records["decision"] == "include") & records["accuracy_us_total"].notna()
                   & records["accuracy_us_events"].notna()].copy()
    rows["events"] = rows["accuracy_us_events"].astype(int)
    rows["total"] = rows["accuracy_us_total"].astype(int)
    rows["cadaver"] = rows["design"] == "cadaver"
    rows["label"] = [record_label(r) for r in rows.itertuples()]
    return rows.sort_values(["year", "label"], na_position="last").reset_index(drop=True)


def select(table: pd.DataFrame, target: str, check: str, cadavers: bool) -> pd.DataFrame:
    label, families, regions = TARGETS[target]
    chosen = table[table["procedure_family"].isin(families) & table["verified_by"].isin(CHECKS[check])]
    if regions is not None:
        chosen = chosen[chosen["region"].isin(regions)]
    if not cadavers:
        chosen = chosen[~chosen["cadaver"]]
    return chosen.reset_index(drop=True)


def accuracy_figure(table: pd.DataFrame, target: str, check: str, cadavers: bool, method: str,
                    ashmore: dict | None = None) -> go.Figure:
    chosen = select(table, target, check, cadavers)
    target_label = TARGETS[target][0]
    what = f"{target_label}, {CHECK_LABELS[check]}" + ("" if cadavers else ", patients only")
    if chosen.empty:
        raise EmptySelection(f"No study in the data prints a count of correct ultrasound-guided placements for "
                             f"{what[0].lower() + what[1:]} — so there is nothing for the {method} model to pool.")
    per_study = logit_proportions(chosen["events"], chosen["total"], labels=chosen["label"])
    result = pool_logits(per_study, method=method)
    k = len(chosen)
    y = list(range(k, 0, -1))
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=per_study["proportion"], y=y, mode="markers", name="Study (exact 95 % CI)",
        marker=dict(symbol="square", size=[6 + 10 * math.sqrt(t / per_study["total"].max()) for t in per_study["total"]],
                    color=COLORS["ultrasound"]),
        error_x=dict(type="data", symmetric=False, array=per_study["ci_high"] - per_study["proportion"],
                     arrayminus=per_study["proportion"] - per_study["ci_low"], color=COLORS["ultrasound"], thickness=1.5),
        customdata=list(zip(per_study["events"], per_study["total"], chosen["verified_by"], chosen["design"].str.replace("_", " "))),
        hovertemplate="%{y}<br>%{customdata[0]} of %{customdata[1]} correct (%{x:.0%})<br>checked by %{customdata[2]} · %{customdata[3]}<extra></extra>",
    ))
    tick_text = list(per_study["label"])
    if k >= 2:
        fig.add_trace(go.Scatter(
            x=[result.ci_low, result.estimate, result.ci_high, result.estimate, result.ci_low], y=[0, 0.3, 0, -0.3, 0],
            mode="lines", fill="toself", fillcolor=COLORS["pooled"], line=dict(color=COLORS["pooled"]), name="Pooled (95 % CI)",
            hovertemplate=f"Pooled: {result.estimate:.1%} ({result.ci_low:.1%} to {result.ci_high:.1%})<extra></extra>"))
        tick_text.append(f"Pooled, k = {k}")
        if result.pi_low is not None:
            fig.add_trace(go.Scatter(x=[result.pi_low, result.pi_high], y=[-0.8, -0.8], mode="lines+markers",
                                     marker=dict(symbol="line-ns-open", size=10, color=TEXT_COLOURS["neutral"]),
                                     line=dict(color=TEXT_COLOURS["neutral"], width=2), name="95 % prediction interval",
                                     hovertemplate=f"Prediction interval {result.pi_low:.1%} to {result.pi_high:.1%}<extra></extra>"))
            tick_text.append("95 % PI")
    if ashmore:
        fig.add_vline(x=ashmore["correct"], line=dict(color=COLORS["fluoroscopy"], dash="dash", width=2))
        fig.add_annotation(x=1, xref="paper", y=1, yref="paper", yanchor="bottom", xanchor="right", showarrow=False,
                           text=f"dashed line: {ashmore['label']}", font=dict(color=TEXT_COLOURS["fluoroscopy"], size=12))
    pooled_text = (f"pooled ({method}) {result.estimate:.1%} correct (95 % CI {result.ci_low:.1%} to {result.ci_high:.1%}), "
                   f"I² = {result.i2:.0f} %, τ² = {result.tau2:.3f}" if k >= 2 else
                   f"one study: {int(chosen['events'][0])} of {int(chosen['total'][0])} — nothing for the {method} model to pool")
    layout = base_layout(f"Correct ultrasound-guided placements: {what} — {pooled_text}", height=160 + 34 * (k + 2))
    layout.update(
        xaxis=dict(title="Placements judged correct", tickformat=".0%", range=[max(0, min(per_study["ci_low"].min(), 0.4) - 0.05), 1.02]),
        yaxis=dict(tickvals=y + ([0] if k >= 2 else []) + ([-0.8] if k >= 2 and result.pi_low is not None else []),
                   ticktext=tick_text, range=[-1.3, k + 0.7], automargin=True),
        showlegend=False, margin=dict(l=10, r=20, t=60, b=50),
    )
    fig.update_layout(layout)
    if ashmore:  # on a phone the label wraps above the plot
        phone_note = dict(text=f"dashed: {ashmore['label']}".replace(" (", "<br>("), font=dict(size=11))
        return for_phones(fig, {"annotations": [{**fig.layout.annotations[-1].to_plotly_json(), **phone_note}],
                                "margin": {"t": 70}, **PHONE_AXIS})
    return for_phones(fig, PHONE_AXIS)
