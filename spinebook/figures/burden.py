"""Figures of the burden of low back pain (chapter 1), from the ``burden`` and ``risk_factors`` tables.

Every figure function is pure (tables + control values -> plotly figure) and raises
:class:`~spinebook.widgets.EmptySelection` when the data hold nothing for a choice. Every point's
hover names its source (key, where in the source, and the verbatim quote). Estimates from different
GBD rounds are never joined by a line: each round re-estimates the whole series.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from spinebook.figures.theme import COLORS, OKABE_ITO, SEQUENCE, base_layout, for_phones
from spinebook.widgets import EmptySelection

MEASURE_LABELS = {
    "prevalence": "Prevalence",
    "incidence": "Incidence",
    "yld": "Years lived with disability (YLDs)",
    "dalys": "Disability-adjusted life years (DALYs)",
}
SHORT_MEASURE = {"prevalence": "Prevalence", "incidence": "Incidence", "yld": "YLDs", "dalys": "DALYs"}
METRIC_LABELS = {"count": "Number (all ages)", "rate_age_standardized": "Age-standardized rate"}
RISK_LABELS = {
    "occupational_ergonomic+smoking+high_BMI (combined)": "All three combined",
    "occupational_ergonomic_factors": "Occupational ergonomic factors",
    "smoking": "Smoking",
    "high_BMI": "High BMI",
}
ROUND_COLORS = {"GBD 2021": OKABE_ITO["blue"], "GBD 2019": OKABE_ITO["orange"], "GBD 2017": OKABE_ITO["green"],
                "GBD 2010": OKABE_ITO["purple"]}
YEAR_COLORS = {1990: OKABE_ITO["grey"], 2019: OKABE_ITO["sky_blue"], 2020: OKABE_ITO["green"], 2021: OKABE_ITO["blue"]}
AGE_ORDER = ["all_ages", "10-19", "55+", "70+", "80+"]
MILLION = 1_000_000
ERROR_COLOR = "#888888"  # uncertainty whiskers: mid grey reads on light and dark pages
PER_100K = "per 100,000"
# A rate printed as a percentage becomes a rate per 100,000 by multiplying by 1,000 (7.5 % = 7,500 per 100,000).
PERCENT_TO_PER_100K = 1_000


# --- small helpers used by the chapter's cells ---------------------------------------------------
def pick(frame: pd.DataFrame, **conditions) -> float:
    """The one value of ``frame`` matching ``column=value`` conditions (``period_start=None`` means a
    single-year value). Copies of the same number from a second source record count as one; two
    different values are an error, so a headline can never silently pick one of them."""
    rows = _where(frame, conditions)
    values = rows["value"].drop_duplicates()
    if len(values) != 1:
        raise LookupError(f"{len(values)} distinct values match {conditions}")
    return float(values.iloc[0])


def pick_row(frame: pd.DataFrame, **conditions) -> pd.Series:
    """The first row matching the conditions (see :func:`pick`), with its UI and source."""
    rows = _where(frame, conditions)
    if rows.empty:
        raise LookupError(f"no row matches {conditions}")
    return rows.iloc[0]


def _where(frame, conditions):
    mask = pd.Series(True, index=frame.index)
    for column, value in conditions.items():
        mask &= frame[column].isna() if value is None else frame[column] == value
    return frame[mask]


# --- 1. burden over time -----------------------------------------------------------------------
def burden_trend_table(burden: pd.DataFrame, measure: str, metric: str, location: str = "Global", sex: str = "both") -> pd.DataFrame:
    """Single-year values of one measure and metric, one location and sex, all ages or age-standardized,
    with rates printed as percentages converted to per 100,000 (column ``shown``)."""
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
    rows = rows.drop_duplicates(["gbd_round", "source_id", "year", "value"]).sort_values(["gbd_round", "source_id", "year"])
    return _per_100k(rows) if metric != "count" else rows.assign(converted="")


def burden_trend_figure(burden: pd.DataFrame, measure: str, metric: str, location: str = "Global", sex: str = "both") -> go.Figure:
    """Burden over time: one line per GBD round and source (rounds must not be joined), uncertainty
    intervals as error bars where the source gives them, projections drawn as open markers."""
    rows = burden_trend_table(burden, measure, metric, location, sex)
    short_metric = "number" if metric == "count" else "age-standardized rate"
    title = f"{SHORT_MEASURE.get(measure, measure)}, {short_metric}, {location}"
    if rows.empty:
        raise EmptySelection(f"No {short_metric} of {SHORT_MEASURE.get(measure, measure)} for {location} in the data.")

    scale, unit_label = (MILLION, f"million {_count_unit(measure)}") if metric == "count" else (1.0, PER_100K)
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
            customdata=list(zip(_ui_text(group, scale), group["converted"], _source_text(group))),
            hovertemplate=(f"<b>%{{x}}</b>: %{{y:,.1f}} {unit_label}%{{customdata[0]}}%{{customdata[1]}}<br>"
                           f"{gbd_round} · %{{customdata[2]}}<extra></extra>"),
        ))
    fig.update_layout(
        xaxis=dict(title="Year (open marker: projection)", dtick=10),
        yaxis=dict(title=unit_label, rangemode="tozero"),
        legend=dict(orientation="h", y=-0.22), showlegend=True,
    )
    return for_phones(fig, layout=dict(
        height=460, margin=dict(l=50, r=10, b=110),
        xaxis=dict(title=dict(text="Year (open marker: projection)", font=dict(size=12))),
        yaxis=dict(title=dict(text=unit_label, font=dict(size=12))),
        legend=dict(orientation="h", x=0, y=-0.3, yanchor="top", font=dict(size=11))))


# --- 2. who carries it: age ----------------------------------------------------------------------
def burden_by_age_table(burden: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Global counts of one measure by age band (all ages included for scale), single years only."""
    rows = burden[
        (burden["measure"] == measure) & (burden["metric"] == "count") & (burden["location"] == "Global")
        & (burden["sex"] == "both") & burden["age_group"].isin(AGE_ORDER) & burden["period_start"].isna()
        & ~burden["projection"] & (burden["gbd_round"] == "GBD 2021")
    ]
    rows = rows.drop_duplicates(["age_group", "year", "value"])
    order = {age: n for n, age in enumerate(AGE_ORDER)}
    return rows.assign(order=rows["age_group"].map(order)).sort_values(["order", "year"]).drop(columns="order")


