"""Figures of chapter 3: the procedure catalogue, fluoroscopy exposure per procedure and the
occupational dose calculator. Inputs are tables prepared once (``interventions`` as loaded, the
tables of :mod:`spinebook.radiation`); the functions only filter and draw."""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

from spinebook import radiation
from spinebook.figures.theme import COLORS, OKABE_ITO, base_layout, for_phones, wrap_lines
from spinebook.widgets import EmptySelection

FAMILY_SHORT = {"intradiscal": "Intradiscal", "surgery_minimally_invasive": "Endoscopic / augmentation"}
FAMILY_LABELS = {
    "injection": "Injections",
    "nerve_block": "Nerve blocks",
    "ablation": "Ablation",
    "neuromodulation": "Neuromodulation",
    "intrathecal_pump": "Intrathecal pumps",
    "intradiscal": "Intradiscal procedures",
    "surgery_minimally_invasive": "Endoscopic surgery and vertebral augmentation",
}
FEASIBILITY_ORDER = ["no", "unknown", "limited", "yes"]
FEASIBILITY_LABELS = {"no": "No", "unknown": "Unknown", "limited": "Limited", "yes": "Yes"}
# Coarse filters over the four levels (the x axis keeps all four apart).
FEASIBILITY_GROUPS = {"yes_or_limited": ["yes", "limited"], "no_or_unknown": ["no", "unknown"]}
FEASIBILITY_GROUP_LABELS = {"yes_or_limited": "yes or limited", "no_or_unknown": "no or unknown"}
FAMILY_COLORS = [OKABE_ITO[k] for k in ("blue", "vermillion", "green", "orange", "sky_blue", "purple", "grey")]
GUIDANCE_COLORS = {"fluoroscopy": COLORS["fluoroscopy"], "CT or CT-assisted": OKABE_ITO["orange"],
                   "ultrasound-assisted": COLORS["ultrasound"]}
ORGAN_COLORS = {"extremities": OKABE_ITO["purple"], "eye_lens": OKABE_ITO["green"], "effective": COLORS["fluoroscopy"],
                "thyroid": OKABE_ITO["sky_blue"], "neck": OKABE_ITO["grey"]}
LIMIT_BODY_SHORT = (("ICRP", "ICRP"), ("EU", "EU 2013/59/Euratom"), ("US NRC", "US NRC"))


# --- the catalogue ----------------------------------------------------------------------------
def catalogue_selection(interventions: pd.DataFrame, family: str = "all", feasibility: str = "all") -> pd.DataFrame:
    """Catalogue rows of one family (or all) and one ultrasound-feasibility level (or all)."""
    rows = interventions
    if family != "all":
        rows = rows[rows["category"] == family]
    if feasibility != "all":
        rows = rows[rows["us_feasible"].isin(FEASIBILITY_GROUPS.get(feasibility, [feasibility]))]
    return rows


def catalogue_table(interventions: pd.DataFrame) -> pd.DataFrame:
    """The catalogue as a reader's table: procedure, family, target, usual guidance, ultrasound
    feasibility and sources (source ids are citation keys)."""
    return pd.DataFrame({
        "Procedure": interventions["name"],
        "Family": interventions["category"].map(FAMILY_LABELS),
        "Target": interventions["target"],
        "Usual guidance": interventions["usual_guidance"],
        "Ultrasound feasible": interventions["us_feasible"].map(FEASIBILITY_LABELS),
        "Sources": interventions["source_id"].str.replace(";", "; "),
    }).reset_index(drop=True)


