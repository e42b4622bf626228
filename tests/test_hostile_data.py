"""Hostile or careless data from meeting sources and organizers: dates out of range, endless recurrence, snapshots
that churn, AgendaCenter quirks. Through the real pipeline: a server on 127.0.0.1 -> `invoke refresh` ->
`invoke build`."""

from __future__ import annotations

import json
import time
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from werkzeug import Response

from conftest import copy_content, run_build
from hostile import build_with, refresh_command, write_config
from sources.agendacenter import parse_listing, parse_rss
from sources.icalendar_meetings import parse_calendar
from test_council_sources import legistar_row

DURHAM = ZoneInfo("America/New_York")


def legistar_source(base: str, name: str = "council") -> str:
    return f"""
[[source]]
name = "{name}"
type = "legistar"
url = "{base}"
client = "testcity"
label = "Test City (Legistar)"
since = "2023-01-01"
days_ahead = 3650
"""


def serve_rows(httpserver, rows: list) -> str:
    body = json.dumps(rows)
    httpserver.expect_request("/v1/testcity/events").respond_with_handler(
        lambda request: Response(body, content_type="application/json; charset=utf-8"))
    return httpserver.url_for("/").rstrip("/")


# ---------------------------------------------------------------- 2. dates out of range


def test_a_meeting_dated_9999_is_skipped_by_name_and_the_build_still_works(tmp_path, httpserver):
    rows = [legistar_row(401, "City Council", "9999-12-31", "7:00 PM"),
            legistar_row(402, "City Council", "0001-01-01", "7:00 PM"),
            legistar_row(403, "City Council", "2023-05-15", "7:00 PM")]
    config = write_config(tmp_path, legistar_source(serve_rows(httpserver, rows)))
    refreshed = refresh_command(config)
    assert refreshed.returncode == 0, refreshed.output
    assert "council: updated" in refreshed.output
    assert "event 401 skipped: EventDate 9999-12-31 is outside the years 1900-2199" in refreshed.output
    assert "event 402 skipped: EventDate 0001-01-01 is outside the years 1900-2199" in refreshed.output
    records = json.loads((tmp_path / "snapshots" / "council.json").read_text())["records"]
    assert [record["id"] for record in records] == ["legistar:testcity:403"]
    build = build_with(tmp_path, config)
    assert build.returncode == 0, build.messages
    assert (build.output / "meetings" / "2023-05-15-city-council" / "index.html").is_file()


@pytest.mark.parametrize("folder, name, text, expected", [
    ("events", "year-one.md", "Title: A rally long ago\nStart: 0001-01-01 10:00\nEnd: 0001-01-01 12:00\nSource_name: Nobody\n\nText.\n",
     "content/events/year-one.md:2: Start: 0001-01-01 10:00 is outside the years 1900-2199."),
    ("events", "far-future.md", "Title: A rally far ahead\nStart: 9999-12-31 22:00\nEnd: 9999-12-31 23:00\nSource_name: Nobody\n\nText.\n",
     "content/events/far-future.md:2: Start: 9999-12-31 22:00 is outside the years 1900-2199."),
    ("meetings", "far-future.md", "Title: Far ahead\nBody: City Council\nWhen: 9999-12-31\nSource_name: x\n\nText.\n",
     "content/meetings/far-future.md:3: When: 9999-12-31 is outside the years 1900-2199."),
])
def test_content_dated_out_of_range_gets_file_and_line(tmp_path, folder, name, text, expected):
    content = copy_content(tmp_path)
    (content / folder / name).write_text(text, encoding="utf-8")
    build = run_build(tmp_path / "output", content=content)
    assert build.returncode != 0
    assert expected in build.messages, build.messages[-3000:]
    assert "Traceback" not in build.messages and "OverflowError" not in build.messages


# ---------------------------------------------------------------- 3. endless recurrence

ENDLESS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\nUID:endless@example.gov\r\n"
           "DTSTAMP:19000101T000000Z\r\nDTSTART:19000101T000000Z\r\nRRULE:FREQ=SECONDLY\r\n"
           "SUMMARY:Board Meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def test_an_endless_secondly_rule_from_1900_ends_quickly_with_a_bounded_answer(tmp_path, httpserver):
    httpserver.expect_request("/endless.ics").respond_with_data(ENDLESS, content_type="text/calendar")
    config = write_config(tmp_path, f"""
[[source]]
name = "endless"
type = "icalendar"
url = "{httpserver.url_for('/endless.ics')}"
since = "2023-01-01"
days_ahead = 30
""")
    # The old code walked every second since 1900: it ran for hours. The bound is on work, not on time,
    # so this verdict does not depend on the machine: the refresh must finish at all (timeout = failure).
    refreshed = refresh_command(config, timeout=240)
    assert "endless:" in refreshed.output
    assert "more than 1,000 occurrences" in refreshed.output, refreshed.output


def test_recurrence_is_expanded_only_inside_the_window():
    weekly = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\nUID:weekly@example.gov\r\n"
              "DTSTAMP:19000101T000000Z\r\nDTSTART;TZID=America/New_York:19000105T190000\r\n"
              "RRULE:FREQ=WEEKLY\r\nSUMMARY:Board Meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    meetings, warnings = parse_calendar(weekly, config={}, source_url="https://example.gov/x.ics",
                                        retrieved_at="", zone=DURHAM, since=date(2023, 1, 1), until=date(2023, 2, 1))
    assert [meeting.day.isoformat() for meeting in meetings] == ["2023-01-06", "2023-01-13", "2023-01-20",
                                                                  "2023-01-27"]
    assert warnings == []


# ---------------------------------------------------------------- 7. snapshots that churn


