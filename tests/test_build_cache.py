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
