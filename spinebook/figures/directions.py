"""The direction of effect, outcome by outcome: what the comparative abstracts say when their
numbers cannot be pooled (Cochrane Handbook 12.2.2 and 12.3.2: synthesis and plots by direction
of effect, in the spirit of the effect-direction plot of Thomson & Thomas 2013).

One horizontal bar per outcome; each study is counted once per outcome, in one of five
categories: ultrasound better with a significant test, ultrasound better without one (not
significant or no test printed), no significant difference with the direction not printed (or
non-inferiority shown), fluoroscopy better without a significant test, fluoroscopy better with
one. Pure functions: a DataFrame in, a table or a figure out.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from spinebook.evidence_search import record_label
from spinebook.figures.theme import COLORS, OKABE_ITO, base_layout, for_phones
from spinebook.widgets import EmptySelection

#: Outcome code → label, in the order the bars are drawn (top to bottom): how the procedure went,
#: then what the patient felt.
OUTCOME_LABELS = {
    "accuracy": "Accuracy or technical success",
    "procedure_time": "Procedure time",
    "needle_passes": "Needle passes or attempts",
    "radiation": "Radiation dose or shots",
    "complications": "Complications",
    "pain": "Pain (or treatment success)",
    "function": "Function (ODI, NDI)",
}
#: Short labels for a phone's narrow column.
OUTCOME_SHORT = {"accuracy": "Accuracy", "procedure_time": "Time", "needle_passes": "Passes", "radiation": "Radiation",
                 "complications": "Complications", "pain": "Pain", "function": "Function"}

#: Category code → (legend label, colour), left to right.
CATEGORIES = {
    "us_significant": ("Ultrasound better, significant", COLORS["ultrasound"]),
    "us_not_significant": ("Ultrasound better, not significant or untested", OKABE_ITO["sky_blue"]),
    "no_difference": ("No significant difference (direction not printed) or non-inferior", COLORS["neutral"]),
    "fl_not_significant": ("Fluoroscopy better, not significant or untested", OKABE_ITO["orange"]),
    "fl_significant": ("Fluoroscopy better, significant", COLORS["fluoroscopy"]),
}

#: Count labels drawn on each bar: white on the dark blue, black on the others (≥ 4.5:1 on the bar).
ON_BAR_TEXT = {"us_significant": "#ffffff", "us_not_significant": "#000000", "no_difference": "#000000",
               "fl_not_significant": "#000000", "fl_significant": "#000000"}

#: Legend labels for a phone's narrow column.
CATEGORY_SHORT = {"us_significant": "US better, significant", "us_not_significant": "US better, n.s. or untested",
                  "no_difference": "No significant difference", "fl_not_significant": "FL better, n.s. or untested",
                  "fl_significant": "FL better, significant"}

#: The explorer's study sets: code → (button label, description for the title).
STUDY_SETS = {
    "all": ("All", "every comparative study"),
    "fluoroscopy": ("US vs FL only", "ultrasound alone vs fluoroscopy"),
    "rct": ("RCTs, US vs FL", "randomised trials of ultrasound alone vs fluoroscopy"),
}


def category(significance: str, better_arm: str) -> str:
    """The five-way category of one row of data/directions.csv."""
    if better_arm == "not_printed" or significance == "noninferiority_shown":
        return "no_difference"
    side = "us" if better_arm == "ultrasound" else "fl"
    return f"{side}_significant" if significance == "significant" else f"{side}_not_significant"


def direction_table(directions: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """``directions`` with ``category`` and a readable ``study`` ("Cui 2022") from ``records``."""
    by_id = records.set_index("record_id", drop=False)
    out = directions.copy()
    out["category"] = [category(s, b) for s, b in zip(out["significance"], out["better_arm"])]
    out["study"] = [record_label(by_id.loc[r]) for r in out["record_id"]]
    return out


def select(table: pd.DataFrame, studies: str) -> pd.DataFrame:
    """The rows of one of :data:`STUDY_SETS`."""
    if studies not in STUDY_SETS:
        raise ValueError(f"unknown study set {studies!r}; use one of {', '.join(STUDY_SETS)}")
    if studies == "all":
        return table
    rows = table[table["comparator"] == "fluoroscopy"]
    return rows[rows["design"] == "rct"] if studies == "rct" else rows


def direction_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Studies per outcome (rows, in :data:`OUTCOME_LABELS` order) × category (columns)."""
    counts = pd.crosstab(table["outcome"], table["category"])
    return counts.reindex(index=[o for o in OUTCOME_LABELS if o in counts.index],
                          columns=list(CATEGORIES), fill_value=0)


def direction_figure(table: pd.DataFrame, studies: str = "all") -> go.Figure:
    """Stacked bars of :func:`direction_counts` for one study set; hovering a segment lists its
    studies (with their p values as printed)."""
    rows = select(table, studies)
    label, what = STUDY_SETS[studies]
    if rows.empty:
        raise EmptySelection(f"No {what} in data/directions.csv.")
    counts = direction_counts(rows)
    outcomes = list(counts.index)
    fig = go.Figure(layout=base_layout(f"What the abstracts say, outcome by outcome: {what} "
                                       f"({rows['record_id'].nunique()} studies)", height=470))
    for code, (name, colour) in CATEGORIES.items():
        hover = []
        for outcome in outcomes:
            cell = rows[(rows["outcome"] == outcome) & (rows["category"] == code)]
            listed = "<br>".join(f"{s}" + (f" (p {p})" if isinstance(p, str) and p else "")
                                 for s, p in zip(cell["study"], cell["p_printed"]))
            hover.append(f"<b>{OUTCOME_LABELS[outcome]}</b><br>{name}: {len(cell)}<br>{listed}")
        fig.add_trace(go.Bar(
            y=[OUTCOME_LABELS[o] for o in outcomes], x=counts[code].tolist(), name=name, orientation="h",
            marker=dict(color=colour), hovertext=hover, hoverinfo="text",
            text=[str(v) if v else "" for v in counts[code]], textposition="inside", insidetextanchor="middle",
            textangle=0, textfont=dict(color=ON_BAR_TEXT[code]),
        ))
    fig.update_layout(
        barmode="stack",
        xaxis=dict(title="Studies (each counted once per outcome)", rangemode="tozero", nticks=10),
        yaxis=dict(autorange="reversed", automargin=True),
        legend=dict(orientation="h", yanchor="top", y=-0.2, x=0, traceorder="normal"),
        margin=dict(l=10, r=20, t=60, b=150),
    )
    return for_phones(fig, layout=dict(margin=dict(l=10, r=10, t=60, b=190), legend=dict(y=-0.22),
                                       xaxis=dict(title="Studies", nticks=5)),
                      data=[dict(y=[OUTCOME_SHORT[o] for o in outcomes], name=CATEGORY_SHORT[code]) for code in CATEGORIES])
