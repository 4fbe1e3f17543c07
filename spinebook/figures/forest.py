"""Forest and funnel plots in the metafor / RevMan convention.

Pure functions: a per-study table (as returned by :func:`spinebook.meta.effect_sizes`) and a
:class:`spinebook.meta.PoolResult` in, a plotly figure out. Nothing is computed here that the
statistics layer does not already provide, except the display scale (exp for ratio measures).
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from scipy import stats

from spinebook.figures.theme import COLORS, TEXT_COLOURS, base_layout, for_phones, message_figure, wrap_lines
from spinebook.meta import EGGER_MIN_STUDIES, PoolResult, check_effects, egger, format_number

__all__ = ["forest_figure", "funnel_figure", "EMPTY_MESSAGE", "estimator_choice", "single_study_note"]

EMPTY_MESSAGE = "No study matches this selection"

#: Horizontal share of the plotting area; the rest is the estimate / weight text column.
_PLOT_DOMAIN = (0.0, 0.58)
_TEXT_DOMAIN = (0.60, 1.0)
_ROW_HEIGHT = 26
_SQUARE_MIN, _SQUARE_MAX = 6.0, 20.0
_LABEL_COLUMNS = ("label", "study_label", "study", "study_id")
_SOURCE_COLUMNS = ("source", "source_id", "source_location")


def _study_labels(table: pd.DataFrame) -> list[str]:
    column = next((c for c in _LABEL_COLUMNS if c in table.columns), None)
    names = [str(x) for x in table[column]] if column else [f"Study {i + 1}" for i in range(len(table))]
    if {"n_us", "n_fl"} <= set(table.columns):
        arms = [
            f" ({int(a)}/{int(b)})" if pd.notna(a) and pd.notna(b) else ""
            for a, b in zip(table["n_us"], table["n_fl"])
        ]
        names = [n + a for n, a in zip(names, arms)]
    return names


def _study_intervals(table: pd.DataFrame, level: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Study estimates and intervals at the result's level (from vi when the table has it)."""
    yi = table["yi"].to_numpy(dtype=float)
    if "vi" in table.columns:
        half = float(stats.norm.ppf(0.5 + level / 2)) * np.sqrt(table["vi"].to_numpy(dtype=float))
        return yi, yi - half, yi + half
    return yi, table["ci_low"].to_numpy(dtype=float), table["ci_high"].to_numpy(dtype=float)


def _number(x: float, ratio: bool) -> str:
    """Two decimals; ratios below 0.1 keep two significant digits (0.0041, not 0.00)."""
    if ratio and 0 < x < 0.1:
        return f"{x:.2g}"
    return format_number(x, 0 if ratio and x >= 100 else 2)


def _interval_text(est: float, low: float, high: float, ratio: bool = False) -> str:
    return f"{_number(est, ratio)} [{_number(low, ratio)}, {_number(high, ratio)}]"


def _source_text(table: pd.DataFrame, i: int) -> str:
    parts = [str(table[c].iloc[i]) for c in _SOURCE_COLUMNS if c in table.columns and pd.notna(table[c].iloc[i])]
    return "<br>Source: " + ", ".join(parts) if parts else ""


