"""Legistar Web API events (`/v1/{client}/events`) turned into `Meeting` records.

Reference: https://webapi.legistar.com/Help (Events). Legistar answers OData queries: `$filter` on `EventDate`,
`$orderby`, and paging with `$top`/`$skip`; one response holds at most 1,000 rows, so we page until a short page.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from .dates import in_range, out_of_range
from .provenance import Provenance
from .meeting import Meeting, local_start, mentions_cancellation, parse_clock_time, safe_links

logger = logging.getLogger(__name__)

PAGE_SIZE = 1000  # the Web API's cap on rows per response
MAX_PAGES = 50  # 50,000 events: far more than any body holds; stops a server that ignores $skip from looping forever
DEFAULT_BASE_URL = "https://webapi.legistar.com"


def events_url(base_url: str, client: str) -> str:
    return f"{base_url.rstrip('/')}/v1/{client}/events"


def events_query(since: date, until: date | None = None, skip: int = 0, top: int = PAGE_SIZE) -> dict[str, str]:
    """OData parameters for one page of events on or after `since` (and before `until`), oldest first."""
    # Legistar's OData v3 wants datetime literals; EventDate is a local date at midnight with no zone.
    condition = f"EventDate ge datetime'{since.isoformat()}'"
    if until:
        condition += f" and EventDate lt datetime'{until.isoformat()}'"
    return {"$filter": condition, "$orderby": "EventDate asc,EventId asc", "$top": str(top), "$skip": str(skip)}


def parse_events(rows: list, *, client: str, source_name: str, source_url: str, retrieved_at: str,
                 zone: ZoneInfo, bodies: list[str] | None = None) -> tuple[list[Meeting], list[str]]:
    """Return (meetings, warnings) for a list of Legistar event rows.

    A row that cannot be read is skipped with a warning naming it, as python-legistar-scraper does: one bad
    upstream record must not hide the others.
    """
    wanted = {name.casefold() for name in bodies} if bodies else None
    meetings, warnings = [], []
    for row in rows:
        try:
            meeting = _parse_row(row, client, source_name, source_url, retrieved_at, zone)
        except (KeyError, TypeError, ValueError) as error:
            ident = row.get("EventId", "?") if isinstance(row, dict) else "?"
            warnings.append(f"{source_url}: event {ident} skipped: {error}")
            continue
        if wanted is not None and meeting.body.casefold() not in wanted:
            continue
        meetings.append(meeting)
    meetings, refused = safe_links(meetings, source_url)
    return meetings, warnings + refused


def _text(row: dict, key: str) -> str:
    """A text field of a row: "" for null and for anything that is not text (an upstream mistake, not a crash)."""
    value = row.get(key)
    return value.strip() if isinstance(value, str) else ""


def _parse_row(row: dict, client, source_name, source_url, retrieved_at, zone) -> Meeting:
    event_id = row["EventId"]
    if not isinstance(event_id, int) or isinstance(event_id, bool):
        raise ValueError(f"EventId {event_id!r} is not a number")
    body = _text(row, "EventBodyName")
    if not body:
        raise ValueError("EventBodyName is empty")
    raw_date = row.get("EventDate")
    if not raw_date or not isinstance(raw_date, str):
        raise ValueError("EventDate is missing" if not raw_date else f"EventDate {raw_date!r} is not a date")
    day = datetime.fromisoformat(raw_date).date()
    if not in_range(day):
        raise ValueError(f"EventDate {out_of_range(day.isoformat())}")
    raw_time = _text(row, "EventTime") or None
    start = local_start(day, parse_clock_time(raw_time), zone)
    # Clerks mark a cancellation in different places: the agenda status, the comment, or the time field itself.
    cancelled = _text(row, "EventAgendaStatusName").lower() in ("cancelled", "canceled") or \
        mentions_cancellation(_text(row, "EventComment"), raw_time if start is None else None)
    return Meeting(
        id=f"legistar:{client}:{event_id}",
        body=body,
        day=day,
        start=start,
        source_kind="legistar",
        source=Provenance(source_name, source_url, retrieved_at),
        title=body,
        location=_text(row, "EventLocation"),
        status="cancelled" if cancelled else "scheduled",
        agenda_url=_text(row, "EventAgendaFile"),
        minutes_url=_text(row, "EventMinutesFile"),
        video_url=_text(row, "EventVideoPath"),
        details_url=_text(row, "EventInSiteURL"),
        comment=_text(row, "EventComment"),
        last_modified=_text(row, "EventLastModifiedUtc"),
    )


def fetch_events(get, config: dict, since: date, until: date, retrieved_at: str, zone: ZoneInfo) -> tuple[list[Meeting], list[str]]:
    """Fetch every event since `since` through `get(url, params) -> bytes`, following $skip pages.

    Raises ValueError when a page is not a JSON list (Legistar answers errors as JSON objects), and whatever
    `get` raises when the server cannot be reached.
    """
    client = config["client"]
    url = events_url(config.get("base_url", DEFAULT_BASE_URL), client)
    rows: list = []
    for page in range(MAX_PAGES):
        # Spaces as %20, not "+": OData servers differ on "+", and every one reads %20.
        query = urlencode(events_query(since, until, skip=page * PAGE_SIZE), quote_via=quote, safe="$',")
        try:
            payload = json.loads(get(f"{url}?{query}", None))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(f"{url} did not answer with JSON ({error})") from None
        if not isinstance(payload, list):
            message = payload.get("Message") if isinstance(payload, dict) else None
            raise ValueError(f"{url} answered with {type(payload).__name__}, not a list of events"
                             + (f": {message}" if message else ""))
        rows += payload
        if len(payload) < PAGE_SIZE:
            break
    # The records name the events address without the date window: the window moves every day, and a
    # record that changes when nothing upstream did would rewrite the snapshot on every refresh.
    return parse_events(rows, client=client, source_name=config.get("name", f"Legistar ({client})"),
                        source_url=url, retrieved_at=retrieved_at, zone=zone, bodies=config.get("bodies"))
