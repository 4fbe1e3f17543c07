"""Figures of chapter 4 (modality evidence): the evidence map, the published-versus-ours panel
and the non-inferiority chart. Pure functions: tables from :mod:`spinebook.synthesis` (or the
``studies`` table) and options in, a plotly figure out; an empty choice raises
:class:`~spinebook.widgets.EmptySelection`. Forest and funnel plots come from
:mod:`spinebook.figures.forest`."""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from spinebook.figures.theme import COLORS, OKABE_ITO, SEQUENCE, TEXT_COLOURS, base_layout, for_phones, wrap_lines
from spinebook.labels import PROCEDURE_FAMILY_LABELS
from spinebook.meta import format_number
from spinebook.synthesis import SCALES
from spinebook.widgets import EmptySelection

__all__ = [
    "PRIMARY_DESIGNS",
    "OBSERVATIONAL_DESIGNS",
    "REVIEW_DESIGNS",
    "DESIGN_LABELS",
    "FAMILY_LABELS",
    "ACCURACY_DESIGNS",
    "REGISTERED_DESIGNS",
    "map_studies",
    "evidence_map_table",
    "evidence_map_figure",
    "published_vs_ours_figure",
    "noninferiority_figure",
]

PRIMARY_DESIGNS = ("rct", "nonrandomized", "retrospective")
REVIEW_DESIGNS = ("meta_analysis", "systematic_review", "review")
OBSERVATIONAL_DESIGNS = ("nonrandomized", "retrospective")
ACCURACY_DESIGNS = ("single_arm_accuracy", "cadaver")
REGISTERED_DESIGNS = ("registration_no_results",)
DESIGN_LABELS = {
    "rct": "Randomized trial",
    "nonrandomized": "Non-randomized comparison",
    "retrospective": "Retrospective comparison",
    "single_arm_accuracy": "Single-arm accuracy series",
    "cadaver": "Cadaver accuracy study",
    "registration_no_results": "Registered trial, no results",
    "other": "Other design",
    "meta_analysis": "Meta-analysis",
    "systematic_review": "Systematic review",
    "review": "Narrative review / editorial",
}
FAMILY_LABELS = PROCEDURE_FAMILY_LABELS
PUBLISHED_COLOR = OKABE_ITO["purple"]
VERDICT_COLORS = {
    "non-inferior": COLORS["pooled"],
    "inconclusive": COLORS["neutral"],
    "inferior": COLORS["fluoroscopy"],
    "no CI": COLORS["neutral"],
}
VERDICT_TEXT_COLOURS = {  # the same hues, dark enough for text (swapped for lighter ones on the dark page)
    "non-inferior": TEXT_COLOURS["pooled"],
    "inconclusive": TEXT_COLOURS["neutral"],
    "inferior": TEXT_COLOURS["fluoroscopy"],
    "no CI": TEXT_COLOURS["neutral"],
}
_NOTE_CHARS = 110


