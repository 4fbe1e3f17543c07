"""Shared by the browser tests: the built book served on 127.0.0.1 and Debian's Chromium, offline."""

import sys
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from browser import CHROMIUM_ARGS, chromium_path, serve  # noqa: E402
from build_book import build  # noqa: E402


@pytest.fixture(scope="module")
def site():
    build()
    with serve() as url:
        yield url


@pytest.fixture(scope="module")
def browser(site):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
