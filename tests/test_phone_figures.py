"""On a 390 px phone every figure is readable: no tick label, trace text, legend entry or
annotation of any figure runs past the figure's edge, and tick labels of one axis do not overlap,
in the figure as first drawn and after each option of each control is chosen once.
Debian's Chromium, offline; each figure is drawn as a student's phone draws it (its phone variant)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from browser import Visit, chapter_pages  # noqa: E402

PHONE = dict(width=390, height=844, touch=True)

#: Every visible SVG text of the drawn figure (hover layers skipped) whose box leaves the figure's
#: box (1 px tolerance), and every pair of tick labels of one axis whose boxes overlap.
TEXT_PROBLEMS_JS = """root => {
  const box = root.getBoundingClientRect(), tol = 1, out = [], overlaps = [];
  const visible = el => {
    if (el.closest('.hoverlayer, .hovertext, .modebar-container')) return false;
    if (!el.textContent.trim()) return false;
    for (let n = el; n && n !== root; n = n.parentNode) {
      if (!(n instanceof Element)) continue;
      const s = getComputedStyle(n);
      if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') return false;
    }
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  root.querySelectorAll('.main-svg text').forEach(el => {
    if (!visible(el)) return;
    const r = el.getBoundingClientRect();
    if (r.left < box.left - tol || r.right > box.right + tol || r.top < box.top - tol || r.bottom > box.bottom + tol)
      out.push([el.textContent.slice(0, 60), Math.round(r.left - box.left), Math.round(r.right - box.left), Math.round(box.width)]);
  });
  const axes = {};
  root.querySelectorAll('.main-svg .xaxislayer-above, .main-svg .yaxislayer-above').forEach((layer, i) => {
    const texts = Array.from(layer.querySelectorAll('text')).filter(visible).map(t => [t.textContent, t.getBoundingClientRect()]);
    for (let a = 0; a < texts.length; a++) for (let b = a + 1; b < texts.length; b++) {
      const [ta, ra] = texts[a], [tb, rb] = texts[b];
      if (ra.left < rb.right - tol && rb.left < ra.right - tol && ra.top < rb.bottom - tol && rb.top < ra.bottom - tol)
        overlaps.push([ta.slice(0, 40), tb.slice(0, 40)]);
    }
  });
  return {outside: out, overlaps: overlaps};
}"""


def _problems_of(figure, i, where, outside, overlaps):
    found = figure.evaluate(TEXT_PROBLEMS_JS)
    outside += [f"figure {i}{where}: {text!r} spans {left}..{right} px of {width} px"
                for text, left, right, width in found["outside"]]
    overlaps += [f"figure {i}{where}: tick {a!r} overlaps {b!r}" for a, b in found["overlaps"]]


def _moves(control):
    """(description, action) for each option of one control but the current one, each chosen once:
    a button clicked, an <option> selected, or the slider moved with the keyboard."""
    kind = control.get_attribute("data-kind")
    name = control.locator("label, .sb-control-label").first.inner_text().strip()
    if kind == "dropdown":
        select = control.locator("select")
        labels = select.locator("option").all_inner_texts()
        current = int(select.evaluate("s => s.selectedIndex"))
        return [(f"{name} = {labels[j]!r}", lambda j=j: select.select_option(index=j))
                for j in range(len(labels)) if j != current]
    if kind == "buttons":
        buttons = control.locator("button")
        labels = buttons.all_inner_texts()
        current = [buttons.nth(b).get_attribute("aria-pressed") for b in range(len(labels))].index("true")
        return [(f"{name} = {labels[j]!r}", lambda j=j: buttons.nth(j).click()) for j in range(len(labels)) if j != current]
    slider = control.locator("input[type=range]")
    current, top = int(slider.input_value()), int(slider.get_attribute("max"))

    def press(key):
        slider.focus()
        slider.press(key)
    # Right to the top, Home to the first value, then right up to the one before the start.
    keys = [("ArrowRight", v) for v in range(current + 1, top + 1)]
    if current > 0:
        keys += [("Home", 0)] + [("ArrowRight", v) for v in range(1, current)]
    return [(f"{name} = position {v}", lambda key=key: press(key)) for key, v in keys]


def text_problems(visit, every_option=False):
    """(outside, overlaps): lists of '(figure i) text …' for every figure block of the page, as first
    drawn and, with ``every_option``, after each option of each control is chosen once."""
    outside, overlaps = [], []
    figures = visit.figures()
    for i in range(figures.count()):
        figure = figures.nth(i)
        visit.draw(figure)
        visit.page.wait_for_timeout(100)
        _problems_of(figure, i, "", outside, overlaps)
        if not every_option:
            continue
        controls = figure.locator(".sb-control")
        for m in range(controls.count()):
            for what, act in _moves(controls.nth(m)):
                before = figure.get_attribute("data-sb-state")
                act()
                visit.page.wait_for_function("([root, before]) => root.dataset.sbState !== before",
                                             arg=[figure.element_handle(), before], timeout=10_000)
                visit.page.wait_for_timeout(50)
                _problems_of(figure, i, f" ({what})", outside, overlaps)
    return outside, overlaps


@pytest.mark.parametrize("path", chapter_pages())
def test_on_a_phone_every_figure_text_stays_inside_its_figure_and_ticks_do_not_overlap(browser, site, path):
    visit = Visit(browser, site, path, **PHONE)
    outside, overlaps = text_problems(visit, every_option=True)
    visit.close()
    assert not outside, f"{path}: {len(outside)} texts cut off at the figure's edge on a 390 px phone:\n" + "\n".join(outside[:80])
    assert not overlaps, f"{path}: {len(overlaps)} overlapping tick labels on a 390 px phone:\n" + "\n".join(overlaps[:80])


@pytest.mark.parametrize("path", chapter_pages())
def test_on_a_desktop_every_figure_text_stays_inside_its_figure_and_ticks_do_not_overlap(browser, site, path):
    visit = Visit(browser, site, path, width=1280, height=900)
    outside, overlaps = text_problems(visit, every_option=True)
    visit.close()
    assert not outside, f"{path}: {len(outside)} texts cut off at the figure's edge at 1280 px:\n" + "\n".join(outside[:80])
    assert not overlaps, f"{path}: {len(overlaps)} overlapping tick labels at 1280 px:\n" + "\n".join(overlaps[:80])
