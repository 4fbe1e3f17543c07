"""Sphinx extension: make plotly figures work offline in the built book.

* Tells notebook kernels started by the build that they run inside the book build
  (``SPINEBOOK_BUILD=1``; kernels inherit the environment), so figures are emitted as plain HTML
  without plotly.js (see :mod:`spinebook.display`).
* Serves the book's own plotly.js: the official *basic* partial bundle (scatter, bar, pie), pinned
  in ``tools/plotlyjs/package.json`` at the version the Python plotly package was made for and
  installed by ``make book`` from the npm registry. Pages never load it themselves: the figure
  script (deferred, added only to pages with a figure block) fetches it when a figure comes near
  the viewport, so the text paints first.
* Prepends to that script the one copy of plotly's default template and the dark-theme text
  colours (``spinebook.figures.theme.DARK_TEXT_COLOURS``): figures leave the template out.
* Points MathJax at a local copy, copied only when some page has math.
"""

import os
import shutil
from pathlib import Path

BUILD_ENV_VAR = "SPINEBOOK_BUILD"
STATIC = Path(__file__).parent / "static"


def _mathjax_dir() -> Path:
    """MathJax 3 as shipped by the sphinx-mathjax-offline package (its module name has dashes)."""
    import importlib.util

    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    return Path(spec.origin).parent / "static" / "mathjax"


PLOTLY_BUNDLE = Path(__file__).resolve().parents[1] / "tools" / "plotlyjs" / "node_modules" / "plotly.js-basic-dist-min" / "plotly-basic.min.js"


def _plotly_js() -> Path:
    if not PLOTLY_BUNDLE.exists():
        raise FileNotFoundError(f"{PLOTLY_BUNDLE} is missing: run `make book` (it runs `npm ci` in tools/plotlyjs)")
    return PLOTLY_BUNDLE


def _theme_script() -> str:
    """``window.SPINEBOOK_THEME``: plotly's default template and the dark-theme text colours."""
    import json

    from spinebook.display import default_template_json
    from spinebook.figures import theme

    dark_text = {k.lower(): v for k, v in getattr(theme, "DARK_TEXT_COLOURS", {}).items()}
    return (f"window.SPINEBOOK_THEME = {{\"template\": {default_template_json()}, "
            f"\"darkText\": {json.dumps(dark_text, sort_keys=True)}}};\n")


def _is_thebe(asset) -> bool:
    text = " ".join(str(v) for v in (getattr(asset, "filename", None) or asset, *getattr(asset, "attributes", {}).values()))
    return "thebe" in text.lower()


def _drop_thebe(app, pagename, templatename, context, doctree):
    """Thebe (live code via a remote kernel) is off in this book, but Jupyter Book still loads
    sphinx-thebe, whose config script is injected twice on Sphinx 7.4 (a page error) and names a
    CDN. Remove its assets from every page."""
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def _drop_thebe_nodes(app, doctree, docname):
    """sphinx-thebe also appends, to every page, an inert config script naming an example Binder
    repository and a ``kernelName`` script: without Thebe they only mislead. Remove them."""
    from docutils import nodes

    for node in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in node.astext() or node.astext().startswith("<script>kernelName ="):
            node.parent.remove(node)


def _add_scripts_to_figure_pages(app, pagename, templatename, context, doctree):
    if 'class="sb-explorer"' in context.get("body", ""):
        app.add_js_file("spinebook-explorer.js", priority=401, defer="defer")


def _copy_assets(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    # MathJax (24 MB) is served from the book only when a page has math: today none has.
    if app.env.get_domain("math").has_equations():
        from sphinx.util.fileutil import copy_asset

        copy_asset(str(_mathjax_dir()), str(static / "mathjax"))
    for source in (_plotly_js(), STATIC / "spinebook.css", STATIC / "spinebook-tables.css",
                   STATIC / "spinebook-print.css"):
        target = static / source.name
        if not target.exists() or target.stat().st_size != source.stat().st_size or target.stat().st_mtime < source.stat().st_mtime:
            shutil.copy2(source, target)
    script = _theme_script() + (STATIC / "spinebook-explorer.js").read_text()
    target = static / "spinebook-explorer.js"
    if not target.exists() or target.read_text() != script:
        target.write_text(script)


def setup(app):
    os.environ[BUILD_ENV_VAR] = "1"
    app.config.mathjax_path = "mathjax/tex-chtml.js"  # local, never a CDN
    app.connect("html-page-context", _add_scripts_to_figure_pages)
    app.add_css_file("spinebook.css")
    app.add_css_file("spinebook-tables.css")
    app.add_css_file("spinebook-print.css", media="print")
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("doctree-resolved", _drop_thebe_nodes, priority=900)
    app.connect("build-finished", _copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
