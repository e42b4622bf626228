"""The Event record and the rules that turn an organizer's Markdown header into one. Pure: no Pelican, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from content_checks.header import Document
from content_checks.problems import Problem
from sources.dates import in_range, out_of_range
from sources.examples import is_example
from sources.links import is_web_address, web_link
from sources.provenance import Provenance

from .fields import END_EXAMPLE, EVENT_STATUSES, START_EXAMPLE

_STATUS_SPELLINGS = {"canceled": "cancelled"}
APPROXIMATE_PRECISIONS = ("month", "season", "year")
_YES = {"yes", "true", "y"}
_NO = {"no", "false", "n"}
ACCESS_KEYS = ("step_free", "asl", "spanish", "childcare")

_START_EXAMPLE = START_EXAMPLE  # also the editor's hint for Start (events/fields.py)
_END_EXAMPLE = END_EXAMPLE
# Formats organizers type besides ISO 8601 ("2023-05-01 18:00"); 12-hour clocks are common on flyers.
_TWELVE_HOUR = ("%Y-%m-%d %I:%M %p", "%Y-%m-%d %I:%M%p", "%Y-%m-%d %I %p", "%Y-%m-%d %I%p")
_TIME_ONLY = ("%H:%M", "%I:%M %p", "%I:%M%p", "%I %p", "%I%p")
# Meteorological seasons, as in localization.dates: the season that holds a month starts at this month.
_SEASON_START = {12: 12, 1: 12, 2: 12, 3: 3, 4: 3, 5: 3, 6: 6, 7: 6, 8: 6, 9: 9, 10: 9, 11: 9}


@dataclass(frozen=True)
class Event:
    """One event. `start`/`end` are aware datetimes for exact events; approximate ones have only `approximate_date`."""

    source_path: str
    slug: str
    title: str
    timezone: str
    start: datetime | None = None
    end: datetime | None = None
    approximate_date: date | None = None
    precision: str = "exact"  # exact, or month / season / year when the day is not known
    location: str = ""
    address: str = ""
    map_url: str = ""
    step_free: bool | None = None
    asl: bool | None = None
    spanish: bool | None = None
    childcare: bool | None = None
    accessibility: str = ""
    bring: str = ""
    rsvp: str = ""
    contact: str = ""
    status: str = "scheduled"
    status_note: str = ""
    summary: str = ""
    example: bool = False
    source: Provenance = Provenance()  # Source (its address) and Source_name

    @property
    def exact(self) -> bool:
        return self.start is not None

    @property
    def sort_key(self) -> datetime:
        """When the event starts, or the first day of its approximate period, as an aware datetime."""
        if self.start:
            return self.start
        return datetime.combine(self.approximate_date, time(0), tzinfo=ZoneInfo(self.timezone))

    @property
    def finished_at(self) -> datetime:
        """The moment after which the event counts as past: its end, or the end of its approximate period."""
        if self.end:
            return self.end
        first = self.approximate_date
        if self.precision == "year":
            last = date(first.year + 1, 1, 1)
        elif self.precision == "season":
            start_month = _SEASON_START[first.month]
            year = first.year - 1 if start_month == 12 and first.month != 12 else first.year
            last = _add_months(date(year, start_month, 1), 3)
        else:
            last = _add_months(date(first.year, first.month, 1), 1)
        return datetime.combine(last, time(0), tzinfo=ZoneInfo(self.timezone))

    @property
    def access(self) -> dict[str, bool | None]:
        return {key: getattr(self, key) for key in ACCESS_KEYS}


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def parse_local(value: str) -> datetime | None:
    """A naive local date and time from "2023-05-01 18:00" or "2023-05-01 6 PM"; None when there is no time."""
    text = " ".join(value.strip().split())
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
        for pattern in _TWELVE_HOUR:
            try:
                parsed = datetime.strptime(text.upper(), pattern)
                break
            except ValueError:
                continue
    if parsed is None or parsed.tzinfo is not None:
        return None
    if not re.search(r"\d[:T ]\d|\d\s*[AP]M", text, re.IGNORECASE):
        return None  # a bare date: fromisoformat reads it as midnight, which nobody means
    return parsed


def parse_time_only(value: str) -> time | None:
    text = " ".join(value.strip().split()).upper()
    for pattern in _TIME_ONLY:
        try:
            return datetime.strptime(text, pattern).time()
        except ValueError:
            continue
    return None


def parse_partial_date(value: str) -> date | None:
    """First day of "2023", "2023-04" or "2023-04-15"; None when it is none of these."""
    text = value.strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        return None


def _exists(local: datetime, zone: ZoneInfo) -> bool:
    """False for a wall-clock time skipped when clocks spring forward (e.g. 2:30 AM on a March Sunday)."""
    aware = local.replace(tzinfo=zone)
    return aware.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None) == local


def _human(local: datetime) -> str:
    return local.strftime("%Y-%m-%d %H:%M")


def parse_event(path: str, document: Document, slug: str, default_timezone: str) -> tuple[Event | None, list[Problem]]:
    """Return the event described by one file's header, or None with every problem found in it."""
    problems: list[Problem] = []

    value = document.value

    def problem(key: str, canonical: str, what: str, fix: str) -> None:
        entry = document.get(key)
        problems.append(Problem(path, entry.line if entry else 1, entry.key if entry else canonical, what, fix))

    timezone = value("timezone") or default_timezone
    zone = None
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "America" is a folder of zones: OSError
        problem("timezone", "Timezone", f'"{timezone}" is not a time zone the site knows.',
                "Use a name from the tz database, like: Timezone: America/Chicago (leave it out for the campaign's time zone).")

    status = value("status").lower() or "scheduled"
    status = _STATUS_SPELLINGS.get(status, status)
    if status not in EVENT_STATUSES:
        problem("status", "Status", f'"{value("status")}" is not an event status the site knows.',
                f"Use one of: {', '.join(EVENT_STATUSES)}. Like: Status: cancelled")

    precision = value("date_precision").lower() or "exact"
    if precision == "day":
        precision = "exact"
    if precision not in ("exact",) + APPROXIMATE_PRECISIONS:
        precision = "exact"  # the shared checks already report an unknown precision

    start = end = None
    approximate = None
    start_text, end_text = value("start"), value("end")
    if not start_text:
        problem("start", "Start", "is missing. Every event needs the day and time it starts.", _START_EXAMPLE)
    elif precision != "exact":
        approximate = parse_partial_date(start_text.split()[0])
        if approximate is not None and not in_range(approximate):
            problem("start", "Start", f"{out_of_range(start_text)}.", "Write the first day you are sure of, like: Start: 2023-04")
            approximate = None
        elif approximate is None:
            problem("start", "Start", f'"{start_text}" is not a date.',
                    f"With Date_precision: {precision}, write the first day you are sure of, like: Start: 2023-04")
        if end_text:
            problem("end", "End", f"cannot be used when the date is approximate (Date_precision: {precision}).",
                    "Remove the End line, or give the exact Start and End and remove Date_precision.")
    else:
        local_start = parse_local(start_text)
        if local_start is None:
            if parse_partial_date(start_text) is not None:
                problem("start", "Start", f'"{start_text}" has no time.',
                        f"{_START_EXAMPLE}. When only the month or season is known, add Date_precision: month or season.")
            else:
                problem("start", "Start", f'"{start_text}" is not a date and time.', _START_EXAMPLE)
        local_end = None
        if not end_text:
            problem("end", "End", "is missing. Every event with a time needs an end time.", _END_EXAMPLE)
        else:
            local_end = parse_local(end_text)
            if local_end is None:
                only_time = parse_time_only(end_text)
                if only_time is not None and local_start is not None:
                    local_end = datetime.combine(local_start.date(), only_time)
                elif only_time is None:
                    problem("end", "End", f'"{end_text}" is not a date and time.', _END_EXAMPLE)
        for key, local in (("start", local_start), ("end", local_end)):
            if local and not in_range(local):
                # Before any time-zone arithmetic, which overflows at the ends of Python's calendar.
                problem(key, key.capitalize(), f"{out_of_range(start_text if key == 'start' else end_text)}.", _START_EXAMPLE if key == "start"
                        else _END_EXAMPLE)
                local_start = None if key == "start" else local_start
                local_end = None if key == "end" else local_end
        for key, local in (("start", local_start), ("end", local_end)):
            if zone and local and not _exists(local, zone):
                problem(key, key.capitalize(), f"{_human(local)} does not exist in {timezone}: the clocks skip that hour "
                        "when daylight saving time starts.", "Pick a time outside that hour, like 03:00.")
                local_start = None if key == "start" else local_start
                local_end = None if key == "end" else local_end
        if local_start and local_end and local_end <= local_start:
            fix = "Check the day and the time; the clock is 24-hour, so 8 PM is 20:00. Like: End: 20:00"
            # Only a time, in the small hours: most likely an overnight event missing its second date.
            if parse_local(end_text) is None and local_end.hour < 6:
                next_day = local_start.date() + timedelta(days=1)
                fix += f". If it ends after midnight, give the date too, like: End: {next_day} {local_end:%H:%M}"
            problem("end", "End", f"{_human(local_end)} is not after the start ({_human(local_start)}).", fix)
        if zone and local_start:
            start = local_start.replace(tzinfo=zone)
        if zone and local_end:
            end = local_end.replace(tzinfo=zone)

    for key, canonical in (("rsvp", "Rsvp"), ("map", "Map"), ("source", "Source")):
        text = value(key)
        if text and not is_web_address(text):
            example = {"rsvp": "https://example.org/rsvp", "map": "https://www.openstreetmap.org/...",
                       "source": "https://www.example.gov/news/budget"}[key]
            problem(key, canonical, f'"{text}" is not a web address.',
                    f"Write the whole address, starting with https://, like: {canonical}: {example}")

    access: dict[str, bool | None] = {}
    for key in ACCESS_KEYS:
        text = value(key).lower()
        access[key] = True if text in _YES else False if text in _NO else None
        if text and access[key] is None:
            entry = document.get(key)
            problem(key, entry.key, f'"{value(key)}" is not yes or no.',
                    f"Write yes or no, like: {entry.key}: yes. Put details in the Accessibility line.")

    example = is_example(value("example"))
    if problems or zone is None:
        return None, problems
    return Event(
        source_path=path, slug=slug, title=value("title"), timezone=timezone, start=start, end=end,
        approximate_date=approximate, precision=precision, location=value("location"), address=value("address"),
        map_url=web_link(value("map")) or "", accessibility=value("accessibility"), bring=value("bring"), rsvp=web_link(value("rsvp")) or "",
        contact=value("contact"), status=status, status_note=value("status_note"), summary=value("summary"),
        example=example, source=Provenance.of(value("source_name"), value("source")), **access,
    ), []


def split_by_time(events, now: datetime):
    """(upcoming soonest first, past newest first): an event stays upcoming until it has ended."""
    upcoming = sorted((e for e in events if e.finished_at > now), key=lambda e: (e.sort_key, e.slug))
    past = sorted((e for e in events if e.finished_at <= now), key=lambda e: (e.sort_key, e.slug), reverse=True)
    return upcoming, past