def forest_figure(
    table: pd.DataFrame | None,
    result: PoolResult | None,
    measure_label: str,
    *,
    log_scale: bool = False,
    margin: float | None = None,
    title: str = "",
    lower_favours: str = "ultrasound",
) -> go.Figure:
    """Forest plot: one row per study (square sized by weight, CI whisker), a diamond for the
    pooled estimate, the prediction interval as a bar, the line of no effect, an optional
    non-inferiority ``margin`` (display units: a ratio if the measure is a ratio), and the
    heterogeneity line (``result.summary_text()``) under the axis.

    ``table`` holds ``yi`` (and ``vi`` or ``ci_low``/``ci_high``) on the analysis scale, in the
    order the result was pooled in; ``n_us``/``n_fl`` and a label/source column are used when
    present. ``log_scale=True`` (or a result from :func:`spinebook.meta.back_transform`) shows
    exp() of everything on a log axis with no effect at 1. ``lower_favours`` names the modality
    that values below no effect favour ("ultrasound" for pain, minutes, complications).
    An empty table gives a figure that says so.
    """
    if table is None or len(table) == 0 or result is None:
        return message_figure(EMPTY_MESSAGE, title)
    if len(table) != result.k:
        raise ValueError(f"the table has {len(table)} studies but the result pooled {result.k}")
    if lower_favours not in ("ultrasound", "fluoroscopy"):
        raise ValueError("lower_favours must be 'ultrasound' or 'fluoroscopy'")

    exp_display = log_scale or result.transform == "exp"
    null = 1.0 if exp_display else 0.0

    def show(values: np.ndarray) -> np.ndarray:  # study values always arrive on the analysis scale
        return np.exp(values) if exp_display else values

    def pooled(value: float | None) -> float | None:  # a back-transformed result already is exp()
        if value is None or not exp_display or result.transform == "exp":
            return value
        return math.exp(value)

    k = result.k
    yi, lo, hi = (show(a) for a in _study_intervals(table, result.level))
    weights = np.asarray(result.weights)
    labels = _study_labels(table)
    ys = np.arange(k, 0, -1, dtype=float)  # first study on top
    has_pi = result.pi_low is not None
    pooled_y, pi_y = 0.0, -1.0
    pct = f"{100 * result.level:g}%"

    est, c_lo, c_hi = pooled(result.estimate), pooled(result.ci_low), pooled(result.ci_high)
    p_lo, p_hi = pooled(result.pi_low), pooled(result.pi_high)

    sizes = _SQUARE_MIN + (_SQUARE_MAX - _SQUARE_MIN) * np.sqrt(weights / weights.max())
    hover = [
        f"<b>{labels[i]}</b><br>{measure_label}: {_interval_text(yi[i], lo[i], hi[i], exp_display)}"
        f"<br>Weight: {100 * weights[i]:.1f}%{_source_text(table, i)}"
        for i in range(k)
    ]
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=[v for a, b in zip(lo, hi) for v in (a, b, None)],
        y=[v for y in ys for v in (y, y, None)],
        mode="lines", line=dict(color=COLORS["neutral"], width=1.5),
        hoverinfo="skip", showlegend=False, name="Study intervals",
    ))
    fig.add_trace(go.Scatter(
        x=yi, y=ys, mode="markers", name="Studies",
        marker=dict(symbol="square", size=sizes, color=COLORS["neutral"], line=dict(width=0)),
        hovertext=hover, hoverinfo="text", showlegend=False,
    ))

    rows_y = list(ys)
    tick_text = list(labels)
    right_est = [_interval_text(a, b, c, exp_display) for a, b, c in zip(yi, lo, hi)]
    right_weight = [f"{100 * w:.1f}%" for w in weights]
    right_y = list(ys)
    if result.single_study:
        tick_text.append("<i>Single study: no pooling</i>")
        rows_y.append(pooled_y)
    else:
        h = 0.32
        fig.add_trace(go.Scatter(
            x=[c_lo, est, c_hi, est, c_lo], y=[pooled_y, pooled_y + h, pooled_y, pooled_y - h, pooled_y],
            mode="lines", fill="toself", fillcolor=COLORS["pooled"], line=dict(color=COLORS["pooled"], width=1),
            name="Pooled estimate", showlegend=False, hoverinfo="text",
            hovertext=f"<b>Pooled ({result.model_label})</b><br>{measure_label}: "
                      f"{_interval_text(est, c_lo, c_hi, exp_display)}<br>{result.test_text()}",
        ))
        rows_y.append(pooled_y)
        tick_text.append(f"<b>Pooled ({'fixed effect' if result.method == 'FE' else result.method})</b>")
        right_est.append(f"<b>{_interval_text(est, c_lo, c_hi, exp_display)}</b>")
        right_weight.append("<b>100%</b>")
        right_y.append(pooled_y)
        if has_pi:
            fig.add_trace(go.Scatter(
                x=[p_lo, p_hi], y=[pi_y, pi_y], mode="lines+markers", name="Prediction interval",
                line=dict(color=COLORS["pooled"], width=3),
                marker=dict(symbol="line-ns-open", size=10, color=COLORS["pooled"], line=dict(width=2)),
                showlegend=False, hoverinfo="text",
                hovertext=f"{pct} prediction interval: {_number(p_lo, exp_display)} to {_number(p_hi, exp_display)}"
                          "<br>where the effect of a new, similar study is expected to lie",
            ))
            rows_y.append(pi_y)
            tick_text.append(f"{pct} prediction interval")
            right_est.append(f"[{_number(p_lo, exp_display)}, {_number(p_hi, exp_display)}]")
            right_weight.append("")
            right_y.append(pi_y)

    y_low = (pi_y if has_pi else pooled_y) - 0.8
    y_top = k + 1.0  # header row
    fig.add_trace(go.Scatter(
        x=[null, null], y=[y_low + 0.3, k + 0.6], mode="lines", name="No effect",
        line=dict(color=COLORS["neutral"], width=1), hoverinfo="skip", showlegend=False,
    ))
    annotations = []
    if margin is not None:
        fig.add_trace(go.Scatter(
            x=[margin, margin], y=[y_low + 0.3, k + 0.6], mode="lines", name="Non-inferiority margin",
            line=dict(color=COLORS["highlight"], width=1.5, dash="dash"), hoverinfo="name", showlegend=False,
        ))

    # Display range: every interval, no effect and the margin, with 5 % padding.
    values = [v for v in (*lo, *hi, null, c_lo, c_hi, p_lo, p_hi, margin) if v is not None and np.isfinite(v)]
    transform = (lambda x: math.log10(x)) if exp_display else (lambda x: x)
    t_min, t_max = transform(min(values)), transform(max(values))
    pad = 0.05 * (t_max - t_min or 1.0)
    x_range = [t_min - pad, t_max + pad]

    def paper_x(value: float) -> float:
        frac = (transform(value) - x_range[0]) / (x_range[1] - x_range[0])
        return _PLOT_DOMAIN[0] + frac * (_PLOT_DOMAIN[1] - _PLOT_DOMAIN[0])

    if margin is not None:
        annotations.append(dict(
            x=paper_x(margin), xref="paper", y=k + 0.6, yref="y", yanchor="bottom", showarrow=False,
            text=f"margin {_number(margin, exp_display)}", font=dict(size=11, color=TEXT_COLOURS["highlight"]),
        ))

    # Right-hand text column: estimate [CI] and weight, with a header row.
    fig.add_trace(go.Scatter(
        x=[0.0] * (len(right_y) + 1), y=[*right_y, y_top], xaxis="x2", mode="text",
        text=[*right_est, f"<b>Estimate [{pct} CI]</b>"],
        textposition="middle right", textfont=dict(size=11), hoverinfo="skip", showlegend=False, name="Estimates",
    ))
    fig.add_trace(go.Scatter(
        x=[1.0] * (len(right_y) + 1), y=[*right_y, y_top], xaxis="x2", mode="text",
        text=[*right_weight, "<b>Weight</b>"], textposition="middle left", textfont=dict(size=11),
        hoverinfo="skip", showlegend=False, name="Weights",
    ))

    other = "fluoroscopy" if lower_favours == "ultrasound" else "ultrasound"
    null_x = paper_x(null)
    below = dict(xref="paper", yref="paper", y=0, yanchor="top", showarrow=False)
    # Desktop: the caption wrapped to the room right of the study names (12 px text).
    caption = wrap_lines(_caption(result), 72)
    extra = 16 * max(0, caption.count("<br>") + 1 - 5)  # room for five lines in the bottom margin
    annotations += [
        dict(below, x=(_PLOT_DOMAIN[0] + _PLOT_DOMAIN[1]) / 2, yshift=-26, text=measure_label, font=dict(size=13)),
        dict(below, x=null_x, xanchor="right", xshift=-4, yshift=-46, text=f"← favours {lower_favours}", font=dict(size=12)),
        dict(below, x=null_x, xanchor="left", xshift=4, yshift=-46, text=f"favours {other} →", font=dict(size=12)),
        dict(below, x=0, xanchor="left", yshift=-72, align="left", font=dict(size=12),
             text=caption),
    ]

    height = 170 + _ROW_HEIGHT * (k + 3 + has_pi) + 40 + extra
    layout = base_layout(title, height=height)
    layout["margin"] = dict(l=10, r=10, t=50 if title else 20, b=170 + extra)
    fig.update_layout(layout)
    fig.update_layout(
        showlegend=False,
        annotations=annotations,
        xaxis=dict(domain=list(_PLOT_DOMAIN), type="log" if exp_display else "linear", range=x_range,
                   zeroline=False, showgrid=False, ticks="outside"),
        xaxis2=dict(domain=list(_TEXT_DOMAIN), range=[0, 1], visible=False, fixedrange=True),
        yaxis=dict(tickvals=[*rows_y], ticktext=tick_text, range=[y_low, y_top + 0.6], showgrid=False,
                   zeroline=False, automargin=True, fixedrange=True),
    )
    return _forest_for_phones(fig, x_range, rows_y, tick_text, right_est, right_weight, y_top, pct, margin, k,
                              exp_display, measure_label, lower_favours, other, _caption(result))


