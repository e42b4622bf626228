"""Source types for council meetings: `legistar`, `agendacenter` and `icalendar`.

Each fetches through the shared HttpClient and snapshots one record per meeting (`sources.meeting.Meeting`
as a dict); plugins/council reads them back with `Meeting.from_dict`. The parsing lives in sources.legistar,
sources.agendacenter and sources.icalendar_meetings, which are pure and tested on their own.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..agendacenter import fetch_agendacenter
from ..icalendar_meetings import fetch_calendar
from ..legistar import DEFAULT_BASE_URL, fetch_events
from ..meeting import parse_clock_time
from ..registry import FetchResult, Option, SourceError, register_source_type

MEETING_TYPES = ("legistar", "agendacenter", "icalendar")

_COMMON = {
    "label": Option(str, help="The source's name as readers know it, shown on the site.",
                    example='"City of Durham Agenda Center"'),
    "timezone": Option(str, help="The body's time zone (tz database name).", example='"America/New_York"',
                       default="America/New_York"),
    "since": Option(str, help="Fetch meetings from this day on (YYYY-MM-DD). Default: one year ago.",
                    example='"2023-01-01"'),
    "days_ahead": Option(int, help="How far ahead to fetch, in days.", example="180", default=180),
}


def _window(options: dict) -> tuple[date, date, ZoneInfo]:
    zone = ZoneInfo(options.get("timezone") or "America/New_York")
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


def _run(adapter, source, client, config: dict, source_url: str) -> FetchResult:
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
    # No fetch time and no date window in the file: an unchanged source leaves its snapshot byte-identical.
    # When it was last checked is in checked.json (sources.snapshots.mark_checked).
    records = [meeting.to_dict(snapshot=True) for meeting in meetings]
    return get.result(records, source_url, {"label": config.get("name", source.name), "warnings": warnings[:20]})


def _config(source) -> dict:
    options = {key: value for key, value in source.options.items() if value is not None}
    return {**options, "name": options.get("label") or source.name}


def fetch_legistar(source, client) -> FetchResult:
    config = {**_config(source), "base_url": source.url or DEFAULT_BASE_URL}
    return _run(fetch_events, source, client, config, f"{config['base_url'].rstrip('/')}/v1/{config['client']}/events")


def fetch_agendacenter_source(source, client) -> FetchResult:
    config = {**_config(source), "listing_url": source.url}
    return _run(fetch_agendacenter, source, client, config, source.url)


def fetch_icalendar(source, client) -> FetchResult:
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
        ZoneInfo(options.get("timezone") or "America/New_York")
    except (ValueError, KeyError):
        problems.append(("timezone", f'"{options.get("timezone")}" is not a time zone',
                         'Use a tz database name like timezone = "America/New_York"'))
    return problems


register_source_type(
    "legistar", fetch_legistar,
    description="Legistar Web API events (/v1/CLIENT/events), paged 1,000 at a time; url is the API base (optional).",
    options={**_COMMON,
             "client": Option(str, required=True, help="The Legistar client name.", example='"durhamcounty"'),
             "bodies": Option(list, help="Keep only these bodies (names as Legistar spells them).",
                              example='["Board of County Commissioners"]')},
    needs_url=False, check=_check_common,
)
register_source_type(
    "agendacenter", fetch_agendacenter_source,
    description="CivicPlus AgendaCenter: url is the listing page; rss_url its agenda RSS feed (optional).",
    options={**_COMMON,
             "rss_url": Option(str, help="The AgendaCenter RSS feed (RSSFeed.aspx?ModID=65&CID=...).",
                               example='"https://www.durhamnc.gov/RSSFeed.aspx?ModID=65&CID=City-Council-4"'),
             "body": Option(str, help="The body's name when item titles do not give it.", example='"City Council"',
                            default="City Council"),
             "default_time": Option(str, help="Start time when the source gives none (from the body's schedule).",
                                    example='"19:00"'),
             "default_location": Option(str, help="Place when the source gives none.",
                                        example='"Council Chambers, 101 City Hall Plaza, Durham, NC 27701"')},
    check=_check_common,
)
register_source_type(
    "icalendar", fetch_icalendar,
    description="Any iCalendar (.ics) feed of meetings; recurring entries are expanded.",
    options={**_COMMON,
             "body": Option(str, help="The body's name; default: each entry's title without \"Meeting\".",
                            example='"City Council"')},
    check=_check_common,
)
