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
