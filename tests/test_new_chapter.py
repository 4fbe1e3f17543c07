"""`make chapter NAME=...` copies the template and registers the chapter in the table of contents."""

import shutil
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from browser import chapter_pages  # noqa: E402
from new_chapter import new_chapter  # noqa: E402


@pytest.fixture
def scratch(tmp_path):
    (tmp_path / "book").mkdir()
    for notebook in (ROOT / "book").glob("[0-9][0-9]-*.ipynb"):
        shutil.copy(notebook, tmp_path / "book" / notebook.name)
    shutil.copy(ROOT / "_toc.yml", tmp_path / "_toc.yml")
    return tmp_path


def test_new_chapter_is_numbered_titled_and_added_to_the_toc(scratch):
    existing = len(list((scratch / "book").glob("[0-9][0-9]-*.ipynb")))
    path = new_chapter("Cost effectiveness", root=scratch)
    assert path.name == f"{existing + 1:02d}-cost-effectiveness.ipynb"
    notebook = nbformat.read(path, as_version=4)
    assert notebook.cells[0].source.startswith(f"# {existing + 1}. Cost effectiveness")
    toc = (scratch / "_toc.yml").read_text()
    assert f"      - file: book/{path.stem}\n" in toc
    assert toc.index(f"book/{path.stem}") < toc.index("book/data-dictionary")


def test_same_name_twice_is_refused(scratch):
    new_chapter("same name twice", root=scratch)
    with pytest.raises(ValueError, match="exists already"):
        new_chapter("Same name twice", root=scratch)


def test_browser_test_picks_up_every_numbered_toc_entry():
    assert "book/01-burden.html" in chapter_pages()
