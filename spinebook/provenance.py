"""Canonical provenance: which addresses are mirrors, aggregators, proxies, catalogues or course
pages (fine for *reading* an abstract, never a source's only identity), and which bibliography
entries or data records lack a canonical one (DOI, PubMed/PMC id, trial registration, or an
official publisher, registry or guideline page)."""

from __future__ import annotations

import re
from urllib.parse import urlparse

#: Hosts that reproduce, index, translate or summarise others' work. A source may be *read* on
#: one (source_url), but must also carry a canonical identifier or an official address.
MIRROR_HOSTS = (
    # abstract mirrors and aggregators
    "suppr", "x-mol", "booksci", "ouci.dntb.gov.ua", "researchgate.net", "semanticscholar.org", "scite.ai",
    "sciety.org", "zendy.io", "arxivlens.com", "webhealthai.com", "globalauthorid.com", "metajournal.com",
    "paperexplained.cn", "fdocuments.in", "medluna.com", "tomesphere.com", "aminer.cn", "qxmd.com",
    "pubmedcentralcanada.ca", "acarindex.com", "scholar.archive.org",
    # trial-registry mirrors
    "medpath.com", "trials.co", "ichgcp.net", "crick.ai", "medifind.com",
    # news summaries of papers, blogs, copies of textbooks, course pages (a clinic's or a newspaper's
    # own page is the original of what it says, and is not listed)
    "physiciansweekly.com", "curanature.com", "clinicalgate.com", "musculoskeletalkey.com", "guideline-genius.com",
    "aspenphysio.co.uk", "independentpharmacist.co.uk", "clinicalpainadvisor.com", "dontforgetthebubbles.com",
    "myhsn.co.uk", "self-law.org",
    "info-radiology.com", "londonspine.com",
    # library catalogues and discovery layers
    "bib-bvb.de", "ebusca.uv.mx", "search.isc.ac", "libmast.utm.my", "searchworks.jioinstitute.edu.in",
    "benhvien108.vn", "basespace.illumina.com",
    # translation proxies
    "weglot.com", "translate.goog",
)
#: What a record or bibliography note says when no canonical identity could be found: the gap is
#: stated in the data, where the book and the tests can see it.
MIRROR_ONLY_MARK = "[Canonical source not found: read only on a mirror or catalogue page.]"
_BARE_IP = re.compile(r"^\d{1,3}(\.\d{1,3}){3}(:\d+)?$")


def is_mirror(url: str) -> bool:
    host = urlparse(url or "").netloc.lower()
    return bool(host) and (bool(_BARE_IP.match(host)) or any(mirror in host for mirror in MIRROR_HOSTS))


_ENTRY = re.compile(r"@\s*([A-Za-z]+)\s*\{\s*([^,\s]+)\s*,(.*?)\n\}", re.DOTALL)
_PMID = re.compile(r"\bPMID:?\s*\d+|pubmed\.ncbi\.nlm\.nih\.gov/\d+|\bPMC\d+", re.IGNORECASE)
_REGISTRY = re.compile(r"\b(NCT\d{8}|ChiCTR[\w-]+|IRCT\w+|ISRCTN\d+|ACTRN\d+|CTRI/[\d/]+)")


def bib_entries(text: str) -> list[dict]:
    entries = []
    for kind, key, body in _ENTRY.findall(text):
        urls = [u.strip() for u in re.findall(r"\burl\s*=\s*\{([^}]*)\}", body)]
        primary = re.search(r"\bprimary\s*=\s*\{([^}]*)\}", body)
        entries.append({"key": key, "kind": kind.lower(), "doi": bool(re.search(r"\bdoi\s*=\s*\{10\.", body)),
                        "pubmed": bool(_PMID.search(body)), "registry": bool(_REGISTRY.search(body)), "urls": urls,
                        "primary": primary.group(1).strip() if primary else "", "marked": MIRROR_ONLY_MARK in body})
    return entries


def canonical(doi: bool, pubmed: bool, registry: bool, urls) -> bool:
    """A DOI, a PubMed/PMC id, a registration, or an official address (not a mirror)."""
    return doi or pubmed or registry or any(url and not is_mirror(url) for url in urls)


def _own_identity(entry: dict) -> bool:
    return canonical(entry["doi"], entry["pubmed"], entry["registry"], entry["urls"])


def mirror_only_entries(text: str) -> list[str]:
    """Bibliography keys with no canonical identity of their own and no ``primary`` field naming an
    entry that has one (a page read second-hand points to the work it summarises)."""
    entries = {e["key"]: e for e in bib_entries(text)}
    return [key for key, e in entries.items()
            if not _own_identity(e) and not (e["primary"] in entries and _own_identity(entries[e["primary"]]))]


def _text(value) -> str:
    if value is None or str(value) in ("<NA>", "nan", "None"):
        return ""
    return str(value).strip()


def record_has_canonical_identity(row) -> bool:
    """A screened record (data/records.csv) names its work by a DOI, PubMed/PMC id, registration
    or an official address — not only by the mirror it was read on."""
    get = row.get if isinstance(row, dict) else lambda key: getattr(row, key, None)
    url = _text(get("canonical_url"))
    return bool(_text(get("doi")) or _text(get("pmid")) or _text(get("pmcid")) or _text(get("registry_id"))
                or (url and not is_mirror(url)))
