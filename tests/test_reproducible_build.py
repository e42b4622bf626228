"""Builds are reproducible: the same content and snapshots give byte-identical output, so a rebuild uploads nothing."""

from __future__ import annotations

import hashlib
import re
import tomllib
from datetime import datetime
from zoneinfo import ZoneInfo

from conftest import ROOT

EPOCH = 1700000000  # the SOURCE_DATE_EPOCH conftest.run_build sets


def digest_tree(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_content_are_byte_identical(public_sites):
    # `again` was built seconds after `first`, into another folder: any clock reading would differ.
    a, b = digest_tree(public_sites.first), digest_tree(public_sites.again)
    assert len(a) > 20
    assert a == b, sorted(key for key in a.keys() | b.keys() if a.get(key) != b.get(key))


def test_sitemap_dates_come_from_content_or_the_last_commit_never_the_clock(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    stamps = re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)
    assert stamps
    # The commit's time, written in the campaign's time zone like every time the site shows.
    zone = ZoneInfo(tomllib.loads((ROOT / "data" / "site.toml").read_text(encoding="utf-8"))["timezone"])
    commit_time = datetime.fromtimestamp(EPOCH, tz=zone).isoformat()
    content_dates = {re.search(r"^Date:\s*(\S+)", path.read_text(encoding="utf-8"), re.M).group(1)
                     for path in (ROOT / "content" / "updates").glob("*.md")}
    for stamp in stamps:
        assert stamp == commit_time or stamp[:10] in content_dates, stamp
    assert commit_time in stamps, "undated pages take SOURCE_DATE_EPOCH"


def test_stylesheet_name_carries_its_content_hash(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    name = re.search(r'href="[./]*(theme/css/site\.([0-9a-f]{8})\.css)"', html)
    assert name, "the page links to a fingerprinted stylesheet"
    stylesheet = built_site / name.group(1)
    assert hashlib.sha256(stylesheet.read_bytes()).hexdigest()[:8] == name.group(2)
