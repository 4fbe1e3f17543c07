"""The build moves the simulated images out of the figure blocks into files: one file per distinct
image, linked relative to the page, nothing else in the page touched; and the built chapter keeps
no inline image and links only files that exist."""

import base64
import re
from pathlib import Path

from spinebook.sphinx_images import FOLDER, extract_images

ROOT = Path(__file__).resolve().parents[1]
PIXEL = base64.b64encode(b"\xff\xd8\xff fake jpeg bytes").decode()


def test_inline_images_become_files_once_and_text_elsewhere_is_kept(tmp_path):
    uri = f"data:image/jpeg;base64,{PIXEL}"
    page = (f'<p>data:image/jpeg;base64,{PIXEL} stays in prose</p>'
            f'<script type="application/json" class="sb-spec">{{"a":"{uri}","b":"{uri}"}}</script>')
    html, moved = extract_images(page, tmp_path, "../")
    files = list((tmp_path / FOLDER).iterdir())
    assert moved == 2 and len(files) == 1 and files[0].read_bytes() == base64.b64decode(PIXEL)
    assert html.count(f'"../{FOLDER}/{files[0].name}"') == 2
    assert html.startswith(f"<p>data:image/jpeg;base64,{PIXEL} stays in prose</p>")


def test_the_built_imaging_chapter_links_existing_image_files_only():
    html_root = ROOT / "_build" / "html"
    page = (html_root / "book" / "06-two-ways-of-seeing.html").read_text()
    assert "data:image/" not in page
    linked = set(re.findall(r"\.\./(_images/sim/[0-9a-f]{20}\.jpg)", page))
    assert len(linked) > 60
    assert all((html_root / path).is_file() for path in linked)
    assert {p.name for p in (html_root / "_images" / "sim").iterdir()} == {Path(p).name for p in linked}
