"""The explorer mechanism: one explorer, two renderings (live widget and static figure)."""

import plotly.graph_objects as go
import pytest

from spinebook.widgets import Control, EmptySelection, Explorer, MAX_STATES


def line_figure(slope, colour="blue"):
    if slope == 0:
        raise EmptySelection("A flat line has nothing to show.")
    fig = go.Figure(go.Scatter(x=[0, 1, 2], y=[0, slope, 2 * slope], line=dict(color=colour), name=f"slope {slope}"))
    fig.update_layout(title=dict(text=f"slope {slope}"))
    return fig


@pytest.fixture
def explorer():
    return Explorer(
        line_figure,
        [Control("slope", "Slope", [("one", 1), ("two", 2), ("none", 0)], "buttons"),
         Control("colour", "Colour", ["blue", "red"], "dropdown")],
        title="Lines",
    )


def test_moving_a_control_updates_the_figure_widget_in_place(explorer):
    box = explorer.widget()
    figure_widget = box.figure_widget
    assert list(figure_widget.data[0].y) == [0, 1, 2]
    box.inputs["slope"].value = 1  # option index 1 = slope 2
    assert box.figure_widget is figure_widget
    assert list(figure_widget.data[0].y) == [0, 2, 4]
    assert figure_widget.layout.title.text == "slope 2"
    box.inputs["colour"].value = 1
    assert figure_widget.data[0].line.color == "red"


def test_empty_selection_shows_message_in_widget_not_traceback(explorer):
    box = explorer.widget()
    box.inputs["slope"].value = 2  # slope 0 -> EmptySelection
    assert len(box.figure_widget.data) == 0
    assert box.figure_widget.layout.annotations[0].text == "A flat line has nothing to show."
    box.inputs["slope"].value = 0  # and back: the line and the title return, the message goes
    assert list(box.figure_widget.data[0].y) == [0, 1, 2]
    assert not box.figure_widget.layout.annotations


def test_unexpected_error_in_widget_shows_message(explorer):
    def broken(slope, colour):
        if slope == 2:
            raise KeyError("oops")
        return line_figure(slope, colour)

    box = Explorer(broken, explorer.controls).widget()
    box.inputs["slope"].value = 1
    assert "could not be drawn (KeyError)" in box.figure_widget.layout.annotations[0].text


def test_static_figure_holds_every_state_and_shows_the_initial_one(explorer):
    fig = explorer.static_figure()
    spec = fig.layout.meta["spinebook_explorer"]
    assert set(spec["states"]) == {f"{i},{j}" for i in range(3) for j in range(2)}
    assert len(fig.data) == 4  # 2 non-empty slopes x 2 colours, one trace each; empty states add none
    visible = [t.visible for t in fig.data]
    assert visible == [True, False, False, False]
    assert spec["states"]["1,1"]["visible"] == [False, False, False, True]
    assert spec["states"]["1,1"]["layout"]["title"]["text"] == "slope 2"
    empty = spec["states"]["2,0"]
    assert not any(empty["visible"])
    assert any(a["text"] == "A flat line has nothing to show." for a in empty["layout"]["annotations"])
    menus = fig.layout.updatemenus
    assert [m.type for m in menus] == ["buttons", "dropdown"]
    assert [b.label for b in menus[0].buttons] == ["one", "two", "none"]
    assert all(b.method == "skip" for m in menus for b in m.buttons)


def test_static_figure_with_a_slider(explorer):
    sliding = Explorer(line_figure, [Control("slope", "Slope", [1, 2, 3], "slider")])
    fig = sliding.static_figure()
    assert [s.label for s in fig.layout.sliders[0].steps] == ["1", "2", "3"]
    assert fig.layout.meta["spinebook_explorer"]["controls"][0]["kind"] == "slider"


def test_too_many_states_is_refused():
    with pytest.raises(ValueError, match="too many"):
        Explorer(line_figure, [Control("slope", "Slope", list(range(1, MAX_STATES + 2)))])


def test_bad_controls_are_refused():
    with pytest.raises(ValueError, match="no options"):
        Control("slope", "Slope", [])
    with pytest.raises(ValueError, match="kind"):
        Control("slope", "Slope", [1], kind="knob")
    with pytest.raises(ValueError, match="at most one slider"):
        Explorer(line_figure, [Control("slope", "S", [1], "slider"), Control("colour", "C", ["red"], "slider")])