def catalogue_figure(interventions: pd.DataFrame, family: str = "all", feasibility: str = "all") -> go.Figure:
    """One marker per procedure: ultrasound feasibility (x) by procedure (y), coloured by family;
    hover gives target, usual guidance, the accuracy note and the sources."""
    rows = catalogue_selection(interventions, family, feasibility)
    if rows.empty:
        what = FAMILY_LABELS.get(family, "procedures").lower() if family != "all" else "procedures"
        level = FEASIBILITY_GROUP_LABELS.get(feasibility) or FEASIBILITY_LABELS[feasibility].lower()
        raise EmptySelection(f"No {what} with ultrasound feasibility '{level}' in the catalogue.")
    title = "Where ultrasound guidance is feasible" + (f": {FAMILY_LABELS[family].lower()}" if family != "all" else "")
    note = feasibility_filter_note(interventions, family, feasibility)
    order = list(FAMILY_LABELS)
    rows = rows.assign(rank=rows["category"].map(order.index)).sort_values("rank", kind="stable")
    # Desktop: the note wrapped to the room right of the procedure names (12 px text).
    desktop_note = wrap_lines(note, 62)
    extra = 16 * desktop_note.count("<br>")
    height = 170 + 24 * len(rows) + extra
    fig = go.Figure(layout=base_layout(title, height=height))
    for category, group in rows.groupby("category", sort=False):
        fig.add_trace(go.Scatter(
            x=group["us_feasible"].map(FEASIBILITY_LABELS), y=group["name"].map(lambda t: _escape(_clip(t, 30))),
            mode="markers", name=FAMILY_LABELS[category],
            marker=dict(size=13, color=FAMILY_COLORS[order.index(category) % len(FAMILY_COLORS)], line=dict(width=1, color="white")),
            customdata=list(zip(group["name"].map(_escape), group["target"].map(_escape), group["usual_guidance"].map(_escape),
                                group["us_accuracy_note"].map(lambda t: _escape(_clip(t, 130))),
                                group["source_id"].map(lambda t: _escape(t.replace(";", ", "))))),
            hovertemplate=("<b>%{customdata[0]}</b><br>target: %{customdata[1]}<br>usual guidance: %{customdata[2]}<br>"
                           "ultrasound feasible: %{x} — %{customdata[3]}<br>sources: %{customdata[4]}<extra></extra>"),
        ))
    fig.update_layout(
        xaxis=dict(title="Ultrasound guidance feasible?", type="category",
                   categoryorder="array", categoryarray=[FEASIBILITY_LABELS[f] for f in FEASIBILITY_ORDER],
                   range=[-0.5, len(FEASIBILITY_ORDER) - 0.5]),
        yaxis=dict(type="category", autorange="reversed", automargin=True),
        legend=dict(orientation="h", x=0, y=-70 / height, yanchor="top", font=dict(size=11)),
        margin=dict(l=20, r=20, t=84 + extra if note else 60, b=130),
    )
    if note:
        fig.add_annotation(text=desktop_note, xref="paper", yref="paper", x=0, y=1, xanchor="left", yanchor="bottom",
                           yshift=6, align="left", showarrow=False, font=dict(size=12))
    # Phone: procedure names on two lines, the axis title on two, the note wrapped, legend under the plot.
    phone_notes = [dict(a.to_plotly_json(), text="<br>".join(textwrap.wrap(note, 36))) for a in fig.layout.annotations]
    lines = max(1, len(phone_notes[0]["text"].split("<br>"))) if phone_notes else 0
    return for_phones(fig, layout=dict(
        height=(60 + 16 * lines if note else 60) + 170 + 32 * len(rows), annotations=phone_notes,
        xaxis=dict(title=dict(text="Ultrasound<br>feasible?", font=dict(size=12)), tickfont=dict(size=11)),
        yaxis=dict(tickfont=dict(size=11)),
        legend=dict(x=0, y=-90 / height),
        margin=dict(l=8, r=8, t=60 + 16 * lines if note else 60, b=150)),
        data=[dict(y=[_wrap(_clip(t, 30), 18) for t in group["name"]]) for _, group in rows.groupby("category", sort=False)])


def feasibility_filter_note(interventions: pd.DataFrame, family: str, feasibility: str) -> str:
    """When every procedure of the family falls in one feasibility group, the "All" filter and that
    group's filter show the same markers; the note names the chosen filter and says why, so that
    switching between them visibly registers. Empty when the filter does change the selection."""
    of_family = catalogue_selection(interventions, family)
    scope = "of this family" if family != "all" else "in the catalogue"
    n = len(of_family)
    every = (f"the one procedure {scope} is" if n == 1 else f"both procedures {scope} are" if n == 2
             else f"all {n} procedures {scope} are")
    if feasibility == "all":
        covering = [group for group, levels in FEASIBILITY_GROUPS.items() if of_family["us_feasible"].isin(levels).all()]
        if not covering:
            return ""
        group = FEASIBILITY_GROUP_LABELS[covering[0]]
        return f"Ultrasound feasible: all. Here that is the same as '{group}': {every} '{group}'."
    if len(catalogue_selection(interventions, family, feasibility)) == len(of_family):
        level = FEASIBILITY_GROUP_LABELS.get(feasibility) or FEASIBILITY_LABELS[feasibility].lower()
        return f"Ultrasound feasible: {level}. This filter hides nothing here: {every} '{level}'."
    return ""


