"""How figures reach the page of the static book.

Since plotly 6 a kernel emits only plotly's own mimetype, which the book builder (myst-nb) cannot
render: figures would silently vanish from the HTML. During the book build (the Sphinx extension
:mod:`spinebook.sphinx_offline` sets ``SPINEBOOK_BUILD=1`` before kernels start) every figure is
emitted as a *figure block*: plain HTML whose caption, controls and text show at once, plus the
figure's JSON. No plotly.js is loaded by the page itself; ``static/spinebook-explorer.js``
(deferred) fetches the book's own small plotly.js bundle only when a figure comes near the
viewport, and draws each figure once, already in the page's light or dark theme.

A figure block is one ``<figure class="sb-explorer">`` holding:

* a ``<figcaption>`` with the figure's title (HTML wraps on a phone; plotly titles do not);
* native HTML controls (``<select>``, ``<button aria-pressed>``, ``<input type=range>``): reachable
  from the keyboard and read by screen readers without any script of ours;
* a ``<script type="application/json" class="sb-spec">`` holding every state of the controls,
  precomputed (see :meth:`spinebook.widgets.Explorer.static_spec`);
* a box of the figure's height (no layout shift when it is drawn) with a ``<noscript>`` note;
* a polite live region that says what the figure now shows.

Outside the build (JupyterLab, nbval) plotly's own renderers are left alone.
"""

from __future__ import annotations

import functools
import html
import itertools
import json
import os
import re

BUILD_ENV_VAR = "SPINEBOOK_BUILD"
RENDERER_NAME = "spinebook_book"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
_block_ids = itertools.count(1)


def in_book_build() -> bool:
    """True while the book is being built (the kernel was started by the Sphinx build)."""
    return os.environ.get(BUILD_ENV_VAR) == "1"


@functools.lru_cache(maxsize=1)
def default_template_json() -> str:
    """plotly's default template as JSON: figures that use it leave it out of the page, and the
    book's script supplies it once (see :mod:`spinebook.sphinx_offline`)."""
    import plotly.io as pio

    return json.dumps(pio.templates[pio.templates.default].to_plotly_json(), sort_keys=True, default=json_default)


def json_default(value):
    """``json.dumps`` default for plotly JSON: numpy arrays and scalars as plain lists/numbers."""
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def plain_text(title) -> str:
    """A plotly title (with its ``<b>``/``<br>``/``<sup>`` tags) as plain text for a caption."""
    text = title.get("text") if isinstance(title, dict) else title
    text = re.sub(r"<br\s*/?>", " ", str(text or ""), flags=re.I)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]*>", "", text))).strip()


def split_layout(layout: dict) -> tuple[dict, str]:
    """The layout without its template (when it is plotly's default) and without its title text,
    and that title as plain text: the caption carries it, above the figure, and it wraps."""
    layout = dict(layout)
    template = layout.pop("template", None)
    if template is not None and json.dumps(template, sort_keys=True, default=json_default) != default_template_json():
        layout["template"] = template
    title = layout.pop("title", None)
    caption = plain_text(title)
    if caption and isinstance(layout.get("margin"), dict) and (layout["margin"].get("t") or 0) >= 50:
        layout["margin"] = {**layout["margin"], "t": layout["margin"]["t"] - 35}
    elif caption and "margin" not in layout:
        layout["margin"] = {"t": 30}
    return layout, caption


def figure_state(fig) -> dict:
    """One state of a figure block: its traces, its layout (no template, no title) and caption."""
    fig_json = fig if isinstance(fig, dict) else fig.to_plotly_json()
    layout, caption = split_layout(fig_json.get("layout") or {})
    return json.loads(json.dumps({"data": list(fig_json.get("data") or []), "layout": layout, "caption": caption},
                                 default=json_default))


def figure_html(fig) -> str:
    """A plain plotly figure (no controls) as a figure block."""
    return figure_block({"controls": [], "initial": "", "states": {"": figure_state(fig)}})


