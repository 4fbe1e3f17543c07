"""A student on a phone and a weak link: text before figures, figures drawn once, nothing wider than
the screen, swipes scroll the page, dropdowns work from the keyboard. Debian's Chromium, offline."""

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from browser import Visit, chapter_pages  # noqa: E402

HTML = Path(__file__).resolve().parents[1] / "_build" / "html"
PHONE = dict(width=390, height=844, touch=True)

#: Counts every drawing call plotly.js receives, per figure, from the moment the bundle defines
#: ``window.Plotly`` (a setter trap: nothing of the page's own code is trusted for the count).
COUNT_DRAWS = """
window.__draws = [];
let realPlotly;
Object.defineProperty(window, 'Plotly', {configurable: true, get: () => realPlotly, set: value => {
  for (const name of ['newPlot', 'react', 'relayout', 'restyle', 'update', 'redraw']) {
    const original = value[name];
    value[name] = function (gd, ...rest) {
      window.__draws.push([name, (gd.closest && gd.closest('figure') || {}).id]);
      return original.call(this, gd, ...rest);
    };
  }
  realPlotly = value;
}});
"""


@pytest.mark.parametrize("path", chapter_pages())
def test_on_a_phone_no_figure_is_wider_than_the_screen_and_nothing_scrolls_sideways(browser, site, path):
    visit = Visit(browser, site, path, **PHONE)
    visit.draw_all()
    figures = visit.figures()
    for i in range(figures.count()):
        box = figures.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"{path}: figure {i} spans {box}"
        inner = figures.nth(i).evaluate(
            "root => Array.from(root.querySelectorAll('.sb-figure, .js-plotly-plot, .main-svg, .sb-controls'))"
            ".map(el => [el.className.baseVal || el.className, Math.round(el.getBoundingClientRect().right), el.scrollWidth - el.clientWidth])")
        for name, right, overflow in inner:
            assert right <= 390, f"{path}: figure {i}: {name} ends at {right} px on a 390 px screen"
            assert overflow <= 1, f"{path}: figure {i}: {name} scrolls sideways by {overflow} px"
    page_width = visit.page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390, f"{path}: the page is {page_width} px wide on a 390 px screen"
    visit.close()


def test_a_swipe_over_a_figure_scrolls_the_page_and_never_zooms_it(browser, site):
    visit = Visit(browser, site, "book/01-burden.html", **PHONE)
    figure = visit.figures().first
    visit.draw(figure)
    gd = figure.locator(".js-plotly-plot")
    ranges = "gd => JSON.stringify([gd._fullLayout.xaxis.range, gd._fullLayout.yaxis.range])"
    before, scrolled = gd.evaluate(ranges), visit.page.evaluate("window.scrollY")
    box = figure.locator(".nsewdrag").first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = visit.context.new_cdp_session(visit.page)

    def swipe(dx, dy):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        for step in range(1, 11):
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x + dx * step / 10, "y": y + dy * step / 10}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        visit.page.wait_for_timeout(300)

    swipe(0, -150)  # finger up: the page scrolls down
    assert visit.page.evaluate("window.scrollY") > scrolled, "an upward swipe on a figure did not scroll the page"
    y -= visit.page.evaluate("window.scrollY") - scrolled  # the figure moved up with the page
    swipe(-120, 0)  # sideways
    swipe(60, 90)  # diagonal
    assert gd.evaluate(ranges) == before, "a swipe changed the figure's axis ranges"
    assert gd.evaluate("gd => gd._fullLayout.dragmode") is False
    assert figure.locator(".modebar-btn").count() == 0  # no mode bar on a touch screen
    visit.close()


def test_on_a_desktop_the_mode_bar_has_a_reset_and_few_tab_stops(browser, site):
    visit = Visit(browser, site, "book/01-burden.html")
    figure = visit.figures().first
    visit.draw(figure)
    buttons = figure.locator(".modebar-btn")
    assert buttons.count() <= 2
    assert figure.locator(".modebar-btn[data-attr='zoom'][data-val='reset'], .modebar-btn[data-val='reset']").count() == 1
    visit.close()


def test_every_dropdown_option_can_be_chosen_with_the_keyboard(browser, site):
    for path in chapter_pages():
        visit = Visit(browser, site, path)
        for select in visit.page.locator(".sb-control select").all():
            figure = select.locator("xpath=ancestor::figure[1]")
            visit.draw(figure)
            count, start = select.locator("option").count(), select.evaluate("s => s.selectedIndex")
            moves = [("ArrowDown", i) for i in range(start + 1, count)] + [("ArrowUp", i) for i in range(count - 2, -1, -1)]
            for key, index in moves:
                before = visit.figure_state(figure)
                select.focus()
                visit.page.keyboard.press(key)
                assert select.evaluate("s => s.selectedIndex") == index, f"{path}: {key} did not reach option {index}"
                assert visit.state_after(figure, before) != before, f"{path}: option {index} of a dropdown changed nothing"
        assert visit.errors == []
        visit.close()


