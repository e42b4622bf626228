"""Source types for council meetings: `legistar`, `agendacenter` and `icalendar`.

Each fetches through the shared HttpClient and snapshots one record per meeting (`sources.meeting.Meeting`
as a dict); plugins/council reads them back with `Meeting.from_dict`. The parsing lives in sources.legistar,
sources.agendacenter, sources.icalendar_meetings and sources.agenda (agenda items), which are pure and tested on
their own.

Agenda items (`Meeting.items`) are read for upcoming and recent meetings through the same client, so they get the
same timeouts, size caps and conditional GET. A meeting whose items cannot be read (a broken PDF, a failed item
request) keeps the items of the last snapshot, and the first of the warnings names it in the refresh report. A meeting
keeps the time it was first seen (`first_seen`), so a refresh that finds nothing new leaves the snapshot untouched.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from ..agenda import (MAX_PDF_BYTES, MAX_PDF_PAGES, AgendaError, keep_first_seen, legistar_items_url,
                      parse_agenda_html, parse_agenda_text, parse_legistar_items, pdf_pages)
from ..agendacenter import fetch_agendacenter
from ..fetchsettings import FetchError
from ..icalendar_meetings import fetch_calendar
from ..legistar import DEFAULT_BASE_URL, fetch_events
from ..meeting import Meeting, parse_clock_time
from ..registry import FetchResult, Option, SourceError, register_source_type
from ..snapshots import SnapshotError, load_snapshot, snapshot_path

MEETING_TYPES = ("legistar", "agendacenter", "icalendar")

_COMMON = {
    "label": Option(str, help="The source's name as readers know it, shown on the site.",
                    example='"City Agenda Center"'),
    "timezone": Option(str, help="The body's time zone (tz database name). Default: the campaign's.",
                       example='"America/Chicago"'),
    "since": Option(str, help="Fetch meetings from this day on (YYYY-MM-DD). Default: one year ago.",
                    example='"2023-01-01"'),
    "days_ahead": Option(int, help="How far ahead to fetch, in days.", example="180", default=180),
}

# Agenda items are read for upcoming meetings and those of the last `agenda_days_back` days; older meetings keep
# the items their snapshot has, so a refresh costs a few requests, not one per meeting since `since`.
_AGENDA = {
    "agenda_items": Option(bool, help="Read each upcoming and recent meeting's agenda items.", example="false",
                           default=True),
    "agenda_days_back": Option(int, help="Read the items of meetings up to this many days ago.", example="14",
                               default=14),
    "agenda_max_requests": Option(int, help="At most this many agenda requests in one refresh.", example="60",
                                  default=60),
}
_AGENDA_FILES = {
    "agenda_max_bytes": Option(int, help="Size limit for one agenda (PDF or web page), in bytes.",
                               example="15000000", default=MAX_PDF_BYTES),
    "agenda_max_pages": Option(int, help="Read the text of at most this many pages of an agenda PDF.", example="40",
                               default=MAX_PDF_PAGES),
}


def _window(options: dict) -> tuple[date, date, ZoneInfo]:
    zone = ZoneInfo(options.get("timezone") or "UTC")
    today = datetime.now(zone).date()
    since = date.fromisoformat(options["since"]) if options.get("since") else today - timedelta(days=365)
    return since, today + timedelta(days=int(options.get("days_ahead") or 180)), zone


class _Recorder:
    """`get(url, params) -> bytes` for the pure adapters, remembering what the shared client answered."""

    def __init__(self, client):
        self.client = client
        self.responses = []

    def __call__(self, url: str, params: dict | None):
        response = self.client.get(url, params=params)
        self.responses.append(response)
        return response.body

    def result(self, records: list, source_url: str, meta: dict) -> FetchResult:
        first = self.responses[0] if self.responses else None
        single = len(self.responses) == 1
        return FetchResult(records=records, source_url=source_url,
                           not_modified=bool(self.responses) and all(r.not_modified for r in self.responses),
                           etag=first.etag if single else None, last_modified=first.last_modified if single else None,
                           meta=meta)


def _run(adapter, source, client, config: dict, source_url: str, read_items=None) -> FetchResult:
    since, until, zone = _window(source.options)
    get = _Recorder(client)
    retrieved_at = ""
    try:
        meetings, warnings = adapter(get, config, since, until, retrieved_at, zone)
    except ValueError as error:  # a payload that is not what the source type promises
        raise SourceError(str(error)) from None
    if not meetings:
        why = f" ({'; '.join(warnings[:3])})" if warnings else ""
        raise SourceError(f"no meetings between {since} and {until} at {source_url}{why}")
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    meetings, partial = _with_items(meetings, _previous_meetings(source, zone), read_items, source.options, zone, now)
    # No fetch time and no date window in the file: an unchanged source leaves its snapshot byte-identical.
    # When it was last checked is in checked.json (sources.snapshots.mark_checked). Meetings whose agenda items
    # could not be read come first among the warnings, so the report names them.
    records = [meeting.to_dict(snapshot=True) for meeting in meetings]
    return get.result(records, source_url, {"label": config.get("name", source.name),
                                            "warnings": (partial + warnings)[:20]})


def _previous_meetings(source, zone: ZoneInfo) -> dict[str, Meeting]:
    """The meetings in this source's current snapshot, by id ({} when there is none or it cannot be read)."""
    if getattr(source, "snapshot_dir", None) is None:
        return {}
    try:
        old = load_snapshot(snapshot_path(source.snapshot_dir, source.name))
    except SnapshotError:
        return {}
    found = {}
    for record in old.records if old else []:
        try:
            meeting = Meeting.from_dict(record, zone)
        except (KeyError, TypeError, ValueError):
            continue
        found[meeting.id] = meeting
    return found