def _controls_html(block_id: str, controls: list[dict], initial: list[int]) -> str:
    parts = []
    for n, (control, active) in enumerate(zip(controls, initial)):
        cid = f"{block_id}-c{n}"
        label = html.escape(control["label"])
        options = control["labels"]
        if control["kind"] == "dropdown":
            items = "".join(f'<option value="{i}"{" selected" if i == active else ""}>{html.escape(o)}</option>'
                            for i, o in enumerate(options))
            parts.append(f'<div class="sb-control" data-kind="dropdown"><label for="{cid}">{label}</label>'
                         f'<select id="{cid}" autocomplete="off">{items}</select></div>')
        elif control["kind"] == "buttons":
            items = "".join(f'<button type="button" aria-pressed="{"true" if i == active else "false"}" value="{i}">'
                            f'{html.escape(o)}</button>' for i, o in enumerate(options))
            parts.append(f'<div class="sb-control" data-kind="buttons" role="group" aria-labelledby="{cid}">'
                         f'<span class="sb-control-label" id="{cid}">{label}</span>'
                         f'<span class="sb-buttons">{items}</span></div>')
        else:
            current = html.escape(options[active])
            play = (f'<button type="button" class="sb-play" aria-pressed="false" aria-controls="{cid}">'
                    f'▶ Play</button>' if control.get("play") else "")
            parts.append(f'<div class="sb-control" data-kind="slider"><label for="{cid}">{label}</label>{play}'
                         f'<input type="range" id="{cid}" min="0" max="{len(options) - 1}" step="1" value="{active}" '
                         f'aria-valuemin="0" aria-valuemax="{len(options) - 1}" aria-valuenow="{active}" '
                         f'aria-valuetext="{current}"><output for="{cid}">{current}</output></div>')
    if not parts:
        return ""
    return f'<div class="sb-controls">{"".join(parts)}</div>'


def figure_block(spec: dict) -> str:
    """The HTML of a figure block (see the module docstring) for a spec of
    ``{"controls", "initial", "states": {key: {"data", "layout", "caption"} or {"html", "caption"}}}``."""
    block_id = f"sb-figure-{next(_block_ids)}"
    spec = {**spec, "config": PLOTLY_CONFIG}
    initial_key = spec["initial"]
    state = spec["states"][initial_key]
    initial = [int(i) for i in initial_key.split(",")] if initial_key else []
    caption = html.escape(state.get("caption") or "Figure")
    height = int((state.get("layout") or {}).get("height") or 450)
    spec_json = _to_json(spec).replace("</", "<\\/")
    if "html" in state:
        view = f'<div class="sb-html-view">{state["html"]}</div>'
    else:
        view = (f'<div class="sb-figure" style="min-height:{height}px">'
                f'<noscript><p class="sb-noscript">This figure, “{caption}”, is drawn by JavaScript, which is off in '
                f'this browser. The text around it gives its key numbers; its data are listed in the '
                f'<a href="data-dictionary.html">data dictionary</a>.</p></noscript></div>')
    return (f'<figure class="sb-explorer" id="{block_id}">'
            f'<figcaption class="sb-caption" id="{block_id}-caption">{caption}</figcaption>'
            f'{_controls_html(block_id, spec["controls"], initial)}'
            f'<noscript><style>#{block_id} .sb-controls {{display: none}}</style></noscript>'
            f'{view}'
            f'<p class="sb-status" aria-live="polite"></p>'
            f'<script type="application/json" class="sb-spec">{spec_json}</script>'
            f'</figure>')


def _to_json(value) -> str:
    """Compact JSON as plotly.js reads it: numpy arrays as lists, NaN and infinities as null."""
    from plotly.utils import PlotlyJSONEncoder

    return json.dumps(value, cls=PlotlyJSONEncoder, separators=(",", ":"), ensure_ascii=False)


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
