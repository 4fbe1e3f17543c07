"""Build the book strictly, re-executing notebooks whenever their inputs change.

jupyter-cache keys a notebook only on its code cells, so a change to data/, to the spinebook
package or to the bibliography would leave stale pages. This script hashes those inputs and,
when the hash differs from the last build's, clears the execution cache and Sphinx's environment
first. Used by `make book` and by the browser test.
"""

import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
JB_FLAGS = ["--warningiserror", "--nitpick", "--keep-going"]


def inputs_hash(root: Path = ROOT) -> str:
    """A hash of everything a notebook's output depends on besides its own code cells."""
    digest = hashlib.sha256()
    files = [p for p in (root / "data").rglob("*") if p.is_file() and ".validated" not in p.parts]
    files += [p for p in (root / "spinebook").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files.append(root / "book" / "references.bib")
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def clear_stale_cache(root: Path = ROOT) -> bool:
    """Clear the execution cache and Sphinx's environment if the inputs changed; True if cleared."""
    build_dir, hash_file = root / "_build", root / "_build" / ".inputs-hash"
    current = inputs_hash(root)
    if hash_file.exists() and hash_file.read_text().strip() == current:
        return False
    for stale in (".jupyter_cache", ".doctrees", "jupyter_execute"):
        shutil.rmtree(build_dir / stale, ignore_errors=True)
    return True


def build(root: Path = ROOT, quiet: bool = False) -> float:
    """Build the book; returns the wall time in seconds. Raises CalledProcessError on failure."""
    clear_stale_cache(root)
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    start = time.perf_counter()
    output = subprocess.DEVNULL if quiet else None
    subprocess.run([str(jupyter_book), "build", *JB_FLAGS, str(root)], check=True, cwd=root, stdout=output)
    (root / "_build" / ".inputs-hash").write_text(inputs_hash(root) + "\n")
    return time.perf_counter() - start


if __name__ == "__main__":
    seconds = build()
    print(f"Book built in {seconds:.1f} s: open {BUILD / 'html' / 'index.html'}  (or: make serve)")
