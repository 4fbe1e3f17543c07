"""Every text inside the book's plotly figures meets WCAG AA contrast (4.5:1, 3:1 for large text) on
the page's light and dark background.

Two checks: (a) the figure JSON of every explorer state and of every other figure the chapters draw
uses only text colours that either follow the theme (inherited, or a key of
``theme.DARK_TEXT_COLOURS``, swapped for its value on the dark page) or pass on both backgrounds;
(b) the built book, in Chromium, light and dark: the rendered SVG text's fill against what it sits on.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path

import pydata_sphinx_theme
import pytest

import spinebook.explorers
from spinebook import data
from spinebook.figures import theme

LIGHT_PAGE = "#ffffff"
AA, AA_LARGE = 4.5, 3.0

# A run of text made only of geometric shapes (●◆■⬢○▲…) is a legend swatch, a graphic drawn with a
# font: WCAG's text contrast does not apply to it (it matches the marker colour it stands for).
SWATCH = re.compile(r"^[\s\u25a0-\u25ff\u2b1f-\u2b2f]*$")
NAMED = {"white": "#ffffff", "black": "#000000"}
SPAN_COLOUR = re.compile(r"<span\s+style=['\"][^'\"]*?(?<![-\w])color:\s*([^;'\"]+)[^'\"]*['\"]\s*>(.*?)</span>", re.S | re.I)


# --- WCAG 2.x colour arithmetic -------------------------------------------------------------------
def parse_colour(value: str) -> tuple[float, float, float, float]:
    """'#rgb', '#rrggbb', 'rgb(...)', 'rgba(...)' or 'white'/'black' as (r, g, b in 0-255, alpha)."""
    text = NAMED.get(value.strip().lower(), value.strip().lower())
    if re.fullmatch(r"#[0-9a-f]{6}", text):
        return (*(int(text[i:i + 2], 16) for i in (1, 3, 5)), 1.0)
    if re.fullmatch(r"#[0-9a-f]{3}", text):
        return (*(int(c * 2, 16) for c in text[1:]), 1.0)
    match = re.fullmatch(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)", text)
    if match:
        r, g, b, a = match.groups()
        return float(r), float(g), float(b), 1.0 if a is None else float(a)
    raise ValueError(f"colour {value!r}: use '#rrggbb' or rgb()/rgba() so its contrast can be checked")


def over(colour: str, background: str) -> tuple[float, float, float]:
    """``colour`` composited over the opaque ``background`` (alpha blending)."""
    r, g, b, a = parse_colour(colour)
    br, bg, bb, _ = parse_colour(background)
    return r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a)


def relative_luminance(rgb) -> float:
    def linear(channel):
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(colour: str, background: str) -> float:
    """WCAG contrast ratio of ``colour`` (alpha composited) on the opaque ``background``."""
    lighter, darker = sorted((relative_luminance(over(colour, background)),
                              relative_luminance(over(background, background))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_arithmetic_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic "just fails AA"
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#E69F00", "#ffffff") == pytest.approx(2.25, abs=0.01)
    assert contrast("#808080", "#ffffff") <= contrast("rgba(0,0,0,0.5)", "#ffffff") <= contrast("#7f7f7f", "#ffffff")
    assert contrast("#dddddd", "#14181e") == pytest.approx(13.11, abs=0.01)
    with pytest.raises(ValueError):
        parse_colour("orange")


# --- (a) the theme's colours and every figure's JSON --------------------------------------------
def test_dark_page_background_is_the_themes():
    """DARK_PAGE_BACKGROUND is pydata-sphinx-theme's own dark --pst-color-background."""
    css = next(Path(pydata_sphinx_theme.__file__).parent.rglob("pydata-sphinx-theme.css")).read_text()
    dark_rules = "".join(re.findall(r"html\[data-theme=dark\]\{([^}]*)\}", css))
    assert f"--pst-color-background:{theme.DARK_PAGE_BACKGROUND}" in dark_rules


