"""The built book in Debian's Chromium, offline: every page loads with nothing from outside its own
origin and no console error, every plotly figure is drawn, and every explorer's controls change
its figure. Builds the book first (incremental: quick when `make book` just ran)."""

import json
import sys
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from browser import CHROMIUM_ARGS, FIGURE_STATE_JS, HARMLESS_CONSOLE, chapter_pages, chromium_path, serve, toc_pages  # noqa: E402
from build_book import build  # noqa: E402



@pytest.fixture(scope="module")
def site():
    build()
    with serve() as url:
        yield url


@pytest.fixture(scope="module")
def browser(site):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """One page opened offline, with what it asked from outside and what it logged."""

    def __init__(self, browser, site, path, color_scheme="light"):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=color_scheme)
        self.outside, self.errors = [], []
        self.page.route("**/*", self._only_local(site))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"))
        self.page.goto(f"{site}/{path}", wait_until="load")
        self.page.wait_for_function(
            "() => Array.from(document.querySelectorAll('.plotly-graph-div')).every(gd => gd._fullLayout && gd.querySelector('.main-svg'))"
        )

    def _only_local(self, site):
        def handle(route):
            if route.request.url.startswith(site):
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort()
        return handle

    def _console(self, message):
        if message.type == "error" and not any(h in message.text for h in HARMLESS_CONSOLE):
            self.errors.append(f"console: {message.text} ({message.location.get('url')})")

    def figures(self):
        return self.page.locator(".plotly-graph-div")

    def figure_state(self, figure):
        return json.loads(figure.evaluate(FIGURE_STATE_JS))


@pytest.mark.parametrize("path", toc_pages())
def test_page_is_offline_error_free_and_draws_every_figure(browser, site, path):
    visit = Visit(browser, site, path)
    figures = visit.figures()
    for i in range(figures.count()):
        assert figures.nth(i).locator(".main-svg").count() >= 1, f"figure {i} of {path} was not drawn"
    assert visit.outside == [], f"{path} asked for outside resources: {visit.outside}"
    assert visit.errors == [], f"{path}: {visit.errors}"
    visit.page.close()


@pytest.mark.parametrize("path", chapter_pages())
def test_every_explorer_control_changes_its_figure(browser, site, path):
    visit = Visit(browser, site, path)
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
            visit.page.wait_for_function("gd => gd.dataset.spinebookState !== undefined", arg=explorer.element_handle())
            state = visit.figure_state(explorer)
            assert state != seen[-1], f"{path}: explorer {i}, control {control['label']!r} did not change the figure"
            seen.append(state)
        if any(c["kind"] == "slider" for c in spec):
            rail = explorer.locator("rect.slider-rail-touch-rect").first
            box = rail.bounding_box()
            rail.click(position={"x": box["width"] - 2, "y": box["height"] / 2})
            state = visit.figure_state(explorer)
            assert state != seen[-1], f"{path}: explorer {i}, its slider did not change the figure"
    assert visit.errors == [], f"{path}: {visit.errors}"
    visit.page.close()


def test_quiz_option_click_reveals_its_feedback(browser, site):
    visit = Visit(browser, site, "book/intro.html")
    right = visit.page.locator(".sb-quiz-option.sb-right").first
    feedback = right.locator(".sb-quiz-feedback")
    assert not feedback.is_visible()
    right.locator("summary").click()
    assert feedback.is_visible()
    assert feedback.inner_text().startswith("Right.")
    wrong = visit.page.locator(".sb-quiz-option.sb-wrong").first
    wrong.locator("summary").focus()
    visit.page.keyboard.press("Enter")  # reachable from the keyboard
    assert wrong.locator(".sb-quiz-feedback").inner_text().startswith("Not quite.")
    assert visit.errors == []


