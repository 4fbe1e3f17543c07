"""Simulated fluoroscopy and ultrasound images as plotly figures.

Each image travels as a small JPEG inside the figure (a plotly layout image: every plotly.js bundle
draws it, the book's basic one included), on axes in millimetres, with a few labelled points
drawn over it. Pure functions: :class:`~spinebook.imaging.scenes.View` objects in, a figure out.
"""

from __future__ import annotations

import base64
import io

import numpy as np
import plotly.graph_objects as go
from PIL import Image

from spinebook.figures.theme import TEXT_COLOURS, base_layout, for_phones

JPEG_QUALITY = 72
DOPPLER_TOWARD, DOPPLER_AWAY = (230, 40, 30), (40, 110, 255)
#: Labels over an image sit on their own black box, so they read on any image and either page.
LABEL_COLOUR, LABEL_BOX = "#ffe14d", "#000000"
VALIDATE = False


def image_uri(pixels: np.ndarray, colour: np.ndarray | None = None) -> str:
    """Grey levels 0–1 (NaN: black) as a JPEG data URI; ``colour`` (+1 towards, −1 away) paints the
    Doppler signal over the grey image."""
    grey = (np.nan_to_num(pixels, nan=0.0) * 255).round().astype(np.uint8)
    if colour is None:
        image = Image.fromarray(grey, "L")
    else:
        rgb = np.repeat(grey[..., None], 3, axis=-1)
        signal = np.nan_to_num(colour)
        rgb[signal > 0.5] = DOPPLER_TOWARD
        rgb[signal < -0.5] = DOPPLER_AWAY
        image = Image.fromarray(rgb, "RGB")
    buffer = io.BytesIO()
    # full-resolution colour (no 4:2:0 chroma subsampling): a one-pixel Doppler line keeps its colour
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, subsampling=0)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _panel(view, axis: str, heading: str, show_depth: bool) -> tuple[dict, list, dict, dict]:
    """Layout image, label traces, axes and heading annotation of one panel (``axis`` "" or "2")."""
    x0, x1 = view.across
    y0, y1 = view.down
    image = dict(source=image_uri(view.pixels, view.colour), xref=f"x{axis}", yref=f"y{axis}", x=x0, y=y0,
                 sizex=x1 - x0, sizey=abs(y1 - y0), sizing="stretch", layer="below")
    traces, notes = [], []
    for name, (u, v) in view.labels.items():
        traces.append(dict(type="scatter", x=[u], y=[v], xaxis=f"x{axis}", yaxis=f"y{axis}", mode="markers",
                           marker=dict(size=8, color=LABEL_COLOUR, symbol="x-thin", line=dict(width=2, color=LABEL_COLOUR)),
                           hovertemplate=f"{name}<extra></extra>", showlegend=False))
        notes.append(dict(text=name, x=u, y=v, xref=f"x{axis}", yref=f"y{axis}", showarrow=False, yshift=13,
                          font=dict(size=11, color=LABEL_COLOUR), bgcolor=LABEL_BOX, borderpad=1))
    x_axis = dict(range=[x0, x1], showgrid=False, zeroline=False, fixedrange=True, constrain="domain",
                  title=dict(text="across (mm)" if show_depth else ""), visible=show_depth)
    y_axis = dict(range=[y1, y0], showgrid=False, zeroline=False, fixedrange=True,  # top of the image at the top
                  scaleanchor=f"x{axis}", constrain="domain", visible=show_depth,
                  title=dict(text="depth (mm)" if show_depth else ""))
    heading_note = dict(text=heading, xref=f"x{axis} domain", yref=f"y{axis} domain", x=0, y=1.0, xanchor="left",
                        yanchor="bottom", showarrow=False, font=dict(size=12, color=TEXT_COLOURS["default"]))
    return image, traces, {"x": x_axis, "y": y_axis}, [heading_note] + notes


def views_figure(title: str, fluoro=None, fluoro_heading: str = "", sound=None, sound_heading: str = "",
                 height: int = 400) -> go.Figure:
    """Fluoroscopy (left) and ultrasound (right) of one state side by side; either may be None
    (then the other fills the width). On a phone the two stack."""
    panels = [(v, h, d) for v, h, d in ((fluoro, fluoro_heading, False), (sound, sound_heading, True)) if v is not None]
    layout = base_layout(title, height)
    layout["margin"] = dict(l=50, r=10, t=70, b=45)
    images, traces, notes = [], [], []
    narrow = {"height": 700 if len(panels) == 2 else 420, "margin": dict(l=40, r=6, t=60, b=40)}
    for i, (view, heading, depth) in enumerate(panels):
        axis = "" if i == 0 else "2"
        image, labels, axes, note = _panel(view, axis, heading, depth)
        images.append(image)
        traces += labels
        notes += note
        across = [0, 1] if len(panels) == 1 else ([0, 0.40] if i == 0 else [0.53, 1])  # room for the depth axis between
        axes["x"]["domain"], axes["y"]["domain"] = across, [0, 0.93]
        axes["y"]["anchor"], axes["x"]["anchor"] = f"x{axis}", f"y{axis}"
        layout[f"xaxis{axis}"], layout[f"yaxis{axis}"] = axes["x"], axes["y"]
        stacked = [0, 0.93] if len(panels) == 1 else ([0.45, 0.95] if i == 0 else [0.0, 0.36])
        narrow[f"xaxis{axis}"] = {"domain": [0, 1]}
        narrow[f"yaxis{axis}"] = {"domain": stacked}
    layout.update(images=images, annotations=notes, dragmode=False, hovermode="closest")
    # Built from plain dicts without plotly's per-property validation (tens of ms per figure); the
    # tests build every state with validation on (tests/test_explorers.py checks them as JSON).
    fig = go.Figure(traces, layout, _validate=VALIDATE)
    return for_phones(fig, layout=narrow)
