"""`make pdf` (tools/make_pdf.py): the whole book as one PDF, checked with pypdf against the built
HTML: title page, contents, bookmarks, every chapter, glossary and bibliography, every figure
drawn as vectors without its controls, tables and links, continuous page numbers."""

import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from browser import HTML, chapter_pages, toc_pages  # noqa: E402
from build_book import build  # noqa: E402
from make_pdf import MARGIN_MM, book_info, make_pdf, page_article, page_title  # noqa: E402

MEASURED_PAGES = 154  # the whole book on A4, measured when the tool was written


def squeeze(text: str) -> str:
    """Text without whitespace, ligatures unfolded (the PDF's "ﬂ" is "fl"): PDF text extraction
    breaks lines where the layout did."""
    return "".join(unicodedata.normalize("NFKC", text).split())


page_html = page_article


def visible_text(page: str) -> str:
    """The page's text as a reader sees it: no scripts (figure data), no explorer controls."""
    article = page_html(page)
    for hidden in article.select("script, style, noscript, .sb-controls"):
        hidden.decompose()
    return article.get_text(" ")


def title_of(page: str) -> str:
    return page_title(page_html(page))


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    build()
    return PdfReader(make_pdf(tmp_path_factory.mktemp("pdf") / "book.pdf"))


@pytest.fixture(scope="module")
def texts(pdf):
    return [page.extract_text() for page in pdf.pages]


@pytest.fixture(scope="module")
def text(texts):
    return squeeze("\n".join(texts))


@pytest.fixture(scope="module")
def bookmarks(pdf):
    """Top-level bookmarks: title -> first page (1-based)."""
    return {item.title: pdf.get_destination_page_number(item) + 1 for item in pdf.outline if not isinstance(item, list)}


def test_title_page_then_contents(texts):
    info = book_info()
    assert squeeze(info["title"]) in squeeze(texts[0]) and squeeze(info["author"]) in squeeze(texts[0])
    assert squeeze(info["subtitle"]) in squeeze(texts[0])
    assert squeeze(texts[1]).startswith("Contents")


def test_every_page_of_the_book_is_bookmarked_in_order_and_listed_with_its_page(bookmarks, texts):
    titles = [title_of(page) for page in toc_pages()]
    assert list(bookmarks) == titles
    starts = list(bookmarks.values())
    assert starts[0] == 3 and starts == sorted(set(starts)), starts
    contents = squeeze(texts[1])
    for title, start in bookmarks.items():
        assert squeeze(title) + str(start) in contents, title
        assert squeeze(title) in squeeze(texts[start - 1]), f"{title} is not on page {start}"


def test_every_chapter_glossary_and_bibliography_is_in_it(bookmarks, text):
    chapters = [title_of(page) for page in chapter_pages()]
    assert [t.split(".")[0] for t in chapters] == ["1", "2", "3", "4", "5", "6"]
    for title in chapters + ["Glossary", "Bibliography"]:
        assert title in bookmarks and squeeze(title) in text, title
    first_term = page_html("book/glossary.html").find("dt").get_text(" ", strip=True)
    citations = page_html("book/bibliography.html").select(".citation p")
    assert len(citations) > 100
    for snippet in (first_term, citations[0].get_text(" ")[:60], citations[-1].get_text(" ")[:60]):
        assert squeeze(snippet) in text, snippet


def test_page_count_and_numbers(pdf, texts, bookmarks):
    pages = len(pdf.pages)
    assert 0.6 * MEASURED_PAGES <= pages <= 1.6 * MEASURED_PAGES, pages
    starts = list(bookmarks.values()) + [pages + 1]
    assert all(b > a for a, b in zip(starts, starts[1:]))  # each page of the book at least one page
    for number, page_text in enumerate(texts, start=1):
        assert f"page {number} of {pages}" in page_text, number


def _figures():
    """(page, figure element, default state) of every figure block of the built book."""
    for page in toc_pages():
        for figure in page_html(page).select("figure.sb-explorer"):
            spec = json.loads(figure.select_one("script.sb-spec").string)
            yield page, figure, spec["states"][spec["initial"]]


