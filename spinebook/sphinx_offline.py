"""Sphinx extension: make plotly figures work offline in the built book.

* Tells notebook kernels started by the build that they run inside the book build
  (``SPINEBOOK_BUILD=1``; kernels inherit the environment), so figures are emitted as plain HTML
  without plotly.js (see :mod:`spinebook.display`).
* Copies ``plotly.min.js`` from the installed plotly package into ``_static`` once, and adds it,
  with the explorers' glue script, only to pages that contain a plotly figure.
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


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


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


def _add_scripts_to_plotly_pages(app, pagename, templatename, context, doctree):
    if "plotly-graph-div" in context.get("body", ""):
        app.add_js_file("plotly.min.js", priority=400)
        app.add_js_file("spinebook-explorer.js", priority=401)


def _copy_assets(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    # MathJax (24 MB) is served from the book only when a page has math: today none has.
    if app.env.get_domain("math").has_equations():
        from sphinx.util.fileutil import copy_asset

        copy_asset(str(_mathjax_dir()), str(static / "mathjax"))
    for source in (_plotly_js(), STATIC / "spinebook-explorer.js", STATIC / "spinebook.css"):
        target = static / source.name
        if not target.exists() or target.stat().st_size != source.stat().st_size or target.stat().st_mtime < source.stat().st_mtime:
            shutil.copy2(source, target)


def setup(app):
    os.environ[BUILD_ENV_VAR] = "1"
    app.config.mathjax_path = "mathjax/tex-chtml.js"  # local, never a CDN
    app.connect("html-page-context", _add_scripts_to_plotly_pages)
    app.add_css_file("spinebook.css")
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("doctree-resolved", _drop_thebe_nodes, priority=900)
    app.connect("build-finished", _copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