def meeting_name(meeting: Meeting) -> str:
    """How a report names one meeting: "City Council, 2023-05-15 (legistar:example:1842)"."""
    return f"{meeting.body}, {meeting.day.isoformat()} ({meeting.id})"


def _with_items(meetings: list[Meeting], before: dict[str, Meeting], read_items, options: dict, zone: ZoneInfo,
                now: str) -> tuple[list[Meeting], list[str]]:
    """Each meeting with its agenda items: read again for upcoming and recent meetings, kept from the last
    snapshot for older ones. A meeting whose items cannot be read keeps the items it had, and is named in the
    returned sentences, which `refresh` prints."""
    if read_items is None or options.get("agenda_items") is False:
        # Items read with the meetings themselves (a calendar entry's DESCRIPTION), or none at all.
        return [meeting.with_changes(items=tuple(keep_first_seen(list(meeting.items),
                                                                 list(before[meeting.id].items), now)))
                if meeting.id in before else
                meeting.with_changes(items=tuple(keep_first_seen(list(meeting.items), [], now)))
                for meeting in meetings], []
    today = datetime.now(zone).date()
    oldest = today - timedelta(days=int(options.get("agenda_days_back") or 14))
    budget = int(options.get("agenda_max_requests") or 60)
    result, partial, skipped = [], [], 0
    for meeting in meetings:
        old = before.get(meeting.id)
        old_items = list(old.items) if old else []
        if meeting.day < oldest or budget <= 0:
            if budget <= 0 and meeting.day >= oldest:
                skipped += 1
            result.append(meeting.with_changes(items=tuple(old_items)))
            continue
        try:
            items = read_items(meeting)
        except (FetchError, AgendaError) as error:
            kept = "kept its agenda items from the last refresh" if old_items else "no agenda items read"
            partial.append(f"{meeting_name(meeting)}: {kept} ({error})")
            result.append(meeting.with_changes(items=tuple(old_items)))
            continue
        finally:
            budget -= 1
        if items is None:  # nothing to read (no agenda published yet)
            result.append(meeting)
            continue
        result.append(meeting.with_changes(items=tuple(keep_first_seen(items, old_items, now))))
    if skipped:
        partial.append(f"agenda items of {skipped} later meeting{'s' if skipped != 1 else ''} not read this time "
                       f"(agenda_max_requests = {options.get('agenda_max_requests') or 60}); they keep their "
                       "earlier items")
    return result, partial


def _legistar_items(client, config: dict, options: dict):
    events = f"{config['base_url'].rstrip('/')}/v1/{config['client']}/events"

    def read(meeting: Meeting):
        event_id = int(meeting.id.rsplit(":", 1)[1])
        response = client.get(legistar_items_url(events, event_id))
        return parse_legistar_items(response.json(), details_url=meeting.details_url)
    return read


