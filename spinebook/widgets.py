"""One explorer, two renderings.

An :class:`Explorer` couples a few *controls* (dropdowns, buttons, a slider) with a *figure
function* — a pure function from the controls' values to a plotly figure (or, for a table, an
:class:`HtmlView`).

* In a live kernel (JupyterLab) it shows ipywidgets controls above a figure (or an
  ``ipywidgets.HTML``) that is updated in place whenever a control moves: under ``make lab`` a
  :class:`~spinebook.lab_figure.LabFigure` (see there why), elsewhere plotly's ``FigureWidget``
  (``batch_update``).
* In the book build (no kernel in the reader's browser) it emits a *figure block* (see
  :mod:`spinebook.display`): native HTML controls and every state of the controls, precomputed as
  JSON; the book's script ``static/spinebook-explorer.js`` draws the chosen state. Nothing is
  computed in the browser and nothing is fetched from outside the book.

A figure function signals "nothing to show for this choice" by raising :class:`EmptySelection`;
the explorer then draws the message inside the figure instead of a traceback.
"""

from __future__ import annotations

import html
import itertools
import json
import logging
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

import plotly.graph_objects as go

from spinebook.display import figure_block, figure_state, in_book_build, json_default
from spinebook.figures.theme import message_figure
from spinebook.lab_figure import LabFigure, figure_json, plotly_url

log = logging.getLogger(__name__)

MAX_STATES = 200
PLAY_INTERVAL_MS = 800  # one frame of a playing slider (the book's script uses the same)
PRECOMPUTE_STATES = 60
CONTROL_KINDS = ("dropdown", "buttons", "slider")


class EmptySelection(ValueError):
    """Raised by a figure function when the chosen controls leave nothing to draw."""


@dataclass(frozen=True)
class HtmlView:
    """What a figure function returns when the state is best shown as HTML, not as a plot (a
    table: it wraps, reflows on a phone, and screen readers read it cell by cell)."""

    html: str
    title: str = ""


def message_view(message: str, title: str = "") -> HtmlView:
    return HtmlView(f'<p class="sb-message">{html.escape(message)}</p>', title)


@dataclass(frozen=True)
class Control:
    """One control of an explorer.

    ``name`` is the keyword argument passed to the figure function, ``label`` what the reader sees,
    ``options`` a list of values or of ``(label, value)`` pairs, ``kind`` one of dropdown, buttons
    or slider (at most one slider per explorer; it sits under the plot).
    """

    name: str
    label: str
    options: Sequence[Any]
    kind: str = "dropdown"
    default: Any = None
    play: bool = False  # a slider that can also play its steps in a loop (a cine)

    def __post_init__(self):
        if self.kind not in CONTROL_KINDS:
            raise ValueError(f"Control {self.name!r}: kind must be one of {CONTROL_KINDS}, not {self.kind!r}")
        if self.play and self.kind != "slider":
            raise ValueError(f"Control {self.name!r}: only a slider can play")
        if len(self.options) == 0:
            raise ValueError(f"Control {self.name!r} has no options")
        if self.default is not None and self.default not in self.values:
            raise ValueError(f"Control {self.name!r}: default {self.default!r} is not one of its options")

    @property
    def pairs(self) -> list[tuple[str, Any]]:
        return [o if isinstance(o, tuple) and len(o) == 2 else (str(o), o) for o in self.options]

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.pairs]

    @property
    def values(self) -> list[Any]:
        return [value for _, value in self.pairs]

    @property
    def initial_index(self) -> int:
        return 0 if self.default is None else self.values.index(self.default)


