"""The lecturers' copy of each chapter (spinebook.lab_myst.for_the_lab) renders in jupyterlab-myst.

Fast and kernel-free except one end-to-end check: the glued values come from the notebooks the book
build executed (_build/jupyter_execute), i.e. the very numbers the book prints.
"""

import re
import sys
from pathlib import Path

import nbformat
import pytest
from myst_nb.core.variables import format_plain_text

from spinebook import lab_myst

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "book").glob("0*.ipynb"))
sys.path.insert(0, str(ROOT / "tools"))
from build_book import build  # noqa: E402


@pytest.fixture(scope="module")
def executed():
    """Chapter name -> the chapter with the outputs the book build executed (from its execution
    cache, as myst-nb reads them: the glue outputs and their cells are still there)."""
    from jupyter_cache import get_cache

    build(quiet=True)
    cache = get_cache(str(ROOT / "_build" / ".jupyter_cache"))
    return {path.stem: cache.merge_match_into_file(str(path))[1] for path in CHAPTERS}


def glued_by_cell(nb) -> dict[str, tuple[int, dict]]:
    """Glue name -> (index of the code cell that glued it, its mime bundle)."""
    names = {}
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("scrapbook")
            if meta:
                prefix = meta.get("mime_prefix", "")
                names[meta["name"]] = (index, {k[len(prefix):]: v for k, v in output["data"].items()})
    return names


def evals(source: str):
    return [(m["name"], m["fmt"] if m["fmt"] is not None else "s") for m in lab_myst.EVAL_ROLE.finditer(source)]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_sphinx_role_or_directive_is_left_and_the_source_is_untouched(path):
    nb = nbformat.read(path, as_version=4)
    before = nbformat.writes(nb)
    lab = lab_myst.for_the_lab(nb)
    assert nbformat.writes(nb) == before
    markdown = "\n".join(c.source for c in lab.cells if c.cell_type == "markdown")
    for left in ("{glue", "{cite", "{term", "{quiz", "{doc", "(unknown reference", "(not in the glossary", "(no page"):
        assert left not in markdown, f"{path.stem}: {left!r} left in the lab copy"
    assert not re.search(r"\{eval\}`(?!glued\()", markdown), "every inline expression is a glued value"
    code = "\n".join(c.source for c in lab.cells if c.cell_type == "code")
    assert "myst_nb" not in code and (lab_myst.LAB_IMPORT in code) == ("{eval}" in markdown)
    assert len(lab.cells) == len(nb.cells)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_number_is_glued_above_its_text_and_formats_as_the_book_prints_it(path, executed):
    ran = executed[path.stem]
    glued = glued_by_cell(ran)
    lab = lab_myst.for_the_lab(nbformat.read(path, as_version=4))
    assert [c.source for c in ran.cells if c.cell_type == "markdown"] == [
        c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]
    late, count = [], 0
    for index, cell in enumerate(lab.cells):
        if cell.cell_type != "markdown":
            continue
        for name, fmt in evals(cell.source):
            count += 1
            assert name in glued, f"{path.stem}: {name} is never glued"
            where, bundle = glued[name]
            if where > index:
                late.append(f"{name} (glued in cell {where}, used in cell {index})")
            if "text/markdown" in bundle:
                text = lab_myst.format_glued(bundle["text/markdown"], fmt)
                assert text == bundle["text/markdown"]
            else:
                assert lab_myst.format_glued(bundle["text/plain"], fmt) == format_plain_text(bundle["text/plain"], fmt)
    assert late == [], f"{path.stem}: prose uses numbers glued only further down; Run All would show errors for " + ", ".join(late)
    assert count == sum(c.source.count("{glue") for c in nbformat.read(path, as_version=4).cells
                        if c.cell_type == "markdown")


def test_the_recording_glue_formats_like_the_book(capsys):
    lab_myst.glue("lab_test_share", 12.345, display=False)
    lab_myst.glue("lab_test_count", 1234567, display=False)
    lab_myst.glue("lab_test_word", "fluoroscopy", display=False)
    assert repr(lab_myst.glued("lab_test_share", ".1f")) == "12.3"
    assert repr(lab_myst.glued("lab_test_count", ",.0f")) == "1,234,567"
    assert repr(lab_myst.glued("lab_test_word")) == "fluoroscopy"  # no quotes, as the book prints it
    with pytest.raises(NameError, match="not glued yet"):
        lab_myst.glued("lab_test_never")
    assert capsys.readouterr().out == ""


