"""The explorers' figure in `make lab` (spinebook.lab_figure.LabFigure): a small widget module, strict
JSON, redrawn in place; plotly's FigureWidget only outside `make lab`."""

import base64
import json
import math

import numpy as np
import plotly.graph_objects as go
import pytest

from spinebook.lab_figure import ESM, PLOTLY_URL_VAR, LabFigure, figure_json, is_finite_json
from spinebook.widgets import Control, EmptySelection, Explorer
from tests.test_explorers import book_data, explorer_factories, kernel_comms  # noqa: F401 (fixtures)


def line_figure(slope, colour="blue"):
    if slope == 0:
        raise EmptySelection("A flat line has nothing to show.")
    return go.Figure(go.Scatter(x=np.array([0, 1, 2]), y=np.array([0.0, slope, math.nan]), line=dict(color=colour)),
                     layout=dict(title=dict(text=f"slope {slope}")))


def values(array) -> list:
    """A JSON array or a plotly typed array ({"dtype", "bdata"}: numpy arrays travel as base64) as
    a list, NaN as None."""
    if isinstance(array, dict):
        array = np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return [None if isinstance(v, float) and math.isnan(v) else v for v in array]


@pytest.fixture
def in_make_lab(monkeypatch):
    monkeypatch.setenv(PLOTLY_URL_VAR, "static/plotly.min.js")


@pytest.fixture
def explorer():
    return Explorer(line_figure, [Control("slope", "Slope", [("one", 1), ("two", 2), ("none", 0)], "buttons"),
                                  Control("colour", "Colour", ["blue", "red"])], title="Lines")


def test_the_widget_module_is_small_and_loads_plotly_once_per_page():
    """plotly's FigureWidget module is its 4.9 MB bundle, sent and compiled per figure (the blank
    explorers); this one must stay small and fetch plotly.js from the server once."""
    text = ESM.read_text()
    assert len(text.encode()) < 10_000
    assert "window.__spinebookPlotly" in text and "jupyter-config-data" in text
    assert "export default" in text and "cannot be drawn" in text


def test_in_make_lab_explorers_use_the_lab_figure(in_make_lab, explorer):
    box = explorer.widget()
    figure = box.figure_widget
    assert isinstance(figure, LabFigure) and figure.plotly_url == "static/plotly.min.js"
    assert values(figure.figure["data"][0]["y"]) == [0.0, 1.0, None]
    assert figure.figure["layout"]["title"]["text"] == "slope 1"
    json.dumps(figure.figure, allow_nan=False)
    box.inputs["slope"].value = 1
    assert box.figure_widget is figure and values(figure.figure["data"][0]["y"]) == [0.0, 2.0, None]
    box.inputs["colour"].value = 1
    assert figure.figure["data"][0]["line"]["color"] == "red"
    box.inputs["slope"].value = 2  # EmptySelection: the message, inside the figure
    assert figure.figure["data"] == [] and figure.figure["layout"]["annotations"][0]["text"] == "A flat line has nothing to show."


def test_outside_make_lab_explorers_fall_back_to_plotly_figure_widget(monkeypatch, explorer):
    monkeypatch.delenv(PLOTLY_URL_VAR, raising=False)
    assert isinstance(explorer.widget().figure_widget, go.FigureWidget)


def test_figure_json_is_strict():
    fig = go.Figure(go.Bar(x=["a", "b"], y=np.array([1.5, np.nan]), error_y=dict(array=[np.nan, 0.2])))
    plain = figure_json(fig)
    assert values(plain["data"][0]["y"]) == [1.5, None] and plain["data"][0]["error_y"]["array"] == [None, 0.2]
    assert is_finite_json(plain) and not is_finite_json({"a": [1.0, math.nan]})


@pytest.mark.parametrize("factory", list(explorer_factories()))
def test_lab_figure_shows_exactly_each_states_figure(factory, book_data, in_make_lab, kernel_comms):
    """Walk every explorer of the book through every state in `make lab`: the LabFigure holds that
    state's figure as strict JSON, and no message the kernel sends warns (a NaN would print
    "Message serialization failed" into the cell, in front of the class)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer = factory(book_data)
        box = explorer.widget()
        for indices, state in explorer.states():
            for control, index in zip(explorer.controls, indices):
                box.inputs[control.name].value = index
            if explorer.view == "html":
                continue
            assert isinstance(box.figure_widget, LabFigure)
            assert box.figure_widget.figure == figure_json(explorer.figure(**state)), state
            assert is_finite_json(box.figure_widget.figure), state
    assert kernel_comms, "the widget's messages went through the kernel-like comm"
