"""Meetings from any iCalendar (.ics) feed a city publishes, turned into `Meeting` records.

Feeds differ in how they write times (RFC 5545 section 3.3.5): with a TZID (the good case), in UTC ("Z"), or
"floating" with no zone at all. Floating times are read as the city's own zone, which is what a clerk meant.
"""

from __future__ import annotations

import datetime as datetime_module
import re
import types
from datetime import MAXYEAR, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from .agenda import parse_agenda_text
from .dates import in_range, out_of_range
from .provenance import Provenance
from .meeting import Meeting, mentions_cancellation, safe_links

_AGENDA_LINK = re.compile(r"/ViewFile/Agenda/|agenda", re.IGNORECASE)
# Hard bounds on the work one recurring entry may cause (a nine-line .ics with RRULE:FREQ=SECONDLY must not pin a
# CPU for hours). Occurrences are expanded only inside the window the site shows.
MAX_OCCURRENCES = 1000  # inside the window: a meeting every day of a long window is far fewer
MAX_STEPS = 100_000  # occurrences walked from the (moved) start to the window's end
MAX_DESCRIPTION = 100_000  # characters of DESCRIPTION read for agenda items


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
        import icalendar  # here, not at the top: site builds import this module's types but never read a calendar

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
        try:
            first = event.decoded("DTSTART")
            if not isinstance(first, date) or not in_range(first):
                raise ValueError(f"DTSTART {out_of_range(str(first)[:10])}" if isinstance(first, date)
                                 else "DTSTART is not a date")
            occurrences = _occurrences(event, first, zone, since, until)
        except (ValueError, OverflowError, TypeError) as error:  # RecurrenceTooLarge is a ValueError
            warnings.append(f'{source_url}: event "{summary[:80] or "?"}" ({uid[:80]}) skipped: {error}')
            continue
        for occurrence in occurrences:
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
                source=Provenance(config.get("name", "Calendar feed"), source_url, retrieved_at),
                title=summary,
                location=str(event.get("LOCATION") or "").strip(),
                status="cancelled" if cancelled else "scheduled",
                agenda_url=url if _AGENDA_LINK.search(url) else "",
                details_url="" if _AGENDA_LINK.search(url) else url,
                comment=str(event.get("DESCRIPTION") or "").strip()[:500],
                items=tuple(parse_agenda_text([str(event.get("DESCRIPTION") or "")[:MAX_DESCRIPTION]],
                                              url=url, source="icalendar")),
                last_modified=_text_time(event.get("LAST-MODIFIED")),
            ))
    meetings, refused = safe_links(meetings, source_url)
    return sorted(meetings, key=lambda meeting: (meeting.day, meeting.id)), warnings + refused


class RecurrenceTooLarge(ValueError):
    """A repeat rule that would need more work than any meeting series needs; str() says why."""


# Fixed-length frequencies: a start moved forward by whole steps gives the same occurrences (in local wall time,
# which is what the rule is expanded in). MONTHLY and YEARLY need no moving: from 1900 they take ~1,500 steps.
_FIXED_STEPS = {"SECONDLY": timedelta(seconds=1), "MINUTELY": timedelta(minutes=1), "HOURLY": timedelta(hours=1),
                "DAILY": timedelta(days=1), "WEEKLY": timedelta(weeks=1)}


def _rule_parts(rule_text: str) -> dict[str, str]:
    return {key.upper(): value for key, _, value in (part.partition("=") for part in rule_text.split(";")) if value}


def _bounded(rule: rrule, last_year: int) -> rrule:
    """`rule`, whose search for the next occurrence gives up after `last_year`.

    dateutil looks for the next match until the year 9999 when a rule's BY parts can never match (for example
    BYMONTH=2;BYMONTHDAY=30): millions of empty steps, because UNTIL is only compared with matches found. Its
    iterator stops at `datetime.MAXYEAR`, read from its module's globals; this gives one rule's iterator a
    `datetime` whose MAXYEAR is the last year the site shows. (dateutil is pinned; tests cover this.)
    """
    bounded_datetime = types.SimpleNamespace(**{name: getattr(datetime_module, name) for name in dir(datetime_module)
                                                if not name.startswith("__")})
    bounded_datetime.MAXYEAR = last_year
    function = rrule._iter
    iterate = types.FunctionType(function.__code__, {**function.__globals__, "datetime": bounded_datetime},
                                 function.__name__, function.__defaults__, function.__closure__)
    rule._iter = types.MethodType(iterate, rule)
    return rule


