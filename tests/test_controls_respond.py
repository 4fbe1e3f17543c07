"""A control either changes the figure or the figure says why not.

Every explorer of the book is swept through every state; from each state, every other option of
every control (the other controls held) must give a different figure — different traces, or at
least a title or note that names the new choice. And no state's figure may show a reader "nan",
"NaN" or "None". New chapter modules in spinebook/explorers/ are picked up without editing this
file (the factories are enumerated as in tests/test_explorers.py)."""

from __future__ import annotations

import json
import re

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from spinebook.widgets import HtmlView

from spinebook import data
from tests.test_explorers import explorer_factories

#: Words a reader must never see in a figure: they mean a missing value leaked into the text.
LEAKED_MISSING = re.compile(r"\b(nan|NaN|None|null|undefined)\b")
#: JSON keys whose strings (or array items) are shown to the reader, as text or on hover.
READER_TEXT_KEYS = {"text", "hovertext", "hovertemplate", "texttemplate", "ticktext", "customdata", "name"}


@pytest.fixture(scope="module")
def book_data():
    return data.load()


@pytest.fixture(scope="module")
def explorers(book_data):
    """One explorer per factory for both sweeps, so each state's figure is built once (the
    Explorer caches it)."""
    built = {}
    return lambda factory: built.setdefault(factory, factory(book_data))


_SERIALIZED: dict[int, tuple[go.Figure, str]] = {}


def figure_fingerprint(fig: go.Figure) -> str:
    """Everything the reader can see change, as JSON text: traces (minus plotly's random uid) and
    the layout (minus the theme template, the same in every state). Remembered per figure object
    (the explorers cache their figures), so the two sweeps serialize each state once."""
    if id(fig) not in _SERIALIZED or _SERIALIZED[id(fig)][0] is not fig:
        if isinstance(fig, HtmlView):  # a table: the reader sees its text and its title
            _SERIALIZED[id(fig)] = (fig, json.dumps({"data": [{"text": [fig.html]}], "layout": {"title": {"text": fig.title}}}))
            return _SERIALIZED[id(fig)][1]
        spec = json.loads(pio.to_json(fig, validate=False))
        spec["layout"].pop("template", None)
        for trace in spec["data"]:
            trace.pop("uid", None)
        _SERIALIZED[id(fig)] = (fig, json.dumps(spec, sort_keys=True))
    return _SERIALIZED[id(fig)][1]


def figure_spec(fig: go.Figure) -> dict:
    return json.loads(figure_fingerprint(fig))


def silent_choices(explorer) -> list[tuple[dict, str, str]]:
    """(state, control, option label) for every option that leaves the state's figure unchanged."""
    fingerprints = {}

    def fingerprint(state):
        key = tuple(repr(state[c.name]) for c in explorer.controls)
        if key not in fingerprints:
            fingerprints[key] = figure_fingerprint(explorer.figure(**state))
        return fingerprints[key]

    silent = []
    for _, state in explorer.states():
        here = fingerprint(state)
        for control in explorer.controls:
            for label, value in control.pairs:
                if value != state[control.name] and fingerprint({**state, control.name: value}) == here:
                    silent.append((state, control.name, label))
    return silent


def reader_texts(node, key: str = "", shown: bool = False):
    """(key, string) for every string the reader can see: under a READER_TEXT_KEYS key, in an
    annotation or title, or a category on an axis (x/y values that are strings)."""
    shown = shown or key in READER_TEXT_KEYS or key in ("x", "y")
    if isinstance(node, dict):
        for k, v in node.items():
            yield from reader_texts(v, k, shown or k in ("annotations", "title"))
    elif isinstance(node, list):
        for item in node:
            if shown and item is None and key in ("text", "hovertext", "customdata"):
                yield key, "None"  # a missing item in a text array: plotly would show nothing or "null"
            yield from reader_texts(item, key, shown)
    elif isinstance(node, str) and shown:
        yield key, node


def leaked_missing_values(fig: go.Figure) -> list[tuple[str, str]]:
    spec = figure_spec(fig)
    return [(key, text[:120]) for key, text in reader_texts(spec) if LEAKED_MISSING.search(text)]


@pytest.mark.parametrize("factory", list(explorer_factories()))
def test_every_control_changes_the_figure_or_the_figure_says_why(factory, explorers):
    explorer = explorers(factory)
    silent = silent_choices(explorer)
    listed = "\n".join(f"  {state} -> {control} = {label!r}" for state, control, label in silent[:20])
    assert not silent, f"{len(silent)} choices change nothing and the figure does not say why, e.g.:\n{listed}"


@pytest.mark.parametrize("factory", list(explorer_factories()))
def test_no_figure_shows_a_reader_nan_or_none(factory, explorers):
    explorer = explorers(factory)
    leaks = {}
    for _, state in explorer.states():
        for key, text in leaked_missing_values(explorer.figure(**state)):
            leaks.setdefault((key, text), state)
    assert not leaks, "missing values shown as text:\n" + "\n".join(f"  {k}: {t!r} in {s}" for (k, t), s in leaks.items())


def test_the_checks_can_fail():
    """The two detectors find what they look for (so a green sweep means something)."""
    from spinebook.widgets import Control, Explorer

    leaky = go.Figure(go.Scatter(x=[1, 2], y=[1, 2], text=["3.1", None], hovertemplate="%{text}"),
                      layout=dict(title=dict(text="Estimate: nan"), yaxis=dict(ticktext=["None"], tickvals=[1])))
    assert {key for key, _ in leaked_missing_values(leaky)} == {"text", "ticktext"}
    assert ("text", "Estimate: nan") in leaked_missing_values(leaky)
    ignores_colour = Explorer(lambda colour, size: go.Figure(go.Scatter(x=[1], y=[size])),
                              [Control("colour", "Colour", ["red", "blue"]), Control("size", "Size", [1, 2])])
    assert sorted((c, label) for _, c, label in silent_choices(ignores_colour)) == [
        ("colour", "blue"), ("colour", "blue"), ("colour", "red"), ("colour", "red")]
