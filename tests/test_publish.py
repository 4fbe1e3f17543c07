"""What reuse needs: the licences, the citation file, the footer that says them on every page, a
description for every page and a favicon at the site's root."""

import json
import re
from pathlib import Path

import yaml
from PIL import Image

from spinebook.sphinx_site import MAX_CHARS, description

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
EDITORIAL_DOI = "10.56831/PSSRP-06-211"


def test_licence_files_hold_the_full_texts():
    code = (ROOT / "LICENSE").read_text()
    assert code.startswith("MIT License") and "Copyright (c) 2026 The spinebook contributors" in code
    assert "THE SOFTWARE IS PROVIDED \"AS IS\"" in code
    content = (ROOT / "LICENSE-CC-BY-4.0.txt").read_text()
    assert content.startswith("Creative Commons Attribution 4.0 International")
    assert "Section 3 – License Conditions." in content and len(content) > 15_000


def test_citation_file_names_the_book_its_licences_and_the_editorial():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert citation["cff-version"] == "1.2.0"
    assert citation["title"].startswith(config["title"])
    assert citation["license"] == ["CC-BY-4.0", "MIT"]
    assert citation["authors"][0]["name"] == config["author"]
    bib = (ROOT / "book" / "references.bib").read_text()
    assert citation["references"][0]["doi"] == EDITORIAL_DOI and EDITORIAL_DOI in bib
    package = json.loads((ROOT / "data" / "datapackage.json").read_text())
    assert [lic["name"] for lic in package["licenses"]] == ["CC-BY-4.0"]


def test_a_description_is_the_first_paragraph_of_prose_cut_at_a_word():
    body = ("<blockquote><p>" + "A quotation that is long enough to count. " * 3 + "</p></blockquote>"
            "<p>Short.</p><p>" + "The first real paragraph of the page, " * 8 + "</p>")
    text = description(body)
    assert text.startswith("The first real paragraph") and len(text) <= MAX_CHARS and text.endswith("…")
    assert not text[:-1].endswith(" ")


def test_every_page_has_a_description_the_licences_and_the_editorial_in_its_footer():
    # every page of the book (the root index.html only redirects to the introduction)
    pages = sorted(p for p in HTML.rglob("*.html") if "_static" not in p.parts and p != HTML / "index.html")
    assert len(pages) > 10
    for page in pages:
        text = page.read_text()
        found = re.findall(r'<meta name="description" content="([^"]*)">', text)
        assert len(found) == 1 and 40 <= len(found[0]) <= MAX_CHARS, (page, found)
        footer = text[text.find('<footer class="bd-footer-content">'):]
        for needed in ("CC BY 4.0", "MIT", f"doi.org/{EDITORIAL_DOI}", "not clinical advice"):
            assert needed in footer, (page.name, needed)
    descriptions = [re.search(r'name="description" content="([^"]*)"', (HTML / "book" / f).read_text()).group(1)
                    for f in ("01-burden.html", "06-two-ways-of-seeing.html")]
    assert descriptions[0] != descriptions[1]


def test_the_favicon_is_at_the_sites_root():
    assert (HTML / "favicon.svg").read_bytes() == (ROOT / "book" / "favicon.svg").read_bytes()
    icon = Image.open(HTML / "favicon.ico")
    assert icon.format == "ICO" and {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])


def test_the_data_package_and_each_resource_state_their_licence_and_their_sources_terms():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text())
    cc_by = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
             "title": "Creative Commons Attribution 4.0"}
    assert package["licenses"] == [cc_by]
    import csv

    for resource in package["resources"]:
        name = resource["name"]
        assert resource["licenses"] == [cc_by], name
        assert resource["sources"] and all(s["title"] for s in resource["sources"]), name
        terms = resource["sourceTerms"]
        with open(ROOT / "data" / resource["path"], newline="", encoding="utf-8") as handle:
            columns = next(csv.reader(handle))
        if name == "probes":  # values of a program, not of a publication: checked below
            continue
        if "quote" in columns:  # numbers from others: whose they are and how they are used
            assert "verbatim" in terms and "own copyright" in terms, name
            assert resource["sources"][0]["path"] == "../book/references.bib", name
        else:
            assert "quotes no source" in terms, name
    probes = next(r for r in package["resources"] if r["name"] == "probes")
    assert "GNU LGPL v3" in probes["sourceTerms"] and "no code of PyMUST is copied" in probes["sourceTerms"]


def test_the_data_overview_page_shows_each_tables_licence_and_sources_terms():
    page = (HTML / "book" / "data-dictionary.html").read_text(encoding="utf-8")
    package = json.loads((ROOT / "data" / "datapackage.json").read_text())
    import html

    for resource in package["resources"]:
        assert html.escape(resource["sourceTerms"]) in page, resource["name"]
    assert page.count("Licence: Creative Commons Attribution 4.0. Sources:") == len(package["resources"])
    assert page.count("Sources: as above") >= len(package["resources"]) - 3