def _occurrences(event, first, zone: ZoneInfo, since: date, until: date) -> list:
    """The starts of `event` from `since` to `until` (local time), with a hard bound on the work done.

    Raises RecurrenceTooLarge for a rule that repeats more than MAX_OCCURRENCES times in the window, or that
    needs more than MAX_STEPS occurrences walked to get through it.
    """
    if "RRULE" not in event:
        return [first]
    rule_text = event["RRULE"].to_ical().decode()
    parts = _rule_parts(rule_text)
    interval = parts.get("INTERVAL", "1")
    if not interval.isdigit() or int(interval) < 1:
        # dateutil loops forever on INTERVAL=0 (dateutil issue 1441).
        raise RecurrenceTooLarge(f"its repeat rule (RRULE) has INTERVAL={interval}, which must be 1 or more")
    frequency = parts.get("FREQ", "").upper()
    if frequency in ("SECONDLY", "MINUTELY", "HOURLY") and any(key.startswith("BY") for key in parts):
        # dateutil tries every second (minute, hour) of the window against such BY parts: millions of steps.
        raise RecurrenceTooLarge(f"its repeat rule (RRULE) repeats {frequency} with BY parts; meetings repeat at "
                                 "most daily (write FREQ=DAILY;BYHOUR=19 for a daily 7 p.m. meeting)")
    # dateutil needs the first start with the same kind of zone as the rule's UNTIL; work in local time.
    anchor = first if isinstance(first, datetime) else datetime.combine(first, datetime.min.time())
    if isinstance(anchor, datetime) and anchor.tzinfo is not None:
        anchor = anchor.astimezone(zone).replace(tzinfo=None)
    window_start = datetime.combine(since, datetime.min.time()) - timedelta(days=1)
    window_end = datetime.combine(until, datetime.min.time())
    step = _FIXED_STEPS.get(frequency)
    if step is not None and "COUNT" not in parts and anchor < window_start:
        # Start the walk just before the window instead of at DTSTART: "every second since 1900" is then
        # a few steps, not four billion. (With COUNT the steps must be counted from DTSTART.)
        step *= int(interval)
        anchor += step * ((window_start - anchor) // step)
    rule_text = re.sub(r"UNTIL=(\d{8}T\d{6})Z", lambda m: "UNTIL=" + _utc_to_local(m[1], zone), rule_text)
    rule = _bounded(rrulestr(rule_text, dtstart=anchor), min(until.year + 1, MAXYEAR))
    excluded = set()
    for exdate in _as_list(event.get("EXDATE")):
        for value in exdate.dts:
            moment = value.dt
            if isinstance(moment, datetime) and moment.tzinfo is not None:
                moment = moment.astimezone(zone).replace(tzinfo=None)
            excluded.add(moment if isinstance(moment, datetime) else datetime.combine(moment, datetime.min.time()))
    found = []
    for steps, moment in enumerate(rule, 1):
        if moment >= window_end:
            break
        if steps > MAX_STEPS:
            raise RecurrenceTooLarge(f"its repeat rule (RRULE) makes more than {MAX_STEPS:,} occurrences before "
                                     f"{until}; no meeting series needs that many")
        if moment < window_start or moment in excluded:
            continue
        if len(found) == MAX_OCCURRENCES:
            raise RecurrenceTooLarge(f"its repeat rule (RRULE) makes more than {MAX_OCCURRENCES:,} occurrences "
                                     f"between {since} and {until}; no meeting series needs that many")
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
