"""Figures of the treatment ladder (chapter 2), from the ``ladder`` table.

The data hold each guideline's recommendation *as worded* (free text: "consider", "may be offered",
"do not offer", ...). To compare guidelines, this module maps every wording to one of four ordinal
strengths with an explicit, ordered list of rules (:data:`WORDING_RULES`), and the populations and
treatments to the chapter's categories with explicit tables. Nothing in ``data/`` is changed: the
mapping adds columns to a copy, and :func:`wording_table` / :func:`treatment_table` print the
mapping so the chapter can show it. A wording, population, guideline or step that no table covers
raises ``ValueError`` naming it, so a new row in ``data/ladder.csv`` forces a visible decision.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from spinebook.figures.theme import OKABE_ITO, TEXT_COLOURS, base_layout, for_phones
from spinebook.widgets import EmptySelection


# --- strength: an ordinal scale, encoded by colour, symbol and text --------------------------------
@dataclass(frozen=True)
class Strength:
    name: str
    label: str
    mark: str  # text shown in the marker and the legend: strength never rests on colour alone
    colour: str
    text_colour: str  # the mark drawn on the marker: >= 4.5:1 on its fill (white on blue, black on the rest)
    symbol: str


STRENGTHS = [  # strongest "for" first; Okabe–Ito blue -> sky blue -> grey -> vermillion
    Strength("recommend", "Recommend / offer", "++", OKABE_ITO["blue"], "#ffffff", "circle"),
    Strength("consider", "Consider / may offer", "+", OKABE_ITO["sky_blue"], "#000000", "diamond"),
    Strength("none", "No recommendation", "?", OKABE_ITO["grey"], "#000000", "square"),
    Strength("do_not", "Do not (routinely) offer", "✕", OKABE_ITO["vermillion"], "#000000", "hexagon"),
]
STRENGTH = {s.name: s for s in STRENGTHS}
RANK = {s.name: len(STRENGTHS) - i for i, s in enumerate(STRENGTHS)}  # recommend 4 ... do_not 1

# (pattern, strength, rule in words). Order matters: the first pattern that matches the lower-cased
# wording decides, so negations are tested before the positive verbs they contain.
WORDING_RULES = [
    (r"^do not|^should not|^advises against", "do_not", "starts with “do not”, “should not” or “advises against”"),
    (r"out of scope|overused", "none", "says “out of scope” or “overused”: describes scope or practice"),
    (r"^recommended|^should be offered", "recommend", "starts with “recommended” or “should be offered”"),
    (r"^consider|^may be offered|^prudent use|^escalate", "consider", "starts with “consider”, “may be offered”, “prudent use” or “escalate”"),
]


def _rule_of(recommendation: str) -> tuple[str, str]:
    text = str(recommendation).strip().lower()
    for pattern, strength, rule in WORDING_RULES:
        if re.search(pattern, text):
            return strength, rule
    raise ValueError(f"No strength rule covers the recommendation wording {recommendation!r}: add one to WORDING_RULES")


def strength_of(recommendation: str) -> str:
    """The ordinal strength of one recommendation wording (see :data:`WORDING_RULES`)."""
    return _rule_of(recommendation)[0]


def wording_table(ladder: pd.DataFrame) -> pd.DataFrame:
    """The mapping as the chapter shows it: one row per strength, its rule, and every wording in
    the data that the rule catches, with its number of rows."""
    counts = ladder["recommendation"].value_counts()
    rows = []
    for s in STRENGTHS:
        caught = [(w, n) for w, n in counts.items() if strength_of(w) == s.name]
        rule = next(r for _p, name, r in WORDING_RULES if name == s.name)
        rows.append({"strength": f"{s.mark} {s.label}", "rule (first match wins, negations first)": rule,
                     "wordings in the data (rows)": "; ".join(f"{w} ({n})" for w, n in sorted(caught, key=lambda c: (-c[1], c[0]))),
                     "rows": sum(n for _w, n in caught)})
    return pd.DataFrame(rows)


# --- guidelines, populations, treatments: explicit tables ------------------------------------------
GUIDELINES = {  # wording in data -> short label, in the order the chapter shows them
    "NICE NG59 (2016, updated 2020)": "NICE NG59",
    "ACP 2017 (Qaseem et al., Ann Intern Med)": "ACP 2017",
    "WHO 2023 chronic primary LBP guideline": "WHO 2023",
    "Lancet Low Back Pain Series 2018 (Foster et al.)": "Lancet 2018",
    "International sciatica guidelines (as summarised in BMJ commentary)": "Intl sciatica",
}
GUIDELINE_ORDER = list(GUIDELINES.values())

POPULATIONS = {"acute": "Acute", "chronic": "Chronic", "sciatica": "Sciatica"}
#: The population as a title names it ("sciatica", not "sciatica low back pain": sciatica is leg pain).
POPULATION_PHRASES = {"acute": "acute low back pain", "chronic": "chronic low back pain", "sciatica": "sciatica",
                      "any": "all populations"}
POPULATION_OF = {  # population wording in data -> which of the three the recommendation covers
    "low back pain": ("acute", "chronic"),
    "low back pain with or without sciatica": ("acute", "chronic", "sciatica"),
    "low back pain with or without sciatica (new episode)": ("acute", "sciatica"),
    "specific episode or flare-up of low back pain with or without sciatica": ("acute", "chronic", "sciatica"),
    "persistent low back pain with or without sciatica (see guideline for criteria)": ("chronic", "sciatica"),
    "non-specific low back pain without sciatica": ("acute", "chronic"),
    "acute low back pain": ("acute",),
    "acute or subacute low back pain": ("acute",),
    "chronic low back pain": ("chronic",),
    "chronic low back pain with inadequate response to nonpharmacologic therapy": ("chronic",),
    "chronic low back pain, main source thought to be medial-branch-innervated structures, moderate/severe localised pain": ("chronic",),
    "chronic low back pain; neurogenic claudication with central spinal canal stenosis": ("chronic",),
    "persistent low back pain": ("chronic",),
    "chronic primary low back pain": ("chronic",),
    "chronic primary low back pain (adults incl. older people), primary/community care": ("chronic",),
    "acute and severe sciatica (lumbar radiculopathy)": ("sciatica",),
    "sciatica": ("sciatica",),
}

# The editorial's nine treatments, in its order, and the steps of the data that speak to each.
TREATMENTS = ["Exercise", "Behavioural therapy", "Physiotherapy", "Psychological and social support", "Manual therapy",
              "Acupuncture", "Medication", "Interventional pain management", "Surgery"]
# Questions on which guidelines are compared in the chapter.
QUESTIONS = ["Imaging", "Opioids", "Acupuncture", "Epidural steroid injections", "Facet and other spinal injections",
             "Radiofrequency denervation"]

_MED = ("Medication",)
CATEGORIES_OF_STEP = {  # step in data -> (editorial treatments, contested questions)
    "Assessment and risk stratification": ((), ()),
    "Imaging": ((), ("Imaging",)),
    "Self-management advice": (("Psychological and social support",), ()),
    "Exercise": (("Exercise",), ()),
    "Manual therapy": (("Manual therapy",), ()),
    "Psychological therapy": (("Behavioural therapy",), ()),
    "Combined physical and psychological programme": (("Exercise", "Behavioural therapy"), ()),
    "Passive/device treatments": (("Physiotherapy", "Acupuncture"), ("Acupuncture",)),
    "Medication - NSAIDs": (_MED, ()),
    "Medication - weak opioids": (_MED, ("Opioids",)),
    "Medication - paracetamol alone": (_MED, ()),
    "Medication - opioids (chronic)": (_MED, ("Opioids",)),
    "Medication - antidepressants/anticonvulsants": (_MED, ()),
    "Spinal injections for low back pain": (("Interventional pain management",), ("Facet and other spinal injections",)),
    "Radiofrequency denervation": (("Interventional pain management",), ("Radiofrequency denervation",)),
    "Epidural injection (local anaesthetic + steroid)": (("Interventional pain management",), ("Epidural steroid injections",)),
    "Epidural steroid injection for chronic LBP or neurogenic claudication": (("Interventional pain management",), ("Epidural steroid injections",)),
    "Surgery - spinal fusion / disc replacement": (("Surgery",), ()),
    "Surgery for sciatica (stepped care)": (("Interventional pain management", "Surgery"), ("Epidural steroid injections",)),
    "Non-pharmacologic first line (acute/subacute)": (("Physiotherapy", "Manual therapy", "Acupuncture"), ("Acupuncture",)),
    "Pharmacologic if desired (acute/subacute)": (_MED, ()),
    "Non-pharmacologic first line (chronic)": (("Exercise", "Behavioural therapy", "Psychological and social support",
                                                "Manual therapy", "Acupuncture"), ("Acupuncture",)),
    "Pharmacologic (chronic, inadequate response)": (_MED, ("Opioids",)),
    "Structured and standardized education/advice": (("Psychological and social support",), ()),
    "Structured exercise therapy or programme": (("Exercise",), ()),
    "Needling therapies (e.g. acupuncture)": (("Acupuncture",), ("Acupuncture",)),
    "Spinal manipulative therapy": (("Manual therapy",), ()),
    "Massage": (("Manual therapy",), ()),
    "Traction": (("Physiotherapy",), ()),
    "Therapeutic ultrasound": (("Physiotherapy",), ()),
    "TENS": (("Physiotherapy",), ()),
    "Lumbar braces, belts and/or supports": (("Physiotherapy",), ()),
    "Mobility assistive products": ((), ()),
    "Operant therapy (psychological)": (("Behavioural therapy",), ()),
    "Medicines - NSAIDs": (_MED, ()),
    "Medicines - opioids": (_MED, ("Opioids",)),
    "Invasive/surgical procedures": (("Interventional pain management", "Surgery"),
                                     ("Epidural steroid injections", "Facet and other spinal injections", "Radiofrequency denervation")),
    "Initial non-pharmacological care": (("Exercise", "Psychological and social support"), ()),
    "Psychological programmes": (("Psychological and social support",), ()),
    "Medication, imaging and surgery": (("Medication", "Surgery"), ("Imaging",)),
    "Evidence-practice gap": (("Medication", "Interventional pain management", "Surgery"),
                              ("Imaging", "Opioids", "Epidural steroid injections", "Facet and other spinal injections")),
}

# Whose words a row holds: the guideline's own text (or its journal abstract) or a page that quotes it.
GUIDELINE_TEXT_SOURCES = {"nice_ng59", "acp2017", "foster2018", "who2023_nbk599218"}


def _lookup(table: dict, key: str, what: str):
    try:
        return table[key]
    except KeyError:
        raise ValueError(f"{what} {key!r} is not covered by the chapter 2 mapping: add it in spinebook/figures/ladder.py") from None


def ladder_table(ladder: pd.DataFrame) -> pd.DataFrame:
    """A copy of the ladder with the mapped columns: guideline_short, strength, rank, populations,
    treatments, questions and secondary (wording read on a page that quotes the guideline)."""
    table = ladder.copy()
    table["guideline_short"] = [_lookup(GUIDELINES, g, "Guideline") for g in table["guideline"]]
    table["strength"] = [strength_of(r) for r in table["recommendation"]]
    table["rank"] = table["strength"].map(RANK)
    table["populations"] = [_lookup(POPULATION_OF, p, "Population") for p in table["population"]]
    categories = [_lookup(CATEGORIES_OF_STEP, s, "Step") for s in table["step"]]
    table["treatments"] = [c[0] for c in categories]
    table["questions"] = [c[1] for c in categories]
    table["secondary"] = ~table["source_id"].isin(GUIDELINE_TEXT_SOURCES)
    return table


def treatment_table(table: pd.DataFrame) -> pd.DataFrame:
    """The step -> editorial treatment mapping as the chapter shows it, one row per step in the data."""
    return pd.DataFrame({
        "guideline": table["guideline_short"],
        "step in data": table["step"],
        "editorial treatment(s)": [", ".join(t) or "(none of the nine)" for t in table["treatments"]],
        "population(s)": [", ".join(POPULATIONS[p] for p in ps) for ps in table["populations"]],
    }).reset_index(drop=True)


def rows_for(table: pd.DataFrame, population: str = "any", guideline: str | None = None) -> pd.DataFrame:
    """Rows that apply to a population ("any" for all) and, optionally, one guideline (short label)."""
    keep = table["populations"].map(lambda ps: population == "any" or population in ps)
    if guideline is not None:
        keep &= table["guideline_short"] == guideline
    return table[keep]


# --- hover text ---------------------------------------------------------------------------------------
def _esc(value) -> str:
    return "" if value is None or pd.isna(value) else html.escape(str(value))


def _wrap(text: str, width: int = 70) -> str:
    return "<br>".join(textwrap.wrap(text, width)) if text else ""


def _source_line(row) -> str:
    where = "secondary page quoting the guideline" if row["secondary"] else "guideline text"
    return f"Source: {_esc(row['source_id'])}, {_esc(row['source_location'])} ({where})"


def row_hover(row) -> str:
    """Everything a reader needs to check one recommendation: wording, strength, grade, population,
    source and the verbatim quote."""
    s = STRENGTH[row["strength"]]
    lines = [f"<b>{_esc(row['step'])}</b> · {_esc(row['guideline_short'])}",
             f"{s.mark} {s.label}: “{_esc(row['recommendation'])}”",
             f"Grade as printed: {_esc(row['grade']) or 'not given'}",
             _wrap(f"Population: {_esc(row['population'])}")]
    if not pd.isna(row["examples"]):
        lines.append(_wrap(f"Examples: {_esc(row['examples'])}"))
    lines += [_source_line(row), _wrap(f"“{_esc(row['quote'])}”")]
    return "<br>".join(line for line in lines if line)


KEY_SHAPES = {"circle": "●", "diamond": "◆", "square": "■", "hexagon": "⬢"}


def strength_key(y: float = 0.0, empty: bool = False, per_line: int = 2, extra: tuple = ()) -> dict:
    """The legend as one annotation: shape in the strength's colour, its mark and its label, ``per_line``
    items a line (1 on a phone), then the ``extra`` lines. (Cheaper than legend traces, which every
    widget update would re-validate.)"""
    items = [f"<span style='color:{s.colour}'>{KEY_SHAPES[s.symbol]}</span> {s.mark} {s.label}" for s in STRENGTHS]
    if empty:
        items.append("<span style='color:rgba(127,127,127,0.7)'>○</span> no row in the data")
    lines = ["      ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)] + list(extra)
    return dict(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=y, xanchor="left", yanchor="top",
                align="left", showarrow=False, font=dict(size=12))


# --- explorer 1: the ladder of one guideline for one population ---------------------------------------
OFF_LADDER = "not on the ladder"


def ladder_figure(table: pd.DataFrame, guideline: str, population: str, height: int = 560) -> go.Figure:
    """The steps one guideline gives for one population, climbing from assessment (rung 0) to surgery
    (rung 5); "do not" items, which have no rung, sit below the ladder. Colour, marker shape and the
    mark before each step's name all encode the same ordinal strength."""
    rows = rows_for(table, population, guideline)
    label = POPULATIONS.get(population, population).lower()
    if rows.empty:
        covered = sorted({p for ps in table.loc[table["guideline_short"] == guideline, "populations"] for p in ps})
        raise EmptySelection(f"{guideline}: no {label} recommendation in the data "
                             f"(it covers {', '.join(covered) or 'nothing'}).")
    rows = rows.assign(rung=rows["step_order"].astype("Float64").fillna(-1)).sort_values(["rung", "rank"], kind="stable")
    rows = rows.assign(y=range(len(rows)))
    fig = go.Figure(layout=base_layout(f"{guideline}: the ladder for {POPULATION_PHRASES[population]}", height=height))
    style = [STRENGTH[name] for name in rows["strength"]]
    fig.add_trace(go.Scatter(  # one trace: a widget update then re-validates one trace, not four
        x=[0] * len(rows), y=rows["y"].tolist(), mode="markers+text", name="recommendations",
        text=[f"<b>{st.mark}</b>  {_esc(step)}" for st, step in zip(style, rows["step"])], textposition="middle right",
        marker=dict(color=[st.colour for st in style], symbol=[st.symbol for st in style], size=18,
                    line=dict(width=1, color="rgba(127,127,127,0.6)")),
        customdata=[row_hover(r) for _, r in rows.iterrows()], hovertemplate="%{customdata}<extra></extra>",
    ))
    shapes, notes, tickvals, ticktext = [], [], [], []
    for rung, group in rows.groupby("rung", sort=True):
        first, last = int(group["y"].min()), int(group["y"].max())
        tickvals.append((first + last) / 2)
        ticktext.append(OFF_LADDER.replace(" ", "<br>", 1) if rung < 0 else f"rung {int(rung)}")
        if first > 0:
            shapes.append(dict(type="line", xref="paper", x0=0, x1=1, yref="y", y0=first - 0.5, y1=first - 0.5,
                               line=dict(color="rgba(127,127,127,0.45)", width=1)))
    upper = rows[rows["rung"] >= 4]
    if not upper.empty and (rows["rung"].between(0, 3)).any():
        y = int(upper["y"].min()) - 0.5
        shapes.append(dict(type="line", xref="paper", x0=0, x1=1, yref="y", y0=y, y1=y,
                           line=dict(color=OKABE_ITO["orange"], width=2, dash="dash")))
        notes.append(dict(text="<b>▲ after conservative care fails</b>", xref="paper", x=1, xanchor="right", yref="y",
                          y=y, yanchor="bottom", showarrow=False, font=dict(size=12, color=TEXT_COLOURS["highlight"])))
    fig.update_layout(
        shapes=shapes, annotations=notes + [strength_key()],
        xaxis=dict(visible=False, range=[-0.06, 1]),
        yaxis=dict(tickmode="array", tickvals=tickvals, ticktext=ticktext, showgrid=False, zeroline=False,
                   range=[-0.7, max(len(rows), 6) - 0.3], automargin=True),
        showlegend=False,
        margin=dict(l=20, r=20, t=60, b=80),
    )
    # Phone: step names wrapped (about 28 characters a line), rows far enough apart for two lines,
    # a gap above the dashed line for its note (the rungs above move up: same order, same data),
    # the key one strength a line under the plot.
    def wrap(step):
        return textwrap.wrap(str(step), 28, break_long_words=False, break_on_hyphens=False) or [""]
    wrapped = [f"<b>{st.mark}</b>  " + "<br>".join(_esc(line) for line in wrap(step)) for st, step in zip(style, rows["step"])]
    lines = sum(len(wrap(step)) for step in rows["step"])
    gap, above = (0.9, int(upper["y"].min())) if notes else (0.0, len(rows))
    def lift(y):  # rows and tick positions at or above the dashed line; lines on it stay
        return y + gap if y > above - 0.5 else y
    phone_shapes = [dict(shape, y0=lift(shape["y0"]), y1=lift(shape["y1"])) for shape in shapes]
    phone_notes = [dict(note, y=above - 0.5, text="<b>▲ after conservative care fails</b>") for note in notes]
    phone_height = max(height, 60 + 110 + 22 * lines + 18 * len(rows))
    return for_phones(fig, layout=dict(
        height=phone_height, annotations=phone_notes + [strength_key(per_line=1)], shapes=phone_shapes,
        margin=dict(l=8, r=8, b=110), xaxis=dict(range=[-0.1, 1]), font=dict(size=12),
        yaxis=dict(tickvals=[lift(v) for v in tickvals], range=[-0.7, max(len(rows), 6) - 0.3 + gap])),
        data=[dict(text=wrapped, textfont=dict(size=12), y=[lift(y) for y in rows["y"]])])


