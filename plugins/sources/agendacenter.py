"""CivicPlus AgendaCenter (agenda RSS feed and listing page) turned into `Meeting` records.

AgendaCenter names each file `/AgendaCenter/ViewFile/{Agenda|Minutes}/_MMDDYYYY-ID`: the date in the name is
the meeting's date and the number is the meeting's id, shared by its agenda and minutes. We trust the file
name over the feed's titles and dates, which clerks type by hand (and `pubDate` is when the agenda was posted).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from .links import web_link
from .dates import in_range, out_of_range
from .provenance import Provenance
from .meeting import Meeting, local_start, mentions_cancellation, parse_clock_time

_VIEWFILE = re.compile(r"/AgendaCenter/ViewFile/(?P<kind>Agenda|Minutes)/_(?P<mmddyyyy>\d{8})-(?P<id>\d+)$", re.IGNORECASE)
_CLOCK_IN_TEXT = re.compile(r"\b\d{1,2}(?::\d{2})?\s*[ap]\.?\s*m\.?(?=[\s,.;)]|$)", re.IGNORECASE)
_TITLE_DATE = re.compile(r"\s*[-–—]\s*[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*$")
# Clerks put a meeting's status in front of its title: "CANCELLED - City Council Work Session - November 9, 2023".
# Cancelled and postponed meetings do not happen on that day (statuses are a closed set: scheduled, cancelled);
# "Amended" or "Revised" agendas are still scheduled meetings.
_TITLE_STATUS = re.compile(r"^\s*(?P<status>cancell?ed|postponed|amended|revised|updated|rescheduled)\b\s*[-–—:]*\s*",
                           re.IGNORECASE)
_NOT_HAPPENING = ("cancelled", "canceled", "postponed")


def _file_date(mmddyyyy: str) -> date:
    """The meeting day in a file name's MMDDYYYY. Raises ValueError naming what is wrong."""
    try:
        day = date(int(mmddyyyy[4:]), int(mmddyyyy[:2]), int(mmddyyyy[2:4]))
    except ValueError:
        raise ValueError(f"{mmddyyyy[:2]}/{mmddyyyy[2:4]}/{mmddyyyy[4:]} is not a date") from None
    if not in_range(day):
        raise ValueError(out_of_range(day.isoformat()))
    return day


def title_status(title: str) -> tuple[str, str]:
    """"CANCELLED - City Council - May 15, 2023" -> ("cancelled", "City Council - May 15, 2023"); no prefix -> ("", title)."""
    match = _TITLE_STATUS.match(title or "")
    if not match:
        return "", title or ""
    status = "cancelled" if match["status"].lower() in _NOT_HAPPENING else "scheduled"
    return status, title[match.end():]


def body_from_title(title: str, default: str) -> str:
    """"City Council Meeting - May 15, 2023" -> "City Council"; "City Council Work Session - ..." stays a session."""
    name = _TITLE_DATE.sub("", title_status(title)[1]).strip()
    name = re.sub(r"\s+(Regular\s+)?Meeting$", "", name, flags=re.IGNORECASE).strip()
    name = re.sub(r"\s+Agenda$", "", name, flags=re.IGNORECASE).strip()
    return name or default


def _time_and_place(description: str) -> tuple[str | None, str]:
    """"City Council Agenda, Monday May 15, 2023, 7:00 PM, Council Chambers" -> ("7:00 PM", "Council Chambers")."""
    match = _CLOCK_IN_TEXT.search(description or "")
    if not match:
        return None, ""
    place = description[match.end():].strip(" ,.;-")
    return match.group(0), place


def _host_id(url: str) -> str:
    return urlsplit(url).netloc.lower().removeprefix("www.")


class _Builder:
    """Collects agenda and minutes files by meeting id, from whichever page or feed mentions them."""

    def __init__(self, config: dict, source_url: str, retrieved_at: str, zone: ZoneInfo):
        self.config, self.source_url, self.retrieved_at, self.zone = config, source_url, retrieved_at, zone
        self.entries: OrderedDict[str, dict] = OrderedDict()

    def add(self, url: str, text: str = "", description: str = "") -> str:
        """Add one agenda or minutes link. Returns "" when added, else why not (plain words)."""
        # The link policy first: "javascript:...//AgendaCenter/ViewFile/Agenda/_05152023-2101" has the file's
        # name in it, and urljoin keeps its scheme. Then the name must be the path itself.
        url = web_link(url) or ""
        match = _VIEWFILE.search(urlsplit(url).path) if url else None
        if not match:
            return "is not an AgendaCenter file (/AgendaCenter/ViewFile/Agenda/_MMDDYYYY-ID)"
        try:
            day = _file_date(match["mmddyyyy"])
        except ValueError as error:
            # One malformed file name ("_13452023-2102") must not hide every other meeting of the source.
            return f"has a file name whose date {error}"
        entry = self.entries.setdefault(match["id"], {"day": day, "title": "",
                                                      "description": "", "agenda": "", "minutes": ""})
        kind = match["kind"].lower()
        if kind == "agenda" and re.search(r"[?&]html=true", url, re.IGNORECASE):
            entry["agenda_html"] = url  # the city publishes this agenda as a web page too: items are read there
        # "?html=true" is the same file shown as a web page; keep the plain link to the file.
        if not entry[kind] or "?" in entry[kind]:
            entry[kind] = url
        if text and (kind == "agenda" or not entry["title"]):
            entry["title"] = text.strip()
        if description and not entry["description"]:
            entry["description"] = description.strip()
        return ""

    def meetings(self) -> list[Meeting]:
        default_body = self.config.get("body", "City Council")
        host = _host_id(self.source_url)
        meetings = []
        for meeting_id, entry in self.entries.items():
            clock, place = _time_and_place(entry["description"])
            start = local_start(entry["day"], parse_clock_time(clock), self.zone)
            body = body_from_title(entry["title"], default_body)
            # AgendaCenter rarely states the hour; the body's published schedule does. Only for that body:
            # a work session listed in the same category meets at another time.
            regular = body.casefold() == default_body.casefold()
            if start is None and regular and self.config.get("default_time"):
                start = local_start(entry["day"], parse_clock_time(self.config["default_time"]), self.zone)
            meetings.append(Meeting(
                id=f"agendacenter:{host}:{meeting_id}",
                body=body,
                day=entry["day"],
                start=start,
                source_kind="agendacenter",
                source=Provenance(self.config.get("name", "AgendaCenter"), self.source_url, self.retrieved_at),
                title=body,
                location=place or (self.config.get("default_location", "") if regular else ""),
                status="cancelled" if title_status(entry["title"])[0] == "cancelled"
                or mentions_cancellation(entry["title"], entry["description"]) else "scheduled",
                agenda_url=entry["agenda"],
                minutes_url=entry["minutes"],
                details_url=self.config.get("listing_url", ""),
                agenda_html_url=entry.get("agenda_html", ""),
            ))
        return meetings