@dataclass
class Explorer:
    """Controls + a figure function; see the module docstring."""

    figure_function: Callable[..., go.Figure]
    controls: Sequence[Control]
    title: str = ""
    fixed: dict = field(default_factory=dict)
    view: str = "plot"  # "plot": the figure function returns a plotly Figure; "html": an HtmlView

    def __post_init__(self):
        self.controls = list(self.controls)
        names = [c.name for c in self.controls]
        if len(set(names)) != len(names):
            raise ValueError(f"Duplicate control names: {names}")
        if sum(c.kind == "slider" for c in self.controls) > 1:
            raise ValueError("An explorer can have at most one slider")
        if self.n_states > MAX_STATES:
            raise ValueError(f"{self.n_states} states is too many to precompute (max {MAX_STATES}): split the explorer")

    # --- states -----------------------------------------------------------------------------
    @property
    def n_states(self) -> int:
        n = 1
        for c in self.controls:
            n *= len(c.options)
        return n

    @property
    def initial_state(self) -> dict:
        return {c.name: c.values[c.initial_index] for c in self.controls}

    def states(self) -> Iterator[tuple[tuple[int, ...], dict]]:
        """Every combination of control values, with its option indices."""
        ranges = [range(len(c.options)) for c in self.controls]
        for indices in itertools.product(*ranges):
            yield indices, {c.name: c.values[i] for c, i in zip(self.controls, indices)}

    def figure(self, **state) -> go.Figure:
        """The figure for one state; an empty selection gives a message figure, not an error.

        Figures are pure functions of the state, so each is built once and remembered: building a
        plotly figure (validation included) costs tens of milliseconds, reusing one costs nothing."""
        full = {**self.initial_state, **state}
        key = self._key(full)
        cache = self.__dict__.setdefault("_figures", {})
        if key not in cache:
            cache[key] = self._build_figure(full)
        return cache[key]

    def figure_json(self, **state) -> dict:
        """The figure for one state as strict JSON, for :class:`~spinebook.lab_figure.LabFigure`
        (remembered, like the figure: a click then costs only the widget message)."""
        full = {**self.initial_state, **state}
        key = self._key(full)
        cache = self.__dict__.setdefault("_figure_json", {})
        if key not in cache:
            cache[key] = figure_json(self.figure(**full))
        return cache[key]

    def _key(self, full: dict) -> tuple:
        return tuple(repr(full[c.name]) for c in self.controls)

    def _build_figure(self, full: dict) -> go.Figure:
        try:
            fig = self.figure_function(**self.fixed, **full)
        except EmptySelection as empty:
            return self._message(str(empty) or "Nothing matches this selection.")
        expected = HtmlView if self.view == "html" else go.Figure
        if not isinstance(fig, expected):
            raise TypeError(f"{self.figure_function.__name__} returned {type(fig).__name__}, not {expected.__name__}")
        return fig

    def _message(self, text: str):
        return message_view(text, self.title) if self.view == "html" else message_figure(text, self.title)

    # --- rendering 1: static, for the book ------------------------------------------------------
    def static_spec(self) -> dict:
        """Every state of the controls, precomputed, as the book's figure block shows it (see
        :mod:`spinebook.display`): ``{"controls", "initial", "states": {"i,j": state}}``, where a
        state is a figure's traces, layout and caption, or an HTML view and its caption."""
        states = {}
        for indices, state in self.states():
            states[",".join(map(str, indices))] = _state_json(self.figure(**state))
        initial = ",".join(str(c.initial_index) for c in self.controls)
        return {"controls": self._control_specs(), "initial": initial, "states": states}

    def static_html(self) -> str:
        """The figure block of the static book: caption, HTML controls, every state, live region."""
        return figure_block(self.static_spec())

    def _control_specs(self) -> list[dict]:
        return [{"name": c.name, "label": c.label, "kind": c.kind, "labels": c.labels, "play": c.play}
                for c in self.controls]

    # --- rendering 2: live, in a kernel ---------------------------------------------------------
    def widget(self):
        """ipywidgets controls above a figure (LabFigure or FigureWidget) that is updated in place."""
        import ipywidgets as widgets

        if self.n_states <= PRECOMPUTE_STATES:  # every later click is then only a widget update
            for _, state in self.states():
                try:
                    self.figure(**state)
                except Exception:  # shown as a message when that state is chosen (see redraw)
                    pass
        first = self.figure(**self.initial_state)
        lab_plotly = plotly_url()
        if self.view == "html":
            figure_widget = widgets.HTML(_html_widget_value(first))
        elif lab_plotly:  # make lab: the small widget (see spinebook.lab_figure)
            figure_widget = LabFigure(plotly_url=lab_plotly, figure=self.figure_json(**self.initial_state),
                                      layout=widgets.Layout(width="100%"))
        else:
            figure_widget = go.FigureWidget(_json_safe(first.to_plotly_json()))
        inputs = {}
        for c in self.controls:
            options = list(zip(c.labels, range(len(c.options))))
            common = dict(options=options, value=c.initial_index, description=c.label)
            inputs[c.name] = _control_widget(widgets, c.kind, common, c.label, c.labels)

        def current_state():
            return {c.name: c.values[inputs[c.name].value] for c in self.controls}

        def redraw(_change=None):
            try:
                new = self.figure(**current_state())
                new_json = self.figure_json(**current_state()) if isinstance(figure_widget, LabFigure) else None
            except Exception as error:  # a lecturer's class must never see a traceback
                log.exception("explorer update failed")
                new = self._message(f"This choice could not be drawn ({type(error).__name__}).")
                new_json = figure_json(new) if isinstance(figure_widget, LabFigure) else None
            if self.view == "html":
                figure_widget.value = _html_widget_value(new)
            elif isinstance(figure_widget, LabFigure):
                figure_widget.figure = new_json
            else:
                update_figure_widget(figure_widget, new)

        for control in inputs.values():
            control.observe(redraw, names="value")
        shown = []
        for c in self.controls:
            if c.play:  # a Play button stepping the slider in the browser, looping (a cine)
                player = widgets.Play(min=0, max=len(c.options) - 1, interval=PLAY_INTERVAL_MS, repeat=True,
                                      description=f"Play {c.label}")
                widgets.jslink((player, "value"), (inputs[c.name], "index"))
                shown.append(player)
            shown.append(inputs[c.name])
        controls = widgets.HBox(shown, layout=widgets.Layout(flex_flow="row wrap", width="100%", grid_gap="4px 16px"))
        box = widgets.VBox([controls, figure_widget], layout=widgets.Layout(width="100%"))
        box.figure_widget = figure_widget
        box.inputs = inputs
        return box

    def _ipython_display_(self):
        from IPython.display import display

        if in_book_build():
            display({"text/html": self.static_html()}, raw=True)
        else:
            display(self.widget())