def _forest_for_phones(fig, x_range, rows_y, tick_text, right_est, right_weight, y_top, pct, margin, k, ratio,
                       measure_label, lower_favours, other, caption) -> go.Figure:
    """Phone: the plot takes the full width; each row's label and, under it, its estimate [CI] and
    weight stand above the row's marker (no side column); the axis labels and caption wrapped."""
    rows = len(rows_y)
    row_px = 50
    caption = wrap_lines(caption, 46)
    caption_lines = caption.count("<br>") + 1
    label_lines = wrap_lines(measure_label, 40).count("<br>") + 1
    bottom = 60 + 15 * label_lines + 16 + 15 * caption_lines
    plot_px = row_px * (y_top + 0.6 - rows_y[-1] + 0.8 + 0.2)
    annotations = [dict(x=0, xref="paper", y=y_top + 0.1, yref="y", xanchor="left", yanchor="bottom", showarrow=False,
                        align="left", font=dict(size=11),
                        text=f"<b>Study (n US/FL)</b><br>estimate [{pct} CI] · weight")]
    for i, (y, label) in enumerate(zip(rows_y, tick_text)):
        detail = ""
        if i < len(right_est):
            detail = "<br>" + right_est[i] + (f" · {right_weight[i]}" if right_weight[i] else "")
        annotations.append(dict(x=0, xref="paper", y=y, yref="y", xanchor="left", yanchor="bottom", yshift=9,
                                showarrow=False, align="left", font=dict(size=11), text=wrap_lines(label, 44) + detail))
    if margin is not None:
        frac = ((math.log10(margin) if ratio else margin) - x_range[0]) / (x_range[1] - x_range[0])
        annotations.append(dict(x=frac, xref="paper", y=0, yref="paper", yanchor="top", yshift=-30, showarrow=False,
                                text=f"margin {_number(margin, ratio)}", font=dict(size=11, color=TEXT_COLOURS["highlight"]),
                                xanchor="left" if frac < 0.3 else "right" if frac > 0.7 else "center"))
    below = dict(xref="paper", yref="paper", y=0, yanchor="top", showarrow=False, font=dict(size=11))
    shift = -30 - (16 if margin is not None else 0)
    annotations += [
        dict(below, x=0.5, yshift=shift, text=wrap_lines(measure_label, 40), font=dict(size=12)),
        dict(below, x=0, xanchor="left", yshift=shift - 15 * label_lines - 2, text=f"← favours {lower_favours}"),
        dict(below, x=1, xanchor="right", yshift=shift - 15 * label_lines - 2, text=f"favours {other} →"),
        dict(below, x=0, xanchor="left", align="left", yshift=shift - 15 * label_lines - 20, text=caption),
    ]
    top = fig.layout.margin.t
    data = [None] * len(fig.data)
    for i, trace in enumerate(fig.data):
        if trace.name in ("Estimates", "Weights"):
            data[i] = dict(visible=False)
    return for_phones(fig, layout=dict(
        height=round(top + plot_px + bottom + (16 if margin is not None else 0)),
        margin=dict(l=12, r=12, b=bottom + (16 if margin is not None else 0)),
        annotations=annotations,
        xaxis=dict(domain=[0, 1], nticks=6, tickfont=dict(size=11)),
        yaxis=dict(showticklabels=False, range=[rows_y[-1] - 0.8, y_top + 0.8])), data=data)