def test_glossary_link_lands_on_its_term(browser, site):
    visit = Visit(browser, site, "book/01-burden.html")
    link = visit.page.locator("a.reference:has(span.std-term)").first
    target = link.get_attribute("href").split("#")[1]
    link.click()
    visit.page.wait_for_url(f"**/glossary.html#{target}")
    term = visit.page.locator(f"[id='{target}']")
    assert term.is_visible()
    assert term.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }")


def test_dark_mode_pages_and_figures_follow_the_theme(browser, site):
    visit = Visit(browser, site, "book/01-burden.html", color_scheme="dark")
    assert visit.page.evaluate("document.documentElement.dataset.theme") == "dark"
    figure = visit.figures().first
    visit.page.wait_for_function("gd => gd.dataset.spinebookTheme === '#dddddd'", arg=figure.element_handle())
    assert figure.evaluate("gd => gd._fullLayout.font.color") == "#dddddd"
    background = figure.evaluate("gd => getComputedStyle(gd.closest('.output')).backgroundColor")
    assert background == "rgba(0, 0, 0, 0)", background
    visit.page.evaluate("document.documentElement.dataset.theme = 'light'")
    visit.page.wait_for_function("gd => gd._fullLayout.font.color === '#333333'", arg=figure.element_handle())
    assert visit.errors == []


def test_explorer_controls_work_from_the_keyboard_and_figures_have_text_alternatives(browser, site):
    visit = Visit(browser, site, "book/03-intervention-types.html")
    explorers = visit.page.locator(".plotly-graph-div[data-spinebook-explorer='ready']")
    for i in range(visit.figures().count()):
        label = visit.figures().nth(i).get_attribute("aria-label")
        assert label and len(label) > 10, f"figure {i} has no text alternative"
    calculator = explorers.last
    calculator.scroll_into_view_if_needed()
    before = visit.figure_state(calculator)
    slider = calculator.locator(".slider-container").first
    slider.focus()
    visit.page.keyboard.press("ArrowRight")
    visit.page.wait_for_function("gd => gd.dataset.spinebookState !== undefined", arg=calculator.element_handle())
    after_slider = visit.figure_state(calculator)
    assert after_slider != before
    first_explorer = explorers.first
    first_explorer.scroll_into_view_if_needed()
    before = visit.figure_state(first_explorer)
    button = first_explorer.locator(".updatemenu-header-group").nth(1).locator(".updatemenu-button").nth(1)
    button.focus()
    visit.page.keyboard.press("Enter")
    visit.page.wait_for_function("gd => gd.dataset.spinebookState !== undefined", arg=first_explorer.element_handle())
    assert visit.figure_state(first_explorer) != before
    assert "Interactive:" in first_explorer.get_attribute("aria-label")
    assert visit.errors == []


def test_no_page_links_a_script_or_stylesheet_outside_the_book(site):
    import re

    outside = re.compile(r'<(?:script|link)\b[^>]*\b(?:src|href)="(?:https?:)?//', re.I)
    html_root = Path(__file__).resolve().parents[1] / "_build" / "html"
    pages = list(html_root.rglob("*.html"))
    assert len(pages) >= 10
    offenders = [str(p.relative_to(html_root)) for p in pages if outside.search(p.read_text())]
    assert offenders == []


def test_no_page_shows_an_unrendered_directive_or_role(site):
    """A MyST directive or role that failed to parse is shown as raw text without a warning (e.g. a
    quiz opened with a backtick fence whose question contains a role): catch it in the output."""
    import re

    raw = re.compile(r"\{(quiz|glue:text|glue:md|term|cite|admonition|bibliography)\}")
    html_root = Path(__file__).resolve().parents[1] / "_build" / "html"
    offenders = {}
    for page in (html_root / "book").glob("*.html"):
        text = re.sub(r"<(script|style|pre)\b.*?</\1>", "", page.read_text(), flags=re.S)
        found = raw.findall(text)
        if found:
            offenders[page.name] = found
    assert offenders == {}
