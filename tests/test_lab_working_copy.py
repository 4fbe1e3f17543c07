"""`make lab` opens a git-ignored working copy of the chapters: kept for the lecturer, refreshed when
book/ changes (previous copy kept), wiped by `make lab-reset`."""

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import lab  # noqa: E402


def test_working_copy_is_kept_refreshed_and_reset(tmp_path, monkeypatch):
    names = [p.name for p in lab.chapters()]
    assert lab.refresh(tmp_path) == {name: "copied from book/" for name in names}
    first = tmp_path / names[0]
    nb = nbformat.read(first, as_version=4)
    nb.cells[0].source = "edited in class"
    nbformat.write(nb, first)

    assert set(lab.refresh(tmp_path).values()) == {"kept"}
    assert nbformat.read(first, as_version=4).cells[0].source == "edited in class"

    monkeypatch.setattr(lab, "source_stamp", lambda chapter: "book changed")
    assert lab.refresh(tmp_path)[names[0]].startswith("updated from book/")
    assert nbformat.read(first, as_version=4).cells[0].source != "edited in class"
    [previous] = (tmp_path / lab.PREVIOUS).glob(f"{first.stem}-*.ipynb")
    assert nbformat.read(previous, as_version=4).cells[0].source == "edited in class"

    (tmp_path / "scratch.ipynb").write_text("{}")
    assert set(lab.refresh(tmp_path, reset=True).values()) == {"copied from book/"}
    assert not (tmp_path / "scratch.ipynb").exists() and not (tmp_path / lab.PREVIOUS).exists()


def test_working_copy_and_lab_environment_are_ignored_by_git():
    ignored = subprocess.run(["git", "check-ignore", "lab/01-burden.ipynb", ".venv-lab"], cwd=ROOT,
                             capture_output=True, text=True).stdout.split()
    assert ignored == ["lab/01-burden.ipynb", ".venv-lab"]


def test_lab_command_is_local_and_allows_root_only_to_root(monkeypatch, tmp_path):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    for uid, root in ((0, True), (1000, False)):
        monkeypatch.setattr(lab.os, "geteuid", lambda uid=uid: uid)
        argv = lab.command(tmp_path, 8899)
        assert "--ServerApp.ip=127.0.0.1" in argv and "--ServerApp.port=8899" in argv
        assert f"--ServerApp.root_dir={tmp_path}" in argv and "--no-browser" in argv
        assert ("--allow-root" in argv) == root


def test_teaching_guide_lists_exactly_the_tags_the_chapters_use():
    used = {tag for chapter in lab.chapters() for cell in nbformat.read(chapter, as_version=4).cells
            for tag in cell.metadata.get("tags", [])}
    guide = (ROOT / "book" / "teaching.md").read_text()

    listed = set(re.findall(r"^\| `([\w-]+)` \|", guide, flags=re.M))
    assert listed == used


def test_the_lab_renders_every_cell_so_every_number_is_evaluated(tmp_path):
    target = lab.write_lab_settings(tmp_path)
    settings = json.loads(target.read_text())
    assert settings["@jupyterlab/notebook-extension:tracker"]["windowingMode"] == "none"
    target.write_text(json.dumps({"other": {"kept": True}}))
    lab.write_lab_settings(tmp_path)
    assert json.loads(target.read_text())["other"] == {"kept": True}