def test_the_text_paints_before_plotly_arrives(browser, site):
    """plotly.js held back by 4 s: the text must paint at once and the figure follow it."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()

    def slow_plotly(route):
        time.sleep(4)
        route.continue_()

    page.route("**/plotly-basic.min.js", slow_plotly)
    page.goto(f"{site}/book/04-modality-evidence.html", wait_until="commit")
    page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0", timeout=10_000)
    paint_ms = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
    assert paint_ms < 3000, f"first paint waited for plotly.js ({paint_ms:.0f} ms)"
    assert page.evaluate("typeof window.Plotly") == "undefined"
    head_scripts = page.evaluate("Array.from(document.querySelectorAll('script[src]')).filter(s => !s.defer && !s.async).map(s => s.src)")
    assert not [s for s in head_scripts if "plotly" in s or "spinebook" in s]
    context.close()


@pytest.mark.parametrize("path", chapter_pages())
def test_every_figure_is_drawn_once_and_only_when_near_the_viewport(browser, site, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(COUNT_DRAWS)
    page.goto(f"{site}/{path}", wait_until="load")
    figures = page.locator("figure.sb-explorer:has(.sb-figure)")
    last = figures.last
    assert page.evaluate("root => !root.querySelector('.main-svg')", last.element_handle()), \
        f"{path}: the last figure was drawn before the reader came near it"
    for i in range(figures.count()):
        figures.nth(i).scroll_into_view_if_needed()
        page.wait_for_function("root => root.querySelector('.main-svg') && root.dataset.sbDraws", arg=figures.nth(i).element_handle())
    page.wait_for_timeout(500)
    draws = page.evaluate("window.__draws")
    ids = [figures.nth(i).get_attribute("id") for i in range(figures.count())]
    assert sorted(d[1] for d in draws) == sorted(ids), f"{path}: plotly calls per figure: {draws}"
    assert {d[0] for d in draws} == {"newPlot"}, draws
    context.close()


@pytest.mark.parametrize("path", chapter_pages())
def test_on_a_desktop_every_figure_and_its_controls_fit_the_content_column(browser, site, path):
    visit = Visit(browser, site, path, width=1280, height=900)
    visit.draw_all()
    column = visit.page.evaluate("(() => { const r = document.querySelector('article.bd-article').getBoundingClientRect(); return [r.left, r.right]; })()")
    figures = visit.figures()
    for i in range(figures.count()):
        parts = figures.nth(i).evaluate(
            "root => Array.from(root.querySelectorAll('.sb-controls button, .sb-controls select, .sb-controls input, .main-svg, .sb-html-view'))"
            ".map(el => [el.tagName + ' ' + (el.textContent || '').trim().slice(0, 30), el.getBoundingClientRect().left, el.getBoundingClientRect().right])")
        for name, left, right in parts:
            assert column[0] - 1 <= left and right <= column[1] + 1, f"{path}: figure {i}: {name!r} spans {left:.0f}–{right:.0f}, column {column}"
    visit.close()


LAYOUT_SHIFTS = """window.__shift = 0; new PerformanceObserver(list => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value; }).observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("path", chapter_pages())
def test_nothing_jumps_while_a_phone_loads_the_page(browser, site, path):
    """Cumulative layout shift under 0.1 (Lighthouse's 'good'): figures keep their height before
    they are drawn and the theme is resolved before the first paint."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.add_init_script(LAYOUT_SHIFTS)
    page.goto(f"{site}/{path}", wait_until="networkidle")
    page.wait_for_timeout(500)
    shift = page.evaluate("window.__shift")
    assert shift < 0.1, f"{path}: layout shift {shift:.3f} while loading"
    context.close()


def test_without_javascript_the_text_shows_and_each_figure_says_why_it_is_missing(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/book/04-modality-evidence.html", wait_until="load")
    assert page.locator("article h1").first.is_visible()
    blocks = page.locator("figure.sb-explorer:has(.sb-figure)")
    assert blocks.count() >= 4
    for i in range(blocks.count()):
        note = blocks.nth(i).locator(".sb-noscript")
        assert note.is_visible() and "drawn by JavaScript" in note.inner_text()
        assert blocks.nth(i).locator(".sb-caption").is_visible()
        assert not blocks.nth(i).locator(".sb-controls").is_visible(), "controls that cannot work are shown"
    context.close()
