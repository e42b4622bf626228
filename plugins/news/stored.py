"""Read the committed feed snapshots back into news items, checking them again. No network, no Pelican.

A snapshot is written by `invoke refresh` (plugins/sources). Someone may have edited it by hand, so every item is
cleaned again here: a link that is not http(s) or a title with markup never reaches a template.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from sources.config import load_config
from sources.feeds import TITLE_CHARACTERS, NewsItem, cut_at_word, normalize_language, plain_text, safe_link
from sources.snapshots import SnapshotError, last_checked, load_snapshot, snapshot_path

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedSource:
    """One feed source as the News page lists it: name, home page and when its data was fetched."""

    name: str
    title: str
    home_url: str
    fetched_at: str  # ISO time of the data shown, "" when never fetched
    checked_at: str = ""  # last successful check, when later than fetched_at
    problem: str = ""  # why the saved copy could not be read, if it could not
    items: tuple[NewsItem, ...] = field(default=())


def load_feed_sources(config_path: Path) -> list[FeedSource]:
    """Every enabled `feed` source in the sources file, with the stories of its snapshot, sorted by title.

    A source never fetched, or whose snapshot cannot be read, is listed with no stories: the page says so.
    Mistakes in the sources file itself are reported by `invoke refresh`; here such a source is left out.
    """
    config, _problems = load_config(Path(config_path))
    if config is None:
        return []
    directory = config.settings.snapshot_dir
    checked = last_checked(directory)
    sources = []
    for source in config.sources:
        if source.type != "feed" or not source.enabled:
            continue
        problem, snapshot = "", None
        try:
            snapshot = load_snapshot(snapshot_path(directory, source.name))
        except SnapshotError as error:
            problem = str(error)
            logger.info("news: %s", error)
        meta = snapshot.meta if snapshot and isinstance(snapshot.meta, dict) else {}
        title = plain_text(str(source.options.get("title") or meta.get("title") or source.name))
        items, skipped = [], 0
        for record in snapshot.records if snapshot else []:
            item = clean_record(record, source.name, title)
            if item:
                items.append(item)
            else:
                skipped += 1
        if skipped:
            logger.info("news: %s: left out %d stored stories without a title, date or web link", source.name, skipped)
        home = safe_link(str(source.options.get("home_url") or meta.get("home_url") or ""))
        sources.append(FeedSource(name=source.name, title=title, home_url=home,
                                  fetched_at=snapshot.fetched_at if snapshot else "",
                                  checked_at=str(checked.get(source.name, "")), problem=problem, items=tuple(items)))
    return sorted(sources, key=lambda source: source.title.casefold())


def clean_record(record, source_id: str, source_title: str) -> NewsItem | None:
    """The stored item, cleaned again, or None when it is unusable."""
    if not isinstance(record, dict):
        return None
    try:
        item = NewsItem.from_record(record)
        item.published_at  # noqa: B018 - raises ValueError for a bad date
    except (TypeError, ValueError):
        return None
    link = safe_link(item.link)
    title = cut_at_word(plain_text(item.title), TITLE_CHARACTERS)
    if not link or not title or item.published_at.tzinfo is None:
        return None
    also = tuple({"source": plain_text(str(extra.get("source", ""))), "link": safe_link(str(extra.get("link", "")))}
                 for extra in item.also if isinstance(extra, dict) and safe_link(str(extra.get("link", ""))))
    return replace(item, link=link, title=title, summary=cut_at_word(plain_text(item.summary)),
                   source=source_title, source_id=source_id, lang=normalize_language(item.lang),
                   tags=tuple(plain_text(str(tag)) for tag in item.tags), also=also)
