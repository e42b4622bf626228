"""Headers and upload order for each kind of file (pure functions, no server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from publishing.files import SiteFile, cache_control, content_type, plan_changes

YEAR = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
HOUR = "public, max-age=3600"


@pytest.mark.parametrize("key, expected_type, expected_cache", [
    ("index.html", "text/html; charset=utf-8", SHORT),
    ("updates/some-title/index.html", "text/html; charset=utf-8", SHORT),
    ("theme/css/site.3f2a9c1d.css", "text/css; charset=utf-8", YEAR),
    ("theme/css/site.css", "text/css; charset=utf-8", HOUR),
    ("theme/js/council.js", "text/javascript; charset=utf-8", HOUR),
    ("feeds/updates.atom.xml", "application/atom+xml", SHORT),
    ("sitemap.xml", "application/xml", SHORT),
    ("events.ics", "text/calendar; charset=utf-8", SHORT),
    ("robots.txt", "text/plain; charset=utf-8", SHORT),
    ("pagefind/pagefind-entry.json", "application/json", SHORT),
    ("pagefind/fragment/en_4b1c2d3.pf_fragment", "application/octet-stream", YEAR),
    ("pagefind/index/en_a1b2c3d.pf_index", "application/octet-stream", YEAR),
    ("theme/favicon.svg", "image/svg+xml", HOUR),
    ("images/beats.png", "image/png", HOUR),
])
def test_each_kind_of_file_gets_its_type_and_cache_rule(key, expected_type, expected_cache):
    assert content_type(key) == expected_type
    assert cache_control(key) == expected_cache


def site_file(key: str, md5: str = "new") -> SiteFile:
    return SiteFile(key, Path(key), md5, 1, content_type(key), cache_control(key))


def test_uploads_go_assets_then_new_pages_then_changed_pages_then_pointers_and_deletes_last():
    local = {f.key: f for f in map(site_file, [
        "sitemap.xml", "index.html", "updates/new-one/index.html", "theme/css/site.0123abcd.css",
        "feeds/updates.atom.xml", "pagefind/pagefind-entry.json", "pagefind/index/en_1234567.pf_index",
        "about/index.html"])}
    published = {"index.html": "old", "sitemap.xml": "old", "feeds/updates.atom.xml": "old",
                 "about/index.html": "new", "updates/gone/index.html": "old", "theme/css/site.fedc4321.css": "old"}

    changes = plan_changes(local, published)

    assert [f.key for f in changes.upload] == [
        "pagefind/index/en_1234567.pf_index", "theme/css/site.0123abcd.css",  # assets
        "updates/new-one/index.html",  # new page, before the lists that link to it
        "index.html",  # changed page
        "feeds/updates.atom.xml", "pagefind/pagefind-entry.json", "sitemap.xml",  # pointers
    ]
    assert changes.delete == ["theme/css/site.fedc4321.css", "updates/gone/index.html"]
    assert "about/index.html" not in {f.key for f in changes.upload}, "unchanged files are not sent"
