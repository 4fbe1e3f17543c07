"""The Binder environment (repo2docker reads binder/) installs exactly the book's pinned
requirements, the lecturers' JupyterLab extras at the same pins, and the package with its data."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^\s*([A-Za-z0-9_.\-]+)==(\S+)\s*$", line)
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def test_binder_installs_the_pinned_requirements_and_the_lab_extras_at_their_pins():
    lines = [l.strip() for l in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
             if l.strip() and not l.startswith("#")]
    assert "-r ../requirements.txt" in lines
    own = pins(ROOT / "binder" / "requirements.txt")
    lab = pins(ROOT / "requirements-lab.txt")
    assert own and all(lab.get(name) == version for name, version in own.items()), (own, lab)
    assert not set(own) & set(pins(ROOT / "requirements.txt")), "a pin of requirements.txt repeated (and maybe changed)"
    unpinned = [l for l in lines if not l.startswith("-r") and "==" not in l]
    assert not unpinned, unpinned


def test_binder_installs_the_package_whose_data_stays_in_the_repository():
    post_build = (ROOT / "binder" / "postBuild").read_text()
    assert "pip install --no-deps -e ." in post_build
    from spinebook.data import DATA_DIR

    assert DATA_DIR == ROOT / "data" and (DATA_DIR / "datapackage.json").is_file()
