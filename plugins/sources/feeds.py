"""News feeds: turn RSS 0.9x/1.0/2.0, Atom and JSON Feed payloads into safe, normalized news items.

Pure functions: bytes in, frozen records out. No network (the shared fetch layer brings the bytes) and no Pelican.
Everything a feed says is untrusted: titles and summaries become plain text through nh3, links must be http(s),
tracking parameters are removed, and nothing from a feed (images, scripts, styles) is ever kept as markup.

Raises FeedError, with a sentence an organizer can read, when a payload is not a usable feed; the caller keeps
the last good snapshot in that case.
"""

from __future__ import annotations

import bisect
import difflib
import html
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Iterable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit
from xml.sax import SAXParseException
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import nh3

# feedparser (about 0.1 s to import) is imported where feeds are read: a site build uses this module's records
# and text helpers but never parses a feed.

from .links import strip_controls, web_link
from .terms import fold, matches_keywords  # the one matcher for keywords and watch terms

# Larger than any real news feed (big ones are a few hundred kB); a bigger body is a mistake or an attack.
MAX_FEED_BYTES = 5_000_000
# Entries read from one payload; a feed of 100,000 items would still be parsed, but only this many are kept.
MAX_ENTRIES_READ = 500
SUMMARY_CHARACTERS = 280
TITLE_CHARACTERS = 300
# Titles this similar (0..1, after normalizing) are the same story told by two sources.
SIMILAR_TITLE_RATIO = 0.9
SIMILAR_TITLE_DAYS = 7
# A feed date this far in the future is a feed mistake, not a scoop.
FUTURE_TOLERANCE = timedelta(days=2)
EARLIEST_DATE = datetime(1995, 1, 1, tzinfo=timezone.utc)

# Query parameters that only say who sent a visitor. Removing them keeps links private and makes duplicates equal.
TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "li_fat_id",
    "igshid", "igsh", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "hsctatracking", "mkt_tok", "oly_anon_id",
    "oly_enc_id", "vero_id", "vero_conv", "wickedid", "rb_clickid", "s_cid", "cmpid", "ocid", "sr_share", "ref_src",
    "ref_url", "spm", "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4", "ns_mchannel",
    "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "smid", "cid", "ito", "xtor", "__twitter_impression",
    "trk", "trkcampaign", "sc_campaign", "sc_channel", "sc_content", "sc_medium", "sc_outcome", "sc_geo", "sc_country",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hmb_", "__s")

