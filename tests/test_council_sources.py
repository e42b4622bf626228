"""Meeting sources: Legistar through the real fetch layer against a local server, AgendaCenter, iCalendar, times."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from werkzeug import Response

from sources.agendacenter import parse_listing, parse_rss
from sources.icalendar_meetings import parse_calendar
from sources.meeting import parse_clock_time
from sources.refresh import refresh

FORMATS = Path("/work/shared/formats")
DURHAM = ZoneInfo("America/New_York")


def legistar_row(event_id: int, body: str, day: str, clock, **extra) -> dict:
    """A row shaped like ../shared/formats/legistar-events.json (values made up for the test)."""
    row = {
        "EventId": event_id, "EventGuid": f"GUID-{event_id}", "EventLastModifiedUtc": "2023-03-01T14:03:27.13",
        "EventBodyName": body, "EventDate": f"{day}T00:00:00", "EventTime": clock,
        "EventAgendaStatusName": "Final", "EventMinutesStatusName": "Draft",
        "EventLocation": "Council Chambers, 101 City Hall Plaza",
        "EventAgendaFile": f"https://example.legistar1.com/agenda/{event_id}.pdf", "EventMinutesFile": None,
        "EventComment": None, "EventVideoPath": None,
        "EventInSiteURL": f"https://example.legistar.com/MeetingDetail.aspx?LEGID={event_id}", "EventItems": [],
    }
    row.update(extra)
    return row


# The meetings the site tests care about, plus 1,000 rows of another body so the API must be paged.
COUNCIL_ROWS = [
    legistar_row(101, "City Council", "2023-03-06", "18:00",
                 EventMinutesFile="https://example.legistar1.com/minutes/101.pdf",
                 EventVideoPath="https://example.granicus.com/player/clip/101"),
    legistar_row(102, "City Council", "2023-03-13", "7:00 PM", EventComment="Budget work session follow-up"),
    legistar_row(103, "City Council", "2023-03-20", "6:00PM", EventAgendaStatusName="Cancelled", EventAgendaFile=None),
    legistar_row(104, "City Council", "2023-05-15", None, EventAgendaFile=None),
    legistar_row(105, "City Council", "2023-11-06", "6:00PM"),
]
FILLER = [legistar_row(2000 + n, "Planning Commission", f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}", "5:30 PM")
          for n in range(1000)]


def serve_legistar(httpserver, rows: list, seen: list) -> None:
    def handler(request):
        seen.append(request)
        skip, top = int(request.args.get("$skip", 0)), int(request.args.get("$top", 1000))
        top = min(top, 1000)  # the real API never sends more than 1,000 rows
        return Response(json.dumps(rows[skip:skip + top]), content_type="application/json; charset=utf-8")

    httpserver.expect_request("/v1/testcity/events").respond_with_handler(handler)


def write_sources(folder: Path, base_url: str, bodies: str = '["City Council"]') -> Path:
    path = folder / "sources.toml"
    path.write_text(f"""[refresh]
snapshot_dir = "snapshots"
cache_dir = "cache"
retries = 1
backoff = 0
read_timeout = 3
connect_timeout = 2

