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


def test_dark_mode_figures_are_drawn_once_in_the_theme_and_follow_a_toggle(browser, site):
    visit = Visit(browser, site, "book/01-burden.html", color_scheme="dark")
    assert visit.page.evaluate("document.documentElement.dataset.theme") == "dark"
    figure = visit.figures().first
    visit.draw(figure)
    gd = figure.locator(".js-plotly-plot")
    assert gd.evaluate("gd => gd._fullLayout.font.color") == "#dddddd"
    assert figure.get_attribute("data-sb-draws") == "1"  # drawn in the dark theme the first time
    background = figure.evaluate("root => getComputedStyle(root.closest('.output')).backgroundColor")
    assert background == "rgba(0, 0, 0, 0)", background
    visit.page.evaluate("document.documentElement.dataset.theme = 'light'")
    visit.page.wait_for_function("gd => gd._fullLayout.font.color === '#333333'", arg=gd.element_handle())
    assert visit.errors == []
    visit.close()


def test_explorer_controls_work_from_the_keyboard_and_say_what_they_show(browser, site):
    visit = Visit(browser, site, "book/03-intervention-types.html")
    figures = visit.figures()
    for i in range(figures.count()):
        assert len(figures.nth(i).locator(".sb-caption").inner_text()) > 10, f"figure {i} has no caption"
    calculator = figures.last
    visit.draw(calculator)
    before = visit.figure_state(calculator)
    slider = calculator.locator("input[type=range]").first
    assert slider.get_attribute("aria-valuemin") == "0" and slider.get_attribute("aria-valuetext")
    slider.focus()
    visit.page.keyboard.press("ArrowRight")
    after_slider = visit.state_after(calculator, before)
    assert after_slider != before
    assert slider.get_attribute("aria-valuenow") == slider.input_value()
    assert slider.get_attribute("aria-valuetext") == calculator.locator("output").first.inner_text()
    first = figures.first
    visit.draw(first)
    before = visit.figure_state(first)
    buttons = first.locator(".sb-control[data-kind=buttons]").first.locator("button")
    assert [buttons.nth(b).get_attribute("aria-pressed") for b in range(buttons.count())].count("true") == 1
    buttons.nth(1).focus()
    visit.page.keyboard.press("Enter")
    assert visit.state_after(first, before) != before
    assert buttons.nth(1).get_attribute("aria-pressed") == "true"
    assert buttons.nth(0).get_attribute("aria-pressed") == "false"
    status = first.locator(".sb-status")
    assert status.get_attribute("aria-live") == "polite"
    visit.page.wait_for_function("el => el.textContent.startsWith('Now showing')", arg=status.element_handle())
    assert buttons.nth(1).inner_text().replace("✓", "").strip() in status.inner_text()
    assert visit.errors == []
    visit.close()


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


def test_search_still_works_with_every_script_deferred(browser, site):
    visit = Visit(browser, site, "search.html?q=fluoroscopy")
    visit.page.wait_for_selector("#search-results li", timeout=15_000)
    assert visit.page.locator("#search-results li").count() >= 5
    assert visit.errors == []
    visit.close()


def test_interface_icons_are_drawn_without_the_font_awesome_script_or_font(browser, site):
    fetched = []
    page = browser.new_page()
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{site}/book/05-conclusion.html", wait_until="networkidle")
    page.close()
    assert [u for u in fetched if "fontawesome" in u or u.endswith((".woff2", ".woff", ".ttf"))] == []
    visit = Visit(browser, site, "book/intro.html", width=390, height=844)
    admonition_icon = visit.page.locator(".admonition-title").first.evaluate(
        "el => [getComputedStyle(el, '::after').content, getComputedStyle(el, '::after').maskImage]")
    assert admonition_icon[0] == '""' and admonition_icon[1].startswith("url(")
    assert "fontawesome.js" not in (Path(__file__).resolve().parents[1] / "_build" / "html" / "book" / "intro.html").read_text()
    icon = visit.page.locator(".fa-bars >> visible=true").first
    box = icon.bounding_box()
    assert box and box["width"] > 8 and box["height"] > 8
    assert icon.evaluate("el => getComputedStyle(el).maskImage || getComputedStyle(el).webkitMaskImage").startswith("url(")
    visit.close()


