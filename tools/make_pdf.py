"""`make pdf`: the whole book as one PDF for lecturers' handouts, printed by Chromium from the built
HTML (_build/html) into _build/pdf/book.pdf.

How:

* One print document, so that Chromium numbers the pages continuously ("page N of M" in its
  footer): a title page, a contents page, then the article of every page of the book in
  table-of-contents order (_toc.yml), each from a new page. Its shell is a chapter page of the
  book itself, so it has the book's stylesheets and the figure script, and it is served (through
  a Playwright route: nothing is written into _build/html) at an address in book/, so relative
  links to images and scripts resolve. Element ids are prefixed with their page's name (every
  chapter numbers its figures from 1) and links between pages become links within the PDF;
  links to other files of the site become plain text (they would point at a local server).
* The print stylesheet (spinebook/static/spinebook-print.css) removes navigation, sidebars and
  explorer controls and keeps tables within the paper. Chromium lays the document out in the
  light theme at the printable width of A4, so figures are drawn exactly as wide as the paper.
  A document wider than the paper is an error: Chromium would shrink every page to fit it.
* Figures: spinebook-explorer.js draws figures as they come near the viewport and the rest in its
  "beforeprint" handler, but asynchronously (plotly.js and the simulated images are fetched): the
  event is dispatched here, and every figure block and every request waited for, before printing.
  Plotly draws SVG, so each figure is printed as vectors, in its default state, with its caption.
* Bookmarks: Chromium writes the PDF outline from the headings (outline=True, tagged=True). Its
  titles are text read back from the page, which sometimes doubles a title or drops the space
  where a title wraps; they are replaced by the headings' own text (pypdf). The contents page's
  numbers come from that outline too: a first print finds where each page of the book starts,
  a second prints the same document with the numbers filled in.

Run as `make pdf` (which builds the book first) or `python tools/make_pdf.py [OUTPUT]`.
"""

from __future__ import annotations

import html
import io
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import BLOCKS_READY_JS, CHROMIUM_ARGS, DRAWN_JS, HTML, ROOT, chromium_path, serve, toc_pages  # noqa: E402

OUTPUT = ROOT / "_build" / "pdf" / "book.pdf"
PRINT_PAGE = "book/_print.html"  # the print document's (virtual) address
MARGIN_MM = {"top": 15, "bottom": 18, "left": 16, "right": 16}
A4_WIDTH_MM = 210
PRINT_WIDTH_PX = round((A4_WIDTH_MM - MARGIN_MM["left"] - MARGIN_MM["right"]) / 25.4 * 96)
FOOTER = ('<div style="width:100%;font-size:8px;color:#555;text-align:center;font-family:sans-serif">'
          '{title} &middot; page <span class="pageNumber"></span> of <span class="totalPages"></span></div>')
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
ID_ATTRIBUTES = ("id", "for", "aria-labelledby", "aria-describedby", "aria-controls")
TOO_WIDE_JS = f"""() => Array.from(document.querySelectorAll('article *'))
  .filter(e => e.getBoundingClientRect().right > {PRINT_WIDTH_PX} + 1 && !e.closest('svg'))
  .slice(-3).map(e => e.tagName + ': ' + e.textContent.slice(0, 80))"""


def book_info() -> dict:
    """Title, subtitle, author, version and the footer note (licences) of the book."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    title = config["title"]
    return {"title": title, "subtitle": citation.get("title", "").removeprefix(title).strip(" :"),
            "author": config.get("author", ""), "version": citation.get("version", ""),
            "note": (config.get("html") or {}).get("extra_footer", "")}


def page_article(page: str):
    """The article of a built page (relative to the HTML root), without the headings' "#" links."""
    article = BeautifulSoup((HTML / page).read_text(), "html.parser").select_one("article.bd-article")
    for link in article.select("a.headerlink"):
        link.decompose()
    return article


def page_title(article) -> str:
    """The article's title: its first-level heading, as one line."""
    return " ".join(article.find("h1").get_text(" ", strip=True).split())


def _localise(article, name: str, names: set[str]) -> None:
    """Prefix ids with the page's name; turn links between pages into links within the document."""
    for attribute in ID_ATTRIBUTES:
        for element in article.find_all(attrs={attribute: True}):
            values = element[attribute]  # bs4 splits some attributes into lists
            values = values if isinstance(values, list) else values.split()
            element[attribute] = " ".join(f"{name}--{value}" for value in values)
    for link in article.find_all("a", href=True):
        url = urlsplit(link["href"])
        if url.scheme or url.netloc:
            continue
        target = Path(url.path).stem if url.path else name
        if url.path and not (url.path.endswith(".html") and target in names):
            link.unwrap()  # a file of the site (data, sources): nothing to point at on paper
        else:
            link["href"] = f"#{target}--{url.fragment}" if url.fragment else f"#{target}"