# --- exposure per procedure -------------------------------------------------------------------
def exposure_figure(table: pd.DataFrame, panel: str = "time", guidance: str = "all") -> go.Figure:
    """Each marker one reported value from one study (its printed interval as a whisker, an
    interval without a central value as a bare line), one panel = one quantity and one unit.
    ``table`` is :func:`spinebook.radiation.exposure_table`."""
    rows = table[table["panel"] == panel]
    if guidance != "all":
        rows = rows[rows["guidance_class"] == guidance]
    label = radiation.EXPOSURE_PANELS[panel]
    if rows.empty:
        raise EmptySelection(f"No {label.split(' (')[0].lower()} under {guidance} guidance in data/radiation.csv.")
    rows = rows.assign(y=rows["procedure"].map(lambda t: _escape(radiation.short_procedure(t, 36))))
    categories = list(dict.fromkeys(rows.sort_values(["shown", "shown_low"], na_position="last")["y"]))
    height = 190 + 24 * len(categories)
    fig = go.Figure(layout=base_layout(label, height=height))
    group_by, colors, names = (("organ", ORGAN_COLORS, radiation.ORGAN_LABELS) if panel == "operator"
                               else ("guidance_class", GUIDANCE_COLORS, {}))
    for key, group in rows.groupby(group_by, sort=True):
        color = colors.get(key, OKABE_ITO["grey"])
        name = names.get(key, key)
        points = group[group["shown"].notna()]
        if not points.empty:
            has = points["shown_low"].notna() & points["shown_high"].notna()
            fig.add_trace(go.Scatter(
                x=points["shown"], y=points["y"], mode="markers", name=name, legendgroup=name,
                marker=dict(size=11, color=color, symbol=["triangle-left" if s == "upper_bound" else "circle"
                                                          for s in points["statistic"]]),
                error_x=dict(type="data", symmetric=False, visible=bool(has.any()), color=color,
                             array=(points["shown_high"] - points["shown"]).where(has).tolist(),
                             arrayminus=(points["shown"] - points["shown_low"]).where(has).tolist()),
                customdata=_hover_columns(points), hovertemplate=_EXPOSURE_HOVER,
            ))
        spans = group[group["shown"].isna()]
        if not spans.empty:
            xs, ys, custom = [], [], []
            for record, extra in zip(spans.itertuples(), _hover_columns(spans)):
                xs += [record.shown_low, record.shown_high, None]
                ys += [record.y, record.y, None]
                custom += [extra, extra, extra]
            fig.add_trace(go.Scatter(
                x=xs, y=ys, mode="lines+markers", name=f"{name} (range only)", legendgroup=name,
                line=dict(color=color, width=3), marker=dict(size=7, color=color, symbol="line-ns-open"),
                customdata=custom, hovertemplate=_EXPOSURE_HOVER,
            ))
    log = panel in ("time", "patient_effective", "patient_absorbed")
    # Desktop: a long axis title on two lines, the legend and the bottom margin moved down for it.
    axis_title = wrap_lines(label + (" — log scale" if log else ""), 44)
    extra = 18 * axis_title.count("<br>")
    fig.update_layout(
        height=height + extra,
        xaxis=dict(title=axis_title, type="log" if log else "linear",
                   rangemode="tozero"),
        yaxis=dict(type="category", categoryorder="array", categoryarray=categories, automargin=True),
        legend=dict(orientation="h", y=-(75 + extra) / height, yanchor="top", x=0),
        margin=dict(l=20, r=20, t=60, b=110 + extra),
    )
    return for_phones(fig, layout=dict(
        xaxis=dict(title=dict(text="<br>".join(textwrap.wrap(label, 22)) + ("<br>log scale" if log else ""),
                              font=dict(size=12)),
                   **(dict(dtick=1) if log else dict(nticks=4))),  # a log axis: decades only
        yaxis=dict(tickfont=dict(size=11)),
        height=height, legend=dict(x=0, y=-75 / height, font=dict(size=11)),
        margin=dict(l=8, r=12, b=130)))


_EXPOSURE_HOVER = ("<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
                   "source: %{customdata[2]}, %{customdata[3]} (radiation.csv row %{customdata[4]})<br>"
                   "“%{customdata[5]}”<extra></extra>")


def _hover_columns(rows: pd.DataFrame) -> list:
    printed = []
    for r in rows.itertuples():
        value = f"{r.statistic.replace('_', ' ')} {r.value:g} {r.unit}" if r.statistic != "interval only" else f"interval (as printed, {r.unit})"
        interval = f"; interval {r.shown_low:.3g}–{r.shown_high:.3g}" if pd.notna(r.shown_low) and pd.notna(r.shown_high) else ""
        n = f"; n = {r.n_procedures}" if pd.notna(r.n_procedures) else ""
        printed.append(_escape(f"{r.quantity.replace('_', ' ')}: {value}{interval} [shown: {_fmt(r.shown)}]{n}; {r.guidance}"))
    return list(zip(rows["procedure"].map(_escape), printed, rows["source_id"].map(_escape),
                    rows["source_location"].map(_escape), rows["row"], rows["quote"].map(lambda q: _escape(_clip(q, 100)))))