def _svg_labels(state) -> list[str]:
    """The texts plotly draws into the figure's SVG: axis titles, annotations, legend entries."""
    layout, labels = state["layout"], [trace.get("name") or "" for trace in state["data"]]
    for key, value in layout.items():
        if re.match(r"[xy]axis\d*$", key) and isinstance(value, dict):
            title = value.get("title")
            labels.append(title.get("text") or "" if isinstance(title, dict) else title or "")
    labels += [annotation.get("text", "") for annotation in layout.get("annotations", [])]
    return [squeeze(re.sub(r"<[^>]+>", " ", label)) for label in labels if label and len(label) > 3]


def test_every_figure_is_drawn_as_vectors_with_its_caption(text, pdf, bookmarks):
    figures = list(_figures())
    assert len(figures) >= 20
    prose = squeeze(" ".join(visible_text(page) for page in toc_pages()))
    checked = 0
    for page, figure, state in figures:
        caption = state.get("caption") or figure.select_one(".sb-caption").get_text()
        assert squeeze(caption) in text, caption
        if "data" not in state:  # an HTML table, not a plot
            assert squeeze(BeautifulSoup(state["html"], "html.parser").get_text(" "))[:200] in text
            continue
        # Labels found nowhere in the page text can only come from the figure's SVG.
        own = [label for label in _svg_labels(state) if label not in prose]
        if own:
            checked += 1
            assert any(label in text for label in own), f"{page} {figure['id']}: none of {own[:3]} in the PDF"
    assert checked >= 0.8 * sum("data" in state for _, _, state in figures)

    # No figure of chapters 1-5 is a picture: only chapter 6 shows simulated images.
    def images(resources):  # counted through the forms that hold them
        xobjects = [x.get_object() for x in (resources or {}).get("/XObject", {}).values()]
        return sum(1 if x["/Subtype"] == "/Image" else images(x.get("/Resources")) for x in xobjects)
    chapter1, chapter6 = bookmarks[title_of(chapter_pages()[0])], bookmarks[title_of(chapter_pages()[5])]
    assert sum(images(pdf.pages[n].get("/Resources")) for n in range(chapter1 - 1, chapter6 - 1)) == 0


def test_no_controls_no_broken_values(text):
    for page, figure, state in _figures():
        for control in figure.select(".sb-control"):  # its label, then its choices
            assert squeeze(control.get_text(" ")) not in text, f"{page} {figure['id']}: controls printed"
    assert "▶Play" not in text
    prose = squeeze(" ".join(visible_text(page) for page in toc_pages()))
    for word in ("NaN", "undefined", "[objectObject]"):  # only where the text says it (quiz feedback is folded)
        assert text.count(word) <= prose.count(word), word


def test_links_stay_in_the_pdf_or_go_to_the_web(pdf):
    """Links between pages (citations, glossary terms, chapters) lead to a place in the PDF; no
    link points at the local server the PDF was printed from."""
    targets = set(pdf.named_destinations)
    internal, broken, local = 0, [], []
    for page in pdf.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/Dest" in annotation:
                internal += 1
                if str(annotation["/Dest"]) not in targets:
                    broken.append(str(annotation["/Dest"]))
            uri = str((annotation.get("/A") or {}).get("/URI", ""))
            if uri and not re.match(r"(https?://(?!127\.|localhost)|mailto:)", uri):
                local.append(uri)
    assert internal > 100 and not broken and not local, (internal, broken[:5], local[:5])


def test_nothing_runs_off_the_paper(pdf):
    """Every line of text (tables, URLs, figure labels) starts within the printable width: nothing
    cut at the margins, no page shifted sideways."""
    left = MARGIN_MM["left"] / 25.4 * 72
    right = float(pdf.pages[0].mediabox.width) - MARGIN_MM["right"] / 25.4 * 72
    outside = []
    for number, page in enumerate(pdf.pages, start=1):
        def visit(text, cm, tm, font, size):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            if text.strip() and not left - 1 <= x <= right:
                outside.append((number, round(x), text[:40]))
        page.extract_text(visitor_text=visit)
    assert not outside, outside[:5]


def test_tables_are_not_cut(texts):
    """The wide data dictionary tables keep all their columns: each field's row header and its
    description's constraints are on the same page."""
    soup = page_html("book/data-dictionary.html")
    headers = [th.get_text(" ", strip=True) for th in soup.select("table.sb-data thead th")]
    assert headers and all(squeeze(h) in squeeze("".join(texts)) for h in headers)
    row = soup.select("table.sb-data tbody tr")[-1]
    cells = [squeeze(cell.get_text(" "))[:30] for cell in row.find_all(["th", "td"])]
    assert any(all(c in squeeze(t) for c in cells) for t in texts), cells