def test_every_dark_text_colour_pair_passes_on_its_background():
    assert theme.DARK_TEXT_COLOURS["#333333"] == "#dddddd"  # the theme's default font colours
    failures = []
    for light, dark in theme.DARK_TEXT_COLOURS.items():
        assert re.fullmatch(r"#[0-9a-fA-F]{6}", light) and re.fullmatch(r"#[0-9a-fA-F]{6}", dark), (light, dark)
        if contrast(light, LIGHT_PAGE) < AA or contrast(dark, theme.DARK_PAGE_BACKGROUND) < AA:
            failures.append(f"{light} {contrast(light, LIGHT_PAGE):.2f}:1 on white, "
                            f"{dark} {contrast(dark, theme.DARK_PAGE_BACKGROUND):.2f}:1 on dark")
    assert not failures, failures
    assert len({k.lower() for k in theme.DARK_TEXT_COLOURS}) == len(theme.DARK_TEXT_COLOURS)
    assert set(theme.TEXT_COLOURS.values()) <= set(theme.DARK_TEXT_COLOURS)


def _figures():
    """(name, plotly JSON) of every explorer state and of the chapters' other figures."""
    book_data = data.load()
    for info in pkgutil.iter_modules(spinebook.explorers.__path__):
        module = importlib.import_module(f"spinebook.explorers.{info.name}")
        for name, factory in inspect.getmembers(module, inspect.isfunction):
            if factory.__module__ != module.__name__ or name.startswith("_"):
                continue
            explorer = factory(book_data)
            if explorer.view == "html":  # tables: their colours are checked in tests/test_tables.py
                continue
            for indices, state in explorer.states():
                yield f"{info.name}.{name}{list(indices)}", explorer.figure(**state).to_plotly_json()
    from spinebook import synthesis
    from spinebook.figures.forest import funnel_figure
    time_table = synthesis.effect_table(book_data["outcomes"], "procedure_time", "procedure")
    _, result = synthesis.pool_group(time_table)
    yield "forest.funnel_figure", funnel_figure(time_table.yi, time_table.vi, result, labels=time_table.study_id,
                                                title="Funnel plot", measure_label="log ratio").to_plotly_json()


def _as_list(value, n=None):
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        return list(value.tolist() if hasattr(value, "tolist") else value)
    return [value] * (n or 1)


def _text_backgrounds(trace: dict):
    """For a trace that draws text on its own markers or bars: the fill under each point's text
    (None where the text sits on the page)."""
    texts = trace.get("text")
    if texts is None or isinstance(texts, str):
        n = 1
    else:
        n = len(_as_list(texts))
    kind, mode = trace.get("type", "scatter"), trace.get("mode", "")
    if kind == "scatter" and "markers" in mode and "text" in mode:
        marker = trace.get("marker") or {}
        positions = _as_list(trace.get("textposition", "middle center"), n)
        colours = _as_list(marker.get("color"), n)
        symbols = _as_list(marker.get("symbol", "circle"), n)
        # plotly.js draws markers whose size is an array ("bubbles") at opacity 0.7 unless told
        sized = isinstance(marker.get("size"), (list, tuple)) or hasattr(marker.get("size"), "tolist")
        opacity = _as_list(marker.get("opacity", 0.7 if sized else 1.0), n)
        return [_with_alpha(c, o) if p == "middle center" and c is not None and not str(s).endswith("-open") else None
                for p, c, s, o in zip(positions, colours, symbols, opacity)]
    if kind == "bar" and texts is not None:
        positions = _as_list(trace.get("textposition", "auto"), n)
        colours = _as_list((trace.get("marker") or {}).get("color"), n)
        return [c if p in ("auto", "inside") else None for p, c in zip(positions, colours)]
    return [None] * n


def _with_alpha(colour: str, opacity: float) -> str:
    r, g, b, a = parse_colour(colour)
    return f"rgba({r:g},{g:g},{b:g},{a * opacity:g})"


def _font_colours(node, path=""):
    """(path, colour) of every font colour set in a figure's JSON (hover labels and plotly's own
    controls excluded: the first is not page text, the second are being replaced by HTML)."""
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else key
            if key in ("hoverlabel", "updatemenus", "sliders", "meta", "template"):
                continue
            if key.endswith("font") and isinstance(value, dict) and "color" in value:
                for colour in _as_list(value["color"]):
                    yield where, colour
            yield from _font_colours(value, where)
    elif isinstance(node, (list, tuple)):
        for i, value in enumerate(node):
            yield from _font_colours(value, f"{path}[{i}]")