[[source]]
name = "test-council"
type = "legistar"
url = "{base_url}"
client = "testcity"
label = "Test City (Legistar)"
bodies = {bodies}
since = "2023-01-01"
days_ahead = 3650
""", encoding="utf-8")
    return path


def run_refresh(config: Path):
    out = io.StringIO()
    # The test council's time zone, as `invoke refresh` passes the campaign's (data/site.toml).
    report = refresh(config, stream=out, timezone="America/New_York")
    return report, out.getvalue()


def test_legistar_is_paged_1000_at_a_time_with_an_odata_date_filter(tmp_path, httpserver):
    seen = []
    serve_legistar(httpserver, FILLER[:500] + COUNCIL_ROWS + FILLER[500:], seen)
    report, printed = run_refresh(write_sources(tmp_path, httpserver.url_for("/").rstrip("/")))
    assert [result.status for result in report.results] == ["updated"], printed
    assert [request.args["$skip"] for request in seen] == ["0", "1000"]
    assert {request.args["$top"] for request in seen} == {"1000"}
    first = seen[0]
    assert first.args["$filter"].startswith("EventDate ge datetime'2023-01-01' and EventDate lt datetime'")
    assert first.args["$orderby"] == "EventDate asc,EventId asc"
    assert "+" not in first.query_string.decode() and "%20" in first.query_string.decode()

    snapshot = json.loads((tmp_path / "snapshots" / "test-council.json").read_text())
    records = {record["id"]: record for record in snapshot["records"]}
    assert set(records) == {f"legistar:testcity:{n}" for n in (101, 102, 103, 104, 105)}  # other bodies left out
    assert records["legistar:testcity:101"]["start"] == "2023-03-06T18:00:00-05:00"
    assert records["legistar:testcity:102"]["start"] == "2023-03-13T19:00:00-04:00"  # after the DST change
    assert records["legistar:testcity:105"]["start"] == "2023-11-06T18:00:00-05:00"  # "6:00PM", after DST ends
    assert records["legistar:testcity:104"]["start"] is None and records["legistar:testcity:104"]["day"] == "2023-05-15"
    assert records["legistar:testcity:104"]["agenda_url"] == ""
    assert records["legistar:testcity:103"]["status"] == "cancelled"
    assert records["legistar:testcity:102"]["status"] == "scheduled"
    assert records["legistar:testcity:101"]["video_url"] == "https://example.granicus.com/player/clip/101"


@pytest.mark.parametrize("answer", [
    Response("Service Unavailable", status=503),
    Response("<!doctype html><title>Down for maintenance</title>", content_type="text/html"),
    Response(json.dumps({"Message": "Agency not found"}), content_type="application/json"),
    Response("[]", content_type="application/json"),
], ids=["http-503", "html-page", "error-object", "no-events"])
def test_a_failing_api_keeps_the_last_snapshot_byte_identical(tmp_path, httpserver, answer):
    seen = []
    serve_legistar(httpserver, COUNCIL_ROWS, seen)
    config = write_sources(tmp_path, httpserver.url_for("/").rstrip("/"))
    run_refresh(config)
    snapshot = tmp_path / "snapshots" / "test-council.json"
    before = snapshot.read_bytes()

    httpserver.clear()
    httpserver.expect_request("/v1/testcity/events").respond_with_response(answer)
    report, printed = run_refresh(config)
    assert report.results[0].status == "kept-old", printed
    assert "kept the snapshot from" in report.results[0].reason
    assert snapshot.read_bytes() == before


@pytest.mark.parametrize("text, expected", [
    ("6:00 PM", time(18, 0)), ("6:00PM", time(18, 0)), ("18:00", time(18, 0)), ("7 p.m.", time(19, 0)),
    ("12:00 PM", time(12, 0)), ("12:30 AM", time(0, 30)), ("9:05 am", time(9, 5)), ("  1:00 PM ", time(13, 0)),
    (None, None), ("", None), ("TBD", None), ("25:00", None), ("13:00 PM", None),
])
def test_event_time_strings(text, expected):
    assert parse_clock_time(text) == expected


def test_agendacenter_rss_gives_body_date_time_and_agenda():
    meetings, warnings = parse_rss((FORMATS / "civicplus-agendacenter-rss.xml").read_bytes(), config={"body": "City Council"},
                                   source_url="https://www.example.gov/RSSFeed.aspx?ModID=65&CID=City-Council-4",
                                   retrieved_at="2023-05-16T00:00:00Z", zone=DURHAM)
    assert warnings == []
    assert [(m.body, m.day, m.start) for m in meetings] == [
        ("City Council", date(2023, 5, 15), datetime(2023, 5, 15, 19, 0, tzinfo=DURHAM)),
        ("City Council Work Session", date(2023, 5, 18), datetime(2023, 5, 18, 13, 0, tzinfo=DURHAM)),
    ]
    assert meetings[0].agenda_url == "https://www.example.gov/AgendaCenter/ViewFile/Agenda/_05152023-2101"
    assert meetings[0].location == "Council Chambers"
    assert meetings[0].id == "agendacenter:example.gov:2101"


LISTING = """<!doctype html><html><body><table id="table4">
<tr class="catAgendaRow"><td><h3><strong>Mar 20, 2023</strong> — Posted Mar 16, 2023 4:02 PM</h3>
<p><a href="/AgendaCenter/ViewFile/Agenda/_03202023-2203">City Council Meeting - CANCELLED</a></p></td>
<td class="minutes"></td></tr>
<tr class="catAgendaRow"><td><h3><strong>Mar 6, 2023</strong></h3>
<p><a href="/AgendaCenter/ViewFile/Agenda/_03062023-2198">City Council Meeting</a>
<a href="/AgendaCenter/ViewFile/Agenda/_03062023-2198?html=true">HTML</a></p></td>
<td class="minutes"><a href="/AgendaCenter/ViewFile/Minutes/_03062023-2198">Minutes</a></td></tr>
<tr class="catAgendaRow"><td><p><a href="/AgendaCenter/ViewFile/Agenda/_03092023-2200">City Council Work Session</a></p></td></tr>
<tr><td><a href="/AgendaCenter/Search/?term=">Search agendas</a></td></tr>
</table></body></html>"""


def test_agendacenter_listing_pairs_agenda_and_minutes_by_meeting_id():
    meetings, _ = parse_listing(LISTING, config={"body": "City Council", "default_time": "19:00"},
                                source_url="https://www.durhamnc.gov/AgendaCenter/City-Council-4",
                                retrieved_at="2023-03-21T00:00:00Z", zone=DURHAM)
    by_day = {meeting.day: meeting for meeting in meetings}
    march6 = by_day[date(2023, 3, 6)]
    assert march6.agenda_url == "https://www.durhamnc.gov/AgendaCenter/ViewFile/Agenda/_03062023-2198"
    assert march6.minutes_url == "https://www.durhamnc.gov/AgendaCenter/ViewFile/Minutes/_03062023-2198"
    assert march6.start == datetime(2023, 3, 6, 19, 0, tzinfo=DURHAM) and march6.status == "scheduled"
    assert by_day[date(2023, 3, 20)].status == "cancelled"
    # The default time is the regular meeting's; a work session in the same list keeps "time not known".
    session = by_day[date(2023, 3, 9)]
    assert (session.body, session.start, session.location) == ("City Council Work Session", None, "")
    with pytest.raises(ValueError, match="no links to agenda or minutes"):
        parse_listing("<html><body><p>Site maintenance</p></body></html>", config={}, source_url="https://x.example/",
                      retrieved_at="", zone=DURHAM)


CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:utc@example.gov
DTSTAMP:20230101T000000Z
DTSTART:20230314T000000Z
SUMMARY:City Council Meeting
END:VEVENT
BEGIN:VEVENT
UID:floating@example.gov
DTSTAMP:20230101T000000Z
DTSTART:20231106T190000
SUMMARY:City Council Meeting
STATUS:CANCELLED
END:VEVENT
BEGIN:VEVENT
UID:allday@example.gov
DTSTAMP:20230101T000000Z
DTSTART;VALUE=DATE:20230601
SUMMARY:Budget Work Session
END:VEVENT
BEGIN:VEVENT
UID:series@example.gov
DTSTAMP:20230101T000000Z
DTSTART;TZID=America/New_York:20230206T190000
RRULE:FREQ=MONTHLY;BYDAY=1MO,3MO;COUNT=6
EXDATE;TZID=America/New_York:20230220T190000
SUMMARY:Regular Meeting
LOCATION:Council Chambers\\, City Hall
END:VEVENT
END:VCALENDAR
"""


