"""The execution cache never serves stale pages: editing data/, the package or the bibliography
clears it before the next build (jupyter-cache itself keys only on code cells)."""

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from build_book import clear_stale_cache, inputs_hash  # noqa: E402


@pytest.fixture
def copy(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns(".validated"))
    shutil.copytree(ROOT / "spinebook", tmp_path / "spinebook", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "book").mkdir()
    shutil.copy(ROOT / "book" / "references.bib", tmp_path / "book" / "references.bib")
    cache = tmp_path / "_build" / ".jupyter_cache"
    cache.mkdir(parents=True)
    (tmp_path / "_build" / ".inputs-hash").write_text(inputs_hash(tmp_path) + "\n")
    return tmp_path


def test_unchanged_inputs_keep_the_cache(copy):
    assert clear_stale_cache(copy) is False
    assert (copy / "_build" / ".jupyter_cache").exists()


@pytest.mark.parametrize("edited", ["data/burden.csv", "spinebook/figures/theme.py", "book/references.bib"])
def test_an_edited_input_clears_the_cache(copy, edited):
    path = copy / edited
    path.write_text(path.read_text().replace("386700000", "386700001") + "\n")
    assert clear_stale_cache(copy) is True
    assert not (copy / "_build" / ".jupyter_cache").exists()


def _notebook(path, source):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


def test_pre_execution_caches_every_notebook_in_parallel_and_names_a_failure(tmp_path, capfd, monkeypatch):
    """The book build reads executed notebooks from this cache; one missing would be run again,
    one at a time, by the build itself (correct, but slow): so a failure is reported by name."""
    from jupyter_cache import get_cache

    from build_book import pre_execute

    (tmp_path / "book").mkdir()
    (tmp_path / "_build").mkdir()
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/a\nparts:\n- chapters:\n"
                                       "  - file: book/b\n  - file: book/c\n")
    _notebook(tmp_path / "book" / "a.ipynb", "print(6 * 7)")
    _notebook(tmp_path / "book" / "b.ipynb", "import os; print(os.environ['SPINEBOOK_BUILD'])")
    _notebook(tmp_path / "book" / "c.ipynb", "raise ValueError('broken chapter')")
    monkeypatch.setenv("SPINEBOOK_BUILD", "0")  # pre_execute sets it to 1; restored after the test
    pre_execute(tmp_path)

    cache = get_cache(str(tmp_path / "_build" / ".jupyter_cache"))
    cached = {Path(record.uri).name: record for record in cache.list_cache_records()}
    assert sorted(cached) == ["a.ipynb", "b.ipynb"]
    outputs = {name: cache.get_cache_bundle(record.pk).nb.cells[0].outputs[0]["text"]
               for name, record in cached.items()}
    assert outputs == {"a.ipynb": "42\n", "b.ipynb": "1\n"}
    assert "book/c.ipynb failed in the parallel pre-execution" in capfd.readouterr().err
