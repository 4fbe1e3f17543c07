"""Readable, accessible HTML tables: chapter 5's summary of findings and GRADE table, the data
pages, and no "nan"/"None" shown to a reader anywhere in the built book."""

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from spinebook import data, findings
from spinebook.figures.conclusion import grade_table_html, sof_table_html
from spinebook.sphinx_data_pages import DataDictionary, DataOverview
from spinebook.widgets import EmptySelection

REPO = Path(__file__).resolve().parents[1]
CSS = REPO / "spinebook" / "static" / "spinebook-tables.css"
MISSING_WORDS = re.compile(r"\b(nan|NaN|None|NaT|<NA>)\b")


class _Cells(HTMLParser):
    """Table rows of an HTML text: each row a list of (tag, attributes, visible text) cells;
    <script> and <style> content is skipped; also the caption."""

    def __init__(self):
        super().__init__()
        self.rows, self.captions, self._cell, self._skip, self._caption = [], [], None, 0, None

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self._cell = [tag, dict(attrs), ""]
        elif tag == "caption":
            self._caption = ""
        elif self._cell is not None and tag in ("br", "p", "li", "summary", "ul"):
            self._cell[2] += " "  # a line break separates words as a reader sees them

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append((self._cell[0], self._cell[1], " ".join(self._cell[2].split())))
            self._cell = None
        elif tag == "caption":
            self.captions.append(self._caption.strip())
            self._caption = None

    def handle_data(self, text):
        if self._skip:
            return
        if self._cell is not None:
            self._cell[2] += text
        if self._caption is not None:
            self._caption += text


def parse(text: str) -> _Cells:
    parser = _Cells()
    parser.feed(text)
    return parser


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    def luminance(colour):
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(scope="module")
def sof():
    book_data = data.load()
    return findings.summary_of_findings(book_data["studies"], book_data["outcomes"], book_data["pooled"])


def body_rows(parsed):
    return [row for row in parsed.rows if row and row[0][1].get("scope") == "row"]


# --- summary of findings ----------------------------------------------------------------------
def test_sof_table_has_one_row_per_finding_with_caption_and_column_headers(sof):
    text = sof_table_html(sof)
    parsed = parse(text)
    assert len(sof) == 18 and len(body_rows(parsed)) == 18
    assert parsed.captions == ["Summary of findings: all families, all outcomes"]
    header = parsed.rows[0]
    assert [(tag, attrs.get("scope")) for tag, attrs, _ in header] == [("th", "col")] * 3
    assert text.startswith('<div class="sb-table-scroll" tabindex="0" role="region" aria-label="Summary of findings')
    assert '<table class="sb-table sb-sof">' in text
    assert not MISSING_WORDS.search(" ".join(cell for row in parsed.rows for _, _, cell in row))


def test_sof_row_shows_effect_certainty_symbols_word_and_reasons(sof):
    rows = {row[0][2]: row for row in body_rows(parse(sof_table_html(sof)))}
    viderman = rows["Pain Mixed spinal procedures all (1w, 2w, 1m, 2m, 3m pooled)"]
    effect, certainty = viderman[1][2], viderman[2][2]
    assert effect == ("SMD −0.01 (95 % CI −0.11 to 0.10) no clear difference published pooled; k not reported, "
                      "n not reported Source: viderman2023, data/pooled.csv row 1")
    assert certainty.startswith("⊕⊕⊕◯ Moderate Why? risk of bias −1 Starts high (randomized).")
    kimura = rows["Pain Nerve root block change from baseline (timepoint not stated in abstract)"]
    assert kimura[2][2].startswith("⊕◯◯◯ Very low Why? risk of bias −1, indirectness −1, imprecision −1")
    assert "Indirectness (−1): comparator is fluoroscopy or CT, not fluoroscopy alone" in kimura[2][2]
    hazra = rows["Procedure time Epidural injection during the procedure"]
    # Hazra 2016 and Akkaya 2017 pooled (the numbers are checked in test_chapter05)
    assert "MD −3.41 min (95 % CI −6.76 to −0.06) favours US ours, pooled; k = 2, n = 80 patients" in hazra[1][2]


def test_sof_certainty_is_a_css_class_not_an_inline_colour(sof):
    text = sof_table_html(sof)
    assert 'style=' not in text and "#7f7f7f" not in text
    assert text.count('class="sb-certainty sb-moderate"') == 1 and text.count('class="sb-certainty sb-very-low"') == 15
    assert text.count("<details") == 18 and text.count('aria-hidden="true">⊕') == 18


def test_sof_table_filters_like_the_figure(sof):
    parsed = parse(sof_table_html(sof, "injection_epidural", "time_radiation"))
    assert parsed.captions == ["Summary of findings: Epidural injection, time and radiation"]
    assert [row[0][2] for row in body_rows(parsed)] == ["Procedure time Epidural injection during the procedure"]
    assert len(body_rows(parse(sof_table_html(sof, group="success_safety")))) == 7


