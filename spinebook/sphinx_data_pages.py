"""Sphinx extension: the data pages of the book, generated from ``data/datapackage.json`` and the
data at build time (no notebook kernel needed).

Directives, each producing HTML tables with every value escaped:

``{data-overview}``
    one row per table of the dataset (:func:`spinebook.gaps.resource_overview`);
``{data-dictionary}``
    the fields of every table, one section each (:func:`spinebook.gaps.data_dictionary`);
``{sources-and-gaps}``
    what could not be found, per table (:func:`spinebook.gaps.sources_and_gaps`).

The data package itself (every CSV, ``datapackage.json``) and the bibliography are copied into the
built book, under ``data/`` and ``book/references.bib`` as in the repository, so that a reader of
the static pages can download exactly the data the book was built from; the overview links them.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pandas as pd

from docutils import nodes
from docutils.parsers.rst import Directive

from spinebook import gaps
from spinebook.data import DATA_DIR, package_files


def _page_root(directive) -> str:
    """The relative path from the directive's page to the top of the built book ("" outside Sphinx)."""
    state = getattr(directive, "state", None)
    return "../" * state.document.settings.env.docname.count("/") if state is not None else ""


def _text(value) -> str:
    """Escaped cell text; a missing value reads as "—" (never "nan" or "None")."""
    missing = value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == ""
    return "—" if missing else html.escape(str(value))


def _table(label: str, headers: list[str], rows: list[tuple[str, ...]]) -> str:
    """A table of a few columns (first column the row header), each cell already HTML, in a box of
    its own that scrolls sideways (keyboard too) when it is wider than the page, so that it neither
    runs under the sidebar nor pushes a phone's page sideways (CSS:
    ``spinebook/static/spinebook-tables.css``)."""
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headers)
    body = "".join(f'<tr><th scope="row">{row[0]}</th>{"".join(f"<td>{c}</td>" for c in row[1:])}</tr>' for row in rows)
    return (f'<div class="sb-table-scroll" tabindex="0" role="region" aria-label="{html.escape(label, quote=True)}">'
            f'<table class="sb-table sb-data"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>')


class _DataDirective(Directive):
    has_content = False

    def html(self) -> str:
        raise NotImplementedError

    def run(self):
        self.state.document.settings.env.note_dependency(str(DATA_DIR / "datapackage.json"))
        return [nodes.raw("", self.html(), format="html")]


class DataOverview(_DataDirective):
    def html(self) -> str:
        root = _page_root(self)
        overview = gaps.resource_overview()
        usual = overview["terms"].mode().iloc[0]
        rows = [(f'<code>{_text(r["resource"])}</code><br><small><a href="{html.escape(root + r["file"], quote=True)}" '
                 f'download>{_text(r["file"])}</a><br>{int(r["rows"])} rows, {int(r["fields"])} fields<br>'
                 f'key: {_text(r["primary_key"]) if r["primary_key"] else "none (no primary key)"}</small>',
                 f'<strong>{_text(r["title"])}</strong><br>{_text(r["description"])}'
                 f'<br><small>Licence: {_text(r["licence"])}. Sources: '
                 f'{"as above" if r["terms"] == usual else _text(r["terms"])}</small>')
                for _, r in overview.iterrows()]
        table = _table("Tables of the dataset", ["Table, file and size", "Title and description"], rows)
        package = html.escape(root + "data/datapackage.json")
        return (f'<p>Download: every table below (click its file), the schema and provenance rules '
                f'<a href="{package}" download>data/datapackage.json</a>, and the '
                f'<a href="{html.escape(root)}book/references.bib" download>bibliography (BibTeX)</a>. '
                f"They are the files this book was built from.</p>\n"
                f"<p><strong>Licence and sources.</strong> {_text(usual)}</p>\n{table}")


class DataDictionary(_DataDirective):
    def html(self) -> str:
        parts = []
        for resource, fields in gaps.data_dictionary().groupby("resource", sort=False):
            parts.append(f'<h3 id="fields-{html.escape(resource)}">{html.escape(resource)}</h3>')
            rows = [(f'<code>{_text(f["field"])}</code><br><small>{_text(f["type"])}'
                     f'{", required" if f["required"] else ""}</small>',
                     _text(f["description"]) + (f'<br><small>Constraints: {_text(f["constraints"])}</small>'
                                                if f["constraints"] else ""))
                    for _, f in fields.iterrows()]
            parts.append(_table(f"Fields of {resource}", ["Field and type", "Description and constraints"], rows))
        return "\n".join(parts)


class SourcesAndGaps(_DataDirective):
    def html(self) -> str:
        parts = []
        for resource, rows in gaps.sources_and_gaps().groupby("resource", sort=False):
            count, sources = int(rows["rows"].iloc[0]), int(rows["sources"].iloc[0])
            items = "".join(f"<li>{html.escape(str(gap))}</li>" for gap in rows["gap"])
            parts.append(
                f'<h2 id="gaps-{html.escape(resource)}">{html.escape(resource)}</h2>'
                f"<p>{count} rows from {sources} distinct sources. Not found or doubtful:</p><ul>{items}</ul>"
            )
        return "\n".join(parts)


def copy_data_package(app, exception):
    """Put the data package and the bibliography into the built book (see the module docstring),
    at the same paths relative to the book's top as in the repository."""
    if exception is not None or app.builder.format != "html":
        return
    repository = DATA_DIR.parent.resolve()
    for source in package_files():
        target = Path(app.outdir) / source.resolve().relative_to(repository)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def setup(app):
    app.connect("build-finished", copy_data_package)
    app.add_directive("data-overview", DataOverview)
    app.add_directive("data-dictionary", DataDictionary)
    app.add_directive("sources-and-gaps", SourcesAndGaps)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
