"""One setting, the repository's URL, turns on every link that needs the public repository.

The book is built once more, with a sample URL and a sample JupyterHub, into a temporary folder
(the main build's execution cache is copied in, so no notebook runs again); every chapter's
repository, issue, edit, Binder, JupyterHub and .ipynb links are checked against what they must
point at. The default build (no URL) shows none of the repository links."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError

from spinebook.sphinx_repository import repository_settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from browser import toc_pages  # noqa: E402
from build_book import JB_FLAGS, build, sources_hash  # noqa: E402

SAMPLE = "https://github.com/example-org/spinebook"
HUB = "https://hub.example.edu"
SOURCES = [page.removesuffix(".html") for page in toc_pages()]  # book/01-burden, ...
CHAPTERS = [page for page in SOURCES if (ROOT / f"{page}.ipynb").exists()]
PAGES = [page for page in SOURCES if (ROOT / f"{page}.md").exists()]


def links(html_file: Path) -> dict[str, str]:
    """The header's links by what they do."""
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    found = {}
    for anchor in soup.select(".article-header-buttons a, .dropdown-menu a"):
        classes = " ".join(anchor.get("class", []))
        label = anchor.get_text(" ", strip=True) or anchor.get("title", "")
        for key, marker in [("repository", "btn-source-repository-button"), ("issue", "btn-source-issues-button"),
                            ("edit", "btn-source-edit-button"), ("ipynb", "btn-download-source-button")]:
            if marker in classes:
                found[key] = anchor["href"]
        for key in ("Binder", "JupyterHub"):
            if label.strip() == key:
                found[key] = anchor["href"]
    return found


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    build()  # the main build, whose execution cache the sample build reuses
    out = tmp_path_factory.mktemp("sample-url")
    (out / "_build").mkdir()
    shutil.copytree(ROOT / "_build" / ".jupyter_cache", out / "_build" / ".jupyter_cache")
    env = {**os.environ, "SPINEBOOK_BUILD": "1", "SPINEBOOK_REPOSITORY_URL": SAMPLE, "SPINEBOOK_JUPYTERHUB_URL": HUB}
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run([str(jupyter_book), "build", *JB_FLAGS, "--path-output", str(out), str(ROOT)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "WARNING" not in result.stdout + result.stderr
    return out / "_build" / "html"


@pytest.mark.parametrize("page", CHAPTERS)
def test_each_chapter_links_to_its_file_in_the_repository_and_launches_it(sample_site, page):
    found = links(sample_site / f"{page}.html")
    source = f"{page}.ipynb"
    assert (ROOT / source).is_file()
    assert found["repository"] == SAMPLE
    assert found["edit"] == f"{SAMPLE}/edit/main/{source}"
    issue = urlsplit(found["issue"])
    assert f"{issue.scheme}://{issue.netloc}{issue.path}" == f"{SAMPLE}/issues/new"
    assert f"/{page}.html" in parse_qs(issue.query)["title"][0]
    assert found["Binder"] == f"https://mybinder.org/v2/gh/example-org/spinebook/main?urlpath=lab/tree/{source}"
    hub = urlsplit(found["JupyterHub"])
    assert f"{hub.scheme}://{hub.netloc}{hub.path}" == f"{HUB}/hub/user-redirect/git-pull"
    assert parse_qs(hub.query) == {"repo": [SAMPLE], "urlpath": [f"lab/tree/spinebook/{source}"], "branch": ["main"]}
    # The download is the chapter's notebook itself, served beside the page.
    downloaded = (sample_site / page).parent / found["ipynb"]
    assert downloaded.resolve().is_relative_to(sample_site.resolve()) and downloaded.name == Path(source).name
    assert json.loads(downloaded.read_text())["cells"] == json.loads((ROOT / source).read_text())["cells"]


@pytest.mark.parametrize("page", PAGES)
def test_each_text_page_links_to_its_markdown_file_without_launch_buttons(sample_site, page):
    found = links(sample_site / f"{page}.html")
    assert (ROOT / f"{page}.md").is_file()
    assert found["edit"] == f"{SAMPLE}/edit/main/{page}.md"
    assert found["repository"] == SAMPLE
    assert "Binder" not in found and "JupyterHub" not in found


def test_without_a_url_the_book_shows_no_repository_link():
    build()
    for page in CHAPTERS + PAGES:
        soup = BeautifulSoup((ROOT / "_build" / "html" / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
        found = links(ROOT / "_build" / "html" / f"{page}.html")
        assert not {"repository", "issue", "edit", "Binder", "JupyterHub"} & set(found), (page, found)
        hrefs = [a["href"] for a in soup.select(".bd-header-article a[href]")]
        assert not [h for h in hrefs if "mybinder.org" in h or "/edit/" in h or "git-pull" in h], hrefs
        assert page not in CHAPTERS or any(h.endswith(".ipynb") for h in hrefs), hrefs
    assert links(ROOT / "_build" / "html" / f"{CHAPTERS[1]}.html")["ipynb"].endswith(".ipynb")


def test_the_setting_comes_from_the_config_or_the_environment_which_wins():
    config = {"repository_url": "", "launch_buttons": {"binderhub_url": "https://mybinder.org", "jupyterhub_url": ""}}
    off = repository_settings(config, environ={})
    assert off["launch_buttons"] == {"binderhub_url": "", "jupyterhub_url": ""}
    assert not any(off[b] for b in ("use_repository_button", "use_issues_button", "use_edit_page_button"))
    from_config = repository_settings({**config, "repository_url": "https://gitlab.com/a/b.git"}, environ={})
    assert from_config["repository_url"] == "https://gitlab.com/a/b" and from_config["use_edit_page_button"]
    assert from_config["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    env = {"SPINEBOOK_REPOSITORY_URL": SAMPLE + "/", "SPINEBOOK_REPOSITORY_BRANCH": "gh-book", "SPINEBOOK_JUPYTERHUB_URL": HUB}
    from_env = repository_settings({**config, "repository_url": "https://gitlab.com/a/b"}, environ=env)
    assert (from_env["repository_url"], from_env["repository_branch"]) == (SAMPLE, "gh-book")
    assert from_env["launch_buttons"]["jupyterhub_url"] == HUB


@pytest.mark.parametrize("bad", ["github.com/example-org/spinebook", "http://github.com/x/y", "https://github.com/x"])
def test_a_malformed_url_stops_the_build_with_a_message_that_says_where_to_fix_it(bad):
    with pytest.raises(ConfigError, match="repository.url in _config.yml or SPINEBOOK_REPOSITORY_URL"):
        repository_settings({}, environ={"SPINEBOOK_REPOSITORY_URL": bad})


def test_a_new_url_in_the_environment_rebuilds_the_book(monkeypatch):
    monkeypatch.delenv("SPINEBOOK_REPOSITORY_URL", raising=False)
    before = sources_hash()
    monkeypatch.setenv("SPINEBOOK_REPOSITORY_URL", SAMPLE)
    assert sources_hash() != before