# Block-level tags: a space goes where they were so "<p>a</p><p>b</p>" reads "a b", not "ab".
_BLOCK_TAG = re.compile(r"<(?=/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|blockquote|section|article|figure|figcaption|hr|dd|dt|table)\b)",
                        re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")



class FeedError(ValueError):
    """The payload is not a usable feed. str() is a plain sentence for the refresh report."""


@dataclass(frozen=True)
class FeedOptions:
    """One feed source as configured: where it is, what to keep, and how to show it."""

    name: str  # short id used for the snapshot file, like "indy-week"
    title: str  # the source's name as readers know it, like "INDY Week"
    url: str
    home_url: str = ""  # the source's own site, linked from the News page
    include: tuple[str, ...] = ()  # keep an item only when it mentions one of these (any language)
    exclude: tuple[str, ...] = ()  # drop an item that mentions any of these
    max_age_days: int | None = 730
    max_items: int = 50
    lang: str = ""  # the language to assume when the feed does not say
    timezone: str = "UTC"  # for feed dates written without a UTC offset: the campaign's


@dataclass(frozen=True)
class NewsItem:
    """One story in the roundup. Every text field is plain text; templates escape it."""

    id: str  # canonical link (or "guid:..." when the feed gives no link); the dedup key within a source
    title: str
    link: str  # http(s) only, tracking parameters removed
    source: str  # source name shown to readers
    source_id: str
    published: str  # ISO 8601 with UTC offset
    date_estimated: bool = False  # True: the feed gave no usable date, so `published` is when we first saw it
    summary: str = ""
    lang: str = ""
    guid: str = ""
    tags: tuple[str, ...] = ()
    also: tuple[dict, ...] = field(default=())  # the same story at other sources: {"source": .., "link": ..}

    @property
    def published_at(self) -> datetime:
        return datetime.fromisoformat(self.published)

    def to_record(self) -> dict:
        record = asdict(self)
        record["tags"] = list(self.tags)
        record["also"] = [dict(entry) for entry in self.also]
        return record

    @classmethod
    def from_record(cls, record: dict) -> "NewsItem":
        known = {name for name in cls.__dataclass_fields__}
        values = {key: value for key, value in record.items() if key in known}
        values["tags"] = tuple(values.get("tags", ()))
        values["also"] = tuple(dict(entry) for entry in values.get("also", ()))
        return cls(**values)


# ---------------------------------------------------------------- text


def plain_text(markup: str | None) -> str:
    """Return the readable text of an HTML fragment (or of plain text), with no markup at all.

    nh3 drops every tag and the contents of script and style; unescaping then gives plain characters. That is
    repeated because feeds often escape twice (`&amp;lt;script&amp;gt;`): what decodes to a tag is removed as one.
    """
    text = markup or ""
    for _ in range(4):
        cleaned = nh3.clean(_BLOCK_TAG.sub(" <", text), tags=set(),
                            clean_content_tags={"script", "style", "noscript", "template", "iframe", "object",
                                                "embed", "svg", "math", "title", "textarea", "select"})
        decoded = html.unescape(cleaned)
        if decoded == text:
            break
        text = decoded
    # Control characters (other than whitespace) never belong in a headline.
    text = "".join(char for char in text if char in "\t\n " or unicodedata.category(char)[0] != "C")
    return _WHITESPACE.sub(" ", text).strip()


def cut_at_word(text: str, limit: int = SUMMARY_CHARACTERS) -> str:
    """Return `text` cut to at most `limit` characters at a word boundary, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def normalize_language(value: str | None) -> str:
    """"en-US" -> "en"; anything that is not a language tag -> ""."""
    primary = (value or "").strip().replace("_", "-").split("-")[0].lower()
    return primary if _LANGUAGE.match(primary) else ""


# ---------------------------------------------------------------- links


def safe_link(value: str | None, base: str = "") -> str:
    """Return an absolute http(s) link with tracking parameters removed, or "" when it is not a web link.

    The link policy is `sources.links` (javascript:, data:, vbscript: and every other scheme refused, also behind
    whitespace or control characters); feeds may also entity-encode a link and give it relative to the feed.
    """
    raw = strip_controls(html.unescape(value or ""))
    if not raw:
        return ""
    if base:
        try:
            raw = urljoin(base, raw)
        except ValueError:
            return ""
    cleaned = web_link(raw)
    if cleaned is None:
        return ""
    parts = urlsplit(cleaned)
    return strip_tracking(urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query,
                                      parts.fragment)))


def strip_tracking(url: str) -> str:
    """Remove utm_*, fbclid, gclid, mc_cid and other tracking parameters; keep every other parameter in order."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if key.lower() not in TRACKING_PARAMETERS and not key.lower().startswith(TRACKING_PREFIXES)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept, doseq=True), parts.fragment))


def canonical_link(url: str) -> str:
    """The form two links to the same story share: no scheme, no www., no fragment, no trailing slash, sorted query."""
    parts = urlsplit(strip_tracking(url))
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = re.sub(r"/+", "/", parts.path or "/")
    path = path.rstrip("/") or "/"
    path = re.sub(r"/(?:index\.html?|amp)$", "", path) or "/"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return f"{host}{path}" + (f"?{query}" if query else "")


# ---------------------------------------------------------------- dates


def _zone(name: str):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def parse_date(value, default_zone: str = "UTC") -> datetime | None:
    """Return an aware datetime for an RFC 822, ISO 8601 or feedparser time value, or None.

    Dates without an offset are read in `default_zone` (the source's local time).
    """
    if value is None or value == "":
        return None
    parsed = None
    if hasattr(value, "tm_year"):  # feedparser's *_parsed: a UTC struct_time
        try:
            parsed = datetime(*value[:6], tzinfo=timezone.utc)
        except (TypeError, ValueError):
            return None
    elif isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip()
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            try:
                parsed = datetime.fromisoformat(text.replace("z", "Z"))
            except ValueError:
                # feedparser knows many odd date styles (W3CDTF variants, Korean, Greek, ...).
                from feedparser.datetimes import _parse_date as feedparser_date

                struct = feedparser_date(text)
                if struct is None:
                    return None
                try:
                    parsed = datetime(*struct[:6], tzinfo=timezone.utc)
                except (TypeError, ValueError):
                    return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_zone(default_zone))
    return parsed


