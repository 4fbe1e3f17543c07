"""One figure theme for the whole book: colour-blind-safe colours and a base layout.

Colours are from the Okabe–Ito palette, which stays distinguishable for the common colour-vision
deficiencies. Markers, lines and bars use the palette as is. Text must reach WCAG AA (4.5:1) on the
page behind the transparent figure, and no one colour does that on both white and the dark theme's
near-black: coloured text uses :data:`TEXT_COLOURS` (the same hues, darkened for the light page) and
the script that draws the book's figures swaps each for its :data:`DARK_TEXT_COLOURS` value on the
dark page (tests/test_contrast.py checks every pair and every figure).
"""

from __future__ import annotations

import textwrap

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

# pydata-sphinx-theme's --pst-color-background: the page behind every (transparent) figure.
LIGHT_PAGE_BACKGROUND = "#ffffff"
DARK_PAGE_BACKGROUND = "#14181e"

# Text on the page, light-theme value (>= 4.5:1 on white): the Okabe–Ito hue at a lower lightness.
TEXT_COLOURS = {
    "default": "#333333",
    "ultrasound": OKABE_ITO["blue"],  # already 5.2:1 on white
    "fluoroscopy": "#bb5300",  # vermillion
    "pooled": "#00825f",  # green
    "neutral": "#727272",  # grey
    "highlight": "#986900",  # orange
    "published": "#b94887",  # reddish purple
}

# Light-theme text colour -> its dark-theme counterpart (>= 4.5:1 on DARK_PAGE_BACKGROUND): the same
# hue, lighter. Applied by the drawing script to font, textfont and annotation font colours.
DARK_TEXT_COLOURS = {
    TEXT_COLOURS["default"]: "#dddddd",
    TEXT_COLOURS["ultrasound"]: "#009df5",
    TEXT_COLOURS["fluoroscopy"]: "#f66d00",
    TEXT_COLOURS["pooled"]: "#00ab7c",
    TEXT_COLOURS["neutral"]: "#999999",
    TEXT_COLOURS["highlight"]: OKABE_ITO["orange"],
    TEXT_COLOURS["published"]: "#cd7da9",
}

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
        font=dict(family=FONT_FAMILY, size=13, color=TEXT_COLOURS["default"]),
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
        # Desktop: wrapped to the book's 688 px column (plotly does not wrap text).
        annotations=[dict(text=wrap_lines(message, DESKTOP_MESSAGE_CHARS), x=0.5, y=0.5, xref="paper", yref="paper",
                          showarrow=False, font=dict(size=16))],
    )
    # Phone: the message wrapped to the column, a little smaller.
    return for_phones(fig, layout=dict(annotations=[dict(fig.layout.annotations[0].to_plotly_json(),
                                                         text=wrap_lines(message, 32), font=dict(size=14))],
                                            margin=dict(l=10, r=10)))


#: Characters per line of a 16 px message in the book's 688 px content column (a desktop screen).
DESKTOP_MESSAGE_CHARS = 56


def wrap_lines(text: str, width: int) -> str:
    """``text`` re-wrapped with ``<br>`` at ``width`` characters, its own ``<br>`` kept."""
    return "<br>".join("<br>".join(textwrap.wrap(part, width, break_on_hyphens=False, break_long_words=False) or [""])
                       for part in text.split("<br>"))


#: Below this content width (px) the book's figure script applies a figure's phone variant.
NARROW_PX = 560


def for_phones(fig: go.Figure, layout: dict | None = None, data: list | None = None) -> go.Figure:
    """Give ``fig`` a variant for columns narrower than :data:`NARROW_PX` (a phone): ``layout`` is
    merged into the figure's layout and ``data[i]`` into trace ``i`` (``None`` leaves it) before
    the static book draws it — shorter tick labels, wrapped annotations, a legend under the plot.
    Nothing changes in JupyterLab, where a lecturer's screen is wide. Returns ``fig``."""
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    meta["narrow"] = {"layout": layout or {}, "data": data or []}
    fig.update_layout(meta=meta)
    return fig