def print_document(pages: list[str] | None = None) -> tuple[str, list[tuple[str, str]], list[str]]:
    """The print document's HTML, its (page name, title) pairs and the text of its headings."""
    pages = pages or toc_pages()
    names = {Path(page).stem for page in pages}
    shell_page = next((p for p in pages if "spinebook-explorer.js" in (HTML / p).read_text()), pages[0])
    shell = BeautifulSoup((HTML / shell_page).read_text(), "html.parser")
    info = book_info()
    shell.title.string = info["title"]
    body = shell.select_one("article.bd-article")
    body.clear()

    contents, headings = [], []
    for page in pages:
        article = page_article(page)
        name = Path(page).stem
        headings += [" ".join(h.get_text(" ", strip=True).split()) for h in article.find_all(HEADINGS)]
        contents.append((name, page_title(article)))
        _localise(article, name, names)
        article.name, article["class"], article["id"] = "section", ["sb-print-part"], name
        body.append(article)

    entries = "".join(f'<li><a href="#{name}">{html.escape(title)}</a>'
                      f'<span class="sb-print-pageno" data-page="{name}"></span></li>' for name, title in contents)
    front = BeautifulSoup(
        f'<section class="sb-print-title"><p class="sb-print-book-title">{html.escape(info["title"])}</p>'
        f'<p class="sb-print-subtitle">{html.escape(info["subtitle"])}</p><p>{html.escape(info["author"])}</p>'
        f'<p>Version {html.escape(str(info["version"]))}, printed {date.today():%d %B %Y} from the web edition.</p>'
        f'<p class="sb-print-note">{info["note"]}</p></section>'
        f'<section class="sb-print-part sb-print-contents"><p class="sb-print-book-title">Contents</p>'
        f'<ol>{entries}</ol></section>',
        "html.parser")
    body.insert(0, front)
    return str(shell), contents, headings


def _squeeze(text: str) -> str:
    return "".join(text.split())


def fix_bookmarks(pdf: bytes, headings: list[str]) -> tuple[bytes, dict[str, int]]:
    """The PDF with each bookmark titled by the heading it was made from, and the first page
    (1-based) of each top-level bookmark's title."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    own = {_squeeze(h): h for h in headings}
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    page_numbers = {page.indirect_reference.idnum: n for n, page in enumerate(writer.pages, start=1)}
    first_pages = {}

    def walk(item, top):
        while item is not None:
            item = item.get_object()
            seen = _squeeze(str(item["/Title"]))
            half = seen[:len(seen) // 2]
            title = own.get(seen) or (own.get(half) if seen == half * 2 else None)
            if title:
                item[NameObject("/Title")] = TextStringObject(title)
            if top and title:
                first_pages.setdefault(title, page_numbers[item["/Dest"][0].idnum])
            walk(item.get("/First"), False)
            item = item.get("/Next")

    walk(writer.get_outline_root().get("/First"), True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), first_pages


def make_pdf(output: Path = OUTPUT, pages: list[str] | None = None) -> Path:
    """Print the book (or ``pages`` of it) into ``output``; the book must have been built."""
    from playwright.sync_api import sync_playwright

    document, contents, headings = print_document(pages)
    pdf_options = dict(format="A4", margin={k: f"{v}mm" for k, v in MARGIN_MM.items()}, print_background=True,
                       display_header_footer=True, header_template="<span></span>",
                       footer_template=FOOTER.format(title=html.escape(book_info()["title"])),
                       outline=True, tagged=True)
    with serve() as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": PRINT_WIDTH_PX, "height": 1000}, color_scheme="light")
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site) else route.abort())
        page.route(f"{site}/{PRINT_PAGE}",
                   lambda route: route.fulfill(body=document, content_type="text/html; charset=utf-8"))
        page.emulate_media(media="print")
        page.goto(f"{site}/{PRINT_PAGE}", wait_until="load")
        page.wait_for_function(BLOCKS_READY_JS)
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        for figure in page.locator("figure.sb-explorer").element_handles():
            page.wait_for_function(DRAWN_JS, arg=figure, timeout=60_000)
        page.wait_for_load_state("networkidle")
        if page.evaluate("() => document.documentElement.dataset.theme") != "light":
            raise RuntimeError("the print document is not in the light theme")
        if too_wide := page.evaluate(TOO_WIDE_JS):
            raise RuntimeError(f"wider than the paper ({PRINT_WIDTH_PX} px): Chromium would shrink every page; {too_wide}")

        numbers: dict[str, int] = {}
        for _ in range(3):  # filling in the numbers does not move pages, unless a title wraps
            pdf, found = fix_bookmarks(page.pdf(**pdf_options), headings)
            if found == numbers:
                break
            numbers = found
            page.evaluate("""numbers => document.querySelectorAll('.sb-print-pageno').forEach(span => {
                span.textContent = numbers[span.dataset.page] || ''; })""",
                          {name: found.get(title) for name, title in contents})
        browser.close()
    if missing := [title for _, title in contents if title not in numbers]:
        raise RuntimeError(f"no bookmark for {missing}")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(pdf)
    return output


def main() -> None:
    from pypdf import PdfReader

    output = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else OUTPUT
    started = time.perf_counter()
    make_pdf(output)
    shown = output.relative_to(ROOT) if output.is_relative_to(ROOT) else output
    print(f"{shown}: {len(PdfReader(output).pages)} pages, {output.stat().st_size / 1e6:.1f} MB, "
          f"in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
