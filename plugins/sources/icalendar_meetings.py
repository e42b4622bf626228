"""Meetings from any iCalendar (.ics) feed a city publishes, turned into `Meeting` records.

Feeds differ in how they write times (RFC 5545 section 3.3.5): with a TZID (the good case), in UTC ("Z"), or
"floating" with no zone at all. Floating times are read as the city's own zone, which is what a clerk meant.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr

from .meeting import Meeting, mentions_cancellation, safe_links

_AGENDA_LINK = re.compile(r"/ViewFile/Agenda/|agenda", re.IGNORECASE)
MAX_OCCURRENCES = 200  # per recurring entry: about eight years of twice-monthly meetings


def _as_local(value, zone: ZoneInfo) -> tuple[date, datetime | None]:
    if isinstance(value, datetime):
        aware = value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
        return aware.date(), aware
    return value, None  # an all-day entry: the day is known, the hour is not


def parse_calendar(payload: bytes | str, *, config: dict, source_url: str, retrieved_at: str, zone: ZoneInfo,
                   since: date, until: date) -> tuple[list[Meeting], list[str]]:
    """Return (meetings, warnings) for VEVENTs between `since` and `until`, recurring ones expanded.

    Raises ValueError when the payload is not iCalendar.
    """
    try:
        calendar = icalendar.Calendar.from_ical(payload)
    except ValueError as error:
        raise ValueError(f"{source_url} is not an iCalendar feed ({error})") from error
    meetings, warnings = [], []
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID") or "")
        summary = str(event.get("SUMMARY") or "").strip()
        if not uid or "DTSTART" not in event:
            warnings.append(f'{source_url}: event "{summary or "?"}" skipped: it has no UID or no DTSTART')
            continue
        first = event.decoded("DTSTART")
        for occurrence in _occurrences(event, first, zone, since, until):
            day, start = _as_local(occurrence, zone)
            if not since <= day < until:
                continue
            body = config.get("body") or re.sub(r"\s+(Regular\s+)?Meeting$", "", summary, flags=re.IGNORECASE) or "Meeting"
            url = str(event.get("URL") or "")
            cancelled = str(event.get("STATUS") or "").upper() == "CANCELLED" or mentions_cancellation(summary)
            ident = uid if occurrence == first else f"{uid}/{day.isoformat()}"
            meetings.append(Meeting(
                id=f"icalendar:{ident}",
                body=body,
                day=day,
                start=start,
                source_kind="icalendar",
                source_name=config.get("name", "Calendar feed"),
                source_url=source_url,
                retrieved_at=retrieved_at,
                title=summary,
                location=str(event.get("LOCATION") or "").strip(),
                status="cancelled" if cancelled else "scheduled",
                agenda_url=url if _AGENDA_LINK.search(url) else "",
                details_url="" if _AGENDA_LINK.search(url) else url,
                comment=str(event.get("DESCRIPTION") or "").strip()[:500],
                last_modified=_text_time(event.get("LAST-MODIFIED")),
            ))
    meetings, refused = safe_links(meetings, source_url)
    return sorted(meetings, key=lambda meeting: (meeting.day, meeting.id)), warnings + refused


def _occurrences(event, first, zone: ZoneInfo, since: date, until: date) -> list:
    if "RRULE" not in event:
        return [first]
    rule_text = event["RRULE"].to_ical().decode()
    # dateutil needs the first start with the same kind of zone as the rule's UNTIL; work in local time.
    anchor = first if isinstance(first, datetime) else datetime.combine(first, datetime.min.time())
    if isinstance(anchor, datetime) and anchor.tzinfo is not None:
        anchor = anchor.astimezone(zone).replace(tzinfo=None)
    rule_text = re.sub(r"UNTIL=(\d{8}T\d{6})Z", lambda m: "UNTIL=" + _utc_to_local(m[1], zone), rule_text)
    rule = rrulestr(rule_text, dtstart=anchor)
    excluded = set()
    for exdate in _as_list(event.get("EXDATE")):
        for value in exdate.dts:
            moment = value.dt
            if isinstance(moment, datetime) and moment.tzinfo is not None:
                moment = moment.astimezone(zone).replace(tzinfo=None)
            excluded.add(moment if isinstance(moment, datetime) else datetime.combine(moment, datetime.min.time()))
    window_start = datetime.combine(since, datetime.min.time())
    window_end = datetime.combine(until, datetime.min.time())
    found = []
    for moment in rule.xafter(window_start - timedelta(days=1), count=MAX_OCCURRENCES, inc=True):
        if moment >= window_end:
            break
        if moment in excluded:
            continue
        found.append(moment.replace(tzinfo=zone) if isinstance(first, datetime) else moment.date())
    return found


def _utc_to_local(stamp: str, zone: ZoneInfo) -> str:
    moment = datetime.strptime(stamp, "%Y%m%dT%H%M%S").replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
    return moment.strftime("%Y%m%dT%H%M%S")


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text_time(value) -> str:
    return value.dt.isoformat() if value is not None and hasattr(value, "dt") else ""


def fetch_calendar(get, config: dict, since: date, until: date, retrieved_at: str,
                   zone: ZoneInfo) -> tuple[list[Meeting], list[str]]:
    """Read the feed at `config["url"]` through `get(url, params) -> bytes`."""
    return parse_calendar(get(config["url"], None), config=config, source_url=config["url"],
                          retrieved_at=retrieved_at, zone=zone, since=since, until=until)