def test_icalendar_reads_zoned_utc_floating_all_day_cancelled_and_recurring():
    meetings, warnings = parse_calendar(CALENDAR, config={"name": "Test calendar"}, source_url="https://x.example/c.ics",
                                        retrieved_at="", zone=DURHAM, since=date(2023, 1, 1), until=date(2024, 1, 1))
    assert warnings == []
    found = {(meeting.id, meeting.start.isoformat() if meeting.start else meeting.day.isoformat(), meeting.status)
             for meeting in meetings}
    assert ("icalendar:utc@example.gov", "2023-03-13T20:00:00-04:00", "scheduled") in found  # UTC shown in Durham time
    assert ("icalendar:floating@example.gov", "2023-11-06T19:00:00-05:00", "cancelled") in found  # floating = local
    assert ("icalendar:allday@example.gov", "2023-06-01", "scheduled") in found  # a day without an hour
    series = sorted(start for ident, start, _ in found if ident.startswith("icalendar:series@"))
    # 1st and 3rd Mondays, six of them, minus the excluded Feb 20; 7 p.m. on both sides of the March DST change.
    assert series == ["2023-02-06T19:00:00-05:00", "2023-03-06T19:00:00-05:00", "2023-03-20T19:00:00-04:00",
                      "2023-04-03T19:00:00-04:00", "2023-04-17T19:00:00-04:00"]
    regular = next(meeting for meeting in meetings if meeting.id.startswith("icalendar:series@"))
    assert (regular.body, regular.location) == ("Regular", "Council Chambers, City Hall")


def test_shared_ics_example_keeps_its_agenda_link():
    meetings, _ = parse_calendar((FORMATS / "meetings.ics").read_bytes(), config={}, source_url="https://x.example/m.ics",
                                 retrieved_at="", zone=DURHAM, since=date(2023, 1, 1), until=date(2024, 1, 1))
    (meeting,) = meetings
    assert meeting.body == "City Council"
    assert meeting.start == datetime(2023, 5, 15, 19, 0, tzinfo=DURHAM)
    assert meeting.agenda_url.endswith("/AgendaCenter/ViewFile/Agenda/_05152023-2101")
    assert meeting.location == "Council Chambers, 101 Example Plaza"


def test_legistar_query_survives_parse_qs():
    from sources.legistar import events_query

    query = events_query(date(2023, 5, 1), date(2023, 6, 1), skip=2000)
    assert query["$skip"] == "2000" and query["$top"] == "1000"
    assert parse_qs(urlsplit("https://x/?" + "&".join(f"{k}={v}" for k, v in query.items())).query)["$filter"] == [
        "EventDate ge datetime'2023-05-01' and EventDate lt datetime'2023-06-01'"]
