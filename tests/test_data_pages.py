"""The data dictionary and the sources-and-gaps pages are generated from the data package."""

from spinebook import data, gaps
from spinebook.sphinx_data_pages import DataDictionary, DataOverview, SourcesAndGaps


def test_overview_lists_every_resource_in_package_order_with_its_rows():
    overview = gaps.resource_overview()
    assert list(overview["resource"]) == list(data.RESOURCES)
    loaded = data.load()
    assert dict(zip(overview["resource"], overview["rows"])) == {name: len(frame) for name, frame in loaded.items()}


def test_every_resource_records_its_gaps_and_the_headline_gap_is_there():
    table = gaps.sources_and_gaps()
    assert set(table["resource"]) == set(data.RESOURCES)
    assert table["gap"].str.contains("628.8").any(), "the missing interval of the 628.8 M figure is a recorded gap"


def test_pages_escape_text_from_the_data(monkeypatch):
    import pandas as pd

    monkeypatch.setattr(gaps, "sources_and_gaps",
                        lambda: pd.DataFrame([{"resource": "studies", "rows": 1, "sources": 1, "gap": "<script>alert(1)</script>"}]))
    html = SourcesAndGaps.html(None)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<h3" in DataDictionary.html(None) and "<table" in DataOverview.html(None)


def test_built_data_dictionary_links_every_file_the_book_was_built_from(site):
    """A reader of the static book can download the exact data: every CSV, the package descriptor
    and the bibliography are linked from the data dictionary and served by the book itself."""
    import re
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    page = repo / "_build" / "html" / "book" / "data-dictionary.html"
    links = set(re.findall(r'<a href="\.\./([^"]+)" download>', page.read_text()))
    expected = {f"data/{r['path']}" for r in data.descriptor()["resources"]} | {"data/datapackage.json",
                                                                                 "book/references.bib"}
    assert links == expected
    for link in links:
        assert (repo / "_build" / "html" / link).read_bytes() == (repo / link).read_bytes(), link
