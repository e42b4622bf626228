"""Read the committed feed snapshots back into news items, checking them again. No network, no Pelican.

A snapshot is written by `invoke refresh` (plugins/sources). Someone may have edited it by hand, so every item is
cleaned again here: a link that is not http(s) or a title with markup never reaches a template.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from sources.feeds import NewsItem, cut_at_word, normalize_language, plain_text, safe_link, TITLE_CHARACTERS

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


def load_feed_sources(directory: Path, checked: dict | None = None) -> list[FeedSource]:
    """Every feed snapshot in `directory` (files whose "type" is "feed"), sorted by source title."""
    sources = []
    checked = checked or {}
    for path in sorted(Path(directory).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            logger.info("news: %s cannot be read (%s); its stories are left out", path, error)
            continue
        if not isinstance(data, dict) or data.get("type") != "feed":
            continue
        meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
        name = str(data.get("source", path.stem))
        title = plain_text(str(meta.get("title") or name))
        items, skipped = [], 0
        for record in data.get("records") or []:
            item = clean_record(record, name, title)
            if item:
                items.append(item)
            else:
                skipped += 1
        if skipped:
            logger.info("news: %s: left out %d stored items without a title or web link", path, skipped)
        sources.append(FeedSource(name=name, title=title, home_url=safe_link(str(meta.get("home_url") or "")),
                                  fetched_at=str(data.get("fetched_at") or ""), checked_at=str(checked.get(name, "")),
                                  items=tuple(items)))
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