def _span_colours(node, path=""):
    """(path, colour, text) of every <span style='color:…'> in the figure's strings."""
    if isinstance(node, str):
        for colour, inner in SPAN_COLOUR.findall(node):
            yield path, colour.strip(), re.sub(r"<[^>]+>", "", inner)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("hoverlabel", "hovertemplate", "hovertext", "customdata", "meta", "template"):
                yield from _span_colours(value, f"{path}.{key}" if path else key)
    elif isinstance(node, (list, tuple)):
        for i, value in enumerate(node):
            yield from _span_colours(value, f"{path}[{i}]")


def _passes_on_page(colour, size_large=False) -> tuple[bool, str]:
    need = AA_LARGE if size_large else AA
    light, dark = contrast(colour, LIGHT_PAGE), contrast(colour, theme.DARK_PAGE_BACKGROUND)
    return light >= need and dark >= need, f"{light:.2f}:1 light, {dark:.2f}:1 dark"


def test_every_figure_text_colour_follows_the_theme_or_passes_on_both_backgrounds():
    """Page text: inherited, a DARK_TEXT_COLOURS key, or ≥ 4.5:1 on both pages. Text drawn on its
    own marker: ≥ 4.5:1 on that marker, and not a key (the dark swap would change the text but
    not the marker)."""
    keys = {k.lower() for k in theme.DARK_TEXT_COLOURS}
    defaults = ("#333333", "#dddddd")
    failures, n_figures, n_on_marker = [], 0, 0
    for name, fig in _figures():
        n_figures += 1
        on_marker = set()
        for i, trace in enumerate(fig.get("data", [])):
            if trace.get("type") == "table":
                continue  # the summary-of-findings go.Table is being replaced by an HTML table
            backgrounds = _text_backgrounds(trace)
            if not any(backgrounds):
                continue
            font = trace.get("textfont") or {}
            colours = _as_list(font.get("color"), len(backgrounds))
            for colour, background in zip(colours, backgrounds):
                if background is None:
                    continue
                n_on_marker += 1
                on_marker.add(f"data[{i}].textfont")
                for text_colour in ([colour] if colour is not None else defaults):
                    if text_colour.lower() in keys:
                        failures.append(f"{name} data[{i}]: {text_colour} on its marker is a DARK_TEXT_COLOURS key")
                    for page in (LIGHT_PAGE, theme.DARK_PAGE_BACKGROUND):
                        marker = "#%02x%02x%02x" % tuple(round(c) for c in over(background, page))
                        if contrast(text_colour, marker) < AA:
                            failures.append(f"{name} data[{i}]: {text_colour} on marker {background} "
                                            f"{contrast(text_colour, marker):.2f}:1")
        on_page = [(where, colour) for i, trace in enumerate(fig.get("data", [])) if trace.get("type") != "table"
                   for where, colour in _font_colours(trace, f"data[{i}]") if where not in on_marker]
        boxed = {}  # annotations drawn on their own opaque box (labels over an image): checked on the box
        for j, note in enumerate((fig.get("layout") or {}).get("annotations") or []):
            box = note.get("bgcolor")
            if box and parse_colour(box)[3] == 1.0:
                boxed[f"layout.annotations[{j}].font"] = box
        for where, box in boxed.items():
            colour = (fig["layout"]["annotations"][int(where.split("[")[1].split("]")[0])].get("font") or {}).get("color")
            if colour is None or colour.lower() in keys or contrast(colour, box) < AA:
                failures.append(f"{name} {where}: {colour} on its box {box} must be a fixed colour of ≥ 4.5:1")
        on_page += [(where, colour) for where, colour in _font_colours(fig.get("layout", {}), "layout")
                    if where not in boxed]
        for where, colour in on_page:
            if colour is None:
                continue
            try:
                ok, ratios = colour.lower() in keys, ""
                if not ok:
                    ok, ratios = _passes_on_page(colour)
            except ValueError as bad:
                ok, ratios = False, str(bad)
            if not ok:
                failures.append(f"{name} {where}: {colour} {ratios}")
        for where, colour, text in _span_colours(fig):
            if SWATCH.match(text):
                continue
            try:
                ok, ratios = _passes_on_page(colour)  # the dark swap does not reach inside text
            except ValueError as bad:
                ok, ratios = False, str(bad)
            if not ok:
                failures.append(f"{name} {where}: <span> {colour} around {text!r} {ratios}")
    assert n_figures > 100 and n_on_marker > 0  # every state of every explorer was seen
    unique = list(dict.fromkeys(failures))
    assert not unique, f"{len(unique)} text colours fail (first 40):\n" + "\n".join(unique[:40])