def test_no_control_is_named_differently_from_what_it_shows(site):
    """A speech-input user says what they see: a toggle reading "Show code cell outputs" must not
    be named "Toggle hidden content"; bibliography entries are list items (ARIA 1.3)."""
    html_root = Path(__file__).resolve().parents[1] / "_build" / "html"
    pages = {p.name: p.read_text() for p in (html_root / "book").glob("*.html")}
    assert not [name for name, text in pages.items() if 'aria-label="Toggle hidden content"' in text]
    assert "doc-biblioentry" not in pages["bibliography.html"]
    assert pages["bibliography.html"].count('role="listitem"') >= 100


def test_a_playing_slider_steps_through_its_frames_and_stops_when_paused(browser, site):
    """The needle-advance cine of chapter 6: Play steps the slider (and the simulated images, fetched
    as files) frame by frame; Pause stops it where it is."""
    visit = Visit(browser, site, "book/06-two-ways-of-seeing.html")
    block = visit.page.locator(".sb-explorer:has(button.sb-play)")
    assert block.count() == 1
    visit.draw(block)
    play, slider = block.locator("button.sb-play"), block.locator("input[type=range]")
    assert slider.input_value() == "0" and play.get_attribute("aria-pressed") == "false"
    play.click()
    visit.page.wait_for_function("el => Number(el.value) >= 2", arg=slider.element_handle(), timeout=10_000)
    assert play.get_attribute("aria-pressed") == "true" and "Pause" in play.inner_text()
    play.click()
    stopped = slider.input_value()
    visit.page.wait_for_timeout(2000)
    assert slider.input_value() == stopped and "Play" in play.inner_text()
    sources = block.evaluate("root => [...root.querySelectorAll('image')].map(i => i.getAttribute('href'))")
    assert sources and all(s.startswith("../_images/sim/") for s in sources), sources
    assert visit.errors == []
    visit.close()


def test_a_page_printed_from_dark_mode_is_light_on_paper_with_its_figures_then_dark_again(browser, site):
    """A reader's Ctrl+P (Chromium's print, as page.pdf does it): the figures drawn so far print in
    the light theme, a figure whose plotly.js had not arrived says why it is missing, and the page
    is dark again afterwards."""
    import io
    import unicodedata

    from pypdf import PdfReader

    def printed(visit) -> str:  # ligatures unfolded ("ﬁ" is "fi")
        pages = PdfReader(io.BytesIO(visit.page.pdf(format="A4"))).pages
        return unicodedata.normalize("NFKC", "".join(page.extract_text() for page in pages))

    visit = Visit(browser, site, "book/01-burden.html", color_scheme="dark")
    assert visit.page.evaluate("window.Plotly === undefined"), "no figure near the top: plotly.js not fetched yet"
    text = printed(visit)
    assert "This figure was not drawn before printing" in text
    figure = visit.figures().first
    visit.draw(figure)
    gd = figure.locator(".js-plotly-plot")
    assert gd.evaluate("gd => gd._fullLayout.font.color") == "#dddddd"
    visit.page.evaluate("""() => window.addEventListener('beforeprint', () => {  // runs after the book's handler
        window.printedIn = [document.documentElement.dataset.theme, document.querySelector('.js-plotly-plot')._fullLayout.font.color]; })""")
    text = printed(visit)
    assert visit.page.evaluate("window.printedIn") == ["light", "#333333"]
    axis = figure.evaluate("root => JSON.parse(root.querySelector('script.sb-spec').textContent)")
    y_title = axis["states"][axis["initial"]]["layout"]["yaxis"]["title"]["text"]
    assert y_title in text  # the figure's own SVG text, on paper
    assert visit.page.evaluate("document.documentElement.dataset.theme") == "dark"
    visit.page.wait_for_function("gd => gd._fullLayout.font.color === '#dddddd'", arg=gd.element_handle())
    assert visit.errors == []
    visit.close()