# --- explorer 2: treatment x guideline agreement matrix -----------------------------------------------
def agreement_table(table: pd.DataFrame, rows: str = "treatments", population: str = "any") -> pd.DataFrame:
    """One row per (category, guideline, strength) with the data rows behind it; categories are the
    editorial's treatments (``rows="treatments"``) or the contested questions (``rows="questions"``)."""
    categories = TREATMENTS if rows == "treatments" else QUESTIONS
    out = []
    for _, row in rows_for(table, population).iterrows():
        for category in row[rows]:
            out.append({"category": category, "guideline": row["guideline_short"], "strength": row["strength"],
                        "rank": row["rank"], "step": row["step"], "recommendation": row["recommendation"],
                        "hover": row_hover(row)})
    frame = pd.DataFrame(out, columns=["category", "guideline", "strength", "rank", "step", "recommendation", "hover"])
    frame["category"] = pd.Categorical(frame["category"], categories, ordered=True)
    frame["guideline"] = pd.Categorical(frame["guideline"], GUIDELINE_ORDER, ordered=True)
    return frame.sort_values(["category", "guideline", "rank"], ascending=[True, True, False]).reset_index(drop=True)


def agreement_summary(table: pd.DataFrame, rows: str = "treatments", population: str = "any") -> pd.DataFrame:
    """Per category: how many guidelines speak to it and the strengths they give. A category on
    which every guideline with a row gives one and the same strength is "agree"; with strengths
    both for (recommend/consider) and against (do not) it is "conflict"; otherwise "mixed"."""
    cells = agreement_table(table, rows, population)
    out = []
    for category, group in cells.groupby("category", observed=False):
        strengths = set(group["strength"])
        verdict = ("no data" if group.empty else "one guideline" if group["guideline"].nunique() == 1
                   else "agree" if len(strengths) == 1
                   else "conflict" if {"do_not"} & strengths and {"recommend", "consider"} & strengths else "mixed")
        out.append({"category": category, "guidelines": int(group["guideline"].nunique()),
                    "strengths": " ".join(STRENGTH[s].mark for s in sorted(strengths, key=RANK.get, reverse=True)),
                    "verdict": verdict})
    return pd.DataFrame(out)