def test_empty_filter_raises_empty_selection_with_its_message(sof):
    with pytest.raises(EmptySelection, match=r"^No estimate for pain and function in radiofrequency ablation\.$"):
        sof_table_html(sof, "ablation", "pain_function")
    with pytest.raises(EmptySelection, match=r"^No estimate for any outcome in this family\.$"):
        sof_table_html(sof[sof.family != "endoscopic"], "endoscopic", "all")


def test_text_from_the_data_is_escaped_and_missing_values_explained(sof):
    row = sof.iloc[[0]].copy()
    row["effect"] = "<script>alert(1)</script>"
    row["source_id"] = None
    row["k"], row["n"] = float("nan"), float("nan")
    text = sof_table_html(row)
    assert "<script>" not in text and html.escape("<script>alert(1)</script>") in text
    assert "Source: <cite>not reported</cite>" in text and "k not reported, n not reported" in text
    assert not MISSING_WORDS.search(re.sub(r"<[^>]+>", " ", text))


# --- GRADE table --------------------------------------------------------------------------------
def test_grade_table_has_one_row_per_finding_with_every_domain(sof):
    text = grade_table_html(sof)
    assert text._repr_html_() == text  # a notebook cell shows it as HTML
    parsed = parse(text)
    rows = body_rows(parsed)
    assert len(rows) == len(sof) == 18
    assert [(tag, attrs.get("scope")) for tag, attrs, _ in parsed.rows[0]] == [("th", "col")] * 3
    assert text.count("<details") == 18
    for label in findings.DOMAIN_LABELS.values():
        assert text.count(f"<strong>{label}</strong>") == 18
    kimura = next(row for row in rows if row[0][2] == "Pain Nerve root block kimura2023")
    assert kimura[1][2] == "⊕◯◯◯ Very low starts high (randomized)"
    assert kimura[2][2].startswith("risk of bias −1, indirectness −1, imprecision −1 Risk of bias (−1): read from the abstract")
    assert "Inconsistency (no downgrade): I² not reported in the source" in kimura[2][2]
    assert not MISSING_WORDS.search(" ".join(cell for row in parsed.rows for _, _, cell in row))


def test_certainty_colours_meet_aa_contrast_in_light_and_dark_mode():
    css = CSS.read_text()
    for level in ("high", "moderate", "low", "very-low"):
        light = re.search(rf"^\.sb-{level} {{ color: (#[0-9a-f]{{6}}); }}", css, re.M).group(1)
        dark = re.search(rf'^html\[data-theme="dark"\] \.sb-{level} {{ color: (#[0-9a-f]{{6}}); }}', css, re.M).group(1)
        assert contrast(light, "#ffffff") >= 4.5, level
        for page in ("#121212", "#14181e"):  # sphinx-book-theme's and pydata-sphinx-theme's dark page
            assert contrast(dark, page) >= 4.5, (level, page)
    assert ".sb-table-scroll" in css and "overflow-x: auto" in css


# --- data pages and the built book ----------------------------------------------------------------
def test_data_pages_wrap_every_table_in_a_scroll_box():
    for text in (DataOverview.html(None), DataDictionary.html(None)):
        assert text.count("<table") == text.count('<div class="sb-table-scroll" tabindex="0" role="region"') > 0
        cells = [cell for row in parse(text).rows for _, _, cell in row]
        assert cells and not any(MISSING_WORDS.search(cell) for cell in cells)
    assert text.count("<table") == len(data.RESOURCES)
    studies = parse(DataDictionary.html(None)).rows[:2]  # the header and the first field of studies.csv
    assert [cell for _, _, cell in studies[0]] == ["Field and type", "Description and constraints"]
    assert [cell for _, _, cell in studies[1]] == [
        "study_id string, required",
        "Identifier: first author + year where both were visible, otherwise a source-based id. "
        "Constraints: unique; pattern [a-z0-9_]+"]
    overview = parse(DataOverview.html(None)).rows[1]
    assert overview[0][2] == "studies data/studies.csv 45 rows, 22 fields key: study_id"
    assert "key: none (no primary key)" in DataOverview.html(None)


def test_no_page_of_the_built_book_shows_nan_or_none_in_a_table(site):
    pages = sorted((REPO / "_build" / "html" / "book").glob("*.html"))
    assert len(pages) >= 11  # five chapters and six other pages
    shown = {}
    for page in pages:
        cells = [cell for row in parse(page.read_text()).rows for _, _, cell in row]
        bad = [cell for cell in cells if MISSING_WORDS.search(cell)]
        if bad:
            shown[page.name] = bad[:3]
    assert shown == {}
    chapter = parse((REPO / "_build" / "html" / "book" / "05-conclusion.html").read_text())
    assert "Certainty of each finding (GRADE): starting level and the five domains" in chapter.captions


def test_missing_words_pattern_does_not_flag_ordinary_words():
    assert not MISSING_WORDS.search("Nanjing none nominal financial")
    assert MISSING_WORDS.search("value nan") and MISSING_WORDS.search("None")