def _agendacenter_items(client, config: dict, options: dict):
    max_bytes = int(options.get("agenda_max_bytes") or MAX_PDF_BYTES)
    max_pages = int(options.get("agenda_max_pages") or MAX_PDF_PAGES)

    def read(meeting: Meeting):
        if meeting.agenda_html_url:
            response = client.get(meeting.agenda_html_url, max_bytes=max_bytes)
            return parse_agenda_html(response.body, url=meeting.agenda_url or meeting.agenda_html_url)
        if not meeting.agenda_url:
            return None
        response = client.get(meeting.agenda_url, max_bytes=max_bytes)
        pages = pdf_pages(response.body, max_bytes=max_bytes, max_pages=max_pages)
        items = parse_agenda_text(pages, url=meeting.agenda_url, source="agendacenter-pdf", page_links=True)
        if not items:
            raise AgendaError("the agenda PDF has no numbered items")
        return items
    return read


def _config(source) -> dict:
    options = {key: value for key, value in source.options.items() if value is not None}
    return {**options, "name": options.get("label") or source.name}


def fetch_legistar(source, client) -> FetchResult:
    config = {**_config(source), "base_url": source.url or DEFAULT_BASE_URL}
    return _run(fetch_events, source, client, config, f"{config['base_url'].rstrip('/')}/v1/{config['client']}/events",
                _legistar_items(client, config, source.options))


def fetch_agendacenter_source(source, client) -> FetchResult:
    config = {**_config(source), "listing_url": source.url}
    return _run(fetch_agendacenter, source, client, config, source.url,
                _agendacenter_items(client, config, source.options))


def fetch_icalendar(source, client) -> FetchResult:
    # Items come from each event's DESCRIPTION, read with the calendar: nothing more to fetch.
    config = {**_config(source), "url": source.url}
    return _run(fetch_calendar, source, client, config, source.url)


def _check_common(options: dict) -> list[tuple[str, str, str]]:
    problems = []
    if options.get("since"):
        try:
            date.fromisoformat(options["since"])
        except ValueError:
            problems.append(("since", f'"{options["since"]}" is not a date', 'Write it like since = "2023-01-01"'))
    if options.get("default_time") and parse_clock_time(options["default_time"]) is None:
        problems.append(("default_time", f'"{options["default_time"]}" is not a time',
                         'Write it like default_time = "19:00" or "7:00 PM"'))
    try:
        ZoneInfo(options.get("timezone") or "UTC")
    except (ValueError, KeyError):
        problems.append(("timezone", f'"{options.get("timezone")}" is not a time zone',
                         'Use a tz database name like timezone = "America/Chicago"'))
    return problems


register_source_type(
    "legistar", fetch_legistar,
    description="Legistar Web API events (/v1/CLIENT/events), paged 1,000 at a time, and the agenda items of "
                "upcoming and recent ones; url is the API base (optional).",
    options={**_COMMON, **_AGENDA,
             "client": Option(str, required=True, help="The Legistar client name.", example='"springfieldcounty"'),
             "bodies": Option(list, help="Keep only these bodies (names as Legistar spells them).",
                              example='["Board of County Commissioners"]')},
    needs_url=False, check=_check_common,
)
register_source_type(
    "agendacenter", fetch_agendacenter_source,
    description="CivicPlus AgendaCenter: url is the listing page; rss_url its agenda RSS feed (optional). Agenda "
                "items come from the HTML agenda where published, else from the agenda PDF's text.",
    options={**_COMMON, **_AGENDA, **_AGENDA_FILES,
             "rss_url": Option(str, help="The AgendaCenter RSS feed (RSSFeed.aspx?ModID=65&CID=...).",
                               example='"https://www.example.gov/RSSFeed.aspx?ModID=65&CID=City-Council-4"'),
             "body": Option(str, help="The body's name when item titles do not give it.", example='"City Council"',
                            default="City Council"),
             "default_time": Option(str, help="Start time when the source gives none (from the body's schedule).",
                                    example='"19:00"'),
             "default_location": Option(str, help="Place when the source gives none.",
                                        example='"Council Chambers, City Hall"')},
    check=_check_common,
)
register_source_type(
    "icalendar", fetch_icalendar,
    description="Any iCalendar (.ics) feed of meetings; recurring entries are expanded; a numbered list in "
                "an entry's DESCRIPTION gives its agenda items.",
    options={**_COMMON,
             "body": Option(str, help="The body's name; default: each entry's title without \"Meeting\".",
                            example='"City Council"')},
    check=_check_common,
)
