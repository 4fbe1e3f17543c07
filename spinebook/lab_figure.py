"""The explorers' figure in a live kernel: a small anywidget that draws plotly JSON.

Why not plotly's ``FigureWidget``: its widget module is plotly's whole 4.9 MB bundle, sent and
compiled once *per figure*. JupyterLab's anywidget gives each model 2 s to become ready and
otherwise drops the kernel's messages to it, so after Run All some explorers came up with empty
axes and controls that changed nothing (6 of 35 Run-All cycles in the issue). :class:`LabFigure`'s
module (``static/lab-figure.js``) is 3 KB and ready at once; plotly.js is loaded once per page from
the Jupyter server (``make lab`` serves the plotly package's own ``plotly.min.js``, see
``tools/lab.py``) and each figure draws the state it holds when plotly.js arrives. If it cannot
load, the figure says so and how to fix it.

Outside ``make lab`` (no :data:`PLOTLY_URL_VAR` in the environment) explorers fall back to
plotly's ``FigureWidget``.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import anywidget
import traitlets

from spinebook.display import json_default

#: Set by ``tools/lab.py`` for the kernels it starts: where the server serves plotly.js, relative
#: to JupyterLab's base URL.
PLOTLY_URL_VAR = "SPINEBOOK_LAB_PLOTLY_URL"
ESM = Path(__file__).parent / "static" / "lab-figure.js"


def plotly_url() -> str | None:
    return os.environ.get(PLOTLY_URL_VAR) or None


class LabFigure(anywidget.AnyWidget):
    """A plotly figure (``figure``: its JSON) drawn by plotly.js loaded from ``plotly_url``."""

    _esm = ESM
    figure = traitlets.Dict().tag(sync=True)
    plotly_url = traitlets.Unicode("").tag(sync=True)

    def show(self, fig) -> None:
        """Draw ``fig`` (a plotly Figure or its JSON) instead of the current figure."""
        self.figure = figure_json(fig)


def figure_json(fig) -> dict:
    """A figure as strict JSON (what a widget message may carry): numpy → lists, NaN/±inf → null."""
    plain = fig if isinstance(fig, dict) else fig.to_plotly_json()
    text = json.dumps(plain, default=json_default, allow_nan=True)
    return json.loads(text, parse_constant=lambda _constant: None)


def is_finite_json(value) -> bool:
    """True if ``value`` holds no NaN/inf anywhere (what strict JSON needs)."""
    if isinstance(value, dict):
        return all(is_finite_json(v) for v in value.values())
    if isinstance(value, list):
        return all(is_finite_json(v) for v in value)
    return not (isinstance(value, float) and not math.isfinite(value))
