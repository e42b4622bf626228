"""The shipped site builds, and every page is complete, linked and labelled."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ElementTree
from urllib.parse import urlparse

import html5lib
import pytest

from conftest import ROOT
from site_pages import html_pages, internal_references, soup_of, target_file

EXPECTED_PAGES = [
    "index.html",
    "404.html",
    "what-is-heart/index.html",
    "take-action/index.html",
    "about/index.html",
    "updates/index.html",
    "updates/heart-now-answers-calls-in-all-of-durham-12-hours-a-day/index.html",
    "updates/durham-residents-call-for-heart-around-the-clock/index.html",
    "updates/new-city-budget-adds-17-heart-staff-but-not-247-service-yet/index.html",
    "updates/tag/budget/index.html",
    "robots.txt",
    "sitemap.xml",
    "feeds/updates.atom.xml",
    "theme/css/site.css",
]


@pytest.mark.parametrize("name", EXPECTED_PAGES)
def test_expected_page_exists(built_site, name):
    assert (built_site / name).is_file(), f"{name} was not built"


def test_page_kinds_nobody_visits_are_not_written(built_site):
    for name in ("authors.html", "tags.html", "categories.html", "author", "archives.html"):
        assert not (built_site / name).exists(), name


def test_home_states_the_ask(built_site):
    soup = soup_of(built_site / "index.html")
    assert soup.h1.get_text(strip=True) == "HEART around the clock, everywhere in Durham"
    lead = soup.select_one(".hs-hero__lead").get_text()
    assert "24 hours a day" in lead
    actions = [a.get_text(strip=True) for a in soup.select(".hs-actions a")]
    assert "Tell the City Council" in actions


def test_every_page_parses_as_html(built_site):
    parser = html5lib.HTMLParser(strict=True)
    for page in html_pages(built_site):
        try:
            parser.parse(page.read_bytes())
        except html5lib.html5parser.ParseError as error:
            pytest.fail(f"{page.relative_to(built_site)}: {error}")


def test_one_h1_and_no_skipped_heading_levels(built_site):
    for page in html_pages(built_site):
        soup = soup_of(page)
        name = page.relative_to(built_site)
        assert len(soup.find_all("h1")) == 1, f"{name} must have exactly one h1"
        levels = [int(tag.name[1]) for tag in soup.find_all(re.compile(r"^h[1-6]$"))]
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, f"{name}: heading h{before} is followed by h{after}"


def test_landmarks_and_skip_link(built_site):
    for page in html_pages(built_site):
        soup = soup_of(page)
        name = page.relative_to(built_site)
        first_link = soup.body.find("a")
        assert first_link["href"] == "#main-content", f"{name}: the skip link must come first"
        assert soup.find("main", id="main-content"), name
        assert soup.find("header") and soup.find("footer") and soup.find("nav"), name
        assert soup.html.get("lang"), name


def test_internal_links_and_assets_resolve(built_site):
    problems = []
    for page in html_pages(built_site):
        if page.name == "404.html":
            continue  # root-relative on purpose; checked separately
        soup = soup_of(page)
        for tag, value, absolute in internal_references(built_site, page, soup):
            target = target_file(built_site, absolute)
            if target is None:
                continue
            if not target.is_file():
                problems.append(f"{page.relative_to(built_site)}: {value} -> missing {target.relative_to(built_site)}")
                continue
            fragment = urlparse(absolute).fragment
            if fragment and target.suffix == ".html" and not soup_of(target).find(id=fragment):
                problems.append(f"{page.relative_to(built_site)}: {value} -> no element with id {fragment}")
    assert not problems, "\n".join(problems)


def test_404_links_start_from_the_site_root(built_site):
    soup = soup_of(built_site / "404.html")
    stylesheet = soup.find("link", rel="stylesheet")["href"]
    # The name carries a content hash (plugins/publishing), so browsers may cache it for a year.
    assert re.fullmatch(r"/theme/css/site\.[0-9a-f]{8}\.css", stylesheet), stylesheet
    for link in soup.select("main a"):
        target = target_file(built_site, "http://site.test" + link["href"])
        assert target and target.is_file(), link["href"]


def test_no_request_leaves_the_site(built_site):
    for page in html_pages(built_site):
        soup = soup_of(page)
        for tag in soup.find_all(["link", "script", "img", "iframe", "source", "video", "audio"]):
            if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
                continue
            for attribute in ("href", "src", "srcset"):
                value = tag.get(attribute, "")
                assert not urlparse(value).netloc, f"{page.relative_to(built_site)} loads {value} from another host"
        assert "@import" not in page.read_text() and "url(http" not in page.read_text()
    css = (built_site / "theme/css/site.css").read_text()
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


def test_meta_tags(built_site):
    for page in html_pages(built_site):
        soup = soup_of(page)
        name = page.relative_to(built_site)

        def meta(key):
            tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
            assert tag and tag.get("content", "").strip(), f"{name}: missing {key}"
            return tag["content"]

        canonical = soup.find("link", rel="canonical")["href"]
        assert canonical.startswith("http://localhost:8000/"), f"{name}: canonical {canonical}"
        assert meta("og:url") == canonical
        for key in ("description", "og:title", "og:description", "og:type", "og:site_name", "twitter:card",
                    "viewport", "referrer"):
            meta(key)
        assert soup.title.get_text(strip=True) == meta("og:title")


def test_canonical_points_to_the_page_itself(built_site):
    page = built_site / "what-is-heart/index.html"
    assert soup_of(page).find("link", rel="canonical")["href"] == "http://localhost:8000/what-is-heart/"


def test_navigation_marks_the_current_page(built_site):
    soup = soup_of(built_site / "take-action/index.html")
    current = soup.select('nav a[aria-current="page"]')
    assert [a.get_text(strip=True) for a in current] == ["Take action"]
    article = soup_of(built_site / "updates/durham-residents-call-for-heart-around-the-clock/index.html")
    assert [a.get_text(strip=True) for a in article.select('nav a[aria-current="true"]')] == ["Updates"]


def test_every_figure_shows_its_date_and_source(built_site):
    figures = soup_of(built_site / "index.html").select(".hs-figure")
    assert len(figures) >= 3
    for figure in figures:
        provenance = figure.select_one(".hs-provenance")
        assert provenance is not None, figure
        assert provenance.find("time") and provenance.find("time").get("datetime")
        assert "Source:" in provenance.get_text()


def test_update_links_its_source_and_shows_the_known_date_only(built_site):
    soup = soup_of(built_site / "updates/durham-residents-call-for-heart-around-the-clock/index.html")
    time = soup.select_one(".hs-page-header time")
    assert time.get_text() == "Spring 2023"
    assert time["datetime"] == "2023"
    box = soup.select_one(".hs-source-box")
    assert "The News & Observer" in box.get_text()
    assert box.find("a") is None, "no address is known for this story, so none may be invented"
    cited = soup_of(built_site / "updates/heart-now-answers-calls-in-all-of-durham-12-hours-a-day/index.html")
    assert "City of Durham press release" in cited.select_one(".hs-source-box").get_text()


def test_sitemap_lists_every_page_with_absolute_addresses(built_site):
    tree = ElementTree.parse(built_site / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in tree.findall(".//s:loc", namespace)}
    for path in ("", "what-is-heart/", "take-action/", "about/", "updates/durham-residents-call-for-heart-around-the-clock/"):
        assert f"http://localhost:8000/{path}" in locations
    assert not any("404" in location for location in locations)


def test_robots_txt_points_to_the_sitemap(built_site):
    text = (built_site / "robots.txt").read_text()
    assert "User-agent: *" in text
    assert "Sitemap: http://localhost:8000/sitemap.xml" in text


def test_atom_feed_lists_updates_with_absolute_links(built_site):
    tree = ElementTree.parse(built_site / "feeds/updates.atom.xml")
    atom = {"a": "http://www.w3.org/2005/Atom"}
    entries = tree.findall("a:entry", atom)
    published = [path for path in (ROOT / "content/updates").glob("*.md")
                 if "Status: draft" not in path.read_text() and "\nLang: " not in path.read_text()]
    assert len(entries) == len(published) >= 3
    for entry in entries:
        href = entry.find("a:link", atom).get("href")
        assert href.startswith("http://localhost:8000/updates/"), href


def test_css_supports_dark_mode_print_and_focus(built_site):
    css = (built_site / "theme/css/site.css").read_text()
    assert "prefers-color-scheme: dark" in css
    assert "@media print" in css
    assert ":focus-visible" in css
    # The stylesheet blocks the first paint on every page, so what counts is its compressed transfer:
    # with the HTML it must fit in the first 14 KB a slow connection delivers.
    compressed = len(gzip.compress(css.encode(), compresslevel=9))
    assert compressed < 6_000, f"site.css is {compressed} bytes gzipped; keep the one stylesheet small"


def test_no_inline_event_handlers(built_site):
    for page in html_pages(built_site):
        soup = soup_of(page)
        for tag in soup.find_all(True):
            assert not any(attribute.startswith("on") for attribute in tag.attrs), f"{page}: inline handler on {tag.name}"


def test_timeline_dates_are_machine_readable(built_site):
    items = soup_of(built_site / "how-heart-grew/index.html").select("main li")
    dated = [item.find("time") for item in items if item.find("time")]
    assert len(dated) >= 10
    for time in dated:
        assert re.fullmatch(r"\d{4}(-\d{2}){0,2}", time["datetime"]), time
