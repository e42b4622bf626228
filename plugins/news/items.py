"""The news roundup: organizer-written news links, campaign updates and feed items as one list. No Pelican here.

Everything here is plain data work: reading `content/news/*.md` headers, checking them, merging the three kinds
of entries into one deduplicated list, grouping it by month and cutting it into pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable
from zoneinfo import ZoneInfo

from content_checks.header import read_header
from content_checks.problems import Problem
from sources.examples import is_example
from sources.feeds import (NewsItem, canonical_link, cut_at_word, dedupe, normalize_language, plain_text,
                           safe_link)
from sources.links import is_web_address
from sources.textfiles import UnreadableFile, read_text_file
from sources.filememo import per_file
from sources.problems import shown_path
from sources.provenance import Provenance

# Which copy of a story wins when two sources carry it: what organizers chose beats what a feed brought in.
KIND_RANK = {"link": 0, "feed": 1}
PRECISIONS = ("day", "month", "season", "year")
_DATE_EXAMPLE = "Write it like: Date: 2023-10-23"


@dataclass(frozen=True)
class Entry:
    """One story as the News page shows it. Text is plain; templates escape it."""

    title: str
    url: str  # absolute link out, or a path inside the site for campaign updates
    internal: bool  # True for our own updates (a page on this site)
    source: str
    date: datetime  # in the site's time zone
    precision: str = "day"  # day, month, season or year: never show a date more exact than known
    date_estimated: bool = False  # the feed gave no date: `date` is when the site first saw it
    summary: str = ""
    lang: str = ""
    kind: str = "feed"  # "link" (content/news), "update" (content/updates), "feed", or another plugin's ("agenda")
    example: bool = False
    original_url: str = ""  # for updates: the outside story they are based on
    also: tuple[dict, ...] = field(default=())  # same story elsewhere: {"source": ..., "link": ...}


@dataclass(frozen=True)
class MonthGroup:
    date: date  # first day of the period
    precision: str  # "month", "season" or "year"
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class NewsPage:
    number: int  # 1-based
    total: int
    url: str
    save_as: str
    groups: tuple[MonthGroup, ...]
    previous_url: str = ""
    next_url: str = ""


# ---------------------------------------------------------------- entries from other plugins

# Functions `fn(context) -> Iterable[Entry]` (internal entries such as "on a council agenda"), asked when the
# News pages and feed are written, after every plugin's context is ready.
_entry_sources: list = []


def register_entry_source(source) -> None:
    """Add a function that returns more entries for the News page and its feed."""
    if source not in _entry_sources:
        _entry_sources.append(source)


def entries_from_sources(context: dict, show_examples: bool = True) -> list[Entry]:
    return [entry for source in _entry_sources for entry in source(context)
            if show_examples or not entry.example]


# ---------------------------------------------------------------- organizer-written news links


@dataclass(frozen=True)
class NewsLink:
    """One file in content/news/: a story somewhere else that organizers want in the roundup."""

    path: str
    title: str
    source: Provenance  # the outlet (Source_name) and the story's own address (Source, tracking parts removed)
    date: datetime
    precision: str
    summary: str
    lang: str
    example: bool
    status: str


def read_news_folder(folder: Path, shown_root: Path, zone: str) -> tuple[list[NewsLink], list[Problem]]:
    """Read every `*.md` in `folder`; return the usable links and every problem found (file, line, field)."""
    links, problems = [], []
    if not folder.is_dir():
        return links, problems
    for path in sorted(folder.rglob("*.md")):
        shown = shown_path(path, shown_root)
        try:
            # Read once per build, not by the check and each edition (sources.filememo), and in the preview once
            # per save of the file.
            link, found = per_file(path, "news link", lambda: read_news_link(read_text_file(path, shown), shown, zone),
                                   shown, zone)
        except UnreadableFile:
            continue  # content_checks already reports files that are not UTF-8
        except OSError:
            continue  # gone since the folder was listed
        problems += found
        if link:
            links.append(link)
    return links, problems


def read_news_link(text: str, shown: str, zone: str) -> tuple[NewsLink | None, list[Problem]]:
    """Check one news file's header. Title, Date, Source and Source_name are required."""
    document = read_header(text)
    problems = []

    value = document.value

    def line(key: str) -> int:
        return document.line(key) or 1

    when = None
    if not value("date"):
        problems.append(Problem(shown, line("date"), "Date", "is missing. Every news link needs the day the story came out.",
                                _DATE_EXAMPLE))
    else:
        try:
            when = datetime.fromisoformat(value("date"))
        except ValueError:
            problems.append(Problem(shown, line("date"), "Date", f'"{value("date")}" is not a date.', _DATE_EXAMPLE))
    source_url = value("source")
    if not source_url:
        problems.append(Problem(shown, line("source"), "Source",
                                "is missing. A news link needs the address of the story.",
                                "Add a line like: Source: https://news.example.org/2025/06/budget-vote/"))
    elif not is_web_address(source_url):
        problems.append(Problem(shown, line("source"), "Source", f'"{source_url}" is not a web address.',
                                "Copy the full address from your browser, starting with https://"))
    if not value("source_name"):
        problems.append(Problem(shown, line("source_name"), "Source_name",
                                "is missing. Readers need to know who published the story.",
                                "Add a line like: Source_name: INDY Week"))
    precision = (value("date_precision") or "day").lower()
    lang = value("lang")
    if lang and not normalize_language(lang):
        problems.append(Problem(shown, line("lang"), "Lang", f'"{lang}" is not a language code.',
                                "Write en for English or es for Spanish."))
    if problems or not value("title"):
        return None, problems  # content_checks reports a missing Title
    if precision not in PRECISIONS:
        precision = "day"  # content_checks reports the bad value
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(zone))
    return NewsLink(path=shown, title=value("title"), source=Provenance(value("source_name"), safe_link(source_url)),
                    date=when, precision=precision, summary=value("summary"), lang=normalize_language(lang),
                    example=is_example(value("example")),
                    status=(value("status") or "published").lower()), problems


