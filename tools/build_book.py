"""Build the book strictly, re-executing notebooks whenever their inputs change.

* jupyter-cache keys a notebook only on its code cells, so a change to data/, to the spinebook
  package or to the bibliography would leave stale pages: those inputs are hashed and, when the
  hash differs from the last build's, the execution cache and Sphinx's environment are cleared.
* Notebooks missing from the cache are executed two at a time (jupyter-cache's worker, each kernel
  stopped as soon as its last cell has answered: see notebook_worker.py)
  before Jupyter Book runs; it then reads them from the cache.
* When no source changed since the last successful build, nothing is done.

Used by `make book`, the browser test and `make bench`.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
JB_FLAGS = ["--warningiserror", "--nitpick", "--keep-going"]
BUILD_ENV_VAR = "SPINEBOOK_BUILD"
EXECUTION_TIMEOUT = 120


def _files(folder: Path) -> list[Path]:
    skip = {".validated", "__pycache__", ".ipynb_checkpoints"}
    return [p for p in folder.rglob("*") if p.is_file() and not skip.intersection(p.parts)]


def inputs_hash(root: Path = ROOT) -> str:
    """A hash of everything a notebook's output depends on besides its own code cells."""
    return _hash(root, _files(root / "data") + _files(root / "spinebook") + [root / "book" / "references.bib"])


def sources_hash(root: Path = ROOT) -> str:
    """A hash of everything the built book depends on: when unchanged, there is nothing to build.
    The repository's URL can come from the environment (spinebook/sphinx_repository.py): it counts."""
    from spinebook.sphinx_repository import VARIABLES

    settings = "\n".join(f"{name}={os.environ.get(name, '')}" for name in VARIABLES)
    return _hash(root, _files(root / "data") + _files(root / "spinebook") + _files(root / "book")
                 + [root / "_config.yml", root / "_toc.yml", Path(__file__)], extra=settings)


def _hash(root: Path, files: list[Path], extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
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


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]
    return [root / f"{name}.ipynb" for name in files if (root / f"{name}.ipynb").exists()]


def pre_execute(root: Path = ROOT) -> None:
    """Execute the notebooks that are not in the execution cache, two at a time (one per core),
    into the cache that the book build then reads. A notebook that fails here is left out of the
    cache; the build then runs it again and reports its error with the traceback."""
    from multiprocessing import Pool

    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor
    from jupyter_cache.executors.basic import ProcessData
    from notebook_worker import ImmediateShutdownWorker

    os.environ[BUILD_ENV_VAR] = "1"  # as the Sphinx extension would: figures for the book
    cache = get_cache(str(root / "_build" / ".jupyter_cache"))
    # Later chapters compute the most (evidence synthesis, many explorer states): start them first
    # so that the two workers finish together.
    for notebook in reversed(toc_notebooks(root)):
        cache.add_nb_to_project(str(notebook))
    records = load_executor("local-parallel", cache).get_records(clear_tracebacks=True)
    if not records:
        return
    with Pool(processes=min(2, len(records))) as pool:
        results = pool.map(ImmediateShutdownWorker(),
                           [ProcessData(r.pk, r.uri, cache, EXECUTION_TIMEOUT, False) for r in records], chunksize=1)
    for code, uri in results:
        if code != 0:
            print(f"{Path(uri).relative_to(root)} failed in the parallel pre-execution; "
                  "the book build runs it again and reports the error.", file=sys.stderr)


def build(root: Path = ROOT, quiet: bool = False) -> float:
    """Build the book; returns the wall time in seconds. Raises CalledProcessError on failure.

    Nothing is done when no source changed since the last successful build. Builds of one tree
    take turns (a lock file), so test workers that each ask for the book build it once."""
    import fcntl

    (root / "_build").mkdir(exist_ok=True)
    with open(root / "_build" / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build_unlocked(root, quiet)


def _build_unlocked(root: Path, quiet: bool) -> float:
    start = time.perf_counter()
    stamp = root / "_build" / ".sources-hash"
    current = sources_hash(root)
    if stamp.exists() and stamp.read_text().strip() == current and (root / "_build" / "html" / "index.html").exists():
        if not quiet:
            print("The book is up to date (no source changed since the last build).")
        return time.perf_counter() - start
    clear_stale_cache(root)
    pre_execute(root)
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    output = subprocess.DEVNULL if quiet else None
    subprocess.run([str(jupyter_book), "build", *JB_FLAGS, str(root)], check=True, cwd=root, stdout=output)
    (root / "_build" / ".inputs-hash").write_text(inputs_hash(root) + "\n")
    stamp.write_text(current + "\n")
    return time.perf_counter() - start


if __name__ == "__main__":
    seconds = build()
    print(f"Done in {seconds:.1f} s. Open {BUILD / 'html' / 'index.html'}  (or: make serve)")
