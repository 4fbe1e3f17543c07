"""Helpers for the browser test: serve the built book on 127.0.0.1 and drive Debian's Chromium."""

from __future__ import annotations

import functools
import json
import http.server
import shutil
import socketserver
import threading
from contextlib import contextmanager
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
HARMLESS_CONSOLE = ("Got invalid theme mode",)


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("Debian's chromium is needed for the browser test: run `make test` (it installs it) or apt-get install chromium")


def toc_pages() -> list[str]:
    """Every page of the book, in table-of-contents order, as paths relative to the HTML root."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [chapter["file"] for chapter in part.get("chapters", [])]
    return [page + ".html" for page in pages]


def chapter_pages() -> list[str]:
    return [p for p in toc_pages() if Path(p).name[:2].isdigit()]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path = HTML):
    """Serve ``directory`` on 127.0.0.1 on a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()


FIGURE_STATE_JS = """gd => JSON.stringify({
  visible: gd.data.map(t => t.visible === undefined ? true : t.visible),
  title: gd.layout.title && gd.layout.title.text,
  annotations: (gd.layout.annotations || []).map(a => a.text),
  state: gd.dataset.spinebookState || null})"""


class Visit:
    """One page opened offline, with what it asked from outside and what it logged."""

    def __init__(self, browser, site, path, color_scheme="light"):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=color_scheme)
        self.outside, self.errors = [], []
        self.page.route("**/*", self._only_local(site))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"))
        self.page.goto(f"{site}/{path}", wait_until="load")
        self.page.wait_for_function(
            "() => Array.from(document.querySelectorAll('.plotly-graph-div')).every(gd => gd._fullLayout && gd.querySelector('.main-svg'))"
        )

    def _only_local(self, site):
        def handle(route):
            if route.request.url.startswith(site):
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort()
        return handle

    def _console(self, message):
        if message.type == "error" and not any(h in message.text for h in HARMLESS_CONSOLE):
            self.errors.append(f"console: {message.text} ({message.location.get('url')})")

    def figures(self):
        return self.page.locator(".plotly-graph-div")

    def figure_state(self, figure):
        return json.loads(figure.evaluate(FIGURE_STATE_JS))

    def state_after(self, figure, before, timeout=5000):
        """The figure's state once it differs from ``before`` (plotly redraws asynchronously after a
        click); ``before`` itself if nothing changed within ``timeout`` ms."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(
                f"([gd, before]) => ({FIGURE_STATE_JS})(gd) !== before",
                arg=[figure.element_handle(), json.dumps(before, separators=(",", ":"), ensure_ascii=False)], timeout=timeout)
        except PlaywrightTimeout:
            return before
        return self.figure_state(figure)
