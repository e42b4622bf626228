"""Source type `feed`: an RSS 0.9x/1.0/2.0, Atom or JSON Feed of news stories, for the News page (plugins/news).

Fetched through the shared client (timeouts, retries, conditional GET, size cap), parsed and cleaned by
`sources.feeds`. Each refresh adds the new stories to the ones already in the snapshot, because feeds carry only
their latest few items: a story that rolls off the feed stays on the site until it is older than `max_age_days`.
A feed that cannot be read raises SourceError, so `refresh` reports it and keeps the last good snapshot.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..feeds import (MAX_FEED_BYTES, FeedError, FeedOptions, NewsItem, items_from_entries, merge_with_previous,
                     normalize_language, read_feed, safe_link)
from ..registry import FetchResult, Option, SourceError, register_source_type
from ..snapshots import SnapshotError, load_snapshot, snapshot_path

OPTIONS = {
    "title": Option(str, help="The source's name as readers know it; the feed's own title when left out.",
                    example='"The Daily Example"'),
    "home_url": Option(str, help="The source's own website, linked from the News page.",
                       example='"https://news.example.org/"'),
    "include": Option(list, help="Keep only stories that mention one of these words or phrases (any language; "
                                 "case and accents do not matter; end a word with * for any ending).",
                      example='["rent", "tenant union", "inquilino*"]', default=[]),
    "exclude": Option(list, help="Leave out stories that mention any of these.", example='["sponsored", "patrocinado"]',
                      default=[]),
    "max_age_days": Option(int, help="Leave out stories older than this many days.", example="730", default=730),
    "max_items": Option(int, help="Keep at most this many stories from this source.", example="50", default=50),
    "lang": Option(str, help="Language of the stories when the feed does not say: en or es.", example='"en"',
                   default=""),
    "timezone": Option(str, help="Time zone for feed dates written without one. Default: the campaign's.",
                       example='"America/Chicago"'),
}


def check_options(options: dict) -> list[tuple[str, str, str]]:
    problems = []
    for key in ("include", "exclude"):
        if any(not isinstance(term, str) or not term.strip() for term in options.get(key) or []):
            problems.append((key, "must be a list of words in quotes", f'Write it like {key} = ["rent", "tenants"].'))
    for key in ("max_age_days", "max_items"):
        if options.get(key) is not None and options[key] < 1:
            problems.append((key, "must be 1 or more", f"Write it like {key} = {OPTIONS[key].example}."))
    if options.get("lang") and not normalize_language(options["lang"]):
        problems.append(("lang", f'"{options["lang"]}" is not a language code', 'Write lang = "en" or lang = "es".'))
    try:
        ZoneInfo(options.get("timezone") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(("timezone", f'"{options.get("timezone")}" is not a time zone',
                         'Write it like timezone = "America/Chicago".'))
    home = options.get("home_url")
    if home and not safe_link(home):
        problems.append(("home_url", f'"{home}" is not a web address', 'Write it like home_url = "https://news.example.org/".'))
    return problems


def feed_options(source, feed_title: str = "") -> FeedOptions:
    options = source.options
    return FeedOptions(name=source.name, title=options.get("title") or feed_title or source.name, url=source.url,
                       home_url=safe_link(options.get("home_url") or ""),
                       include=tuple(options.get("include") or ()), exclude=tuple(options.get("exclude") or ()),
                       max_age_days=options.get("max_age_days"), max_items=options.get("max_items") or 50,
                       lang=options.get("lang") or "", timezone=options.get("timezone") or "UTC")


def previous_items(source) -> list[NewsItem]:
    """The stories in this source's current snapshot ([] when there is none or it cannot be read)."""
    if source.snapshot_dir is None:
        return []
    try:
        old = load_snapshot(snapshot_path(source.snapshot_dir, source.name))
    except SnapshotError:
        return []
    items = []
    for record in old.records if old else []:
        try:
            items.append(NewsItem.from_record(record))
        except (TypeError, ValueError):
            continue
    return items


def fetch_feed(source, client, now: datetime | None = None) -> FetchResult:
    now = now or datetime.now(timezone.utc)
    limit = source.overrides.get("max_bytes", MAX_FEED_BYTES)
    # The feed's limit is passed to the client, so a bigger body is refused while it downloads, not after.
    response = client.get(source.url, max_bytes=limit, headers={
        "Accept": "application/atom+xml, application/rss+xml, application/feed+json, application/json;q=0.9, "
                  "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"})
    before = previous_items(source)
    first_seen = {item.id: item.published for item in before if item.date_estimated}
    try:
        feed_title, entries = read_feed(response.body, response.content_type, limit)
        options = feed_options(source, feed_title)
        fresh = items_from_entries(entries, options, base_url=response.url, now=now, first_seen=first_seen)
    except FeedError as error:
        raise SourceError(f"{response.url}: {error}") from None
    # Stored stories take the source's current name, so one source never shows under two names.
    before = [replace(item, source=options.title) for item in before]
    items = merge_with_previous(before, fresh, options, now)
    return FetchResult(records=[item.to_record() for item in items], source_url=response.url,
                       not_modified=response.not_modified, etag=response.etag, last_modified=response.last_modified,
                       meta={"title": options.title, "home_url": options.home_url, "feed_title": feed_title,
                             "items_in_feed": len(fresh)})


register_source_type(
    "feed", fetch_feed,
    description="An RSS, Atom or JSON Feed of news stories, for the News page.",
    options=OPTIONS,
    # Keyword filters may rightly leave nothing; a feed that is broken or has no items raises instead.
    allow_empty=True,
    check=check_options,
)
