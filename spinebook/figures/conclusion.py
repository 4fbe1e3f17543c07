"""Chapter 5 figures: the summary-of-findings table (filtered), the GRADE table and the practice
scenario.

Pure functions: prepared tables and control values in, a plotly figure or an HTML table out. Text
from the data is escaped with :func:`html.escape` before it reaches a label, a hover or a cell.

The HTML tables (:func:`sof_table_html`, :func:`grade_table_html`) replace plotly's ``go.Table``:
they wrap and reflow like text, use the page's own text colour (readable in light and dark mode),
show certainty as GRADE symbols *and* a word, keep the reasons in a ``<details>`` that opens
without JavaScript, and sit in a ``.sb-table-scroll`` box that scrolls sideways on a narrow
screen instead of pushing the page. Their CSS is ``spinebook/static/spinebook-tables.css``.
"""
from __future__ import annotations

import functools
import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from spinebook.figures.theme import COLORS, OKABE_ITO, base_layout, for_phones, wrap_lines
from spinebook.findings import DOMAIN_LABELS, DOMAINS, OUTCOME_GROUPS
from spinebook.labels import TIMEPOINT_LABELS
from spinebook.widgets import EmptySelection, HtmlView

CERTAINTY_COLORS = {"High": OKABE_ITO["green"], "Moderate": OKABE_ITO["sky_blue"], "Low": OKABE_ITO["orange"],
                    "Very low": OKABE_ITO["vermillion"]}
ORGAN_COLORS = {"extremities": OKABE_ITO["purple"], "eye_lens": OKABE_ITO["orange"], "effective": OKABE_ITO["sky_blue"]}
_SCENARIO_HEIGHT, _SCENARIO_TOP, _SCENARIO_BOTTOM = 540, 80, 220


