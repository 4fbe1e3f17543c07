"""Sphinx extension: the data pages of the book, generated from ``data/datapackage.json`` and the
data at build time (no notebook kernel needed).

Directives, each producing HTML tables with every value escaped:

``{data-overview}``
    one row per table of the dataset (:func:`spinebook.gaps.resource_overview`);
``{data-dictionary}``
    the fields of every table, one section each (:func:`spinebook.gaps.data_dictionary`);
``{sources-and-gaps}``
    what could not be found, per table (:func:`spinebook.gaps.sources_and_gaps`).
"""

from __future__ import annotations

import html

from docutils import nodes
from docutils.parsers.rst import Directive

from spinebook import gaps
from spinebook.data import DATA_DIR


def _table(frame) -> str:
    return frame.to_html(index=False, escape=True, classes="table", border=0)


class _DataDirective(Directive):
    has_content = False

    def html(self) -> str:
        raise NotImplementedError

    def run(self):
        self.state.document.settings.env.note_dependency(str(DATA_DIR / "datapackage.json"))
        return [nodes.raw("", self.html(), format="html")]


class DataOverview(_DataDirective):
    def html(self) -> str:
        return _table(gaps.resource_overview())


class DataDictionary(_DataDirective):
    def html(self) -> str:
        parts = []
        for resource, fields in gaps.data_dictionary().groupby("resource", sort=False):
            parts.append(f'<h3 id="fields-{html.escape(resource)}">{html.escape(resource)}</h3>')
            parts.append(_table(fields.drop(columns="resource")))
        return "\n".join(parts)


class SourcesAndGaps(_DataDirective):
    def html(self) -> str:
        parts = []
        for resource, rows in gaps.sources_and_gaps().groupby("resource", sort=False):
            count, sources = int(rows["rows"].iloc[0]), int(rows["sources"].iloc[0])
            items = "".join(f"<li>{html.escape(str(gap))}</li>" for gap in rows["gap"])
            parts.append(
                f'<h3 id="gaps-{html.escape(resource)}">{html.escape(resource)}</h3>'
                f"<p>{count} rows from {sources} distinct sources. Not found or doubtful:</p><ul>{items}</ul>"
            )
        return "\n".join(parts)


def setup(app):
    app.add_directive("data-overview", DataOverview)
    app.add_directive("data-dictionary", DataDictionary)
    app.add_directive("sources-and-gaps", SourcesAndGaps)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
