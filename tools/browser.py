"""Helpers for the browser test: serve the built book on 127.0.0.1 and drive Debian's Chromium."""

from __future__ import annotations

import functools
import gzip
import io
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


COMPRESSIBLE = {".html", ".js", ".css", ".json", ".svg", ".csv", ".bib", ".txt", ".map"}


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    """A file's gzip bytes, made once (a static host serves them precompressed)."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


class StaticHostHandler(_QuietHandler):
    """Like a static host (GitHub Pages, Netlify): text files gzip-compressed when the browser
    accepts it, and ``Cache-Control: max-age=600``, so byte counts and cached visits are real."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in COMPRESSIBLE or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not path.is_file()):
            return super().send_head()
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self):
        if not any(h.lower().startswith(b"cache-control") for h in getattr(self, "_headers_buffer", [])):
            self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


@contextmanager
def serve(directory: Path = HTML, static_host: bool = False):
    """Serve ``directory`` on 127.0.0.1 on a free port; yields the base URL. ``static_host``
    compresses and sets cache headers as a static host does (see :class:`StaticHostHandler`)."""
    handler = functools.partial(StaticHostHandler if static_host else _QuietHandler, directory=str(directory))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()


FIGURE_STATE_JS = """root => { const gd = root.querySelector('.js-plotly-plot'); const view = root.querySelector('.sb-html-view');
  return JSON.stringify({
    caption: root.querySelector('.sb-caption').textContent,
    state: root.dataset.sbState || null,
    traces: gd && gd.data ? gd.data.map(t => [t.type, t.name || '', t.x ? t.x.length : 0, JSON.stringify(t.x || []).slice(0, 400)]) : null,
    annotations: gd && gd.layout ? (gd.layout.annotations || []).map(a => a.text) : null,
    html: view ? view.textContent.slice(0, 2000) : null}); }"""

BLOCKS_READY_JS = "() => Array.from(document.querySelectorAll('figure.sb-explorer')).every(root => root.sbBlock)"
DRAWN_JS = "root => !!(root.querySelector('.sb-html-view') || (root.querySelector('.js-plotly-plot .main-svg') && root.dataset.sbDraws))"


class Visit:
    """One page opened offline, with what it asked from outside and what it logged."""

    def __init__(self, browser, site, path, color_scheme="light", width=1280, height=900, touch=False):
        self.context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme,
                                           is_mobile=touch, has_touch=touch)
        self.page = self.context.new_page()
        self.outside, self.errors = [], []
        self.page.route("**/*", self._only_local(site))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"))
        self.page.goto(f"{site}/{path}", wait_until="load")
        self.page.wait_for_function(BLOCKS_READY_JS)

    def close(self):
        self.context.close()

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
        return self.page.locator("figure.sb-explorer")

    def draw(self, figure):
        """Scroll ``figure`` into view (figures are drawn when they come near it) and wait for it."""
        figure.scroll_into_view_if_needed()
        self.page.wait_for_function(DRAWN_JS, arg=figure.element_handle(), timeout=20_000)

    def draw_all(self):
        for i in range(self.figures().count()):
            self.draw(self.figures().nth(i))

    def figure_state(self, figure):
        return json.loads(figure.evaluate(FIGURE_STATE_JS))

    def state_after(self, figure, before, timeout=5000):
        """The figure's state once it differs from ``before`` (plotly redraws asynchronously after a
        click); ``before`` itself if nothing changed within ``timeout`` ms."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(
                f"([root, before]) => ({FIGURE_STATE_JS})(root) !== before",
                arg=[figure.element_handle(), json.dumps(before, separators=(",", ":"), ensure_ascii=False)], timeout=timeout)
        except PlaywrightTimeout:
            return before
        return self.figure_state(figure)