def _e(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else html.escape(str(value))


def _select(table: pd.DataFrame, family: str, group: str) -> pd.DataFrame:
    """The summary-of-findings rows of one family and one outcome group ("all" keeps every one);
    :class:`EmptySelection` with a short message when none is left."""
    rows = table
    if family != "all":
        rows = rows[rows["family"] == family]
    if group != "all":
        rows = rows[rows["group"] == group]
    if rows.empty:
        what = (table.loc[table["family"] == family, "family_label"].iloc[0].lower() if family != "all"
                and (table["family"] == family).any() else "this family")
        raise EmptySelection(f"No estimate for {OUTCOME_GROUPS.get(group, 'any outcome').lower()} in {what}.")
    return rows


def _sof_title(rows: pd.DataFrame, family: str, group: str) -> str:
    scope = "all families" if family == "all" else rows["family_label"].iloc[0]
    return f"Summary of findings: {scope}, {OUTCOME_GROUPS.get(group, 'all outcomes').lower()}"


# -------------------------------------------------------------------------------------------
# HTML tables
# -------------------------------------------------------------------------------------------
NOT_REPORTED = "not reported"
CERTAINTY_CLASSES = {"High": "sb-high", "Moderate": "sb-moderate", "Low": "sb-low", "Very low": "sb-very-low"}


class TableHTML(str):
    """An HTML table as a plain string that a notebook also displays as HTML (``_repr_html_``),
    in the book build and in JupyterLab alike."""

    def _repr_html_(self) -> str:
        return str(self)


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() in ("", "nan", "None")


def _text(value, missing: str = NOT_REPORTED) -> str:
    """Escaped text of a cell; a missing value reads as ``missing``, never "nan" or "None"."""
    return html.escape(missing) if _missing(value) else html.escape(str(value))


def _count(name: str, value, unit=None) -> str:
    if _missing(value):
        return f"{name} {NOT_REPORTED}"
    return f"{name} = {int(value)}" + ("" if _missing(unit) else f" {_text(unit)}")


def _scroll_box(label: str, table: str) -> str:
    """A table in a box of its own that scrolls sideways (keyboard too) when the screen is narrow."""
    return (f'<div class="sb-table-scroll" tabindex="0" role="region" aria-label="{html.escape(label, quote=True)}">'
            f"{table}</div>")


def _certainty(row) -> str:
    """GRADE symbols (hidden from screen readers, which read the word) and the certainty in words."""
    css = CERTAINTY_CLASSES.get(row["certainty"], "")
    return (f'<span class="sb-certainty {css}"><span class="sb-symbols" aria-hidden="true">{_text(row["symbol"])}</span> '
            f'{_text(row["certainty"])}</span>')


def _downgrades(row) -> list[tuple[str, int, str]]:
    """(domain label, levels down, reason) for each of the five GRADE domains."""
    return [(DOMAIN_LABELS[d], 0 if _missing(row[f"{d}_down"]) else int(row[f"{d}_down"]), row[d]) for d in DOMAINS]


def _downgrade_summary(domains) -> str:
    parts = [f"{label.lower()}\u00a0−{down}" for label, down, _ in domains if down]  # no break before −n
    return ", ".join(parts) if parts else "not downgraded"


def _finding(row, with_timepoint: bool = True) -> str:
    timepoint = TIMEPOINT_LABELS.get(row["timepoint"], row["timepoint"])
    lines = [f'<strong>{_text(row["outcome"])}</strong>', _text(row["family_label"])]
    if with_timepoint:
        lines.append(f'<small>{_text(timepoint, "timepoint not reported")}</small>')
    return "<br>".join(lines)


def _source(row) -> str:
    return f'<small>Source: <cite>{_text(row["source_id"])}</cite>, {_text(row["where"])}</small>'


def sof_table_html(table: pd.DataFrame, family: str = "all", group: str = "all") -> str:
    """The summary-of-findings rows for one procedure family (or all) and one outcome group (or
    all) as an accessible HTML table (the same rows and the same :class:`EmptySelection` message
    as the explorer's earlier figure): per finding the outcome, procedure and timepoint; the effect with its
    CI, its kind, k and n, the direction and the source (citation key and data row); the certainty
    as GRADE symbols and a word, with the downgraded domains and their reasons on demand."""
    rows = _select(table, family, group)
    title = _sof_title(rows, family, group)
    body = []
    for _, row in rows.iterrows():
        domains = _downgrades(row)
        reasons = "".join(f"<li><strong>{html.escape(label)}</strong> (−{down}): {_text(reason)}</li>"
                          for label, down, reason in domains if down)
        start = _text(row["start"], "starting level not reported")
        certainty = (f'{_certainty(row)}<details class="sb-reasons"><summary>Why? '
                     f'{html.escape(_downgrade_summary(domains))}</summary>'
                     f"<p>Starts {start}.</p>{f'<ul>{reasons}</ul>' if reasons else ''}</details>")
        effect = "<br>".join([_text(row["effect"]), f'<strong>{_text(row["direction"])}</strong>',
                              f'<small>{_text(row["source"], "kind not reported")}; '
                              f'{_count("k", row["k"])}, {_count("n", row["n"], row["n_unit"])}</small>', _source(row)])
        body.append(f'<tr><th scope="row">{_finding(row)}</th><td>{effect}</td><td>{certainty}</td></tr>')
    table_html = (f'<table class="sb-table sb-sof"><caption>{html.escape(title)}</caption>'
                  '<thead><tr><th scope="col">Outcome, procedure, timepoint</th>'
                  '<th scope="col">Effect (US − FL or US/FL), direction, source</th>'
                  '<th scope="col">Certainty (GRADE)</th></tr></thead>'
                  f'<tbody>{"".join(body)}</tbody></table>')
    return TableHTML(_scroll_box(title, table_html))


def sof_view(table: pd.DataFrame, family: str = "all", group: str = "all") -> HtmlView:
    """:func:`sof_table_html` as an explorer's view: the table and its title (the caption)."""
    rows = _select(table, family, group)
    return HtmlView(sof_table_html(table, family, group), _sof_title(rows, family, group))


def grade_table_html(sof: pd.DataFrame) -> str:
    """The GRADE judgement of every finding, one compact row each: outcome and procedure, the
    certainty (symbols and word) with its starting level, and the five domains (risk of bias,
    inconsistency, indirectness, imprecision, publication bias) with how many levels each
    downgraded and why, the reasons on demand. Displays as HTML in a notebook."""
    title = "Certainty of each finding (GRADE): starting level and the five domains"
    body = []
    for _, row in sof.iterrows():
        domains = _downgrades(row)
        items = "".join(f"<li><strong>{html.escape(label)}</strong> ({'−' + str(down) if down else 'no downgrade'}): "
                        f"{_text(reason)}</li>" for label, down, reason in domains)
        judgement = (f'<details class="sb-reasons"><summary>{html.escape(_downgrade_summary(domains))}</summary>'
                     f"<ul>{items}</ul></details>")
        certainty = f'{_certainty(row)}<br><small>starts {_text(row["start"], "starting level not reported")}</small>'
        finding = f'{_finding(row, with_timepoint=False)}<br><small><cite>{_text(row["source_id"])}</cite></small>'
        body.append(f'<tr><th scope="row">{finding}</th><td>{certainty}</td><td>{judgement}</td></tr>')
    table_html = (f'<table class="sb-table sb-grade"><caption>{html.escape(title)}</caption>'
                  '<thead><tr><th scope="col">Outcome, procedure</th><th scope="col">Certainty</th>'
                  '<th scope="col">Downgrades (open for all five domains)</th></tr></thead>'
                  f'<tbody>{"".join(body)}</tbody></table>')
    return TableHTML(_scroll_box(title, table_html))


@functools.lru_cache(maxsize=1)
def _scenario_axes() -> dict:
    """The three panels' axes (domains and anchors), as plotly's subplot grid lays them out
    (computed once; callers copy, never change, its entries)."""
    grid = make_subplots(rows=1, cols=3, horizontal_spacing=0.13, column_widths=[0.46, 0.27, 0.27])
    return {k: v for k, v in grid.layout.to_plotly_json().items() if k != "template"}


def scenario_figure(result: dict, prices: pd.DataFrame, per_week: int, share: float) -> go.Figure:
    """Three panels for one year of a clinic: staff dose avoided per badge (mSv, with % of the
    ICRP limit of the same organ), the patients' summed effective dose avoided (mSv) and hours of
    procedure time saved; under them the equipment purchase prices as printed (currency and
    period kept, never converted; hover for the rows and quotes).

    The figure is built in one go from plain dicts (36 states are drawn for the book; plotly's
    ``update_*`` calls would make each cost several times more)."""
    procedure = result["procedure"]
    switched = result["switched_per_year"]
    staff = result["staff"]
    staff_bar = dict(
        type="bar", xaxis="x", yaxis="y",
        x=[s["label"].split(" (")[0].replace(", outside apron", "<br>(outside apron)") for s in staff],
        y=[s["msv_avoided"] for s in staff], marker_color=[ORGAN_COLORS[s["organ"]] for s in staff], name="staff",
        text=[f"{s['msv_avoided']:.3g}<br>{s['percent_of_limit']:.2g} % of limit" for s in staff], textposition="outside",
        constraintext="none", textfont=dict(size=11),
        cliponaxis=False, hovertemplate="%{customdata}<extra></extra>",
        customdata=[(f"radiation.csv row {s['row']} ({_e(s['source_id'])}), {_e(s['quantity'])}{_e(s['protection'])}:<br>"
                     f"{s['value']:g} {_e(s['unit'])} = {s['msv_each']:g} mSv × {switched:g} = {s['msv_avoided']:.3g} mSv<br>"
                     f"ICRP limit, same organ: {s['limit_msv']:g} mSv/year")
                    for s in staff])
    if result["patient_msv_avoided"] is None:
        patient_bar = dict(x=["patients"], y=[0], name="patients", marker_color=COLORS["neutral"],
                           text=["no effective dose<br>in the data"], textposition="outside", cliponaxis=False,
                           hovertemplate=f"{_e(procedure.note)}<extra></extra>")
    else:
        patient_bar = dict(
            x=["patients"], y=[result["patient_msv_avoided"]], marker_color=COLORS["fluoroscopy"], name="patients",
            text=[f"{result['patient_msv_avoided']:.3g}"], textposition="outside", cliponaxis=False,
            hovertemplate=(f"{switched:g} patients × {result['patient_msv_each']:g} mSv ({_e(result['patient_statistic'])})<br>"
                           f"radiation.csv row {result['patient_row']} ({_e(result['patient_source'])})<br>"
                           "a sum over different people, not one person's dose<extra></extra>"))
    time = result["time"]
    hours = result["hours_saved"]
    time_bar = dict(
        type="bar", xaxis="x3", yaxis="y3",
        x=["hours"], y=[hours], marker_color=COLORS["ultrasound"] if hours >= 0 else COLORS["fluoroscopy"], name="time",
        text=[f"{hours:.3g}" + ("" if hours >= 0 else " (lost)")], textposition="outside", cliponaxis=False,
        hovertemplate=(f"{_e(time['printed'])}: {result['minutes_each']:.3g} min per procedure<br>"
                       f"{_e(time['where'])} ({_e(time['source_id'])}) × {switched:g}<extra></extra>"))
    price_text = "<br>".join(f"{_e(i.replace(' purchase price', ''))} {m:,.0f} {_e(c)} ({_e(p)})"
                           for i, m, c, p in zip(prices["item"], prices["mean"], prices["currency"], prices["period"]))
    price_hover = "<br>".join(f"costs.csv rows {_e(r)} ({_e(src)}): range {lo:,.0f}–{hi:,.0f} {_e(c)}"
                              for r, src, lo, hi, c in zip(prices["rows"], prices["source_id"], prices["low"], prices["high"],
                                                         prices["currency"]))
    plot_px = _SCENARIO_HEIGHT - _SCENARIO_TOP - _SCENARIO_BOTTOM
    notes = [
        dict(text=f"<b>Equipment</b>, mean purchase price as printed (hover for rows and ranges):<br>{price_text}",
             hovertext=price_hover, xref="paper", yref="paper", x=0, y=-150 / plot_px, yanchor="top",
             showarrow=False, xanchor="left", align="left", font=dict(size=11)),
        dict(text=_e(f"Rows matched: {procedure.note}."), xref="paper", yref="paper", x=0, y=-215 / plot_px,
             yanchor="top", showarrow=False, xanchor="left", align="left", font=dict(size=11)),
    ]
    # Desktop: the notes right under the axis labels, the last one wrapped to the figure's width
    # (11 px text); the bottom margin holds both (the plot keeps its height).
    rows_note = wrap_lines(notes[1]["text"], 96)
    price_px = 15 * (notes[0]["text"].count("<br>") + 1)
    desktop_notes = [dict(notes[0], y=-60 / plot_px), dict(notes[1], text=rows_note, y=-(60 + price_px + 8) / plot_px)]
    bottom = 60 + price_px + 8 + 15 * (rows_note.count("<br>") + 1) + 24
    title = f"{procedure.label}: {switched:g} procedures a year to ultrasound"
    layout = base_layout(title, height=_SCENARIO_TOP + plot_px + bottom)
    grid = dict(gridcolor="rgba(127,127,127,0.25)", zerolinecolor="rgba(127,127,127,0.5)")
    staff_top = max([s["msv_avoided"] for s in staff], default=0)
    y_titles = ("Staff dose avoided, mSv/yr", "Patients' dose avoided, mSv/yr", "Time saved, hours/yr")
    for n, y_title in enumerate(y_titles, start=1):
        suffix = "" if n == 1 else str(n)
        layout[f"xaxis{suffix}"] = {**_scenario_axes()[f"xaxis{suffix}"], "tickangle": 0, "tickfont": dict(size=11), **grid}
        layout[f"yaxis{suffix}"] = {**_scenario_axes()[f"yaxis{suffix}"], "rangemode": "tozero", **grid,
                                    "title": dict(text=y_title)}
    layout["yaxis"]["range"] = [0, 1.3 * staff_top or 1]
    layout.update(showlegend=False, margin=dict(l=50, r=20, t=_SCENARIO_TOP, b=bottom), bargap=0.4,
                  annotations=desktop_notes)
    # Phone: the staff panel on top at full width (badge names on two lines), the other two under
    # it; axis titles and notes wrapped to the column.
    phone_notes = [wrap_lines(note["text"], 44) for note in notes]
    lines = [text.count("<br>") + 1 for text in phone_notes]
    bottom = 60 + 15 * sum(lines) + 10
    phone_titles = ("Staff dose avoided,<br>mSv/yr", "Patients' dose<br>avoided, mSv/yr", "Time saved,<br>hours/yr")
    domains = (([0, 1], [0.56, 1]), ([0, 0.36], [0, 0.4]), ([0.64, 1], [0, 0.4]))
    phone_layout = dict(height=700 + 15 * sum(lines), margin=dict(l=56, r=12, b=bottom), annotations=[
        dict(notes[0], text=phone_notes[0], y=0, yshift=-45),
        dict(notes[1], text=phone_notes[1], y=0, yshift=-45 - 15 * lines[0] - 6)])
    for n, (title, (x_domain, y_domain)) in enumerate(zip(phone_titles, domains), start=1):
        suffix = "" if n == 1 else str(n)
        phone_layout[f"xaxis{suffix}"] = dict(domain=x_domain)
        phone_layout[f"yaxis{suffix}"] = dict(domain=y_domain, title=dict(text=title, font=dict(size=12)))
    staff_x = [wrap_lines(x.replace("<br>", " "), 10) for x in staff_bar["x"]]
    return for_phones(go.Figure(data=[staff_bar, {"type": "bar", "xaxis": "x2", "yaxis": "y2", **patient_bar}, time_bar],
                                layout=layout), layout=phone_layout, data=[dict(x=staff_x), None, None])
