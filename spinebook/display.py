"""How figures reach the page.

Since plotly 6 a kernel emits only plotly's own mimetype, which the book builder (myst-nb) cannot
render: figures would silently vanish from the HTML. During the book build (the Sphinx extension
:mod:`spinebook.sphinx_offline` sets ``SPINEBOOK_BUILD=1`` before kernels start) figures are
emitted as plain ``text/html`` *without* plotly.js; the page loads one shared, local copy of it.
Outside the build (JupyterLab, nbval) plotly's own renderers are left alone.
"""

import os

BUILD_ENV_VAR = "SPINEBOOK_BUILD"
RENDERER_NAME = "spinebook_book"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def in_book_build() -> bool:
    """True while the book is being built (the kernel was started by the Sphinx build)."""
    return os.environ.get(BUILD_ENV_VAR) == "1"


INLINE_ENV_VAR = "SPINEBOOK_INLINE_PLOTLYJS"
_inlined = []


def figure_html(fig) -> str:
    """The HTML of one figure for the book: a div and its plot call, no plotly.js.

    With ``SPINEBOOK_INLINE_PLOTLYJS=1`` (used only by ``make bench`` for comparison) the first
    figure of each notebook inlines plotly.js, as plotly's own notebook renderer does."""
    import plotly.io as pio

    inline = os.environ.get(INLINE_ENV_VAR) == "1" and not _inlined
    _inlined.append(True)
    return pio.to_html(fig, include_plotlyjs=inline, full_html=False, config=PLOTLY_CONFIG, validate=False)


def configure() -> None:
    """Register the book renderer and make it the default, only inside the book build."""
    if not in_book_build():
        return
    import plotly.io as pio
    from plotly.io._base_renderers import MimetypeRenderer

    class BookHtmlRenderer(MimetypeRenderer):
        def to_mimebundle(self, fig_dict):
            return {"text/html": figure_html(fig_dict)}

    pio.renderers[RENDERER_NAME] = BookHtmlRenderer()
    pio.renderers.default = RENDERER_NAME