def agreement_figure(table: pd.DataFrame, rows: str = "treatments", population: str = "any", height: int = 560) -> go.Figure:
    """Categories (rows) x guidelines (columns). A cell holds one marker per distinct strength the
    guideline gives there, side by side when they differ; a faint dot marks "no row in the data"."""
    cells = agreement_table(table, rows, population)
    categories = TREATMENTS if rows == "treatments" else QUESTIONS
    which = "the editorial's treatments" if rows == "treatments" else "contested questions"
    label = POPULATION_PHRASES[population]
    if cells.empty:
        raise EmptySelection(f"No recommendation on {which} for {label} in the data.")
    fig = go.Figure(layout=base_layout(f"Agreement: {which}, {label}", height=height))
    y_of = {c: len(categories) - 1 - i for i, c in enumerate(categories)}
    x_of = {g: i for i, g in enumerate(GUIDELINE_ORDER)}
    points = {s.name: ([], [], []) for s in STRENGTHS}
    phone_x = {s.name: [] for s in STRENGTHS}  # on a phone, markers of one cell further apart
    empty_x, empty_y, empty_hover = [], [], []
    grouped = {key: group for key, group in cells.groupby(["category", "guideline"], observed=True)}
    for category in categories:
        for guideline in GUIDELINE_ORDER:
            group = grouped.get((category, guideline))
            if group is None:
                empty_x.append(x_of[guideline])
                empty_y.append(y_of[category])
                empty_hover.append(f"<b>{_esc(category)}</b> · {_esc(guideline)}<br>No row in data/ladder.csv "
                                   f"for this treatment and population.")
                continue
            present = list(dict.fromkeys(group["strength"]))
            for k, strength in enumerate(present):
                xs, ys, hovers = points[strength]
                xs.append(x_of[guideline] + 0.24 * (k - (len(present) - 1) / 2))
                phone_x[strength].append(x_of[guideline] + 0.3 * (k - (len(present) - 1) / 2))
                ys.append(y_of[category])
                same = group[group["strength"] == strength]
                hovers.append(f"<b>{_esc(category)}</b> · {len(same)} row(s)<br>"
                              + "<br>────<br>".join(same["hover"]))
    xs, ys, hovers, style, xs_phone = [], [], [], [], []
    for name in [s.name for s in STRENGTHS]:
        xs_phone += phone_x[name]
        xs += points[name][0]
        ys += points[name][1]
        hovers += points[name][2]
        style += [STRENGTH[name]] * len(points[name][0])
    n_empty = len(empty_x)
    fig.add_trace(go.Scatter(  # one trace: a widget update then re-validates one trace, not five
        x=xs + empty_x, y=ys + empty_y, mode="markers+text", name="recommendations",
        text=[st.mark for st in style] + [""] * n_empty,
        textfont=dict(color=[st.text_colour for st in style] + ["#000000"] * n_empty, size=11),
        marker=dict(color=[st.colour for st in style] + ["rgba(127,127,127,0.5)"] * n_empty,
                    symbol=[st.symbol for st in style] + ["circle-open"] * n_empty,
                    size=[24] * len(style) + [8] * n_empty, opacity=1,  # sized markers default to 0.7: marks need the full fill
                    line=dict(width=1, color="rgba(127,127,127,0.6)")),
        customdata=hovers + empty_hover, hovertemplate="%{customdata}<extra></extra>",
    ))
    fig.update_layout(
        xaxis=dict(tickmode="array", tickvals=list(x_of.values()), ticktext=[g.replace("Intl sciatica", "Intl sciatica<br>(secondary)") for g in GUIDELINE_ORDER], side="bottom",
                   range=[-0.5, len(GUIDELINE_ORDER) - 0.5], showgrid=False, zeroline=False),
        yaxis=dict(tickmode="array", tickvals=list(y_of.values()), ticktext=list(y_of.keys()),
                   range=[-0.6, len(categories) - 0.4], showgrid=True, zeroline=False, automargin=True),
        showlegend=False, annotations=[strength_key(-0.12, empty=True)],
        margin=dict(l=20, r=20, t=60, b=120),
    )
    # Phone: the row names go above their row (full width) instead of a left axis that would take
    # half the screen; short column names (spelled out under the key), rows further apart, markers
    # of one cell set wider apart and a little smaller, the key one strength a line.
    row_titles = [dict(text=f"<b>{_esc(c)}</b>", xref="paper", x=0, xanchor="left", yref="y", y=y + 0.5,
                       yanchor="middle", showarrow=False, font=dict(size=12)) for c, y in y_of.items()]
    columns = ["NICE NG59", "ACP 2017", "WHO 2023", "Lancet 2018", "Intl sciatica (secondary)"]
    short = {"NICE NG59": "NICE", "ACP 2017": "ACP", "WHO 2023": "WHO", "Lancet 2018": "Lancet", "Intl sciatica": "Sciat.*"}
    spelled = ["Columns: NICE NG59 · ACP 2017 · WHO 2023 ·", "Lancet 2018 · Sciat.* = Intl sciatica guidelines", "(*secondary: as summarised in a BMJ commentary)"]
    assert len(columns) == len(GUIDELINE_ORDER)
    phone_rows = 62
    plot_height = phone_rows * len(categories)
    key = strength_key(-30 / plot_height, empty=True, per_line=1, extra=spelled)
    return for_phones(fig, layout=dict(
        height=60 + plot_height + 190, margin=dict(l=6, r=6, t=60, b=190),
        xaxis=dict(ticktext=[short[g] for g in GUIDELINE_ORDER], side="top", range=[-0.55, len(GUIDELINE_ORDER) - 0.45],
                   tickfont=dict(size=12)),
        yaxis=dict(showticklabels=False, range=[-0.45, len(categories) - 0.2], showgrid=False),
        annotations=row_titles + [key], font=dict(size=12)),
        data=[dict(x=xs_phone + empty_x, marker=dict(size=[20] * len(style) + [8] * n_empty))])
