"""Site search: Pagefind indexes the built site, the search page finds real pages in Chromium, and without
JavaScript it says how else to find things."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.server import serve  # noqa: E402


@pytest.fixture(scope="module")
def site(built_site):
    with serve(built_site) as base_url:
        yield base_url


def open_search(browser, url, **context_options):
    context = browser.new_context(viewport={"width": 390, "height": 844}, **context_options)
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(url)
    return page, requests, errors


def test_build_writes_the_search_index(built_site):
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    assert list((built_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert 'data-pagefind-body' in (built_site / "index.html").read_text()
    # The search page and the 404 page are not search results.
    assert 'data-pagefind-body' not in (built_site / "search" / "index.html").read_text()
    assert 'data-pagefind-body' not in (built_site / "404.html").read_text()


def test_search_finds_the_page_that_has_the_words(browser, site, built_site):
    page, requests, errors = open_search(browser, site + "search/?q=overnight")
    page.wait_for_selector(".hs-search__status", timeout=15_000)
    links = page.locator(".hs-search__result a")
    assert links.count() >= 1
    href = links.first.get_attribute("href")
    target = built_site / href.strip("/") / "index.html"
    assert target.is_file(), href
    assert "overnight" in target.read_text().lower()
    assert page.locator(".hs-search__excerpt mark").first.inner_text().lower().startswith("overnight")
    assert all(url.startswith(site) for url in requests), requests
    assert errors == []
    page.context.close()


def test_typing_and_submitting_searches_and_keeps_the_words_in_the_address(browser, site):
    page, requests, _errors = open_search(browser, site + "search/")
    # Pagefind loads only once someone searches, so the page itself stays small.
    assert not any("pagefind" in url for url in requests)
    page.fill("#hs-search-words", "zzzzqqq")
    page.press("#hs-search-words", "Enter")
    page.wait_for_selector(".hs-search__status", timeout=15_000)
    assert "Nothing found for “zzzzqqq”" in page.inner_text("[data-search-results]")
    assert page.url.endswith("search/?q=zzzzqqq")
    assert page.locator("[data-search-results]").get_attribute("aria-live") == "polite"
    page.context.close()


def test_without_javascript_the_page_says_how_else_to_find_things(browser, site):
    page, _requests, _errors = open_search(browser, site + "search/", java_script_enabled=False)
    assert not page.locator(".hs-search__form").is_visible()
    assert page.get_by_text("Search needs JavaScript").is_visible()
    hrefs = [link.get_attribute("href") for link in page.locator("main a").all()]
    assert any(href.endswith("updates/") for href in hrefs)
    assert any(href.endswith("sitemap.xml") for href in hrefs)
    page.context.close()
