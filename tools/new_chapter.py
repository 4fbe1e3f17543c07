"""`make chapter NAME=my-topic`: start a new chapter from the template.

Copies tools/chapter-template.ipynb to book/NN-my-topic.ipynb (NN = next free number), sets its
title and appends it to the Chapters part of _toc.yml. nbval (which collects every notebook in
book/) and the browser test (which reads _toc.yml) pick it up with no other edit.
"""

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "tools" / "chapter-template.ipynb"
TOC = ROOT / "_toc.yml"


def new_chapter(name: str, root: Path = ROOT) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not slug:
        raise ValueError(f"NAME must contain letters or digits, got {name!r}")
    book = root / "book"
    numbers = [int(p.name[:2]) for p in book.glob("[0-9][0-9]-*.ipynb")]
    number = max(numbers, default=0) + 1
    if any(p.name[3:] == f"{slug}.ipynb" for p in book.glob("[0-9][0-9]-*.ipynb")):
        raise ValueError(f"a chapter named {slug!r} exists already")
    target = book / f"{number:02d}-{slug}.ipynb"
    notebook = nbformat.read(TEMPLATE, as_version=4)
    title = f"{number}. {name.replace('-', ' ').strip().capitalize()}"
    notebook.cells[0].source = notebook.cells[0].source.replace("CHAPTER_TITLE", title)
    nbformat.write(notebook, target)

    toc = (root / "_toc.yml").read_text()
    entries = re.findall(r"^      - file: book/\d\d-[^\n]+$", toc, flags=re.M)
    if not entries:
        raise ValueError("_toc.yml has no chapter entries to append after")
    last = entries[-1]
    toc = toc.replace(last, f"{last}\n      - file: book/{target.stem}", 1)
    (root / "_toc.yml").write_text(toc)
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tools/new_chapter.py NAME")
    try:
        path = new_chapter(sys.argv[1])
    except ValueError as error:
        sys.exit(f"make chapter: {error}")
    print(f"created {path.relative_to(ROOT)} and added it to _toc.yml; edit it, then `make book` and `make test`")