def parse_rss(payload: bytes | str, *, config: dict, source_url: str, retrieved_at: str,
              zone: ZoneInfo) -> tuple[list[Meeting], list[str]]:
    """Return (meetings, warnings) from an AgendaCenter RSS feed (`RSSFeed.aspx?ModID=65&CID=...`).

    Raises ValueError when the payload is not a feed at all (an HTML error page, for example).
    """
    import feedparser  # here, not at the top: site builds import this module's types but never parse a feed

    feed = feedparser.parse(payload)
    if feed.bozo and not feed.entries:
        raise ValueError(f"{source_url} is not a readable RSS feed ({feed.get('bozo_exception', 'unknown error')})")
    builder = _Builder(config, source_url, retrieved_at, zone)
    warnings = []
    for entry in feed.entries:
        link = entry.get("link") or entry.get("id") or ""
        why = builder.add(_join(source_url, link), entry.get("title", ""), entry.get("summary", ""))
        if why:
            warnings.append(f'{source_url}: item "{entry.get("title", "?")}" skipped: its link {link[:120]!r} {why}')
    return builder.meetings(), warnings


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._text = []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def parse_listing(html: bytes | str, *, config: dict, source_url: str, retrieved_at: str,
                  zone: ZoneInfo) -> tuple[list[Meeting], list[str]]:
    """Return (meetings, warnings) from an AgendaCenter listing page (`/AgendaCenter/City-Council-4`).

    Only the links to agenda and minutes files are read, not the table layout, which CivicPlus changes
    between site versions. Raises ValueError when the page has no such link at all.
    """
    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    parser = _Links()
    parser.feed(text)
    builder = _Builder(config, source_url, retrieved_at, zone)
    warnings = []
    for href, label in parser.links:
        # Link text on these pages is often just "Agenda" or "Minutes"; those say nothing about the body.
        useful = label if label.lower() not in ("agenda", "minutes", "html", "pdf", "") else ""
        why = builder.add(_join(source_url, href), useful)
        if why.startswith("has a file name"):  # other links on the page (menus, footers) are not meetings
            warnings.append(f"{source_url}: link {href[:120]!r} skipped: it {why}")
    if not builder.entries:
        raise ValueError(f"{source_url} has no links to agenda or minutes files; the page layout may have changed")
    return builder.meetings(), warnings


def _join(base: str, link: str) -> str:
    try:
        return urljoin(base, link)
    except ValueError:  # an unreadable address, e.g. "http://[" : not a link we can use
        return ""


def fetch_agendacenter(get, config: dict, since: date, until: date, retrieved_at: str, zone: ZoneInfo) -> tuple[list[Meeting], list[str]]:
    """Read the listing page (and the RSS feed, when configured) through `get(url, params) -> bytes`."""
    meetings: dict[str, Meeting] = {}
    warnings: list[str] = []
    if config.get("listing_url"):
        found, notes = parse_listing(get(config["listing_url"], None), config=config, source_url=config["listing_url"],
                                     retrieved_at=retrieved_at, zone=zone)
        meetings.update((meeting.id, meeting) for meeting in found)
        warnings += notes
    if config.get("rss_url"):
        found, notes = parse_rss(get(config["rss_url"], None), config=config, source_url=config["rss_url"],
                                 retrieved_at=retrieved_at, zone=zone)
        warnings += notes
        for meeting in found:
            known = meetings.get(meeting.id)
            # The feed knows the time and place; the listing page knows the minutes. Keep both.
            meetings[meeting.id] = meeting if known is None else meeting.with_changes(
                minutes_url=meeting.minutes_url or known.minutes_url, details_url=known.details_url or meeting.details_url)
    kept = [meeting for meeting in meetings.values() if since <= meeting.day < until]
    return sorted(kept, key=lambda meeting: (meeting.day, meeting.id)), warnings
