"""Sphinx extension: pages that paint at once on a phone and a weak link.

Measured on the built book (`make audit`), the theme alone cost every page ~860 KB and a dozen
render-blocking scripts before any text showed:

* **Scripts deferred.** Every script file of a page is loaded with ``defer`` (order kept, the text
  paints first), except ``documentation_options.js``, which the page's own inline snippets use
  while the page is parsed. The theme's search scripts and index, written into its template rather
  than registered with Sphinx, are kept on the search page only (deferred, after the scripts they
  need): every other page's search box submits to it.
* **Icons without a 530 KB script.** pydata-sphinx-theme draws its ~15 interface icons with Font
  Awesome's SVG+JS kit (``scripts/fontawesome.js``: 530 KB gzipped, plus a 150 KB web font). The
  build writes ``_static/spinebook-icons.css`` instead: one CSS mask per icon the pages use, with
  the icon's path taken from that same kit (Font Awesome Free, CC BY 4.0), drops the kit's
  script tag from every page and switches off the theme's glyph rules, so the web font is never
  fetched either.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

ICON_CSS = "spinebook-icons.css"
KIT = "scripts/fontawesome.js"
SYNC_SCRIPTS = {"documentation_options.js"}
_SEARCH_TAG = re.compile(r'<script src="([^"]*\b(?:searchtools|language_data|searchindex)\.js[^"]*)"></script>')
_KIT_TAG = re.compile(r'\s*<script defer src="[^"]*scripts/fontawesome\.js[^"]*"></script>')
_ICON_CLASS = re.compile(r'class="[^"]*\bfa-(?!solid\b|regular\b|brands\b|lg\b|xs\b|sm\b|fw\b)([a-z0-9-]+)')


def _defer_scripts(app, pagename, templatename, context, doctree):
    from sphinx.builders.html._assets import _JavaScript

    deferred = []
    for asset in context.get("script_files", []):
        name = str(getattr(asset, "filename", asset) or "")
        if (isinstance(asset, _JavaScript) and name and Path(name).name not in SYNC_SCRIPTS
                and not {"defer", "async"} & set(asset.attributes)):
            asset = _JavaScript(asset.filename, priority=asset.priority, **{**asset.attributes, "defer": "defer"})
        deferred.append(asset)
    context["script_files"] = deferred


def icon_paths(kit_source: str, names: set[str]) -> dict[str, tuple[int, int, str]]:
    """``name -> (width, height, svg path)`` of Font Awesome's *solid* icons, read from the kit.

    The kit lists the regular (outline) pack before the solid one, so the last definition of a
    name is its solid icon: the one the theme asks for with ``fa-solid``/``fas``. A name found only
    among an icon's aliases (Font Awesome 5's names) gets that icon."""
    found = {}
    for name in names:
        key = f'(?:"{re.escape(name)}"|\\b{re.escape(name)})' if "-" not in name else f'"{re.escape(name)}"'
        matches = re.findall(key + r':\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]+)"\]', kit_source)
        if not matches:  # an older name the kit keeps as an alias (e.g. the theme's "pencil-alt")
            matches = re.findall(r':\[(\d+),(\d+),\[[^\]]*"' + re.escape(name) + r'"[^\]]*\],"[0-9a-f]+","([^"]+)"\]',
                                 kit_source)
        if matches:
            width, height, path = matches[-1]
            found[name] = (int(width), int(height), path)
    return found


def icon_by_codepoint(kit_source: str, codepoint: str) -> tuple[int, int, str] | None:
    """Font Awesome's solid icon for a glyph code point (e.g. ``"f0eb"``), read from the kit."""
    matches = re.findall(r':\[(\d+),(\d+),\[[^\]]*\],"%s","([^"]+)"\]' % re.escape(codepoint), kit_source)
    if not matches:
        return None
    width, height, path = matches[-1]
    return int(width), int(height), path


def _mask(icon: tuple[int, int, str]) -> str:
    width, height, path = icon
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"><path d="{path}"/></svg>'
    return "url('data:image/svg+xml," + urllib.parse.quote(svg, safe=" /=:,.-\"<>") + "')"


