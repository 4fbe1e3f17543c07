"""Sphinx extension: markup that screen readers and axe accept (Lighthouse accessibility 100).

docutils writes the bibliography as ``<div role="list" class="citation-list">`` holding
``<div class="citation" role="doc-biblioentry">`` entries: ``doc-biblioentry`` is deprecated in
ARIA 1.3 and not allowed on a ``div``, and the list then has children that are not list items.
Each entry becomes a ``listitem`` of that list.
"""

CITATION_ROLE = 'role="doc-biblioentry"'


def _fix_roles(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    if CITATION_ROLE in body:
        context["body"] = body.replace(CITATION_ROLE, 'role="listitem"')


def setup(app):
    app.connect("html-page-context", _fix_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