def estimator_choice(method: str, hksj: bool) -> str:
    """The estimator and interval choice as the explorer's buttons name them, e.g. "Estimator: DL ·
    HKSJ interval: on" — quoted in any note that explains why the choice changes nothing."""
    return f"Estimator: {method} · HKSJ interval: {'on' if hksj else 'off'}"


def single_study_note(result: PoolResult) -> str:
    """Why the estimator and HKSJ buttons change nothing when k = 1, naming the current choice so
    that the reader sees the choice register."""
    return (f"{estimator_choice(result.method, result.hksj)}. With one study there is nothing to pool:<br>"
            f"every estimator gives this study's own estimate and {100 * result.level:g}% CI, with or without HKSJ.")


def _caption(result: PoolResult) -> str:
    """Heterogeneity, model and test lines printed under the forest plot."""
    if result.single_study:
        return result.summary_text() + "<br>" + single_study_note(result)
    lines = [
        f"Heterogeneity: {result.summary_text()}",
        f"Model: {result.model_label}, k = {result.k}",
        f"Test for overall effect: {result.test_text()}",
    ]
    if result.pi_low is None:
        lines.append(result.pi_note[0].upper() + result.pi_note[1:])
    if result.note:
        lines.append(result.note)
    return "<br>".join(lines)


