"""Sphinx extension: what a hosted site needs beyond its pages.

* Every page gets a ``<meta name="description">``: the first paragraph of its text (at most 160
  characters, cut at a word), which search engines and link previews show; pages without prose
  (search, index) describe the book.
* The favicon sits at the site's root too (``favicon.svg`` and a ``favicon.ico`` for browsers that
  ask for ``/favicon.ico`` without reading the page).
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

MAX_CHARS = 160
BOOK_DESCRIPTION = ("An open, interactive textbook on when ultrasound can replace fluoroscopy to guide spinal "
                    "injections and nerve blocks: evidence, radiation, costs, images.")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_ICONS = ("favicon.svg", "favicon.ico")


def description(body: str) -> str:
    """The first paragraph of at least 60 characters in ``body`` (HTML), outside quotations and
    admonitions, as plain text, ≤ 160 chars."""
    prose = re.sub(r"<blockquote.*?</blockquote>|<div class=\"admonition.*?</div>", "", body or "", flags=re.DOTALL)
    for match in _PARAGRAPH.finditer(prose):
        text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1)))).strip()
        if len(text) >= 60:
            if len(text) <= MAX_CHARS:
                return text
            return text[:MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return BOOK_DESCRIPTION


def _add_description(app, pagename, templatename, context, doctree):
    text = html.escape(description(context.get("body", "")), quote=True)
    context["metatags"] = context.get("metatags", "") + f'\n<meta name="description" content="{text}">'


def _icons_at_root(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    book = Path(app.srcdir) / "book"
    for name in _ICONS:
        if (book / name).is_file():
            shutil.copyfile(book / name, Path(app.outdir) / name)


def setup(app):
    app.connect("html-page-context", _add_description)
    app.connect("build-finished", _icons_at_root)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