# --- occupational dose calculator -------------------------------------------------------------
def dose_calculator_figure(operator_rows: pd.DataFrame, occupational: pd.DataFrame, patient_doses: pd.DataFrame,
                           references: dict, row: int, procedures_per_week: int,
                           working_weeks: int = radiation.WORKING_WEEKS) -> go.Figure:
    """Left: the operator's annual dose from one ``radiation.csv`` row (mSv per procedure ×
    procedures per week × working weeks) next to every limit for the same organ, and ultrasound at
    zero. Right: the patient's effective dose per procedure of the same family, a chest X-ray and
    a year of natural background. Tables from :mod:`spinebook.radiation`."""
    chosen = operator_rows[operator_rows["row"] == row]
    if chosen.empty:
        raise EmptySelection(f"radiation.csv row {row} is not an operator dose per procedure in mSv or mrem.")
    dose = chosen.iloc[0]
    annual = radiation.annual_operator_dose(dose["msv_each"], procedures_per_week, working_weeks)
    organ = dose["limit_organ"] if isinstance(dose["limit_organ"], str) else None
    limits = radiation.limits_for(organ, occupational)
    per = "level" if dose["basis"] == "per level" else "procedure"

    title = f"{_escape(radiation.short_procedure(dose['procedure'], 44))}{dose['protection']}: {radiation.ORGAN_LABELS[dose['organ']]}"
    fig = go.Figure(layout=base_layout(title, height=620))
    # Top panel: operator, per year — the limits for the same organ, this dose, ultrasound.
    strictest = limits["msv_per_year"].min() if not limits.empty else None
    share = f" = {radiation.percent_of_limit(annual, strictest):.0f}% of the strictest limit" if strictest else ""
    arithmetic = (f"{dose['value']:g} {dose['unit']} = {dose['msv_each']:.4g} mSv per {per} × {procedures_per_week} per week"
                  f" × {working_weeks} weeks")
    fig.add_trace(go.Bar(
        y=[f"{_limit_body(b)} limit" for b in limits["body"]] + ["Fluoroscopy: your year", "Ultrasound guidance"],
        x=list(limits["msv_per_year"]) + [annual, 0.0], orientation="h", name="Operator, per year", xaxis="x", yaxis="y",
        marker=dict(color=["rgba(153,153,153,0.55)"] * len(limits) + [ORGAN_COLORS.get(dose["organ"], COLORS["fluoroscopy"]), COLORS["ultrasound"]]),
        text=[f"{v:g} mSv" for v in limits["msv_per_year"]] + [f"{annual:.3g} mSv", "0 mSv (no ionizing radiation)"],
        textposition="outside", cliponaxis=False,
        customdata=[[_escape(f"printed {v:g} {u}"), s, _escape(loc)] for v, u, s, loc in
                    zip(limits["value"], limits["unit"], limits["source_id"], limits["source_location"])]
                   + [[_escape(arithmetic), dose["source_id"], _escape(f"{dose['source_location']} (radiation.csv row {row})")],
                      ["ultrasound uses no ionizing radiation", "", ""]],
        hovertemplate="<b>%{y}</b>: %{x:.3g} mSv per year<br>%{customdata[0]}<br>source: %{customdata[1]}, %{customdata[2]}<extra></extra>",
    ))
    # Bottom panel: patient, per procedure.
    family = radiation.procedure_family(dose["procedure"])
    patients = patient_doses[patient_doses["family"] == family]
    chest, background = references["chest_xray"].iloc[0], references["background"].iloc[0]
    names = [f"Patient ({s})" for s in patients["source_id"]]
    values = list(patients["msv"])
    notes = [f"{v:g} mSv ≈ {radiation.chest_xray_equivalents(v, chest['msv']):.0f} chest X-rays" for v in values]
    custom = [[s, f"radiation.csv row {r}", _escape(f"{_clip(p, 50)}: {st.replace('_', ' ')} {v:g} {u}; "
                                                    f"≈ {radiation.background_days(v, background['msv']):.0f} days of background")]
              for s, r, p, st, v, u in zip(patients["source_id"], patients["row"], patients["procedure"],
                                           patients["statistic"], patients["value"], patients["unit"])]
    names += ["Patient: ultrasound", "Chest X-ray (PA)", "Background, 1 year"]
    values += [0.0, chest["msv"], background["msv"]]
    notes += ["0 mSv", f"{chest['msv']:g} mSv", f"{background['msv']:g} mSv"]
    custom += [["no ionizing radiation", "", ""]] + [
        [r["source_id"], f"limits.csv row {r['row']}", _escape(f"printed {r['value']:g} {r['unit']}")] for r in (chest, background)]
    fig.add_trace(go.Bar(
        y=names, x=values, orientation="h", name="Patient effective dose", xaxis="x2", yaxis="y2",
        marker=dict(color=[COLORS["fluoroscopy"]] * len(patients) + [COLORS["ultrasound"], OKABE_ITO["grey"], OKABE_ITO["grey"]]),
        text=notes, textposition="outside", cliponaxis=False, customdata=custom,
        hovertemplate="<b>%{y}</b>: %{x:g} mSv<br>%{customdata[2]}<br>source: %{customdata[0]}, %{customdata[1]}<extra></extra>",
    ))
    annotations = [
        dict(text=f"<b>Operator, per year</b>: {procedures_per_week}/week × {working_weeks} weeks{share}", x=0, y=0.955,
             xref="paper", yref="paper", xanchor="left", yanchor="bottom", showarrow=False),
        dict(text=f"<b>Patient, one procedure</b> (effective dose): {_escape(family)}", x=0, y=0.36, xref="paper", yref="paper",
             xanchor="left", yanchor="bottom", showarrow=False),
    ]
    if limits.empty:
        annotations.append(dict(text=f"No annual limit for the {dose['organ']} in data/limits.csv", x=0.5, y=0.8,
                                xref="paper", yref="paper", showarrow=False, font=dict(size=12)))
    if patients.empty:
        annotations.append(dict(text="No patient effective dose for this family in data/radiation.csv",
                                x=0.98, y=0.3, xref="paper", yref="paper", xanchor="right", showarrow=False, font=dict(size=12)))
    top = max([annual] + list(limits["msv_per_year"]))
    # Desktop: the panel headings wrapped to the room right of the bar names (13 px text).
    desktop_notes = [dict(a, text=wrap_lines(a["text"], 70)) for a in annotations]
    fig.update_layout(
        xaxis=dict(title="mSv per year", anchor="y", range=[0, top * 1.35 if top > 0 else 1]),
        yaxis=dict(domain=[0.56, 0.94], anchor="x", automargin=True, autorange="reversed"),
        xaxis2=dict(title="mSv per procedure or exam", anchor="y2", range=[0, max(values) * 1.6],
                    gridcolor="rgba(127,127,127,0.25)"),
        yaxis2=dict(domain=[0, 0.33], anchor="x2", automargin=True, autorange="reversed"),
        showlegend=False, annotations=desktop_notes, margin=dict(l=20, r=30, t=80, b=50),
    )
    # Phone: bar notes on two lines, the panel headings wrapped to the plot's width (they start at
    # its left edge), room on the right for the notes.
    phone_notes = [dict(a, text="<br>".join(textwrap.wrap(a["text"], 24, break_on_hyphens=False))) for a in annotations]
    patient_notes = [n.replace(" ≈ ", "<br>≈ ") for n in notes]
    return for_phones(fig, layout=dict(
        height=720, annotations=phone_notes, margin=dict(l=8, r=12, t=110, b=50), font=dict(size=12),
        xaxis=dict(range=[0, top * 1.6 if top > 0 else 1], nticks=4),
        xaxis2=dict(range=[0, max(values) * 2.1], nticks=4),
        yaxis=dict(domain=[0.6, 0.92]), yaxis2=dict(domain=[0, 0.3])),
        data=[dict(text=[f"{v:g} mSv" for v in limits["msv_per_year"]] + [f"{annual:.3g} mSv", "0 mSv"]),
              dict(text=patient_notes)])


def _limit_body(body: str) -> str:
    for start, short in LIMIT_BODY_SHORT:
        if body.startswith(start):
            return short
    return body


def _wrap(text: str, width: int = 38) -> str:
    """Wrap a long label over two lines (plotly wraps only at <br>)."""
    text = _escape(text)
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width)
    cut = cut if cut > 0 else width
    return text[:cut] + "<br>" + _clip(text[cut:].strip(), width)


def _clip(text, width: int) -> str:
    text = "" if pd.isna(text) else str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _fmt(value) -> str:
    return "—" if pd.isna(value) else f"{value:.3g}"


def _escape(text) -> str:
    return "" if pd.isna(text) else html.escape(str(text))