def burden_by_age_figure(burden: pd.DataFrame, measure: str) -> go.Figure:
    """Counts by age band, one bar colour per year, UIs where printed. Bands overlap (80+ is part of
    70+, which is part of 55+): the bars are not slices of one total."""
    rows = burden_by_age_table(burden, measure)
    title = f"{SHORT_MEASURE.get(measure, measure)} by age, GBD 2021"
    if rows.empty:
        raise EmptySelection(f"No global {SHORT_MEASURE.get(measure, measure)} by age in the data.")
    unit_label = f"million {_count_unit(measure)}"
    fig = go.Figure(layout=base_layout(title))
    for year, group in rows.groupby("year", sort=True):
        has_ui = group["ui_low"].notna()
        fig.add_trace(go.Bar(
            x=group["age_group"].map(_age_label), y=group["value"] / MILLION, name=str(year),
            marker_color=YEAR_COLORS.get(year, COLORS["neutral"]),
            error_y=dict(type="data", symmetric=False, color=ERROR_COLOR, thickness=1.5, visible=bool(has_ui.any()),
                         array=((group["ui_high"] - group["value"]) / MILLION).where(has_ui).tolist(),
                         arrayminus=((group["value"] - group["ui_low"]) / MILLION).where(has_ui).tolist()),
            customdata=list(zip(_ui_text(group, MILLION), _source_text(group))),
            hovertemplate=(f"<b>%{{x}}, {year}</b>: %{{y:,.1f}} {unit_label}%{{customdata[0]}}<br>"
                           f"%{{customdata[1]}}<extra></extra>"),
        ))
    fig.update_layout(
        barmode="group",
        xaxis=dict(title="Age band (bands overlap: 80+ is inside 70+, inside 55+)",
                   categoryorder="array", categoryarray=[_age_label(a) for a in AGE_ORDER]),
        yaxis=dict(title=unit_label, rangemode="tozero"),
        legend=dict(title="Year", orientation="h", y=-0.25), showlegend=True,
    )
    return for_phones(fig, layout=dict(
        height=460, margin=dict(l=50, r=10, b=120),
        xaxis=dict(title=dict(text="Age band (bands overlap:<br>80+ is inside 70+, inside 55+)", font=dict(size=12))),
        yaxis=dict(title=dict(text=unit_label, font=dict(size=12))),
        legend=dict(orientation="h", x=0, y=-0.38, yanchor="top", font=dict(size=11))))


