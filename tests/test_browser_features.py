"""Reader features of the built book in Chromium: quizzes, glossary links, dark mode, keyboard
access and text alternatives; and static checks of the built HTML."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from browser import Visit, chapter_pages, toc_pages  # noqa: E402


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
    after_slider = visit.state_after(calculator, before)
    assert after_slider != before
    first_explorer = explorers.first
    first_explorer.scroll_into_view_if_needed()
    before = visit.figure_state(first_explorer)
    button = first_explorer.locator(".updatemenu-header-group").nth(1).locator(".updatemenu-button").nth(1)
    button.focus()
    visit.page.keyboard.press("Enter")
    assert visit.state_after(first_explorer, before) != before
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
    # Thebe is off: no page carries its (inert) config naming an example Binder repository.
    assert [p.name for p in pages if "x-thebe-config" in p.read_text()] == []


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
