"""One figure theme for the whole book: colour-blind-safe colours and a base layout.

Colours are from the Okabe–Ito palette, which stays distinguishable for the common colour-vision
deficiencies and keeps enough contrast on both the light and the dark page background.
"""

import plotly.graph_objects as go

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}

COLORS = {
    "ultrasound": OKABE_ITO["blue"],
    "fluoroscopy": OKABE_ITO["vermillion"],
    "pooled": OKABE_ITO["green"],
    "neutral": OKABE_ITO["grey"],
    "highlight": OKABE_ITO["orange"],
}

SEQUENCE = [OKABE_ITO[k] for k in ("blue", "vermillion", "green", "orange", "sky_blue", "purple", "yellow", "grey")]

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def base_layout(title: str = "", height: int = 420) -> dict:
    """Layout shared by every figure: transparent backgrounds so the page's light or dark theme
    shows through, a grey grid that reads on both, and the book's colour sequence."""
    return dict(
        title={"text": title, "x": 0.0, "xanchor": "left", "pad": {"l": 8}},
        height=height,
        margin=dict(l=60, r=20, t=60, b=60),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        font=dict(family=FONT_FAMILY, size=13, color="#7f7f7f"),
        colorway=SEQUENCE,
        xaxis=dict(gridcolor="rgba(127,127,127,0.25)", zerolinecolor="rgba(127,127,127,0.5)"),
        yaxis=dict(gridcolor="rgba(127,127,127,0.25)", zerolinecolor="rgba(127,127,127,0.5)"),
        hoverlabel=dict(namelength=-1),
    )


def message_figure(message: str, title: str = "") -> go.Figure:
    """A figure that shows a short message instead of data (e.g. a filter that leaves nothing)."""
    fig = go.Figure(layout=base_layout(title))
    fig.update_layout(
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
        annotations=[dict(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font=dict(size=16))],
    )
    return fig