# ---------------------------------------------------------------- one list from three kinds


@dataclass(frozen=True)
class UpdateInfo:
    """What the roundup needs from a campaign update (a Pelican article), so this module needs no Pelican."""

    title: str
    url: str
    date: datetime
    precision: str
    summary: str
    source: Provenance  # the story the update is based on (Source_name, Source), when it says
    lang: str
    example: bool


def build_roundup(feed_items: Iterable[NewsItem], links: Iterable[NewsLink], updates: Iterable[UpdateInfo], *,
                  site_name: str, zone: str, show_examples: bool = True) -> list[Entry]:
    """Return every story once, newest first.

    The same story from two places (same link, or near-identical titles within a week) is shown once: a news
    link written by organizers wins over a feed item, and the other copies go in `also`. A campaign update based
    on a story (its Source) replaces that story's entry, so our summary and the original appear together.
    Two updates are never merged: each is its own post, even when they cite the same source.
    """
    tz = ZoneInfo(zone)
    outside: dict[tuple[str, str], Entry] = {}
    items: list[NewsItem] = []
    for link in links:
        if link.status != "published" or (link.example and not show_examples):
            continue
        entry = Entry(title=link.title, url=link.source.url, internal=False, source=link.source.name,
                      date=link.date.astimezone(tz), precision=link.precision, summary=link.summary, lang=link.lang,
                      kind="link", example=link.example)
        item = _as_item(entry, canonical_link(link.source.url), f"link:{link.path}")
        outside[(item.id, item.source_id)] = entry
        items.append(item)
    for item in feed_items:
        outside[(item.id, item.source_id)] = Entry(
            title=item.title, url=item.link, internal=False, source=item.source,
            date=item.published_at.astimezone(tz), date_estimated=item.date_estimated, summary=item.summary,
            lang=item.lang, kind="feed", also=tuple(item.also))
        items.append(item)

    def rank(item: NewsItem):
        entry = outside[(item.id, item.source_id)]
        return (KIND_RANK[entry.kind], entry.date, item.source_id)

    stories: dict[str, Entry] = {}
    for item in dedupe(items, rank=rank):
        entry = outside[(item.id, item.source_id)]
        stories[item.id] = replace(entry, also=tuple(item.also))

    result = []
    for update in updates:
        if update.example and not show_examples:
            continue
        original = safe_link(update.source.url)
        also: tuple[dict, ...] = ()
        story = stories.pop(canonical_link(original), None) if original else None
        if story:
            also = tuple(extra for extra in ({"source": story.source, "link": story.url}, *story.also)
                         if canonical_link(extra["link"]) != canonical_link(original))
        result.append(Entry(title=update.title, url=update.url, internal=True,
                            source=update.source.name or (story.source if story else site_name),
                            date=_aware(update.date, tz), precision=update.precision,
                            summary=cut_at_word(plain_text(update.summary)), lang=update.lang, kind="update",
                            example=update.example, original_url=original, also=also))
    result += stories.values()
    return sorted(result, key=lambda entry: (entry.date, entry.title), reverse=True)


def _as_item(entry: Entry, key: str, source_id: str) -> NewsItem:
    return NewsItem(id=key, title=entry.title, link=entry.url, source=entry.source, source_id=source_id,
                    published=entry.date.astimezone(timezone.utc).isoformat(timespec="seconds"))


def _aware(moment, tz) -> datetime:
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


# ---------------------------------------------------------------- pages


def group_by_month(entries: Iterable[Entry]) -> list[MonthGroup]:
    """Consecutive entries of the same month share a heading; a "Spring 2023" story gets its own, never a month."""
    groups: list[MonthGroup] = []
    for entry in entries:
        precision = entry.precision if entry.precision in ("season", "year") else "month"
        start = entry.date.date().replace(day=1) if precision != "year" else date(entry.date.year, 1, 1)
        key = (start.year, start.month if precision == "month" else 0, precision)
        if groups:
            last = groups[-1]
            last_key = (last.date.year, last.date.month if last.precision == "month" else 0, last.precision)
            if last_key == key:
                groups[-1] = MonthGroup(last.date, last.precision, last.entries + (entry,))
                continue
        groups.append(MonthGroup(start, precision, (entry,)))
    return groups


def paginate(entries: list[Entry], per_page: int, url: str, save_as: str) -> list[NewsPage]:
    """Cut the roundup into pages: `url` for the first, `url` + "page/N/" after it. Always at least one page."""
    per_page = max(1, per_page)
    chunks = [entries[start:start + per_page] for start in range(0, len(entries), per_page)] or [[]]
    base_dir = save_as.rsplit("/", 1)[0] + "/" if "/" in save_as else ""
    urls = [url] + [f"{url}page/{number}/" for number in range(2, len(chunks) + 1)]
    saves = [save_as] + [f"{base_dir}page/{number}/index.html" for number in range(2, len(chunks) + 1)]
    return [NewsPage(number=index + 1, total=len(chunks), url=urls[index], save_as=saves[index],
                     groups=tuple(group_by_month(chunk)),
                     previous_url=urls[index - 1] if index > 0 else "",
                     next_url=urls[index + 1] if index + 1 < len(chunks) else "")
            for index, chunk in enumerate(chunks)]
