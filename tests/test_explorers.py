"""Every explorer of the book, swept through every state of its controls: no exception, a plotly
figure each time, and the static rendering holds one state per combination. New chapter modules in
spinebook/explorers/ are picked up without editing this file."""

import importlib
import inspect
import pkgutil

import plotly.graph_objects as go
import pytest

import spinebook.explorers
from spinebook import data
from spinebook.widgets import Explorer, HtmlView


def explorer_factories():
    for module_info in pkgutil.iter_modules(spinebook.explorers.__path__):
        module = importlib.import_module(f"spinebook.explorers.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                yield pytest.param(function, id=f"{module_info.name}.{name}")


@pytest.fixture(scope="module")
def book_data():
    return data.load()


@pytest.mark.parametrize("factory", list(explorer_factories()))
def test_every_state_of_every_explorer_draws_a_figure(factory, book_data):
    explorer = factory(book_data)
    assert isinstance(explorer, Explorer)
    drawn = 0
    for _, state in explorer.states():
        fig = explorer.figure(**state)
        if explorer.view == "html":
            assert isinstance(fig, HtmlView) and fig.title and fig.html, state
            drawn += "<table" in fig.html
            continue
        assert isinstance(fig, go.Figure)
        message = [a.text for a in fig.layout.annotations or [] if a.xref == "paper" and not fig.data]
        drawn += bool(fig.data)
        assert fig.data or message, f"{state}: an empty figure without a message"
    assert drawn >= 1, "no state of this explorer draws any data"
    assert len(explorer.static_spec()["states"]) == explorer.n_states


def test_the_book_has_explorers():
    assert len(list(explorer_factories())) >= 1


def _traces(fig):
    import json

    import plotly.io as pio

    data = json.loads(pio.to_json(fig, validate=False))["data"]
    for trace in data:
        trace.pop("uid", None)
        # an emptied compound property ({}) is plotly's default: the same as leaving it out
        for key in [k for k, v in trace.items() if v == {}]:
            del trace[key]
    return data


@pytest.mark.parametrize("factory", list(explorer_factories()))
def test_live_widget_shows_exactly_each_states_figure(factory, book_data):
    """Walk the live widget through every state: the FigureWidget, updated in place property by
    property, must hold the same traces and title as the figure function's figure for that state."""
    explorer = factory(book_data)
    box = explorer.widget()
    for indices, state in explorer.states():
        for control, index in zip(explorer.controls, indices):
            box.inputs[control.name].value = index
        expected = explorer.figure(**state)
        if explorer.view == "html":
            assert expected.html in box.figure_widget.value and expected.title in box.figure_widget.value, state
            continue
        assert _traces(box.figure_widget) == _traces(expected), state
        assert box.figure_widget.layout.title.text == expected.layout.title.text, state


@pytest.fixture
def kernel_comms(monkeypatch):
    """Widget comms that serialize every message as the kernel does (strict JSON: a NaN makes
    jupyter_client print "Message serialization failed" into the cell). Returns the messages."""
    import comm
    from jupyter_client.session import json_packer

    sent = []

    class KernelLikeComm(comm.DummyComm):
        def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
            sent.append(json_packer({"msg_type": msg_type, "data": data, "metadata": metadata or {}}))

    monkeypatch.setattr(comm, "create_comm", lambda *args, **kwargs: KernelLikeComm(*args, **kwargs))
    return sent


@pytest.mark.parametrize("factory", list(explorer_factories()))
def test_live_widget_warns_nothing_in_any_state(factory, book_data, kernel_comms):
    """Build the widget and move every control through every option, each message serialized as
    the kernel serializes it: not one warning (a warning is printed in front of the class)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer = factory(book_data)
        box = explorer.widget()
        opened = len(kernel_comms)
        for control in explorer.controls:
            for index in list(range(len(control.options))) + [control.initial_index]:
                box.inputs[control.name].value = index
    assert opened >= 1 + len(explorer.controls)  # the comms really were opened through the fake
    assert len(kernel_comms) > opened or explorer.n_states == 1  # and the updates went through it
