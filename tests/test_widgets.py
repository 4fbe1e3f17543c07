"""The explorer mechanism: one explorer, two renderings (live widget and static figure)."""

import plotly.graph_objects as go
import pytest

from spinebook.lab_figure import PLOTLY_URL_VAR, LabFigure
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


@pytest.mark.parametrize("in_make_lab", [False, True], ids=["FigureWidget", "LabFigure"])
def test_unexpected_error_in_widget_shows_message(explorer, monkeypatch, in_make_lab):
    """In both live renderings (plotly's FigureWidget; spinebook's LabFigure under `make lab`)."""
    if in_make_lab:
        monkeypatch.setenv(PLOTLY_URL_VAR, "static/plotly.min.js")
    else:
        monkeypatch.delenv(PLOTLY_URL_VAR, raising=False)

    def broken(slope, colour):
        if slope == 2:
            raise KeyError("oops")
        return line_figure(slope, colour)

    box = Explorer(broken, explorer.controls).widget()
    box.inputs["slope"].value = 1
    figure = box.figure_widget
    layout = figure.figure["layout"] if in_make_lab else figure.layout.to_plotly_json()
    assert isinstance(figure, LabFigure) is in_make_lab
    assert "could not be drawn (KeyError)" in layout["annotations"][0]["text"]


def test_static_spec_holds_every_state_with_its_caption(explorer):
    spec = explorer.static_spec()
    assert set(spec["states"]) == {f"{i},{j}" for i in range(3) for j in range(2)}
    assert spec["initial"] == "0,0"
    assert spec["states"]["1,1"]["data"][0]["y"] == [0, 2, 4]
    assert spec["states"]["1,1"]["data"][0]["line"]["color"] == "red"
    assert spec["states"]["1,1"]["caption"] == "slope 2"  # the title moves to the HTML caption
    assert "title" not in spec["states"]["1,1"]["layout"] and "template" not in spec["states"]["1,1"]["layout"]
    empty = spec["states"]["2,0"]
    assert empty["data"] == []
    assert any(a["text"] == "A flat line has nothing to show." for a in empty["layout"]["annotations"])
    assert [c["kind"] for c in spec["controls"]] == ["buttons", "dropdown"]
    assert spec["controls"][0]["labels"] == ["one", "two", "none"]


def test_static_html_has_native_accessible_controls(explorer):
    import json
    import re

    page = explorer.static_html()
    assert page.count('<button type="button"') == 3
    assert page.count('aria-pressed="true"') == 1
    assert '<select id=' in page and page.count("<option") == 2 and '<option value="0" selected>blue</option>' in page
    assert '<figcaption class="sb-caption"' in page and ">slope 1</figcaption>" in page
    assert 'aria-live="polite"' in page and "<noscript>" in page
    spec = json.loads(re.search(r'<script type="application/json" class="sb-spec">(.*?)</script>', page, re.S).group(1))
    assert spec["config"]["responsive"] is True


def test_static_html_with_a_slider(explorer):
    sliding = Explorer(line_figure, [Control("slope", "Slope", [1, 2, 3], "slider")])
    page = sliding.static_html()
    assert 'type="range"' in page and 'min="0" max="2"' in page
    assert 'aria-valuenow="0"' in page and 'aria-valuetext="1"' in page
    assert sliding.static_spec()["controls"][0]["kind"] == "slider"


def test_a_script_end_tag_in_the_data_cannot_break_the_page():
    def figure(word):
        return go.Figure(go.Scatter(x=[1], y=[1], text=[word]))

    page = Explorer(figure, [Control("word", "Word", ["</script><b>x</b>"])]).static_html()
    assert page.count("</script>") == 1


def test_html_view_explorer_in_both_renderings():
    from spinebook.widgets import HtmlView

    def table(rows):
        if rows == 0:
            raise EmptySelection("No rows.")
        return HtmlView(f"<table><tr><td>{rows}</td></tr></table>", title=f"{rows} rows")

    explorer = Explorer(table, [Control("rows", "Rows", [1, 2, 0], "buttons")], title="Rows", view="html")
    spec = explorer.static_spec()
    assert spec["states"]["1"] == {"html": "<table><tr><td>2</td></tr></table>", "caption": "2 rows"}
    assert "No rows." in spec["states"]["2"]["html"]
    box = explorer.widget()
    box.inputs["rows"].value = 1
    assert "<td>2</td>" in box.figure_widget.value
    box.inputs["rows"].value = 2
    assert "No rows." in box.figure_widget.value


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


def test_missing_values_reach_the_page_as_json_null_not_nan():
    """The browser's JSON.parse rejects NaN: one missing error bar once left a chapter's figures
    undrawn. The spec must be strict JSON."""
    import json
    import math
    import re

    def figure(kind):
        return go.Figure(go.Scatter(x=[1, 2], y=[3, math.nan], error_y=dict(array=[0.5, math.nan])))

    page = Explorer(figure, [Control("kind", "Kind", ["a"])]).static_html()
    raw = re.search(r'<script type="application/json" class="sb-spec">(.*?)</script>', page, re.S).group(1)

    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    spec = json.loads(raw, parse_constant=refuse)
    assert spec["states"]["0"]["data"][0]["y"] == [3, None]
    assert spec["states"]["0"]["data"][0]["error_y"]["array"] == [0.5, None]


def test_controls_are_sized_for_a_projector(explorer):
    """Descriptions never truncated, dropdowns as wide as their longest option, toggle buttons as
    wide as their labels, a slider on its own row with a track of at least MIN_SLIDER_TRACK_PX,
    and controls that wrap rather than clip."""
    from spinebook.widgets import MIN_SLIDER_TRACK_PX

    long = Explorer(line_figure, [
        Control("slope", "Slope of the line", [("Row 20 · eye dose, lumbar TFESI", 1), ("two", 2)], "dropdown"),
        Control("colour", "Colour", ["blue", "red"], "slider")])
    box = long.widget()
    dropdown, slider = box.inputs["slope"], box.inputs["colour"]
    assert dropdown.style.description_width == slider.style.description_width == "initial"
    assert dropdown.layout.width == f"calc({len('Slope of the line') + len('Row 20 · eye dose, lumbar TFESI')}ch + 64px)"
    assert slider.layout.width == "100%" and f"+ {MIN_SLIDER_TRACK_PX}px" in slider.layout.min_width
    assert MIN_SLIDER_TRACK_PX >= 200
    buttons = explorer.widget().inputs["slope"]
    assert buttons.style.button_width == "auto" and buttons.layout.width == "auto"
    assert box.children[0].layout.flex_flow == "row wrap"