#: Projector sizing: a slider track at least this wide, a dropdown as wide as its longest label.
MIN_SLIDER_TRACK_PX = 240


def _control_widget(widgets, kind: str, common: dict, label: str, labels: list[str]):
    """One ipywidgets control sized for a projector: its description is never cut (width
    "initial"), a dropdown is as wide as its description plus its longest option, toggle buttons
    are as wide as their own labels, and a slider takes a whole row (the controls' box wraps)."""
    style = {"description_width": "initial"}
    longest = max(map(len, labels))
    if kind == "slider":
        return widgets.SelectionSlider(continuous_update=True, style=style, **common, layout=widgets.Layout(
            width="100%", min_width=f"calc({len(label) + longest}ch + {MIN_SLIDER_TRACK_PX}px)", flex="1 1 100%"))
    if kind == "buttons":
        return widgets.ToggleButtons(style={**style, "button_width": "auto"}, **common,
                                     layout=widgets.Layout(width="auto", max_width="100%"))
    return widgets.Dropdown(style=style, **common, layout=widgets.Layout(
        width=f"calc({len(label) + longest}ch + 64px)", max_width="100%"))


def update_figure_widget(figure_widget: go.FigureWidget, new: go.Figure) -> None:
    """Make ``figure_widget`` show ``new`` without replacing the widget (one batched message).

    Only the properties that differ are set: comparing plain dicts is cheap, while setting a
    property makes plotly validate it, which is most of the cost of an update."""
    with figure_widget.batch_update():
        same_shape = len(figure_widget.data) == len(new.data) and all(
            old.type == fresh.type for old, fresh in zip(figure_widget.data, new.data)
        )
        if same_shape:
            for old, fresh in zip(figure_widget.data, new.data):
                old_json, fresh_json = old.to_plotly_json(), _json_safe(fresh.to_plotly_json())
                changes = {k: None for k in old_json if k not in fresh_json and k not in ("type", "uid")}
                changes.update({k: v for k, v in fresh_json.items() if k != "uid" and not _same(old_json.get(k), v)})
                if changes:
                    old.update(changes, overwrite=True)
        else:
            figure_widget.data = []
            figure_widget.add_traces([_json_safe(trace.to_plotly_json()) for trace in new.data])
        old_layout, new_layout = _state_layout(figure_widget), _json_safe(_state_layout(new))
        changes = {k: None for k in old_layout if k not in new_layout}
        changes.update({k: v for k, v in new_layout.items() if not _same(old_layout.get(k), v)})
        for key in ("height", "margin"):
            if new.layout[key] is not None and figure_widget.layout[key] != new.layout[key]:
                changes[key] = new.layout[key].to_plotly_json() if hasattr(new.layout[key], "to_plotly_json") else new.layout[key]
        if changes:
            figure_widget.layout.update(changes, overwrite=True)


def _same(a, b) -> bool:
    """Equality for plotly JSON values, which may hold numpy arrays."""
    try:
        import numpy as np

        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            return a is not None and b is not None and np.array_equal(np.asarray(a, dtype=object), np.asarray(b, dtype=object))
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _json_safe(value):
    """``value`` (plotly JSON) with NaN and ±inf replaced by ``None``, as JSON and plotly.js want.

    A kernel serializes widget messages as strict JSON: a NaN (a study without a CI, say) makes
    it print "Message serialization failed" into the cell, in front of the class. The figure
    functions keep their NaN (the static book's JSON writer already turns it into null); only what
    is sent to a FigureWidget is cleaned. Finite numeric arrays stay numpy arrays (sent as binary)."""
    import numpy as np

    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(item) for item in value]
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc" and not np.isfinite(value).all():
            return [_json_safe(item) for item in value.tolist()]
        return _json_safe(value.tolist()) if value.dtype.kind == "O" else value
    if isinstance(value, (float, np.floating)) and not math.isfinite(value):
        return None
    return value


def _html_widget_value(view: HtmlView) -> str:
    return f"<h4>{html.escape(view.title)}</h4>{view.html}" if view.title else view.html


def _state_json(view) -> dict:
    if isinstance(view, HtmlView):
        return {"html": view.html, "caption": view.title}
    return figure_state(view)


def _state_layout(fig: go.Figure) -> dict:
    """The parts of a layout that change between states (everything but template and controls)."""
    layout = fig.layout.to_plotly_json()
    for key in ("template", "updatemenus", "sliders", "meta", "height", "margin"):
        layout.pop(key, None)
    return json.loads(json.dumps(layout, default=json_default))
