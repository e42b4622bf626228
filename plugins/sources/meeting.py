"""The `Meeting` record every meeting source produces, and the clock-time parsing they share. Pure: no I/O."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from .agenda import AgendaItem
from .dates import in_range, out_of_range
from .links import web_link
from .provenance import Provenance

# Fields that hold a link from the source; each passes the link policy (sources.links) or is left empty.
LINK_FIELDS = ("agenda_url", "minutes_url", "video_url", "details_url", "agenda_html_url")

# A closed set, as in pupa: anything else upstream is mapped to one of these or rejected.
STATUSES = ("scheduled", "cancelled")


@dataclass(frozen=True)
class Meeting:
    """One meeting of a public body, as one source describes it.

    `start` is timezone-aware local time when the source gives a clock time; when it gives only a day
    (`EventTime` null, an all-day calendar entry), `start` is None and `day` still holds the date.
    """

    id: str  # stable across fetches: "<source kind>:<upstream id>"
    body: str  # "City Council", "City Council Work Session"
    day: date
    start: datetime | None
    source_kind: str  # legistar, agendacenter, icalendar, markdown, schedule
    # The source's name; where this record came from (the API query, the feed, the file); as_of: the ISO 8601 UTC
    # time of the fetch, "" until known. A snapshot keeps them as source_name, source_url, retrieved_at.
    source: Provenance
    title: str = ""
    location: str = ""
    status: str = "scheduled"
    agenda_url: str = ""
    minutes_url: str = ""
    video_url: str = ""
    details_url: str = ""  # the meeting's page on the official site
    comment: str = ""  # the source's own short note, e.g. "Budget presentation by the City Manager"
    last_modified: str = ""
    example: bool = False
    agenda_html_url: str = ""  # the agenda as a web page, where the city publishes one (AgendaCenter ?html=true)
    items: tuple = ()  # sources.agenda.AgendaItem, in agenda order; () when not read or not published yet
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    def to_dict(self, snapshot: bool = False) -> dict:
        """The record as JSON-ready values; `snapshot=True` leaves out `retrieved_at` (kept in checked.json)."""
        data = asdict(self)
        del data["source"]
        data.update(source_name=self.source.name, source_url=self.source.url, retrieved_at=self.source.as_of)
        if snapshot:
            del data["retrieved_at"]
        data["day"] = self.day.isoformat()
        data["start"] = self.start.isoformat() if self.start else None
        data["items"] = [item.to_dict() for item in self.items]
        if not data["extra"]:
            del data["extra"]
        return data

    @classmethod
    def from_dict(cls, data: dict, zone: ZoneInfo) -> "Meeting":
        """Rebuild a record from a snapshot entry. Raises KeyError or ValueError on a malformed entry."""
        values = dict(data)
        values["source"] = Provenance(str(values.pop("source_name")), str(values.pop("source_url")),
                                      str(values.pop("retrieved_at", "") or ""))
        values["day"] = date.fromisoformat(values["day"])
        if not in_range(values["day"]):
            raise ValueError(f"day {out_of_range(values['day'].isoformat())}")
        if values.get("start"):
            start = datetime.fromisoformat(values["start"])
            values["start"] = start.astimezone(zone) if start.tzinfo else start.replace(tzinfo=zone)
        else:
            values["start"] = None
        if values.get("status", "scheduled") not in STATUSES:
            raise ValueError(f'status "{values["status"]}" is not one of {", ".join(STATUSES)}')
        values.setdefault("extra", {})
        # Again at build time: a snapshot edited by hand (or written by older code) never puts a script link on a page.
        for name in LINK_FIELDS:
            values[name] = web_link(values.get(name)) or ""
        values["items"] = tuple(AgendaItem.from_dict(item) for item in values.get("items") or ())
        return cls(**values)

    def with_changes(self, **changes) -> "Meeting":
        return replace(self, **changes)


def safe_links(meetings: list[Meeting], where: str) -> tuple[list[Meeting], list[str]]:
    """Meetings whose link fields pass the link policy (cleaned), and a warning for each link left out.

    Every meeting parser calls this before it returns, so no snapshot ever holds a javascript:, data: or other
    non-web link; `where` (the source's address) starts each warning.
    """
    kept, warnings = [], []
    for meeting in meetings:
        changes = {}
        for name in LINK_FIELDS:
            value = getattr(meeting, name)
            if not value:
                continue
            cleaned = web_link(value)
            if cleaned is None:
                warnings.append(f"{where}: meeting {meeting.id}: {name} {str(value)[:80]!r} is not an http(s) web address; "
                                "left out")
            changes[name] = cleaned or ""
        kept.append(replace(meeting, **changes) if changes else meeting)
    return kept, warnings


_CLOCK = re.compile(r"^\s*(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>[ap])\.?\s*m\.?\s*$|"
                    r"^\s*(?P<hour24>\d{1,2}):(?P<minute24>\d{2})(?::\d{2})?\s*$", re.IGNORECASE)


def parse_clock_time(text: str | None) -> time | None:
    """Read a local clock time as agenda systems write it: "6:00 PM", "6:00PM", "6 p.m.", "18:00".

    Returns None for null, empty or unreadable text (the meeting's day is still known).
    """
    if not text or not text.strip():
        return None
    match = _CLOCK.match(text)
    if not match:
        return None
    if match["hour24"] is not None:
        hour, minute = int(match["hour24"]), int(match["minute24"])
    else:
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def local_start(day: date, clock: time | None, zone: ZoneInfo) -> datetime | None:
    """The aware start time of a meeting on `day` at wall-clock `clock` in `zone`.

    zoneinfo picks the right UTC offset for each day, so a 7 p.m. meeting stays at 7 p.m. on both sides of
    a daylight-saving change.
    """
    if clock is None:
        return None
    return datetime.combine(day, clock, tzinfo=zone)


def mentions_cancellation(*texts: str | None) -> bool:
    return any(text and re.search(r"\bcancell?ed\b|\bcancel+ation\b", text, re.IGNORECASE) for text in texts)