# --- (b) the rendered figures in the built book ---------------------------------------------------
READ_TEXTS_JS = r"""
(gd, swatch) => {
  const skip = ".hoverlayer, [class*='updatemenu'], [class*='slider'], .table, .table-control-view";
  const parse = (value) => {
    const m = /rgba?\(([^)]+)\)/.exec(value || "");
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const blend = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3]));
  const opacity = (el) => {
    let a = 1;
    for (let e = el; e && e !== gd; e = e.parentElement) a *= Number(getComputedStyle(e).opacity);
    return a;
  };
  let page = null;
  for (let e = gd; e && !page; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0) page = c;
  }
  page = page || [255, 255, 255, 1];
  const fills = Array.from(gd.querySelectorAll(".main-svg path, .main-svg rect")).filter(el => {
    if (el.closest(skip) || el.closest("defs, clipPath, mask")) return false;
    const c = parse(getComputedStyle(el).fill);
    return c && c[3] * Number(getComputedStyle(el).fillOpacity) * opacity(el) > 0;
  });
  const below = (point, text) => {  // the page, with every filled shape painted under the text's centre
    let colour = page.slice(0, 3);
    for (const el of fills) {
      if (!(el.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
      const ctm = el.getScreenCTM();
      if (!ctm || typeof el.isPointInFill !== "function") continue;
      const local = new DOMPoint(point.x, point.y).matrixTransform(ctm.inverse());
      if (!el.isPointInFill(local)) continue;
      const s = getComputedStyle(el), c = parse(s.fill);
      colour = blend([c[0], c[1], c[2], c[3] * Number(s.fillOpacity) * opacity(el)], colour);
    }
    return colour;
  };
  const found = [];
  for (const text of gd.querySelectorAll(".main-svg text")) {
    if (text.closest(skip)) continue;
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const content = node.textContent.trim();
      if (!content || new RegExp(swatch).test(content)) continue;
      const el = node.parentElement, s = getComputedStyle(el);
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || s.visibility === "hidden" || s.display === "none") continue;
      const fill = parse(s.fill);
      if (!fill) continue;
      const alpha = fill[3] * Number(s.fillOpacity) * opacity(el);
      if (alpha === 0) continue;
      const back = below({ x: box.x + box.width / 2, y: box.y + box.height / 2 }, text);
      found.push({ text: content, fill: blend([fill[0], fill[1], fill[2], alpha], back), back,
                   size: parseFloat(s.fontSize), weight: parseInt(s.fontWeight, 10) || 400 });
    }
  }
  return { title: (gd.layout.title && (gd.layout.title.text || gd.layout.title)) || "", found };
}
"""


