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
HASH_FILE = BUILD / ".inputs-hash"
JB_FLAGS = ["--warningiserror", "--nitpick", "--keep-going"]


def inputs_hash() -> str:
    digest = hashlib.sha256()
    files = [p for p in (ROOT / "data").rglob("*") if p.is_file() and ".validated" not in p.parts]
    files += [p for p in (ROOT / "spinebook").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files.append(ROOT / "book" / "references.bib")
    for path in sorted(files):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build() -> float:
    """Build the book; returns the wall time in seconds. Raises CalledProcessError on failure."""
    current = inputs_hash()
    if not HASH_FILE.exists() or HASH_FILE.read_text().strip() != current:
        for stale in (".jupyter_cache", ".doctrees", "jupyter_execute"):
            shutil.rmtree(BUILD / stale, ignore_errors=True)
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    start = time.perf_counter()
    subprocess.run([str(jupyter_book), "build", *JB_FLAGS, str(ROOT)], check=True, cwd=ROOT)
    HASH_FILE.write_text(current + "\n")
    return time.perf_counter() - start


if __name__ == "__main__":
    seconds = build()
    print(f"Book built in {seconds:.1f} s: open {BUILD / 'html' / 'index.html'}  (or: make serve)")