def admonition_icon_css(theme_css: str, kit_source: str) -> str:
    """The theme draws each admonition's icon as a Font Awesome glyph in ``.admonition-title::after``
    (``content: var(--pst-icon-admonition-tip)`` → ``var(--pst-icon-lightbulb)`` → a code point):
    the same icons as CSS masks, so that the 156 KB web font is not fetched for them."""
    glyphs = {name: format(ord(char), "x") for name, char in re.findall(r'--pst-icon-([a-z-]+):"(.)"', theme_css)}
    kinds = dict(re.findall(r"--pst-icon-admonition-([a-z-]+):var\(--pst-icon-([a-z-]+)\)", theme_css))
    rules = []
    for selectors, kind in re.findall(r"([^{}]+)\{[^}]*content:var\(--pst-icon-admonition-([a-z-]+)\)", theme_css):
        icon = icon_by_codepoint(kit_source, glyphs.get(kinds.get(kind, ""), "-"))
        if icon:
            rules.append(f"{selectors.strip()} {{ --sb-admonition-icon: {_mask(icon)}; }}")
    if rules:
        rules.append(".admonition > .admonition-title::after, div.admonition > .admonition-title::after { content: '' !important; "
                     "font: inherit !important; background-color: currentColor; -webkit-mask: var(--sb-admonition-icon) no-repeat center / contain; "
                     "mask: var(--sb-admonition-icon) no-repeat center / contain; }")
    return "\n".join(rules) + "\n"


def icon_css(paths: dict[str, tuple[int, int, str]]) -> str:
    rules = ["/* Interface icons: Font Awesome Free 6 (CC BY 4.0, https://fontawesome.com/license/free),",
             "   as CSS masks coloured like the text around them. Written by spinebook.sphinx_page_speed. */",
             ".fa-solid, .fas { display: inline-block; height: 1em; vertical-align: -0.125em; background-color: currentColor;",
             "  -webkit-mask: var(--sb-icon) no-repeat center / contain; mask: var(--sb-icon) no-repeat center / contain; }",
             ".fa-lg { font-size: 1.25em; line-height: 0.05em; vertical-align: -0.075em; }",
             "/* The theme's CSS would also draw each icon as a glyph of a 156 KB web font: not needed. */",
             ".fa-solid::before, .fas::before, .fa-regular::before, .far::before { content: none !important; }"]
    for name, (width, height, path) in sorted(paths.items()):
        rules.append(f".fa-{name} {{ --sb-icon: {_mask((width, height, path))}; width: {width / height:.4f}em; }}")
    return "\n".join(rules) + "\n"


def _replace_icon_kit(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    kit = out / "_static" / KIT
    if not kit.exists():
        return
    pages = list(out.rglob("*.html"))
    names = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        names.update(_ICON_CLASS.findall(text))
        # The search scripts and the 24 KB index serve only the search page (the search box of every
        # other page submits to it; search-as-you-type is off).
        search = r'<script defer="defer" src="\1"></script>' if page.name == "search.html" else ""
        lean = _SEARCH_TAG.sub(search, _KIT_TAG.sub("", text))
        if lean != text:
            page.write_text(lean, encoding="utf-8")
    paths = icon_paths(kit.read_text(encoding="utf-8"), names)
    missing = names - set(paths)
    if missing:
        from sphinx.util import logging

        logging.getLogger(__name__).warning(f"no Font Awesome icon found for: {', '.join(sorted(missing))}")
    kit_source = kit.read_text(encoding="utf-8")
    theme_css = (out / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    (out / "_static" / ICON_CSS).write_text(icon_css(paths) + admonition_icon_css(theme_css, kit_source), encoding="utf-8")


#: pydata-sphinx-theme's head snippet leaves ``data-mode``/``data-theme`` empty for a first-time
#: reader until its deferred script resolves them: the page painted, then its theme-switch icon
#: appeared (the header shifted) and a dark-mode reader saw a light page flash. Resolved here,
#: before the body is parsed, the same way the theme's script does (saved choice, else the system's).
EARLY_THEME = """(function () {
  var root = document.documentElement, mode = localStorage.getItem("mode") || "auto";
  if (["auto", "light", "dark"].indexOf(mode) < 0) mode = "auto";
  root.dataset.mode = mode;
  if (!root.dataset.theme || mode !== "auto") root.dataset.theme = mode === "auto"
    ? (window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light") : mode;
})();"""


def setup(app):
    app.add_js_file(None, body=EARLY_THEME, priority=100)
    app.add_css_file(ICON_CSS)
    app.connect("html-page-context", _defer_scripts, priority=950)
    app.connect("build-finished", _replace_icon_kit)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
