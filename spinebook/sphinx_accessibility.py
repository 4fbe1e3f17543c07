"""Sphinx extension: markup that screen readers and axe accept (Lighthouse accessibility 100).

docutils writes the bibliography as ``<div role="list" class="citation-list">`` holding
``<div class="citation" role="doc-biblioentry">`` entries: ``doc-biblioentry`` is deprecated in
ARIA 1.3 and not allowed on a ``div``, and the list then has children that are not list items.
Each entry becomes a ``listitem`` of that list.

myst-nb's toggles of hidden cell outputs are ``<summary aria-label="Toggle hidden content">`` around
the visible words "Show code cell outputs": a screen reader announces a name that a speech-input
user cannot say. The visible words become the name.
"""

CITATION_ROLE = 'role="doc-biblioentry"'
TOGGLE_LABEL = '<summary aria-label="Toggle hidden content">'


def _fix_roles(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = context["body"].replace(CITATION_ROLE, 'role="listitem"').replace(TOGGLE_LABEL, "<summary>")


def setup(app):
    app.connect("html-page-context", _fix_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