def test_an_unchanged_meeting_source_leaves_its_snapshot_byte_identical(tmp_path, httpserver):
    rows = [legistar_row(501, "City Council", "2023-05-15", "7:00 PM"),
            legistar_row(502, "City Council", "2023-06-05", "7:00 PM")]
    ical = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\nUID:b@example.gov\r\n"
            "DTSTAMP:20230101T000000Z\r\nDTSTART;TZID=America/New_York:20230516T180000\r\n"
            "SUMMARY:Planning Board Meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    base = serve_rows(httpserver, rows)
    # No validators: the server sends the whole answer each time, as Legistar does.
    httpserver.expect_request("/board.ics").respond_with_data(ical, content_type="text/calendar")
    config = write_config(tmp_path, legistar_source(base).replace('since = "2023-01-01"\n', "") + f"""
[[source]]
name = "board"
type = "icalendar"
url = "{base}/board.ics"
since = "2023-01-01"
days_ahead = 3650
""")
    first = refresh_command(config)
    assert "council: updated" in first.output and "board: updated" in first.output, first.output
    before = {path.name: path.read_bytes() for path in (tmp_path / "snapshots").glob("*.json")
              if path.name != "checked.json"}
    time.sleep(1.1)  # a later second: the old code wrote a new retrieved_at into every record
    second = refresh_command(config)
    assert "council: unchanged" in second.output and "board: unchanged" in second.output, second.output
    after = {path.name: path.read_bytes() for path in (tmp_path / "snapshots").glob("*.json")
             if path.name != "checked.json"}
    assert after == before
    # The page still says when the data was last checked: from checked.json, not from the records.
    build = build_with(tmp_path, config)
    assert build.returncode == 0, build.messages


# ---------------------------------------------------------------- 8. AgendaCenter details

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Agenda Center</title><link>https://www.example.gov/AgendaCenter</link>
<description>Agendas</description>
<item><title>CANCELLED - City Council Work Session - November 9, 2023</title>
<link>https://www.example.gov/AgendaCenter/ViewFile/Agenda/_11092023-2150</link>
<description>Work Session Agenda, Thursday November 9, 2023, 1:00 PM</description></item>
<item><title>City Council Meeting - November 13, 2023</title>
<link>https://www.example.gov/AgendaCenter/ViewFile/Agenda/_13452023-2102</link>
<description>City Council Agenda</description></item>
<item><title>City Council Meeting - November 20, 2023</title>
<link>https://www.example.gov/AgendaCenter/ViewFile/Agenda/_11202023-2160</link>
<description>City Council Agenda, Monday November 20, 2023, 7:00 PM, Council Chambers</description></item>
</channel></rss>"""


def test_agendacenter_status_in_the_title_and_a_malformed_file_name():
    meetings, warnings = parse_rss(RSS, config={"body": "City Council"}, source_url="https://www.example.gov/rss",
                                   retrieved_at="", zone=DURHAM)
    by_day = {meeting.day.isoformat(): meeting for meeting in meetings}
    assert sorted(by_day) == ["2023-11-09", "2023-11-20"]
    session = by_day["2023-11-09"]
    assert (session.body, session.status) == ("City Council Work Session", "cancelled")
    assert any("_13452023-2102" in warning and "13/45/2023 is not a date" in warning for warning in warnings), warnings


def test_agendacenter_through_refresh_with_an_unknown_charset(tmp_path, httpserver):
    listing = ('<html><body><a href="/AgendaCenter/ViewFile/Agenda/_11202023-2160">Agenda</a>'
               '<a href="/AgendaCenter/ViewFile/Agenda/_13452023-2102">Agenda</a></body></html>')
    httpserver.expect_request("/AgendaCenter/City-Council-4").respond_with_data(
        listing, content_type="text/html; charset=x-no-such-charset")
    httpserver.expect_request("/rss").respond_with_data(RSS, content_type="application/rss+xml")
    base = httpserver.url_for("/").rstrip("/")
    source = f"""
[[source]]
name = "agenda"
type = "agendacenter"
url = "{base}/AgendaCenter/City-Council-4"
rss_url = "{base}/rss"
since = "2023-01-01"
days_ahead = 3650
"""
    config = write_config(tmp_path, source)
    refreshed = refresh_command(config)
    assert "agenda: kept-old" in refreshed.output
    assert 'declares the character set "x-no-such-charset", which is not one Python knows' in refreshed.output
    assert "unexpected" not in refreshed.output and "LookupError" not in refreshed.output
    # With a charset it knows, the malformed row is skipped by name and the rest is kept.
    httpserver.clear()
    httpserver.expect_request("/AgendaCenter/City-Council-4").respond_with_data(listing, content_type="text/html")
    httpserver.expect_request("/rss").respond_with_data(RSS, content_type="application/rss+xml")
    refreshed = refresh_command(config)
    assert "agenda: updated" in refreshed.output, refreshed.output
    assert "_13452023-2102" in refreshed.output
    records = json.loads((tmp_path / "snapshots" / "agenda.json").read_text())["records"]
    assert {(record["day"], record["body"], record["status"]) for record in records} == {
        ("2023-11-09", "City Council Work Session", "cancelled"), ("2023-11-20", "City Council", "scheduled")}


def test_agendacenter_listing_skips_a_malformed_file_name_by_name():
    html = ('<a href="/AgendaCenter/ViewFile/Agenda/_13452023-2102">Agenda</a>'
            '<a href="/AgendaCenter/ViewFile/Agenda/_11202023-2160">Agenda</a>')
    meetings, warnings = parse_listing(html, config={}, source_url="https://www.example.gov/AgendaCenter/x",
                                       retrieved_at="", zone=DURHAM)
    assert [meeting.day.isoformat() for meeting in meetings] == ["2023-11-20"]
    assert len(warnings) == 1 and "_13452023-2102" in warnings[0]
