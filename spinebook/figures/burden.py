"""Figures of the burden of low back pain (chapter 1), from the ``burden`` table."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from spinebook.figures.theme import SEQUENCE, base_layout
from spinebook.widgets import EmptySelection

MEASURE_LABELS = {
    "prevalence": "Prevalence",
    "incidence": "Incidence",
    "yld": "Years lived with disability (YLDs)",
    "dalys": "Disability-adjusted life years (DALYs)",
}
METRIC_LABELS = {"count": "Number (all ages)", "rate_age_standardized": "Age-standardized rate"}
MILLION = 1_000_000


def burden_trend_table(burden: pd.DataFrame, measure: str, metric: str, location: str = "Global", sex: str = "both") -> pd.DataFrame:
    """Single-year values of one measure and metric, one location and sex, all ages or age-standardized."""
    age = "all_ages" if metric == "count" else "age_standardized"
    rows = burden[
        (burden["measure"] == measure)
        & (burden["metric"] == metric)
        & (burden["location"] == location)
        & (burden["sex"] == sex)
        & (burden["age_group"] == age)
        & burden["period_start"].isna()
    ]
    # A second copy of the same abstract confirms a number; it is one point, not two.
    return rows.drop_duplicates(["gbd_round", "source_id", "year", "value"]).sort_values(["gbd_round", "source_id", "year"])


def burden_trend_figure(burden: pd.DataFrame, measure: str, metric: str, location: str = "Global", sex: str = "both") -> go.Figure:
    """Burden over time: one line per GBD round and source (rounds must not be joined), uncertainty
    intervals as error bars where the source gives them, projections drawn open."""
    rows = burden_trend_table(burden, measure, metric, location, sex)
    title = f"{MEASURE_LABELS.get(measure, measure)}: {METRIC_LABELS.get(metric, metric).lower()}, {location}"
    if rows.empty:
        raise EmptySelection(f"No {METRIC_LABELS.get(metric, metric).lower()} of {measure} for {location} in the data.")

    scale, unit_label = _scale(rows, metric)
    fig = go.Figure(layout=base_layout(title))
    for n, ((gbd_round, source_id), group) in enumerate(rows.groupby(["gbd_round", "source_id"], sort=True)):
        value = group["value"] / scale
        has_ui = group["ui_low"].notna() & group["ui_high"].notna()
        fig.add_trace(go.Scatter(
            x=group["year"], y=value,
            mode="lines+markers",
            name=f"{gbd_round} · {source_id}",
            line=dict(color=SEQUENCE[n % len(SEQUENCE)], width=2),
            marker=dict(size=10, symbol=["circle-open" if p else "circle" for p in group["projection"]]),
            error_y=dict(type="data", symmetric=False,
                         array=((group["ui_high"] - group["value"]) / scale).where(has_ui).tolist(),
                         arrayminus=((group["value"] - group["ui_low"]) / scale).where(has_ui).tolist(),
                         visible=bool(has_ui.any())),
            customdata=list(zip(_ui_text(group, scale), group["source_location"].map(_escape), group["quote"].map(_escape))),
            hovertemplate=(f"<b>%{{x}}</b>: %{{y:,.1f}} {unit_label}%{{customdata[0]}}<br>"
                           f"{gbd_round} · source: {source_id}, %{{customdata[1]}}<br>“%{{customdata[2]}}”<extra></extra>"),
        ))
    fig.update_layout(
        xaxis=dict(title="Year (open marker: projection)", dtick=10),
        yaxis=dict(title=unit_label, rangemode="tozero"),
        legend=dict(title="GBD round · source", orientation="h", y=-0.25),
    )
    return fig


def _scale(rows: pd.DataFrame, metric: str) -> tuple[float, str]:
    unit = rows["unit"].dropna().iloc[0] if rows["unit"].notna().any() else ""
    if metric == "count":
        return MILLION, f"million {unit}".strip()
    return 1.0, unit


def _ui_text(group: pd.DataFrame, scale: float) -> list[str]:
    return [
        f" (95 % UI {lo / scale:,.1f}–{hi / scale:,.1f})" if pd.notna(lo) and pd.notna(hi) else " (no uncertainty interval in the source)"
        for lo, hi in zip(group["ui_low"], group["ui_high"])
    ]


def _escape(text) -> str:
    return "" if pd.isna(text) else html.escape(str(text))