def test_one_chapter_in_a_kernel_shows_the_books_numbers(executed):
    """Run the lab copy of chapter 5 in a kernel, then ask for every expression the way
    jupyterlab-myst does (an empty execute request with user_expressions) and compare the
    text/plain it would show with the book's numbers."""
    from nbclient import NotebookClient
    from nbclient.util import run_sync

    path = next(p for p in CHAPTERS if p.stem.startswith("05"))
    lab = lab_myst.for_the_lab(nbformat.read(path, as_version=4))
    book = glued_by_cell(executed[path.stem])
    client = NotebookClient(lab, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel():
        for index, cell in enumerate(lab.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)
        expressions = [f'glued("{n}", "{f}")' for c in lab.cells if c.cell_type == "markdown" for n, f in evals(c.source)]
        assert expressions
        msg_id = client.kc.execute("", silent=False, store_history=False,
                                   user_expressions={str(i): e for i, e in enumerate(expressions)})
        reply = run_sync(client.kc.get_shell_msg)(timeout=60)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = run_sync(client.kc.get_shell_msg)(timeout=60)
    results = reply["content"]["user_expressions"]
    for i, expression in enumerate(expressions):
        result = results[str(i)]
        assert result["status"] == "ok", (expression, result)
        name, fmt = re.match(r'glued\("([^"]+)", "([^"]*)"\)', expression).groups()
        shown = result["data"]["text/plain"]
        assert not shown.startswith(("'", '"')), shown
        assert shown == format_plain_text(book[name][1]["text/plain"], fmt), expression


def test_a_citation_reads_author_year_as_in_the_book():
    assert lab_myst.cite_text("nisolle2023").startswith("[{abbr}`Nisolle et al., 2023 (Comparison of")
    assert lab_myst.cite_text("nisolle2023", "t").startswith("{abbr}`Nisolle et al. [2023] (")
    two = lab_myst.cite_text("nisolle2023,awad2016")
    assert "Nisolle et al., 2023" in two and "; {abbr}`Awad et al., 2016" in two
    assert lab_myst.cite_text("nosuchkey2099") == "[**(unknown reference: nosuchkey2099)**]"


def test_cited_authors_match_the_built_book(executed):
    """Every citation text the lab shows appears in the chapter's built HTML."""
    for path in CHAPTERS:
        html = next((ROOT / "_build" / "html").rglob(path.stem + ".html")).read_text()
        html = re.sub(r"<[^>]+>", "", html).replace("\u00a0", " ")
        source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
        for match in lab_myst.CITE_ROLE.finditer(source):
            for key in match["keys"].split(","):
                entry = lab_myst.bibliography()[key.strip()]
                label = f"{lab_myst.author_label(entry)}, {lab_myst._year(entry)}"
                assert label in html, f"{path.stem}: {label} not in the book"


def test_a_term_shows_its_text_with_the_definition_as_hover():
    assert lab_myst.term_text("fluoroscopy <FL>").startswith("{abbr}`fluoroscopy (Fluoroscopy: real-time X-ray imaging")
    assert lab_myst.term_text("US").startswith("{abbr}`US (Ultrasound: imaging")
    assert "not in the glossary" in lab_myst.term_text("spinach <SPINACH>")
    assert "(" not in lab_myst.term_text("NSAID")[len("{abbr}`NSAID ("):-2]  # parentheses would end the hover


QUIZ = """Before.

````{admonition} Check
```{quiz} Which is right? See {cite}`nisolle2023`.
- [ ] Wrong {term}`FL` option | Because it is wrong.
- [x] Right option {glue:text}`share:.1f` % | Because it is right.
```
````
After."""


def test_a_quiz_becomes_dropdowns_with_the_books_feedback():
    out = lab_myst.markdown_for_the_lab(QUIZ)
    assert "{quiz" not in out and "{cite" not in out and "{term" not in out
    assert out.count(":::{dropdown}") == 2 and out.count("\n:::\n") == 2
    assert "Which is right? See [{abbr}`Nisolle et al., 2023" in out
    assert ':::{dropdown} A. Wrong {abbr}`FL (Fluoroscopy' in out
    assert "\n**Not quite.** Because it is wrong.\n" in out
    assert ':::{dropdown} B. Right option {eval}`glued("share", ".1f")` %\n**Right.** Because it is right.\n' in out
    assert out.startswith("Before.\n\n````{admonition} Check\n") and out.endswith("\n````\nAfter.")
    with pytest.raises(ValueError):
        lab_myst.markdown_for_the_lab(":::{quiz} Q\n- no mark here\n:::")