def _escape(value, limit: int | None = None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    text = str(value)
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return html.escape(text)


def _n(value) -> str:
    return "?" if value is None or value is pd.NA or pd.isna(value) else str(int(value))


# --------------------------------------------------------------------------------------------
# Evidence map
# --------------------------------------------------------------------------------------------


#: records.csv design → the evidence map's design codes (those of studies.csv where they exist).
_RECORD_DESIGNS = {"prospective_nonrandomized": "nonrandomized"}
_RECORD_FAMILIES = {"other_spinal": "other"}


def map_studies(records: pd.DataFrame, studies: pd.DataFrame) -> pd.DataFrame:
    """What the evidence map draws: every study the search included (``records``, decision
    "include", in the columns of ``studies``) and the reviews of ``studies``. A study that is
    also in ``studies.csv`` keeps that row's details (procedure, region, n and its unit)."""
    included = records[records["decision"] == "include"]
    detailed = studies.set_index("study_id")
    rows = []
    for r in included.to_dict("records"):
        sid = r["study_id"] if isinstance(r["study_id"], str) and r["study_id"] in detailed.index else None
        base = detailed.loc[sid].to_dict() if sid else {}
        has_n = pd.notna(r["n_us"]) or pd.notna(r["n_fl"])
        rows.append({
            "study_id": sid or r["record_id"], "first_author": base.get("first_author") or r["first_author"],
            "year": r["year"] if pd.notna(r["year"]) else base.get("year"),
            "design": _RECORD_DESIGNS.get(r["design"], r["design"]),
            "procedure": base.get("procedure") or r["procedure"] or "",
            "procedure_family": _RECORD_FAMILIES.get(r["procedure_family"], r["procedure_family"]),
            "spine_region": base.get("spine_region") or r["region"],
            "n_us": base.get("n_us") if sid and pd.notna(base.get("n_us")) else r["n_us"],
            "n_fl": base.get("n_fl") if sid and pd.notna(base.get("n_fl")) else r["n_fl"],
            "n_unit": base.get("n_unit") if sid and pd.notna(base.get("n_unit")) else ("as printed" if has_n else pd.NA),
            "source_id": r["source_id"] if pd.notna(r["source_id"]) else (base.get("source_id") or ""),
            "source_location": r["source_location"], "comparator": r["comparator"],
        })
    reviews = studies[studies["design"].isin(REVIEW_DESIGNS)]
    table = pd.concat([pd.DataFrame(rows), reviews.assign(comparator="")[list(rows[0])]], ignore_index=True)
    for column in ("year", "n_us", "n_fl"):
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("Int64")
    return table


def evidence_map_table(studies: pd.DataFrame) -> pd.DataFrame:
    """``studies`` with what the evidence map draws: ``x`` (year; studies without one at the
    right edge, ``unknown_x``), ``y`` (family row, spread a little where studies share a family
    and year), ``total`` (n_us + n_fl or NaN), ``size`` and ``hover``. Computed once, so that
    filtering in :func:`evidence_map_figure` stays fast."""
    families = [f for f in FAMILY_LABELS if f in set(studies["procedure_family"])]
    known_years = studies["year"].dropna()
    unknown_x = int(known_years.max()) + 3 if len(known_years) else 2030
    out = studies.assign(
        x=studies["year"].astype("float64").fillna(unknown_x),
        total=studies["n_us"].astype("float64") + studies["n_fl"].astype("float64"),
        family_index=[families.index(f) for f in studies["procedure_family"]],
    )
    out["y"] = out["family_index"] + out.groupby(["family_index", "x"]).cumcount().map(
        lambda i: 0.0 if i == 0 else (0.16 * ((i + 1) // 2) * (1 if i % 2 else -1)))
    size_max = float(np.nanmax(out["total"])) if out["total"].notna().any() else 1.0
    out["size"] = np.where(out["total"].notna(), 9 + 31 * np.sqrt(out["total"].fillna(0) / size_max), 11)
    out["hover"] = [
        f"<b>{_escape(r['first_author']) or _escape(r['study_id'])} {'' if pd.isna(r['year']) else int(r['year'])}</b>"
        f"<br>{_escape(DESIGN_LABELS.get(r['design'], r['design']))} · {_escape(r['procedure'])} · {_escape(r['spine_region'])}"
        f"<br>n: US {_n(r['n_us'])} / FL {_n(r['n_fl'])} "
        f"{_escape(r['n_unit']) if pd.notna(r['n_unit']) else '(not in the data)'}"
        f"<br>Source: {_escape(r['source_id'])}{', ' + _escape(r['source_location']) if pd.notna(r['source_location']) else ''}"
        for r in studies.to_dict("records")
    ]
    out.attrs.update(families=families, unknown_x=unknown_x, years=sorted({int(y) for y in known_years}))
    return out


def evidence_map_figure(studies: pd.DataFrame, family: str = "all", design: str = "primary") -> go.Figure:
    """Every study of ``studies`` (or of its :func:`evidence_map_table`) as a bubble: procedure
    family (rows) × publication year, area ∝ patients or procedures (n_us + n_fl) where both are
    in the data, open circle where they are not; colour = design (legend in the empty top left,
    so that an explorer's slider fits under the axis). ``design`` is one design
    code, ``"primary"`` (the comparative studies), ``"observational"`` (non-randomized and
    retrospective), ``"reviews"`` (reviews and meta-analyses) or ``"all"``; ``family`` a family
    code or ``"all"``."""
    table = studies if "hover" in studies.columns else evidence_map_table(studies)
    rows = table
    if design == "primary":
        rows = rows[rows["design"].isin(PRIMARY_DESIGNS)]
    elif design == "reviews":
        rows = rows[rows["design"].isin(REVIEW_DESIGNS)]
    elif design == "observational":
        rows = rows[rows["design"].isin(OBSERVATIONAL_DESIGNS)]
    elif design == "accuracy":
        rows = rows[rows["design"].isin(ACCURACY_DESIGNS)]
    elif design == "registered":
        rows = rows[rows["design"].isin(REGISTERED_DESIGNS)]
    elif design != "all":
        rows = rows[rows["design"] == design]
    if family != "all":
        rows = rows[rows["procedure_family"] == family]
    what = FAMILY_LABELS.get(family, family).lower() if family != "all" else "any procedure"
    kind = {"primary": "comparative studies", "observational": "observational comparisons", "reviews": "reviews",
            "accuracy": "accuracy and cadaver studies", "registered": "registered trials without results",
            "all": "studies"}.get(design, DESIGN_LABELS.get(design, design).lower() + "s")
    title = f"Evidence map: {kind}, {what}, by year (n = {len(rows)})"
    if rows.empty:
        raise EmptySelection(f"No {kind} of {what} in the data.")

    families, unknown_x, years = table.attrs["families"], table.attrs["unknown_x"], table.attrs["years"]
    order = [*PRIMARY_DESIGNS, *ACCURACY_DESIGNS, *REGISTERED_DESIGNS, "other", *REVIEW_DESIGNS]
    fig = go.Figure(layout=base_layout(title, height=480))
    for code in (d for d in order if d in set(rows["design"])):
        group = rows[rows["design"] == code]
        color = SEQUENCE[order.index(code) % len(SEQUENCE)]
        fig.add_trace(go.Scatter(
            x=group["x"].tolist(), y=group["y"].tolist(), mode="markers", name=DESIGN_LABELS.get(code, code),
            marker=dict(size=group["size"].tolist(), color=color, opacity=0.85,
                        symbol=["circle" if k else "circle-open" for k in group["total"].notna()],
                        line=dict(width=1.5, color=color)),
            hovertext=group["hover"].tolist(), hoverinfo="text",
        ))
    ticks = [y for y in range(min(years), max(years) + 1) if y % 4 == 2] if years else []
    fig.update_layout(
        xaxis=dict(tickvals=[*ticks, unknown_x], ticktext=[*map(str, ticks), "year not<br>visible"],
                   range=[(min(years) if years else 2008) - 4, unknown_x + 1], zeroline=False),
        yaxis=dict(tickvals=list(range(len(families))), ticktext=[FAMILY_LABELS[f] for f in families],
                   range=[-0.6, len(families) - 0.4], zeroline=False, automargin=True),
        legend=dict(x=0.01, y=0.99, xanchor="left", yanchor="top", bgcolor="rgba(127,127,127,0.08)", font=dict(size=11)),
        margin=dict(l=10, r=20, t=60, b=50),
    )
    # Phone: family names on two lines, ticks every eight years, the legend under the plot.
    phone_ticks = [t for t in ticks[::2] if unknown_x - t >= 5]  # room for "year not visible"
    return for_phones(fig, layout=dict(
        height=560, margin=dict(l=8, r=12, b=110),
        xaxis=dict(tickvals=[*phone_ticks, unknown_x], ticktext=[*map(str, phone_ticks), "year not<br>visible"],
                   tickfont=dict(size=11)),
        yaxis=dict(ticktext=[wrap_lines(FAMILY_LABELS[f], 13) for f in families], tickfont=dict(size=11)),
        legend=dict(orientation="h", x=0, y=-0.14, yanchor="top", bgcolor="rgba(0,0,0,0)")))


# --------------------------------------------------------------------------------------------
# Published versus ours
# --------------------------------------------------------------------------------------------


def _interval(est, low, high, ratio=False) -> str:
    digits = 2
    if est is None or pd.isna(est):
        return "—"
    if low is None or pd.isna(low) or high is None or pd.isna(high):
        return f"{format_number(est, digits)} (no CI printed)"
    if not ratio and max(abs(est), abs(low), abs(high)) >= 10:
        digits = 1
    return f"{format_number(est, digits)} [{format_number(low, digits)}, {format_number(high, digits)}]"


def published_vs_ours_figure(comparison: pd.DataFrame, ours: pd.DataFrame, scale: str = "SMD") -> go.Figure:
    """Published estimates (``comparison`` from :func:`spinebook.synthesis.published_vs_ours`)
    beside our own (``ours`` from :func:`spinebook.synthesis.our_results`) on one ``scale`` (a key
    of :data:`spinebook.synthesis.SCALES`). Each published row says whether the per-arm data
    reproduce it and, if not, why."""
    ratio = scale == "ratio"
    scale_of = {"SMD": "SMD", "MD": "MD", "RD": "RD", "RR": "ratio", "ROM": "ratio"}
    published = comparison[comparison["scale"] == scale]
    mine = ours[[scale_of.get(m, "SMD") == scale for m in ours["measure"]]] if len(ours) else ours
    if published.empty and mine.empty:
        raise EmptySelection(f"No published or computed estimate on the {SCALES.get(scale, scale).lower()} scale.")

    rows = []
    for r in published.itertuples():
        reproduced = not pd.isna(r.ours_estimate)
        status = (f"ours: {_interval(r.ours_estimate, r.ours_ci_low, r.ours_ci_high, ratio)}" if reproduced
                  else "ours: " + r.status)
        short = status if reproduced else "ours: not reproducible"
        rows.append(dict(
            label=_escape(r.label, 44),
            est=r.estimate, low=r.ci_low, high=r.ci_high, color=PUBLISHED_COLOR,
            symbol="diamond" if r.scope == "pooled" else "square",
            right=f"<b>{_interval(r.estimate, r.ci_low, r.ci_high, ratio)}</b><br><i>{_escape(short)}</i>",
            phone=f"<b>{_interval(r.estimate, r.ci_low, r.ci_high, ratio)}</b> · <i>{_escape(short)}</i>",
            hover=(f"<b>{_escape(r.label)}</b> ({_escape(r.measure)}, {_escape(r.timepoint)})"
                   f"<br>Published: {_interval(r.estimate, r.ci_low, r.ci_high, ratio)} {_escape(r.unit)}"
                   f"<br>{_escape(status)}<br>Source: {_escape(r.source_id)}, {_escape(r.source_location)}"
                   f"<br>“{_escape(r.quote, _NOTE_CHARS)}”"),
        ))
    for r in mine.itertuples():
        kind = "single study, not pooled" if r.single_study else f"pooled, k = {r.k}"
        rows.append(dict(
            label=f"Ours · {_escape(r.outcome_label.lower())}, {_escape(r.timepoint)} ({r.measure})",
            est=r.estimate, low=r.ci_low, high=r.ci_high, color=COLORS["pooled"],
            symbol="square" if r.single_study else "diamond",
            right=f"<b>{_interval(r.estimate, r.ci_low, r.ci_high, ratio)}</b><br><i>{_escape(kind)}</i>",
            phone=f"<b>{_interval(r.estimate, r.ci_low, r.ci_high, ratio)}</b> · <i>{_escape(kind)}</i>",
            hover=(f"<b>Ours: {_escape(r.outcome_label)}, {_escape(r.timepoint)}</b> ({r.measure}, {kind})"
                   f"<br>{_interval(r.estimate, r.ci_low, r.ci_high, ratio)}<br>Studies: {_escape(r.studies)}"
                   f"<br>Source: {_escape(r.source_id)} (per-arm rows of data/outcomes.csv)"),
        ))

    k = len(rows)
    ys = list(range(k, 0, -1))
    null = 1.0 if ratio else 0.0
    # Desktop: the note wrapped to the room right of the row labels (11 px text), the bottom margin
    # grown by its extra lines.
    desktop_note = wrap_lines(_PUBLISHED_NOTE, 52)
    extra = 15 * (desktop_note.count("<br>") - _PUBLISHED_NOTE.count("<br>"))
    fig = go.Figure(layout=base_layout(f"Published vs ours: {SCALES.get(scale, scale).split(' (')[0].lower()}",
                                       height=170 + 56 * k + extra))
    for y, row in zip(ys, rows):
        has_ci = not (pd.isna(row["low"]) or pd.isna(row["high"]))
        if has_ci:
            fig.add_trace(go.Scatter(x=[row["low"], row["high"]], y=[y, y], mode="lines", hoverinfo="skip",
                                     line=dict(color=row["color"], width=2), showlegend=False))
        fig.add_trace(go.Scatter(
            x=[row["est"]], y=[y], mode="markers", hovertext=[row["hover"]], hoverinfo="text", showlegend=False,
            marker=dict(size=12, color=row["color"], symbol=row["symbol"] if has_ci else row["symbol"] + "-open",
                        line=dict(width=2, color=row["color"])),
        ))
    values = [v for row in rows for v in (row["est"], row["low"], row["high"]) if v is not None and not pd.isna(v)]
    values.append(null)
    fig.add_trace(go.Scatter(x=[null, null], y=[0.4, k + 0.6], mode="lines", hoverinfo="skip", showlegend=False,
                             line=dict(color=COLORS["neutral"], width=1)))
    x_range = _padded_range(values, ratio)
    fig.update_layout(
        xaxis=dict(domain=[0.0, 0.6], type="log" if ratio else "linear", range=x_range, zeroline=False,
                   title=SCALES.get(scale, scale).split(" (")[0] + (", US / FL" if ratio else ", US − FL")),
        yaxis=dict(tickvals=ys, ticktext=[r["label"] for r in rows], range=[0.4, k + 0.6], automargin=True,
                   showgrid=False, zeroline=False, fixedrange=True),
        margin=dict(l=10, r=10, t=60, b=100 + extra),
        annotations=[
            *[dict(xref="paper", yref="y", x=0.62, y=y, xanchor="left", showarrow=False, align="left",
                   text=row["right"], font=dict(size=11)) for y, row in zip(ys, rows)],
            dict(xref="paper", yref="paper", x=0, y=0, yshift=-62, xanchor="left", yanchor="top", showarrow=False,
                 align="left", font=dict(size=11),
                 text=desktop_note),
        ],
    )
    # Phone: full-width plot; each row's label and, under it, its estimates stand above its marker.
    axis_title = fig.layout.xaxis.title.text
    note = wrap_lines(_PUBLISHED_NOTE, 46)
    bottom = 70 + 15 * (note.count("<br>") + 1)
    row_px = 72
    return for_phones(fig, layout=dict(
        height=60 + row_px * (k + 0.2) + bottom, margin=dict(l=12, r=12, b=bottom),
        xaxis=dict(domain=[0, 1], title=dict(text=wrap_lines(axis_title, 30), font=dict(size=12)),
                   **_phone_ticks(x_range, ratio)),
        yaxis=dict(showticklabels=False),
        annotations=[
            *[dict(xref="paper", yref="y", x=0, y=y, xanchor="left", yanchor="bottom", yshift=9, showarrow=False,
                   align="left", text=wrap_lines(row["label"], 46) + "<br>" + row["phone"], font=dict(size=11))
              for y, row in zip(ys, rows)],
            dict(xref="paper", yref="paper", x=0, y=0, yshift=-56, xanchor="left", yanchor="top", showarrow=False,
                 align="left", font=dict(size=11), text=note)]))


_PUBLISHED_NOTE = ("Purple: published (diamond pooled, square single study, open: no CI).<br>"
                   "Green: computed here from the per-arm rows of data/outcomes.csv.")


# --------------------------------------------------------------------------------------------
# Non-inferiority
# --------------------------------------------------------------------------------------------


def noninferiority_figure(table: pd.DataFrame, scale: str, margin: float) -> go.Figure:
    """One row per estimate of ``table`` (from :func:`spinebook.synthesis.noninferiority_table`)
    on ``scale`` ("SMD", "RD" or "RR"): the CI, the margin boundary on the worse side as a
    dotted orange tick, and the verdict in colour and words (diamond: published, square:
    computed here)."""
    rows = table[table["scale"] == scale] if len(table) else table
    unit = {"SMD": "SD", "RD": "percentage points", "RR": "(ratio)"}.get(scale, "")
    title = f"Non-inferiority at a margin of {margin:g} {unit}".replace(" (ratio)", " (risk ratio)")
    if rows.empty:
        raise EmptySelection(f"No estimate on the {scale} scale to judge.")
    ratio = scale == "RR"
    null = 1.0 if ratio else 0.0
    k = len(rows)
    ys = list(range(k, 0, -1))
    fig = go.Figure(layout=base_layout(title, height=170 + 48 * k))
    for verdict, color in VERDICT_COLORS.items():
        part = rows[rows["verdict"] == verdict]
        if part.empty:
            continue
        y = [ys[i] for i in np.flatnonzero((rows["verdict"] == verdict).to_numpy())]
        with_ci = part["ci_low"].notna().to_numpy()
        fig.add_trace(go.Scatter(
            x=[v for lo, hi, ok in zip(part["ci_low"], part["ci_high"], with_ci) if ok for v in (lo, hi, None)],
            y=[v for yy, ok in zip(y, with_ci) if ok for v in (yy, yy, None)],
            mode="lines", line=dict(color=color, width=2.5), hoverinfo="skip", showlegend=False,
        ))
        fig.add_trace(go.Scatter(
            x=part["estimate"], y=y, mode="markers", name=verdict,
            marker=dict(size=12, color=color, symbol=["diamond" if kind == "published" else "square" for kind in part["kind"]]),
            hovertext=[
                f"<b>{_escape(r.label)}</b><br>{_interval(r.estimate, r.ci_low, r.ci_high, ratio)}"
                f"<br>Margin boundary: {format_number(r.boundary)}<br>Verdict: <b>{_escape(r.verdict)}</b> ({_escape(r.note)})"
                f"<br>Source: {_escape(r.source_id)}, {_escape(r.source_location)}"
                for r in part.itertuples()
            ],
            hoverinfo="text", showlegend=False,
        ))
    fig.add_trace(go.Scatter(
        x=[v for b in rows["boundary"] for v in (b, b, None)],
        y=[v for y in ys for v in (y - 0.38, y + 0.38, None)],
        mode="lines", line=dict(color=COLORS["highlight"], width=2, dash="dot"), hoverinfo="skip", showlegend=False,
        name="margin",
    ))
    fig.add_trace(go.Scatter(x=[null, null], y=[0.4, k + 0.6], mode="lines", hoverinfo="skip", showlegend=False,
                             line=dict(color=COLORS["neutral"], width=1)))
    values = [v for v in (*rows["ci_low"], *rows["ci_high"], *rows["estimate"], *rows["boundary"], null) if pd.notna(v)]
    x_range = _padded_range(values, ratio)
    measure = "Risk ratio, US / FL" if ratio else f"{'SMD' if scale == 'SMD' else 'Risk difference (pp)'}, US − FL"
    # Desktop: a long axis title breaks before "dotted: margin" (the axis spans 70 % of the plot).
    long_title = len(measure) > 24
    fig.update_layout(
        height=170 + 48 * k + (18 if long_title else 0),
        xaxis=dict(domain=[0.0, 0.7], type="log" if ratio else "linear", range=x_range, zeroline=False,
                   title=measure + (" ·<br>dotted: margin" if long_title else " · dotted: margin")),
        yaxis=dict(tickvals=ys, ticktext=[_escape(label, 60) for label in rows["label"]], range=[0.4, k + 0.6],
                   automargin=True, showgrid=False, zeroline=False, fixedrange=True),
        margin=dict(l=10, r=10, t=60, b=78 if long_title else 60),
        annotations=[
            *[dict(xref="paper", yref="y", x=0.72, y=y, xanchor="left", showarrow=False, align="left",
                   font=dict(size=11, color=VERDICT_TEXT_COLOURS.get(r.verdict)),
                   text=f"<b>{_escape(r.verdict)}</b>") for y, r in zip(ys, rows.itertuples())],
        ],
    )
    # Phone: full-width plot; each row's label and, under it, its verdict (in its colour) above its CI.
    labels = [wrap_lines(_escape(label, 60), 46) for label in rows["label"]]
    row_px = 40 + 15 * max(label.count("<br>") + 1 for label in labels)
    axis_title = wrap_lines(measure + " · dotted: margin", 34)
    bottom = 50 + 15 * (axis_title.count("<br>") + 1)
    return for_phones(fig, layout=dict(
        height=60 + row_px * (k + 0.2) + bottom, margin=dict(l=12, r=12, b=bottom),
        xaxis=dict(domain=[0, 1], title=dict(text=axis_title, font=dict(size=12)), **_phone_ticks(x_range, ratio)),
        yaxis=dict(showticklabels=False),
        annotations=[
            *[dict(xref="paper", yref="y", x=0, y=y, xanchor="left", yanchor="bottom", yshift=8, showarrow=False,
                   align="left", font=dict(size=11, color=VERDICT_TEXT_COLOURS.get(r.verdict)),
                   text=f"<b>{_escape(r.verdict)}</b>") for y, r in zip(ys, rows.itertuples())],
            *[dict(xref="paper", yref="y", x=0, y=y, xanchor="left", yanchor="bottom", yshift=23, showarrow=False,
                   align="left", font=dict(size=11), text=label) for y, label in zip(ys, labels)]]))


def _phone_ticks(x_range, ratio: bool) -> dict:
    """Tick settings for a phone's narrow axis: at most about six ticks; on a log (ratio) axis the
    values 1, 2, 5 (or 1, 1.5, 2, 3, 5, 7 when the range spans less) of each decade in range."""
    if not ratio:
        return dict(nticks=6)
    low, high = 10 ** x_range[0], 10 ** x_range[1]
    for mantissas in ((1, 2, 5), (1, 1.5, 2, 3, 5, 7), (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8)):
        values = [m * 10.0 ** e for e in range(-4, 5) for m in mantissas if low <= m * 10.0 ** e <= high]
        if len(values) >= 3:
            break
    return dict(tickmode="array", tickvals=values, ticktext=[f"{v:g}" for v in values])


def _padded_range(values, ratio: bool) -> list[float]:
    """An x range around ``values`` with 8 % padding each side (in log10 units on a ratio axis)."""
    low, high = min(values), max(values)
    if ratio:
        low, high = math.log10(low), math.log10(high)
    span = high - low or 1.0
    return [low - 0.08 * span, high + 0.08 * span]