def funnel_figure(yi, vi, result: PoolResult | None, labels=None, title: str = "", *,
                  measure_label: str = "Effect (analysis scale)") -> go.Figure:
    """Funnel plot: each study's effect against its standard error (SE axis reversed, most
    precise studies on top), the pooled estimate and pseudo 95 % limits (estimate ± 1.96·SE).
    Egger's test is printed when k ≥ 10; with fewer studies a note says why it is not
    (Cochrane Handbook 10.4.3.1). Ratio measures are shown on the log scale they were pooled on.
    """
    if yi is None or len(yi) == 0 or result is None:
        return message_figure(EMPTY_MESSAGE, title)
    y, v = check_effects(yi, vi, labels)
    k = len(y)
    se = np.sqrt(v)
    centre = math.log(result.estimate) if result.transform == "exp" else result.estimate
    se_max = float(se.max()) * 1.1
    z = float(stats.norm.ppf(0.975))
    names = [str(x) for x in labels] if labels is not None else [f"Study {i + 1}" for i in range(k)]

    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=[centre - z * se_max, centre, centre + z * se_max], y=[se_max, 0, se_max], mode="lines",
        name="Pseudo 95% limits", line=dict(color=COLORS["neutral"], dash="dash", width=1),
        hoverinfo="name", showlegend=False,
    ))
    fig.add_trace(go.Scatter(
        x=[centre, centre], y=[0, se_max], mode="lines", name="Pooled estimate",
        line=dict(color=COLORS["pooled"], width=1.5), hoverinfo="name", showlegend=False,
    ))
    fig.add_trace(go.Scatter(
        x=y, y=se, mode="markers", name="Studies",
        marker=dict(size=9, color=COLORS["ultrasound"], line=dict(width=1, color="white")),
        hovertext=[f"<b>{n}</b><br>effect {format_number(a)}, SE {b:.3f}" for n, a, b in zip(names, y, se)],
        hoverinfo="text", showlegend=False,
    ))
    if k >= EGGER_MIN_STUDIES:
        note = egger(y, v).summary_text() + f" (k = {k})"
    else:
        note = (f"Egger's test not reported: k = {k} < {EGGER_MIN_STUDIES} studies, too few to tell "
                "asymmetry from chance (Cochrane Handbook 10.4.3.1).")
    # Desktop: the note wrapped to the figure's width (12 px text from the plot's left edge).
    desktop_note = wrap_lines(note, 84)
    extra = 16 * desktop_note.count("<br>")
    layout = base_layout(title, height=440 + extra)
    layout["margin"] = dict(l=60, r=20, t=50 if title else 20, b=100 + extra)
    fig.update_layout(layout)
    fig.update_layout(
        showlegend=False,
        xaxis=dict(title=dict(text=measure_label), zeroline=False),
        yaxis=dict(title=dict(text="Standard error"), range=[se_max, 0], zeroline=False),
        annotations=[dict(xref="paper", yref="paper", x=0, y=0, yshift=-58, yanchor="top", xanchor="left",
                          showarrow=False, align="left", text=desktop_note, font=dict(size=12))],
    )
    # Phone: the note wrapped to the figure's width (it starts at the plot's left edge).
    phone_note = "<br>".join(textwrap.wrap(note, 40, break_on_hyphens=False))
    return for_phones(fig, layout=dict(
        height=440, margin=dict(l=60, r=12, b=40 + 16 * (phone_note.count("<br>") + 1) + 50),
        annotations=[dict(fig.layout.annotations[0].to_plotly_json(), text=phone_note)]))