# --- 3. who carries it: place ---------------------------------------------------------------------
def burden_by_place_table(burden: pd.DataFrame, measure: str, gbd_round: str) -> pd.DataFrame:
    """Age-standardized rates (per 100,000) of one measure in one GBD round, by location and source."""
    rows = burden[
        (burden["measure"] == measure) & (burden["metric"] == "rate_age_standardized")
        & (burden["age_group"] == "age_standardized") & (burden["sex"] == "both")
        & burden["period_start"].isna() & ~burden["projection"] & (burden["gbd_round"] == gbd_round)
    ]
    rows = _per_100k(rows.drop_duplicates(["location", "source_id", "year", "value"]))
    label = rows["location"].map(_short_location).map(_escape) + " · " + rows["source_id"].map(_escape)
    rows = rows.assign(label=label.map(lambda text: _wrap(text, 24)))
    latest = rows.groupby("label")["shown"].transform(lambda s: s.iloc[-1])
    return rows.assign(latest=latest).sort_values(["latest", "label", "year"])


def burden_by_place_figure(burden: pd.DataFrame, measure: str, gbd_round: str) -> go.Figure:
    """Age-standardized rates by place within one GBD round: a dot per year and source, 1990 joined to
    the latest year of the same source, UIs as whiskers."""
    rows = burden_by_place_table(burden, measure, gbd_round)
    title = f"{SHORT_MEASURE.get(measure, measure)} by place, {gbd_round}"
    if rows.empty:
        raise EmptySelection(f"No age-standardized {SHORT_MEASURE.get(measure, measure)} by place from {gbd_round} in the data.")
    # One height for every state: the static book keeps the first state's height and margins.
    fig = go.Figure(layout=base_layout(title, height=400))
    xs, ys = [], []
    for label, group in rows.groupby("label", sort=False):
        if len(group) > 1:
            xs += [*group["shown"], None]
            ys += [label] * len(group) + [None]
    if xs:
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=COLORS["neutral"], width=2),
                                 hoverinfo="skip", showlegend=False))
    for year, group in rows.groupby("year", sort=True):
        has_ui = group["ui_low"].notna()
        fig.add_trace(go.Scatter(
            x=group["shown"], y=group["label"], mode="markers", name=str(year),
            marker=dict(size=12, color=YEAR_COLORS.get(year, COLORS["neutral"])),
            error_x=dict(type="data", symmetric=False, visible=bool(has_ui.any()),
                         array=(group["shown_high"] - group["shown"]).where(has_ui).tolist(),
                         arrayminus=(group["shown"] - group["shown_low"]).where(has_ui).tolist()),
            customdata=list(zip(group["location"].map(_escape), _ui_text(group, 1.0, "shown"), group["converted"],
                                _source_text(group))),
            hovertemplate=(f"<b>%{{customdata[0]}}, {year}</b>: %{{x:,.0f}} {PER_100K}%{{customdata[1]}}%{{customdata[2]}}<br>"
                           f"{gbd_round} · %{{customdata[3]}}<extra></extra>"),
        ))
    fig.update_layout(
        xaxis=dict(title=f"Age-standardized rate, {PER_100K}", rangemode="tozero"),
        yaxis=dict(title="", categoryorder="array", categoryarray=list(dict.fromkeys(rows["label"]))),
        legend=dict(title="Year", orientation="h", y=-0.3), showlegend=True,
        margin=dict(l=180),
    )
    data, order = _phone_rows(fig, 18)
    return for_phones(fig, layout=dict(
        height=440, margin=dict(l=125, r=12, b=120),
        xaxis=dict(title=dict(text=f"Age-standardized rate,<br>{PER_100K}", font=dict(size=12)), nticks=5),
        yaxis=dict(categoryarray=order, tickfont=dict(size=11)),
        legend=dict(orientation="h", x=0, y=-0.3, yanchor="top", font=dict(size=11))), data=data)


