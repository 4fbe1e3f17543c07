"""The lecturers' JupyterLab (`make lab`): refresh the working copy lab/ from book/, then serve it.

The chapters are opened from lab/, a git-ignored copy, so autosave never writes class outputs into
the repository. Each chapter is copied through `spinebook.lab_myst.for_the_lab` (what JupyterLab
cannot render of the book's MyST). A lecturer's copy is kept between sessions; a chapter is
(re)copied when
  - it is missing from lab/, or
  - its source changed since it was copied: book/'s notebook or spinebook/lab_myst.py differ from
    the stamp recorded in lab/.sources.json (e.g. after `git pull`). The lecturer's previous copy is
    kept in lab/.previous/ (hidden in JupyterLab's file browser).
`--reset` (`make lab-reset`) wipes lab/ and copies every chapter afresh.

Run with the lab environment's python (`.venv-lab/bin/python tools/lab.py`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import secrets
import shutil
import socket
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
WORKDIR = ROOT / "lab"
STAMPS = ".sources.json"
PREVIOUS = ".previous"


def chapters() -> list[Path]:
    return sorted(BOOK.glob("[0-9][0-9]-*.ipynb"))


def source_stamp(chapter: Path) -> str:
    """What a copy was made from: the chapter and the code that rewrites it for the lab."""
    digest = hashlib.sha256(chapter.read_bytes())
    digest.update((ROOT / "spinebook" / "lab_myst.py").read_bytes())
    return digest.hexdigest()


def refresh(workdir: Path = WORKDIR, reset: bool = False) -> dict[str, str]:
    """Bring the working copy up to date; returns what happened to each chapter."""
    import nbformat

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from spinebook.lab_myst import for_the_lab

    if reset and workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    stamps_file = workdir / STAMPS
    stamps = json.loads(stamps_file.read_text()) if stamps_file.exists() else {}
    actions = {}
    for chapter in chapters():
        copy = workdir / chapter.name
        stamp = source_stamp(chapter)
        if copy.exists() and stamps.get(chapter.name) == stamp:
            actions[chapter.name] = "kept"
            continue
        if copy.exists():
            previous = workdir / PREVIOUS
            previous.mkdir(exist_ok=True)
            shutil.move(copy, previous / f"{copy.stem}-{time.strftime('%Y%m%d-%H%M%S')}.ipynb")
            actions[chapter.name] = "updated from book/ (your previous copy is in lab/.previous/)"
        else:
            actions[chapter.name] = "copied from book/"
        nb = for_the_lab(nbformat.read(chapter, as_version=4))
        nbformat.write(nb, copy)
        stamps[chapter.name] = stamp
    # The book's other pages ({doc} links in the chapters point at them): read-only references.
    for page in sorted((ROOT / "book").glob("*.md")):
        target = workdir / page.name
        if not target.exists() or target.read_bytes() != page.read_bytes():
            shutil.copy2(page, target)
    stamps_file.write_text(json.dumps(stamps, indent=1, sort_keys=True))
    return actions


def free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError("no free port on 127.0.0.1")


def command(workdir: Path, port: int) -> list[str]:
    """The JupyterLab command line: local only, offline, root allowed only to root."""
    argv = [
        sys.executable, "-m", "jupyterlab",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={workdir}",
        f"--ServerApp.extra_static_paths={json.dumps([str(plotly_js_folder())])}",
        # The kernels' websocket speaks the legacy protocol. With v1 (the default), a message the
        # browser sends while a restart replaces its connection can be read with the legacy
        # decoder (jupyter_server falls back to it when the closing handler has no subprotocol):
        # "struct.error: unpack requires a buffer of 402653184 bytes", the message is lost and
        # the notebook never sees its kernel idle again (one cause of the lab test's stuck
        # restarts; a rarer one remains, see RESTART_TIMEOUT_S in tests/test_lab.py).
        "--ZMQChannelsWebsocketConnection.kernel_ws_protocol=",
        # a classroom may be offline: no update check, no news feed
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.news_url=None",
    ]
    if os.geteuid() == 0:
        argv.append("--allow-root")
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        argv.append("--no-browser")
    return argv


#: jupyterlab-myst evaluates a markdown cell's {eval} numbers when the cell is run, but only if the
#: cell has been rendered; JupyterLab 4 renders just the cells near the viewport ("windowing"), so
#: after Run All every paragraph below the fold showed `glued("…")` code instead of its number.
#: The lecturers' lab renders every cell (the chapters are small).
#: A classroom may be offline and a projector is public: never ask about the Jupyter news feed
#: (the toast covered the corner of the figures), never check for updates.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def write_lab_settings(prefix: Path = Path(sys.prefix)) -> Path:
    """Write :data:`LAB_SETTINGS` into the lab environment's ``overrides.json`` (kept: other keys)."""
    target = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    current = json.loads(target.read_text()) if target.exists() else {}
    merged = {**current, **LAB_SETTINGS}
    if merged != current:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(merged, indent=1))
    return target


def plotly_js_folder() -> Path:
    """The plotly package's own folder holding ``plotly.min.js`` (the version its Python API writes)."""
    import plotly

    folder = Path(plotly.__file__).parent / "package_data"
    if not (folder / PLOTLY_JS).is_file():
        raise SystemExit(f"{folder / PLOTLY_JS} is missing: reinstall the lab environment (rm -rf .venv-lab/ && make lab)")
    return folder


#: The explorers' figures (spinebook.lab_figure.LabFigure) load plotly.js once per page from the
#: server's static files: the plotly package's folder is added to them (`--ServerApp.extra_static_paths`).
PLOTLY_JS = "plotly.min.js"
PLOTLY_URL = f"static/{PLOTLY_JS}"


def environment() -> dict[str, str]:
    """Kernels inherit the server's environment: this checkout's spinebook, where the server serves
    plotly.js to the explorers, a known token."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["SPINEBOOK_LAB_PLOTLY_URL"] = PLOTLY_URL
    env.setdefault("JUPYTER_TOKEN", secrets.token_urlsafe(24))
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8888, help="preferred port (a free one if taken)")
    parser.add_argument("--reset", action="store_true", help="replace lab/ with a fresh copy of book/")
    parser.add_argument("--workdir", type=Path, default=WORKDIR, help="working copy (default: lab/)")
    args = parser.parse_args()
    workdir = args.workdir.resolve()
    print(f"== Working copy {workdir}{' (reset)' if args.reset else ''}:", flush=True)
    for name, action in refresh(workdir, reset=args.reset).items():
        print(f"   {name}: {action}", flush=True)
    port = free_port(args.port)
    env = environment()
    print(f"\n== Open http://127.0.0.1:{port}/lab?token={env['JUPYTER_TOKEN']}\n"
          "   (Ctrl-C twice to stop; `make lab-reset` for a fresh copy of the chapters)\n", flush=True)
    write_lab_settings()
    argv = command(workdir, port)
    os.execve(argv[0], argv, env)


if __name__ == "__main__":
    main()
