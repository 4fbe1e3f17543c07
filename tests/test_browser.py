"""The built book in Debian's Chromium, offline: every page loads with nothing from outside its own
origin and no console error, every figure is drawn (once) when the reader reaches it, and every
control of every explorer changes its figure. (Fixtures in conftest.py build the book first: quick
when `make book` just ran.)"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from browser import Visit, chapter_pages, toc_pages  # noqa: E402

HTML = Path(__file__).resolve().parents[1] / "_build" / "html"


@pytest.mark.parametrize("path", toc_pages())
def test_page_is_offline_error_free_draws_every_figure_and_every_control_works(browser, site, path):
    visit = Visit(browser, site, path)
    figures = visit.figures()
    source = (HTML / path).read_text()
    assert figures.count() == source.count('<figure class="sb-explorer"')
    visit.draw_all()
    for i in range(figures.count()):
        assert figures.nth(i).locator(".main-svg, .sb-html-view").count() >= 1, f"figure {i} of {path} was not drawn"
    assert visit.outside == [], f"{path} asked for outside resources: {visit.outside}"
    assert visit.errors == [], f"{path}: {visit.errors}"
    if path in chapter_pages():
        assert figures.count() >= 1, f"{path} has no figure"
        operate_every_explorer(visit, path)
    visit.close()


def operate_every_explorer(visit, path):
    """Every control of every explorer on the page, moved once, must change what it shows."""
    figures = visit.figures()
    for i in range(figures.count()):
        explorer = figures.nth(i)
        controls = explorer.locator(".sb-control")
        seen = [visit.figure_state(explorer)]
        for m in range(controls.count()):
            control = controls.nth(m)
            kind = control.get_attribute("data-kind")
            if kind == "dropdown":
                select = control.locator("select")
                options = select.locator("option")
                if options.count() < 2:
                    continue
                current = int(select.evaluate("s => s.selectedIndex"))
                select.select_option(index=(current + 1) % options.count())
            elif kind == "buttons":
                buttons = control.locator("button")
                if buttons.count() < 2:
                    continue
                pressed = [buttons.nth(b).get_attribute("aria-pressed") for b in range(buttons.count())].index("true")
                buttons.nth((pressed + 1) % buttons.count()).click()
            else:
                slider = control.locator("input[type=range]")
                current, top = int(slider.input_value()), int(slider.get_attribute("max"))
                if top < 1:
                    continue
                slider.focus()
                visit.page.keyboard.press("ArrowRight" if current < top else "ArrowLeft")
            state = visit.state_after(explorer, seen[-1])
            label = control.locator("label, .sb-control-label").first.inner_text()
            assert state != seen[-1], f"{path}: figure {i}, control {label!r} did not change the figure"
            seen.append(state)
    assert visit.errors == [], f"{path}: {visit.errors}"