# --- 4. attributable risk factors ---------------------------------------------------------------
RISK_VIEWS = {
    "paf": "Share (PAF)",
    "count": "Counts",
    "smoking_place": "Smoking strata",
    "bmi_place": "High BMI strata",
}


def risk_factor_table(risk_factors: pd.DataFrame, view: str) -> pd.DataFrame:
    """The rows behind one view of the risk-factor explorer, with a ``label`` per bar or dot."""
    rf = risk_factors[~risk_factors["metric"].isna()]
    risk = rf["risk"].map(RISK_LABELS).fillna(rf["risk"])
    if view == "paf":
        rows = rf[rf["metric"] == "paf_percent"].assign(risk_label=risk)
        rows = rows.assign(label=rows["risk_label"] + " (" + rows["year"].astype(str) + ")", scale=1.0)
        # combined first, then the single factors by size, older rounds last
        rows = rows.assign(combined=rows["risk"].str.contains("combined"))
        return rows.sort_values(["gbd_round", "combined", "value"], ascending=[True, True, True])
    if view == "count":
        short = rf["risk"].map({"occupational_ergonomic_factors": "Occupational"}).fillna(risk)
        rows = rf[rf["metric"].isin(["yld_attributable", "daly_attributable"])].assign(risk_label=short)
        kind = rows["metric"].map({"yld_attributable": "YLDs", "daly_attributable": "DALYs"})
        lower_bound = rows["note"].fillna("").str.contains("Lower bound", case=False)
        note = rows["projection"].map({True: ", projected", False: ""}) + lower_bound.map({True: " lower bound", False: ""})
        ages = rows["age_group"].map(lambda a: "" if a == "all_ages" else f", ages {a.replace('-', '–')}")
        rows = rows.assign(label=rows["risk_label"] + " · " + kind + " (" + rows["year"].astype(str) + note + ages + ")",
                           scale=float(MILLION))
        return rows.sort_values(["projection", "gbd_round", "value"], ascending=[False, True, True])
    if view == "smoking_place":
        rows = rf[(rf["risk"] == "smoking") & (rf["metric"] == "yld_attributable_rate_age_standardized") & ~rf["projection"]]
        return rows.assign(label=rows["location"].map(_escape), risk_label=risk, scale=1.0).sort_values("value")
    if view == "bmi_place":
        rows = rf[(rf["risk"] == "high_BMI") & (rf["metric"] == "daly_attributable_rate") & ~rf["projection"]]
        location = rows["location"].map(_escape)
        who = location.where(rows["sex"] == "both", location + ", " + rows["sex"] + "s")
        return rows.assign(label=who, risk_label=risk, scale=1.0).sort_values(["label", "year"])
    raise ValueError(f"unknown view {view!r}; one of {list(RISK_VIEWS)}")


