"""spinebook/static/lab-figure.js (the explorers' figure in `make lab`) in Chromium, with a stand-in
for the widget model: it draws, redraws on a change, loads plotly.js once for many figures, and a
figure that cannot get plotly.js says why instead of staying blank."""

import json
import shutil
import sys
from pathlib import Path

import plotly
import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from browser import CHROMIUM_ARGS, chromium_path, serve  # noqa: E402

from spinebook.lab_figure import ESM  # noqa: E402

FIGURE = {"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2]}], "layout": {"title": {"text": "first"}}}
SECOND = {"data": [{"type": "scatter", "x": [0, 1, 2], "y": [3, 1, 2]}], "layout": {"title": {"text": "second"}}}

PAGE = """<!doctype html><html><head>
<script id="jupyter-config-data" type="application/json">{"baseUrl": "/"}</script></head><body>
<div id="a"></div><div id="b"></div>
<script type="module">
import widget from "./lab-figure.js";
class Model {  // what anywidget hands to render(): get/set/on/off
  constructor(state) { this.state = state; this.handlers = {}; }
  get(key) { return this.state[key]; }
  set(key, value) { this.state[key] = value; (this.handlers["change:" + key] || []).forEach(h => h()); }
  on(event, handler) { (this.handlers[event] = this.handlers[event] || []).push(handler); }
  off(event, handler) { this.handlers[event] = (this.handlers[event] || []).filter(h => h !== handler); }
}
const params = new URLSearchParams(location.search);
window.models = ["a", "b"].map(id => {
  const model = new Model({figure: FIGURE, plotly_url: params.get("plotly")});
  widget.render({model, el: document.getElementById(id)});
  return model;
});
</script></body></html>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lab-figure")
    shutil.copy(ESM, folder / "lab-figure.js")
    (folder / "static").mkdir()
    shutil.copy(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", folder / "static" / "plotly.min.js")
    (folder / "index.html").write_text(PAGE.replace("FIGURE", json.dumps(FIGURE)))
    with serve(folder) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, site, plotly_url):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site}/index.html?plotly={plotly_url}")
    return page, errors


def test_draws_each_figure_and_redraws_on_change_with_one_plotly_load(browser, site):
    page, errors = open_page(browser, site, "static/plotly.min.js")
    page.wait_for_function("() => ['a', 'b'].every(id => document.getElementById(id).dataset.drawn === '1')")
    assert page.evaluate("() => document.querySelectorAll('script[src*=\"plotly.min.js\"]').length") == 1
    assert page.locator("#a .spinebook-lab-caption").inner_text() == "first"  # the title, as a caption that wraps
    assert page.evaluate("() => document.querySelector('#a .js-plotly-plot').layout.title.text") == ""
    assert page.locator("#a .barlayer .trace").count() == 1
    page.evaluate(f"() => window.models[0].set('figure', {json.dumps(SECOND)})")
    page.wait_for_function("() => document.getElementById('a').dataset.drawn === '2'")
    assert page.locator("#a .spinebook-lab-caption").inner_text() == "second"
    assert page.locator("#a .scatterlayer .trace").count() == 1 and page.locator("#a .barlayer .trace").count() == 0
    assert page.locator("#b .spinebook-lab-caption").inner_text() == "first"
    assert not page.locator(".spinebook-lab-problem").first.is_visible() and not errors
    page.close()


def test_a_figure_without_plotly_says_why(browser, site):
    page, errors = open_page(browser, site, "static/missing.js")
    problem = page.locator("#a .spinebook-lab-problem")
    problem.wait_for(state="visible")
    text = problem.inner_text()
    assert "cannot be drawn" in text and "static/missing.js" in text and "make lab" in text
    assert problem.get_attribute("role") == "alert"
    assert page.locator("#b .spinebook-lab-problem").is_visible()
    page.close()
