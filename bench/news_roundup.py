"""Measure what the news roundup costs: parsing and cleaning feeds, merging sources, and the News pages' size.

Run: .venv/bin/python bench/news_roundup.py [feeds, default 10] [items per feed, default 100] [--memory].
Feeds are synthetic RSS with HTML summaries (a fifth of the stories are copies across feeds, to exercise
deduplication). Prints figures; asserts nothing. No network.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from news.items import build_roundup, paginate  # noqa: E402
from sources.feeds import FeedOptions, dedupe, parse_feed  # noqa: E402

NOW = datetime(2026, 11, 1, tzinfo=timezone.utc)


def synthetic_feed(number: int, items: int) -> bytes:
    entries = []
    for index in range(items):
        shared = index % 5 == 0  # the same story in every feed
        slug = f"shared-{index}" if shared else f"feed-{number}-story-{index}"
        when = NOW - timedelta(hours=index * 7 + (0 if shared else number))
        entries.append(
            f"<item><title>HEART story {slug.replace('-', ' ')} about crisis response</title>"
            f"<link>https://news{0 if shared else number}.example.org/{slug}/?utm_source=rss&amp;fbclid=x</link>"
            f"<guid>{slug}</guid><pubDate>{format_datetime(when)}</pubDate>"
            f"<description><![CDATA[<p>Paragraph about <b>HEART</b> {index}.</p><img src='https://t.example.com/p.gif'>"
            f"<script>alert(1)</script><p>{'More words. ' * 30}</p>]]></description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {number}</title>'
            f"<link>https://news{number}.example.org/</link>{''.join(entries)}</channel></rss>").encode()


def main() -> None:
    numbers = [int(arg) for arg in sys.argv[1:] if arg.isdigit()]
    feeds = numbers[0] if numbers else 10
    per_feed = numbers[1] if len(numbers) > 1 else 100
    bodies = [synthetic_feed(number, per_feed) for number in range(feeds)]
    tracemalloc.start() if "--memory" in sys.argv else None
    started = time.perf_counter()
    items = []
    for number, body in enumerate(bodies):
        options = FeedOptions(name=f"feed-{number}", title=f"Feed {number}", url=f"https://news{number}.example.org/",
                              include=("HEART",), max_items=per_feed, max_age_days=3650)
        items += parse_feed(body, options, now=NOW)
    parsed = time.perf_counter() - started
    merged = dedupe(items)
    entries = build_roundup(merged, [], [], site_name="Site", zone="America/New_York")
    pages = paginate(entries, 25, "news/", "news/index.html")
    total = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    print(f"feeds: {feeds} x {per_feed} items, {sum(map(len, bodies)) / 1e6:.1f} MB of XML")
    print(f"parse and clean: {parsed:.2f} s ({parsed / (feeds * per_feed) * 1000:.2f} ms per item)")
    print(f"merge, dedupe, group, paginate: {total - parsed:.2f} s")
    print(f"stories: {len(items)} kept, {len(entries)} after deduplication, {len(pages)} pages of 25")
    if "--memory" in sys.argv:
        print(f"peak Python memory: {peak / 1e6:.1f} MB (tracemalloc slows the run)")


if __name__ == "__main__":
    main()
