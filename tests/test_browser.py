"""The built book in Debian's Chromium, offline: every page loads with nothing from outside its own
origin and no console error, every plotly figure is drawn, and every explorer's controls change
its figure. (Fixtures in conftest.py build the book first: quick when `make book` just ran.)"""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from browser import Visit, chapter_pages, toc_pages  # noqa: E402


@pytest.mark.parametrize("path", toc_pages())
def test_page_is_offline_error_free_draws_every_figure_and_every_control_works(browser, site, path):
    visit = Visit(browser, site, path)
    figures = visit.figures()
    for i in range(figures.count()):
        assert figures.nth(i).locator(".main-svg").count() >= 1, f"figure {i} of {path} was not drawn"
    assert visit.outside == [], f"{path} asked for outside resources: {visit.outside}"
    assert visit.errors == [], f"{path}: {visit.errors}"
    if path in chapter_pages():
        operate_every_explorer(visit, path)
    visit.page.close()


def operate_every_explorer(visit, path):
    """Every control of every explorer on the page, moved once, must change its figure."""
    explorers = visit.page.locator(".plotly-graph-div[data-spinebook-explorer='ready']")
    source = (Path(__file__).resolve().parents[1] / "_build" / "html" / path).read_text()
    assert explorers.count() >= 1, f"{path} has no explorer"
    assert explorers.count() == source.count('"spinebook_explorer"'), f"{path}: an explorer figure was not made interactive"
    for i in range(explorers.count()):
        explorer = explorers.nth(i)
        explorer.scroll_into_view_if_needed()
        spec = json.loads(explorer.evaluate("gd => JSON.stringify(gd.layout.meta.spinebook_explorer.controls)"))
        initial = json.loads(explorer.evaluate("gd => JSON.stringify(gd.layout.meta.spinebook_explorer.initial)"))
        menus = [(c, i) for c, i in zip(spec, initial) if c["kind"] != "slider"]
        seen = [visit.figure_state(explorer)]
        for m, (control, active) in enumerate(menus):
            if len(control["labels"]) < 2:
                continue
            other = (active + 1) % len(control["labels"])  # an option that is not the one shown
            if control["kind"] == "dropdown":
                explorer.locator(".updatemenu-header-group").nth(m).click()
                explorer.locator(".updatemenu-dropdown-button-group .updatemenu-dropdown-button").nth(other).click()
            else:
                header = explorer.locator(".updatemenu-header-group").nth(m)
                header.locator(".updatemenu-button").nth(other).click()
            state = visit.state_after(explorer, seen[-1])
            assert state != seen[-1], f"{path}: explorer {i}, control {control['label']!r} did not change the figure"
            seen.append(state)
        if any(c["kind"] == "slider" for c in spec):
            rail = explorer.locator("rect.slider-rail-touch-rect").first
            box = rail.bounding_box()
            rail.click(position={"x": box["width"] - 2, "y": box["height"] / 2})
            state = visit.state_after(explorer, seen[-1])
            assert state != seen[-1], f"{path}: explorer {i}, its slider did not change the figure"
    assert visit.errors == [], f"{path}: {visit.errors}"
