"""The book's Sphinx extension serves MathJax from the book itself, and only when a page has math."""

import io

from sphinx.application import Sphinx


def build(tmp_path, body):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'spinebook.sphinx_offline']\nmyst_enable_extensions = ['dollarmath']\n")
    (src / "index.md").write_text("# Page\n\n" + body)
    out = tmp_path / "out"
    app = Sphinx(str(src), str(src), str(out), str(tmp_path / "doctrees"), "html", status=None, warning=io.StringIO(),
                 freshenv=True)
    app.build()
    return out


def test_math_page_loads_the_local_mathjax(tmp_path):
    out = build(tmp_path, "Heterogeneity $\\tau^2$ between studies.\n")
    html = (out / "index.html").read_text()
    assert 'src="_static/mathjax/tex-chtml.js' in html
    assert "cdn.jsdelivr" not in html and "https://" not in html.split("mathjax/tex-chtml.js")[0][-200:]
    assert (out / "_static" / "mathjax" / "tex-chtml.js").stat().st_size > 100_000


def test_no_math_no_mathjax(tmp_path):
    out = build(tmp_path, "No formula here.\n")
    assert "mathjax" not in (out / "index.html").read_text().lower().replace("mathjax_ignore", "")
    assert not (out / "_static" / "mathjax").exists()


def test_the_book_serves_the_plotly_js_bundle_made_for_the_python_plotly_package():
    """The partial bundle (tools/plotlyjs, from the npm registry) must be the plotly.js version that
    the installed Python plotly package embeds: figures are serialised by the one for the other."""
    import json
    import re
    from pathlib import Path

    import plotly

    from spinebook.sphinx_offline import PLOTLY_BUNDLE

    embedded = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text()[:300]
    python_side = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", embedded).group(1)
    package = json.loads((PLOTLY_BUNDLE.parent / "package.json").read_text())
    pinned = json.loads((PLOTLY_BUNDLE.parents[2] / "package.json").read_text())["dependencies"]
    assert package["version"] == python_side
    assert pinned == {"plotly.js-basic-dist-min": python_side}
    assert PLOTLY_BUNDLE.read_text()[:200].count(f"v{python_side}") == 1
    assert PLOTLY_BUNDLE.stat().st_size < 1_300_000  # the partial bundle, not the 4.8 MB full one


def test_every_trace_type_the_book_draws_is_in_the_bundle():
    """Every trace type of every explorer state is one the basic bundle registers."""
    import re

    import importlib
    import inspect
    import pkgutil

    import spinebook.explorers
    from spinebook import data
    from spinebook.sphinx_offline import PLOTLY_BUNDLE

    book_data = data.load()
    types = set()
    modules = [importlib.import_module(f"spinebook.explorers.{m.name}") for m in pkgutil.iter_modules(spinebook.explorers.__path__)]
    factories = [f for m in modules for n, f in inspect.getmembers(m, inspect.isfunction)
                 if f.__module__ == m.__name__ and not n.startswith("_")]
    assert len(factories) >= 10
    for factory in factories:
        explorer = factory(book_data)
        for _, state in explorer.states():
            view = explorer.figure(**state)
            types.update(trace.type for trace in getattr(view, "data", ()))
    bundle = PLOTLY_BUNDLE.read_text()
    assert types and types <= {"scatter", "bar", "pie"}, types
    for trace_type in types:
        assert re.search(rf'moduleType:"trace",name:"{trace_type}"', bundle), trace_type