def risk_factor_figure(risk_factors: pd.DataFrame, view: str) -> go.Figure:
    """Burden of low back pain attributable to risk factors: population attributable fractions with
    UIs, attributable YLD/DALY counts (projections hatched), and the strata the sources give."""
    rows = risk_factor_table(risk_factors, view)
    rows = rows.assign(label=rows["label"].map(lambda text: _wrap(text, 28)))
    titles = {"paf": "Share of LBP YLDs due to each risk", "count": "YLDs or DALYs due to each risk",
              "smoking_place": "Smoking: attributable YLD rate", "bmi_place": "High BMI: attributable DALY rate"}
    if rows.empty:
        raise EmptySelection(f"No rows for “{RISK_VIEWS.get(view, view)}” in the data.")
    fig = go.Figure(layout=base_layout(titles[view], height=480))
    if view in ("paf", "count"):
        unit = "%" if view == "paf" else "million"
        for gbd_round, group in rows.groupby("gbd_round", sort=False):
            has_ui = group["ui_low"].notna()
            scale = group["scale"].iloc[0]
            fig.add_trace(go.Bar(
                x=group["value"] / scale, y=group["label"], orientation="h", name=gbd_round,
                marker=dict(color=ROUND_COLORS.get(gbd_round, COLORS["neutral"]),
                            pattern=dict(shape=["/" if p else "" for p in group["projection"]])),
                error_x=dict(type="data", symmetric=False, color=ERROR_COLOR, thickness=1.5, visible=bool(has_ui.any()),
                             array=((group["ui_high"] - group["value"]) / scale).where(has_ui).tolist(),
                             arrayminus=((group["value"] - group["ui_low"]) / scale).where(has_ui).tolist()),
                customdata=list(zip(group["unit"].map(_escape), _ui_text(group, scale), _source_text(group))),
                hovertemplate=(f"<b>%{{y}}</b>: %{{x:,.1f}} {unit} (%{{customdata[0]}})%{{customdata[1]}}<br>"
                               f"{gbd_round} · %{{customdata[2]}}<extra></extra>"),
            ))
        fig.update_layout(
            xaxis=dict(title="Percent of low back pain YLDs (GBD 2010: DALYs)" if view == "paf"
                       else "Million YLDs or DALYs (hatched: projection)", rangemode="tozero"),
            legend=dict(orientation="h", y=-0.2), showlegend=True,
        )
    else:
        for year, group in rows.groupby("year", sort=True):
            has_ui = group["ui_low"].notna()
            fig.add_trace(go.Scatter(
                x=group["value"], y=group["label"], mode="markers", name=str(year),
                marker=dict(size=12, color=YEAR_COLORS.get(year, COLORS["neutral"])),
                error_x=dict(type="data", symmetric=False, visible=bool(has_ui.any()),
                             array=(group["ui_high"] - group["value"]).where(has_ui).tolist(),
                             arrayminus=(group["value"] - group["ui_low"]).where(has_ui).tolist()),
                customdata=list(zip(_ui_text(group, 1.0), _source_text(group))),
                hovertemplate=(f"<b>%{{y}}, {year}</b>: %{{x:,.1f}} {PER_100K}%{{customdata[0]}}<br>"
                               f"%{{customdata[1]}}<extra></extra>"),
            ))
        rate = "Age-standardized YLD rate" if view == "smoking_place" else "DALY rate (age standardization not stated)"
        fig.update_layout(xaxis=dict(title=f"{rate}, {PER_100K}", rangemode="tozero"),
                          legend=dict(title="Year", orientation="h", y=-0.3), showlegend=True)
    fig.update_layout(yaxis=dict(title="", categoryorder="array", categoryarray=list(dict.fromkeys(rows["label"]))),
                      margin=dict(l=190))
    # Phone: labels wrapped narrower, the axis title on two lines, the legend under the plot.
    axis_title = fig.layout.xaxis.title.text
    phone_title = {"Percent of low back pain YLDs (GBD 2010: DALYs)": "Percent of low back pain YLDs<br>(GBD 2010: DALYs)",
                   "Million YLDs or DALYs (hatched: projection)": "Million YLDs or DALYs<br>(hatched: projection)",
                   f"DALY rate (age standardization not stated), {PER_100K}":
                       f"DALY rate (age standardization<br>not stated), {PER_100K}"}.get(
        axis_title, axis_title.replace(", ", ",<br>", 1))
    data, order = _phone_rows(fig, 22)
    return for_phones(fig, layout=dict(
        height=560, margin=dict(l=150, r=12, b=130),
        xaxis=dict(title=dict(text=phone_title, font=dict(size=12)), nticks=5),
        yaxis=dict(categoryarray=order, tickfont=dict(size=11)),
        legend=dict(orientation="h", x=0, y=-0.25, yanchor="top", font=dict(size=11))), data=data)


