"""Sphinx extension: the simulated images of figure blocks become files, fetched only when shown.

An explorer's figure block carries every state of its controls. For plots that is a few kilobytes
of numbers; for the imaging page's simulated fluoroscopy and ultrasound images it would be a JPEG
per state (~100 images, >1 MB inline): a phone on a weak link would download them all before it
could use one. So, after each page is written, every ``data:image/...;base64,...`` inside a figure
block's JSON is saved once as ``_images/sim/<sha256>.<ext>`` and the JSON points to that file
instead. The browser fetches an image when a state that shows it is drawn; identical images are
one file. In JupyterLab the explorers keep the inline images (no files needed there).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

FOLDER = "_images/sim"
_SPEC = re.compile(r'(<script type="application/json" class="sb-spec">)(.*?)(</script>)', re.DOTALL)
_DATA_URI = re.compile(r"data:image/(jpeg|png|webp);base64,([A-Za-z0-9+/=]+)")


def extract_images(html: str, outdir: Path, prefix: str) -> tuple[str, int]:
    """``html`` with every inline image of its figure blocks replaced by a file under ``outdir``
    (linked as ``prefix + FOLDER/...``); returns the new HTML and the number of images moved."""
    moved = 0

    def to_file(match):
        nonlocal moved
        kind, payload = match.groups()
        data = base64.b64decode(payload)
        name = f"{hashlib.sha256(data).hexdigest()[:20]}.{'jpg' if kind == 'jpeg' else kind}"
        path = outdir / FOLDER / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        moved += 1
        return f"{prefix}{FOLDER}/{name}"

    def in_spec(match):
        return match.group(1) + _DATA_URI.sub(to_file, match.group(2)) + match.group(3)

    return _SPEC.sub(in_spec, html), moved


_LINKED = re.compile(re.escape(FOLDER) + r"/([0-9a-f]{20}\.(?:jpg|png|webp))")


def _move_images(app, exception):
    """Move every page's inline images to files, then delete image files no page links any more
    (left by earlier builds of a changed chapter)."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    linked = set()
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "data:image/" in text:
            depth = len(page.relative_to(out).parts) - 1
            text, moved = extract_images(text, out, "../" * depth)
            if moved:
                page.write_text(text, encoding="utf-8")
        linked.update(_LINKED.findall(text))
    for stale in (out / FOLDER).glob("*.*") if (out / FOLDER).is_dir() else ():
        if stale.name not in linked:
            stale.unlink()


def setup(app):
    app.connect("build-finished", _move_images)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