def _luminance_ratio(fore, back) -> float:
    lighter, darker = sorted((relative_luminance(fore), relative_luminance(back)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_rendered_figure_text_meets_aa_contrast(browser, site, scheme):
    """Each chapter, each figure scrolled into view: every visible text of the SVG against the page
    (or the filled shape it sits on) is ≥ 4.5:1, ≥ 3:1 when large (≥ 24 px, or ≥ 18.66 px bold)."""
    from browser import Visit, chapter_pages

    default_font = "#dddddd" if scheme == "dark" else "#333333"
    offenders, n_texts = [], 0
    for path in chapter_pages():
        visit = Visit(browser, site, path, color_scheme=scheme)
        try:
            figures = visit.page.locator("figure.sb-explorer:has(.sb-figure)")
            assert figures.count() > 0, path
            for i in range(figures.count()):
                block = figures.nth(i)
                visit.draw(block)
                figure = block.locator(".js-plotly-plot")
                visit.page.wait_for_function(
                    "([gd, colour]) => gd._fullLayout && gd._fullLayout.font.color === colour",
                    arg=[figure.element_handle(), default_font])
                visit.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                result = figure.evaluate(READ_TEXTS_JS, SWATCH.pattern)
                title = block.locator(".sb-caption").inner_text()[:60]
                for text in result["found"]:
                    n_texts += 1
                    large = text["size"] >= 24 or (text["size"] >= 18.66 and text["weight"] >= 700)
                    ratio = _luminance_ratio(text["fill"], text["back"])
                    if ratio < (AA_LARGE if large else AA):
                        offenders.append(f"{path} | {title} | {text['text'][:50]!r} | {ratio:.2f}:1")
        finally:
            visit.close()
    assert n_texts > 200
    assert not offenders, f"{len(offenders)} texts below AA in {scheme} mode:\n" + "\n".join(dict.fromkeys(offenders))


TEXTS_JS = """(selector) => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const background = el => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let out = [255, 255, 255];
    if (document.documentElement.dataset.theme === 'dark' && !(layers.length && layers[layers.length - 1][3] >= 1)) out = null;
    for (const c of layers.reverse()) out = out ? out.map((v, i) => v * (1 - c[3]) + c[i] * c[3]) : c.slice(0, 3);
    return out; };
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    const own = Array.from(el.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (!own || !el.getClientRects().length) continue;
    const cs = getComputedStyle(el); if (cs.visibility === 'hidden') continue;
    found.push({text: own.slice(0, 40), tag: el.tagName, fill: cs.color, back: background(el),
                size: parseFloat(cs.fontSize), weight: Number(cs.fontWeight) || 400});
  }
  return found; }"""


TABLE_SELECTOR = "article table *, article table, article .sb-prisma *"
CONTROL_SELECTOR = "article .sb-controls *, article .sb-caption"


def _texts_below_aa(browser, site, pages, selector, scheme) -> tuple[list[str], int]:
    """Texts matching ``selector`` on ``pages`` whose colour is below AA on what they sit on."""
    from browser import Visit

    offenders, n_texts = [], 0
    for path in pages:
        visit = Visit(browser, site, path, color_scheme=scheme)
        page_background = visit.page.evaluate("getComputedStyle(document.body).backgroundColor")
        for text in visit.page.evaluate(TEXTS_JS, selector):
            n_texts += 1
            back = text["back"] or parse_colour(page_background)[:3]
            back_hex = "#%02x%02x%02x" % tuple(round(v) for v in back)
            large = text["size"] >= 24 or (text["size"] >= 18.66 and text["weight"] >= 700)
            ratio = contrast(text["fill"], back_hex)
            if ratio < (AA_LARGE if large else AA):
                offenders.append(f"{path} | {text['tag']} {text['text']!r} | {text['fill']} on {back_hex} | {ratio:.2f}:1")
        visit.close()
    return offenders, n_texts


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_explorer_controls_and_captions_meet_aa_contrast(browser, site, scheme):
    """The labels, buttons and captions of every explorer against what they sit on, in both themes
    (in dark mode the theme once gave notebook outputs a dark text colour on the dark page)."""
    from browser import chapter_pages

    offenders, n_texts = _texts_below_aa(browser, site, chapter_pages(), CONTROL_SELECTOR, scheme)
    assert n_texts > 100
    assert not offenders, f"{len(offenders)} control texts below AA in {scheme} mode:\n" + "\n".join(dict.fromkeys(offenders[:60]))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_table_text_meets_aa_contrast(browser, site, scheme):
    """Every text in every table of the book (data pages, chapters' tables, the summary of
    findings) against the background it sits on, in both themes."""
    from browser import toc_pages

    offenders, n_texts = _texts_below_aa(browser, site, toc_pages(), TABLE_SELECTOR, scheme)
    assert n_texts > 500
    assert not offenders, f"{len(offenders)} table texts below AA in {scheme} mode:\n" + "\n".join(dict.fromkeys(offenders[:60]))