# --- tables for the page ---------------------------------------------------------------------------
def sex_differences_table(burden: pd.DataFrame, risk_factors: pd.DataFrame) -> pd.DataFrame:
    """Every row of the data that reports one sex (the sources give little by sex), as a small table."""
    rows = pd.concat([burden[burden["sex"] != "both"].assign(what=lambda f: f["measure"]),
                      risk_factors[risk_factors["sex"] != "both"].assign(what=lambda f: f["risk"].map(RISK_LABELS))])
    period = rows["period_start"].map(lambda start: "" if pd.isna(start) else f"{start}–")
    return pd.DataFrame({
        "sex": rows["sex"],
        "what": rows["what"].astype(str) + ", " + rows["metric"].str.replace("_", " "),
        "group": rows["age_group"],
        "year(s)": period + rows["year"].astype(str),
        "value": rows["value"].map(lambda v: f"{v:,.4g}"),
        "unit": rows["unit"],
        "source": rows["source_id"],
    }).reset_index(drop=True)


# --- internals ------------------------------------------------------------------------------------
def _count_unit(measure: str) -> str:
    return {"prevalence": "people", "incidence": "new cases", "yld": "YLDs", "dalys": "DALYs"}.get(measure, "")


def _per_100k(rows: pd.DataFrame) -> pd.DataFrame:
    """Add ``shown``/``shown_low``/``shown_high`` per 100,000 and a ``converted`` note for the hover."""
    percent = rows["unit"].str.startswith("percent").fillna(False).to_numpy(dtype=bool)
    factor = pd.Series([PERCENT_TO_PER_100K if p else 1 for p in percent], index=rows.index, dtype=float)
    converted = [f"<br>printed as {v:g} % × 1,000 = per 100,000" if p else "" for v, p in zip(rows["value"], percent)]
    return rows.assign(shown=rows["value"] * factor, shown_low=rows["ui_low"] * factor, shown_high=rows["ui_high"] * factor,
                       converted=converted, value=rows["value"] * factor, ui_low=rows["ui_low"] * factor,
                       ui_high=rows["ui_high"] * factor)


def _ui_text(group: pd.DataFrame, scale: float, column: str = "value") -> list[str]:
    low, high = ("ui_low", "ui_high") if column == "value" else (f"{column}_low", f"{column}_high")
    return [
        f" (95 % UI {lo / scale:,.1f}–{hi / scale:,.1f})" if pd.notna(lo) and pd.notna(hi) else " (no uncertainty interval in the source)"
        for lo, hi in zip(group[low], group[high])
    ]


def _source_text(group: pd.DataFrame) -> list[str]:
    """“source: key, where in the source” and the quote, escaped (data text is never markup)."""
    return [
        f"source: {_escape(key)}, {_escape(where)}<br>“{_wrap(_escape(quote))}”"
        for key, where, quote in zip(group["source_id"], group["source_location"], group["quote"])
    ]


def _phone_rows(fig: go.Figure, width: int) -> tuple[list, list]:
    """Category labels of a horizontal figure re-wrapped at ``width`` characters for a phone: each
    trace's ``y`` (None kept) and the y axis's category order, as a phone variant needs them."""
    def rewrap(label):
        return None if label is None else _wrap(str(label).replace("<br>", " "), width)
    data = [dict(y=[rewrap(v) for v in trace.y]) if trace.y is not None else None for trace in fig.data]
    order = [rewrap(v) for v in (fig.layout.yaxis.categoryarray or [])]
    return data, order


def _wrap(text: str, width: int = 70) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(lines + [line])


def _age_label(age: str) -> str:
    return "All ages" if age == "all_ages" else age.replace("-", "–")


def _short_location(location: str) -> str:
    return location.split(" (")[0]


def _escape(text) -> str:
    return "" if pd.isna(text) else html.escape(str(text))