def plausible(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and EARLIEST_DATE <= moment <= now + FUTURE_TOLERANCE


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


# ---------------------------------------------------------------- parsing


@dataclass(frozen=True)
class RawEntry:
    """One entry as the feed gave it, before cleaning."""

    title: str
    link: str
    guid: str
    dates: tuple  # candidates, best first: published, updated, created
    summary: str
    lang: str
    tags: tuple[str, ...] = ()


def check_payload(body: bytes, max_bytes: int = MAX_FEED_BYTES) -> None:
    """Refuse bodies no real feed has. Raises FeedError."""
    if not body or not body.strip():
        raise FeedError("the feed is empty (the server sent no content)")
    if len(body) > max_bytes:
        raise FeedError(f"the feed is too large ({len(body):,} bytes; the limit is {max_bytes:,})")
    # Entity declarations are how "billion laughs" and external-entity attacks work; no real news feed needs them.
    if _ENTITY_DECLARATION.search(body[:65536]):
        raise FeedError("the feed declares XML entities (<!ENTITY>), which real feeds never need; refused for safety")


def is_json_feed(body: bytes, content_type: str = "") -> bool:
    if "json" in content_type.lower():
        return True
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def read_json_feed(body: bytes) -> tuple[str, str, list[RawEntry]]:
    """Return (feed title, feed language, entries) of a JSON Feed 1.0/1.1. Raises FeedError.

    feedparser does not read JSON Feed, so this maps https://www.jsonfeed.org/version/1.1/ onto the same entries.
    """
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FeedError("the JSON feed is not UTF-8 text, as JSON Feed requires") from None
    except ValueError as error:
        raise FeedError(f"the JSON feed cannot be read: {error}") from None
    if not isinstance(data, dict) or "jsonfeed.org/version" not in str(data.get("version", "")):
        raise FeedError("the address returned JSON, but not a JSON Feed (no jsonfeed.org version)")
    items = data.get("items")
    if not isinstance(items, list):
        raise FeedError('the JSON feed has no "items" list')
    feed_lang = str(data.get("language") or "")
    entries = []
    for item in items[:MAX_ENTRIES_READ]:
        if not isinstance(item, dict):
            continue
        tags = item.get("tags") if isinstance(item.get("tags"), list) else []
        entries.append(RawEntry(
            title=_text_value(item.get("title")),
            link=_text_value(item.get("url") or item.get("external_url")),
            guid=_text_value(item.get("id")),
            dates=(item.get("date_published"), item.get("date_modified")),
            summary=_text_value(item.get("summary") or item.get("content_html") or item.get("content_text")),
            lang=_text_value(item.get("language") or feed_lang),
            tags=tuple(_text_value(tag) for tag in tags if isinstance(tag, (str, int, float))),
        ))
    return _text_value(data.get("title")), feed_lang, entries


def _text_value(value) -> str:
    return value if isinstance(value, str) else (str(value) if isinstance(value, (int, float)) else "")


def read_xml_feed(body: bytes, content_type: str = "") -> tuple[str, str, list[RawEntry]]:
    """Return (feed title, feed language, entries) of an RSS or Atom feed, read by feedparser. Raises FeedError."""
    if _HTML_START.match(body[:4096]):
        raise FeedError("the address returned a web page (HTML), not a feed; check the feed address")
    headers = {"content-type": content_type} if content_type else {}
    import feedparser

    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    version = parsed.get("version", "")
    reason = parsed.get("bozo_exception")
    if not parsed.entries and isinstance(reason, SAXParseException):
        raise FeedError(f"the feed is not well-formed XML (line {reason.getLineNumber()}: {reason.getMessage()}) "
                        "and no items could be read from it")
    if not version and not parsed.entries:
        detail = f" ({reason})" if reason else ""
        raise FeedError(f"the address did not return an RSS or Atom feed{detail}")
    feed = parsed.get("feed", {})
    feed_lang = str(feed.get("language") or "")
    entries = []
    for entry in parsed.entries[:MAX_ENTRIES_READ]:
        detail = entry.get("title_detail") or {}
        summary = entry.get("summary") or ""
        if not summary and entry.get("content"):
            summary = entry["content"][0].get("value", "")
        entries.append(RawEntry(
            title=entry.get("title", ""),
            link=entry.get("link", "") or _first_alternate(entry),
            guid=entry.get("id", ""),
            # dict.get: feedparser's own .get maps a missing "published" to "updated" with a deprecation warning.
            dates=tuple(dict.get(entry, key) for key in ("published", "published_parsed", "updated", "updated_parsed",
                                                         "created", "created_parsed")),
            summary=summary,
            lang=str(entry.get("language") or detail.get("language") or feed_lang),
            tags=tuple(tag.get("term", "") for tag in entry.get("tags", []) if tag.get("term")),
        ))
    return str(feed.get("title", "")), feed_lang, entries


def _first_alternate(entry) -> str:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    return ""


def read_feed(body: bytes, content_type: str = "", max_bytes: int = MAX_FEED_BYTES) -> tuple[str, list[RawEntry]]:
    """Return (the feed's own title as plain text, its entries). Raises FeedError when it is not a usable feed."""
    check_payload(body, max_bytes)
    if is_json_feed(body, content_type):
        title, _, raw_entries = read_json_feed(body)
    else:
        title, _, raw_entries = read_xml_feed(body, content_type)
    if not raw_entries:
        raise FeedError("the feed has no items")
    return plain_text(title), raw_entries


def items_from_entries(raw_entries: list[RawEntry], options: FeedOptions, *, base_url: str = "",
                       now: datetime | None = None, first_seen: dict[str, str] | None = None) -> list[NewsItem]:
    """Clean, filter and sort entries into the items to keep. Raises FeedError when no entry is usable at all."""
    now = now or datetime.now(timezone.utc)
    items = [item for raw in raw_entries
             if (item := normalize_entry(raw, options, base_url or options.url, now, first_seen or {}))]
    if not items:
        raise FeedError(f"none of the feed's {len(raw_entries)} items has a title and a web link")
    return select_items(dedupe(items), options, now)


def parse_feed(body: bytes, options: FeedOptions, *, content_type: str = "", base_url: str = "",
               now: datetime | None = None, max_bytes: int = MAX_FEED_BYTES,
               first_seen: dict[str, str] | None = None) -> list[NewsItem]:
    """Return the kept items of one payload, newest first. Raises FeedError when it is not a usable feed.

    `first_seen` maps item ids to the date an earlier refresh first saw them, so an undated item keeps that date.
    A feed whose items are all filtered out returns []; a feed with no items at all is an error.
    """
    _, raw_entries = read_feed(body, content_type, max_bytes)
    return items_from_entries(raw_entries, options, base_url=base_url, now=now, first_seen=first_seen)


def normalize_entry(raw: RawEntry, options: FeedOptions, base_url: str, now: datetime,
                    first_seen: dict[str, str]) -> NewsItem | None:
    """Return the cleaned item, or None when it has no title or no web link (nothing to show or link to)."""
    title = cut_at_word(plain_text(raw.title), TITLE_CHARACTERS)
    summary = plain_text(raw.summary)
    if not title:
        # Titles are optional in JSON Feed and RSS 2.0 (short posts); the start of the text stands in.
        title = cut_at_word(summary, 100)
    link = safe_link(raw.link, base_url)
    guid = plain_text(raw.guid)[:500]
    if not link and guid.startswith(("http://", "https://")):
        link = safe_link(guid)
    if not title or not link:
        return None
    item_id = canonical_link(link)
    published, estimated = None, False
    for candidate in raw.dates:
        moment = parse_date(candidate, options.timezone)
        if plausible(moment, now):
            published = moment
            break
    if published is None:
        seen = first_seen.get(item_id)
        published = datetime.fromisoformat(seen) if seen else now
        estimated = True
    return NewsItem(
        id=item_id,
        title=title,
        link=link,
        source=options.title,
        source_id=options.name,
        published=_iso(published),
        date_estimated=estimated,
        summary=cut_at_word(summary, SUMMARY_CHARACTERS) if summary != title else "",
        lang=normalize_language(raw.lang) or normalize_language(options.lang),
        guid=guid,
        tags=tuple(sorted({cut_at_word(plain_text(tag), 60) for tag in raw.tags if plain_text(tag)})),
    )


def select_items(items: Iterable[NewsItem], options: FeedOptions, now: datetime) -> list[NewsItem]:
    """Apply the source's keywords, maximum age and maximum count; newest first."""
    kept = []
    oldest = now - timedelta(days=options.max_age_days) if options.max_age_days else None
    for item in items:
        if oldest and item.published_at < oldest:
            continue
        text = " ".join([item.title, item.summary, *item.tags])
        if not matches_keywords(text, options.include, options.exclude):
            continue
        kept.append(item)
    return newest_first(kept)[: options.max_items]


def merge_with_previous(previous: Iterable[NewsItem], fresh: Iterable[NewsItem], options: FeedOptions,
                        now: datetime) -> list[NewsItem]:
    """Add this refresh's items to the ones kept before, so stories stay after they roll off the feed.

    A story seen before keeps its first-seen date when the feed still gives none.
    """
    by_id = {item.id: item for item in previous}
    for item in fresh:
        old = by_id.get(item.id)
        if old and item.date_estimated and not old.date_estimated:
            item = replace(item, published=old.published, date_estimated=False)
        elif old and item.date_estimated:
            item = replace(item, published=old.published)
        by_id[item.id] = item
    return select_items(dedupe(by_id.values()), options, now)


# ---------------------------------------------------------------- merging sources


def newest_first(items: Iterable[NewsItem]) -> list[NewsItem]:
    return sorted(items, key=lambda item: (item.published_at, item.title), reverse=True)


def title_key(title: str) -> str:
    """A title reduced to its words, so "ACORN expands - Daily Example" and "Acorn expands" compare equal."""
    title = re.split(r"\s+[|–—-]\s+(?=[^|–—-]{1,40}$)", title)[0]
    return " ".join(re.findall(r"\w+", fold(title)))


@dataclass(frozen=True)
class _StoryKey:
    """What comparing two stories needs, computed once per item."""

    when: datetime
    title: str
    numbers: tuple[str, ...]

    @classmethod
    def of(cls, item: NewsItem) -> "_StoryKey":
        title = title_key(item.title)
        return cls(item.published_at, title, tuple(re.findall(r"\d+", title)))


def _similar(first: _StoryKey, second: _StoryKey) -> bool:
    if not first.title or not second.title or abs(first.when - second.when) > timedelta(days=SIMILAR_TITLE_DAYS):
        return False
    if first.title == second.title:
        return True
    # "adds 17 staff" and "adds 44 staff" are nearly the same words but different news.
    if first.numbers != second.numbers:
        return False
    shorter, longer = sorted((len(first.title), len(second.title)))
    if 2 * shorter / (shorter + longer) < SIMILAR_TITLE_RATIO:
        return False
    matcher = difflib.SequenceMatcher(None, first.title, second.title, autojunk=False)
    # The quick upper bounds skip the full comparison for most pairs.
    return (matcher.real_quick_ratio() >= SIMILAR_TITLE_RATIO and matcher.quick_ratio() >= SIMILAR_TITLE_RATIO
            and matcher.ratio() >= SIMILAR_TITLE_RATIO)


def same_story(first: NewsItem, second: NewsItem) -> bool:
    """Same link, same GUID from the same source, or nearly the same headline within a week."""
    if first.id == second.id:
        return True
    if first.guid and first.guid == second.guid and first.source_id == second.source_id:
        return True
    return _similar(_StoryKey.of(first), _StoryKey.of(second))


def dedupe(items: Iterable[NewsItem], rank=None) -> list[NewsItem]:
    """Return one item per story, newest first. Among copies, the lowest `rank(item)` wins (default: earliest).

    The copies that lose are listed in the winner's `also`, so readers can still find every source.
    """
    rank = rank or (lambda item: (item.published_at, item.source_id))
    kept: list[NewsItem] = []
    keys: list[_StoryKey] = []
    by_id: dict[str, int] = {}
    by_guid: dict[tuple[str, str], int] = {}
    by_title: dict[str, list[int]] = {}
    by_time: list[tuple[datetime, int]] = []  # kept stories by date, to compare only those within a week
    window = timedelta(days=SIMILAR_TITLE_DAYS)
    for item in sorted(items, key=rank):
        key = _StoryKey.of(item)
        index = by_id.get(item.id)
        if index is None and item.guid:
            index = by_guid.get((item.source_id, item.guid))
        if index is None and key.title:
            index = next((position for position in by_title.get(key.title, ()) if _similar(keys[position], key)),
                         None)
            if index is None:
                start = bisect.bisect_left(by_time, (key.when - window, -1))
                stop = bisect.bisect_right(by_time, (key.when + window, len(kept)))
                index = next((position for _, position in by_time[start:stop] if _similar(keys[position], key)),
                             None)
        if index is None:
            by_id[item.id] = len(kept)
            if item.guid:
                by_guid[(item.source_id, item.guid)] = len(kept)
            by_title.setdefault(key.title, []).append(len(kept))
            bisect.insort(by_time, (key.when, len(kept)))
            kept.append(item)
            keys.append(key)
            continue
        winner = kept[index]
        if item.source_id != winner.source_id and item.link != winner.link:
            known = {entry["link"] for entry in winner.also}
            if item.link not in known:
                kept[index] = replace(winner, also=winner.also + ({"source": item.source, "link": item.link},))
        by_id.setdefault(item.id, index)
    return newest_first(kept)
