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
