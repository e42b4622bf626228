"""Agenda watch through the real pipeline: local servers on 127.0.0.1 serving Legistar event items, an AgendaCenter
listing with an HTML agenda and a generated agenda PDF, and a calendar feed -> `invoke refresh` -> `invoke build` -> the built pages,
events.ics and the news feed. Then the snapshot rules: nothing changed moves 0 body bytes and rewrites nothing; a
corrupt PDF and a failing item request each keep the earlier items and name the meeting."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from werkzeug import Request, Response

from conftest import ROOT, copy_campaign, run_build
from sources_server import DataServer, start_server
from test_watch_terms import make_pdf

ZONE = ZoneInfo("America/New_York")
TODAY = datetime.now(ZONE).date()  # refresh reads items for upcoming meetings by the real clock, so dates follow it
D_HTML, D_LEGISTAR, D_PDF, D_CANCELLED, D_NO_AGENDA = (TODAY + timedelta(days=n) for n in (5, 10, 17, 24, 31))
D_ICS = TODAY + timedelta(days=12)
D_PAST = TODAY - timedelta(days=60)
FORMATS = Path("/work/shared/formats")

WATCH = """exclude = ["American Heart Association"]

[[term]]
phrase = "HEART"

[[term]]
phrase = "Community Safety"

[[term]]
phrase = "Seguridad Comunitaria"
"""


def legistar_event(event_id: int, day: date, **extra) -> dict:
    """An event row shaped like ../shared/formats/legistar-events.json (values made up)."""
    row = {"EventId": event_id, "EventGuid": f"GUID-{event_id}", "EventLastModifiedUtc": "2026-11-01T10:00:00",
           "EventBodyName": "City Council", "EventDate": f"{day.isoformat()}T00:00:00", "EventTime": "7:00 PM",
           "EventAgendaStatusName": "Final", "EventLocation": "Council Chambers",
           "EventAgendaFile": f"https://testcity.legistar1.com/agenda/{event_id}.pdf", "EventMinutesFile": None,
           "EventComment": None, "EventVideoPath": None,
           "EventInSiteURL": f"https://testcity.legistar.com/MeetingDetail.aspx?ID={event_id}&GUID=G{event_id}"}
    row.update(extra)
    return row


EVENTS = [legistar_event(1842, D_LEGISTAR),
          legistar_event(1843, D_CANCELLED, EventAgendaStatusName="Cancelled"),
          legistar_event(1844, D_NO_AGENDA, EventAgendaFile=None),
          legistar_event(1700, D_PAST)]
ITEMS = {
    # The documented shape: item 12 is a public hearing "including the Community Safety Department".
    1842: json.loads((FORMATS / "legistar-eventitems.json").read_text()),
    1843: [{"EventItemId": 95001, "EventItemAgendaSequence": 4, "EventItemAgendaNumber": "4.",
            "EventItemTitle": "Report on HEART response times", "EventItemMatterType": "Presentation",
            "EventItemMatterFile": "26-0101", "EventItemMatterId": 8801, "EventItemMatterGuid": "M-8801",
            "EventItemConsent": 0, "EventItemMatterAttachments": []}],
    1844: [],  # not published yet
    1700: [{"EventItemId": 1, "EventItemAgendaSequence": 1, "EventItemTitle": "HEART (never asked: too old)"}],
}
HTML_AGENDA = """<!doctype html><html lang="en"><head><title>Agenda</title></head><body>
<h1>City Council Work Session Agenda</h1>
<h2>PRESENTATIONS</h2>
<table>
<tr><td>1.</td><td>Call to order</td></tr>
<tr><td>2.</td><td><a href="/AgendaCenter/ViewFile/Item/77?fileID=901">Informe de Seguridad Comunitária:
respuesta a crisis</a></td></tr>
<tr><td>3.</td><td>A heartfelt thank-you to retiring staff</td></tr>
</table></body></html>"""
PDF_LINES = [["CITY COUNCIL MEETING AGENDA", "II. CONSENT AGENDA",
              "3. Proclamation: AMERICAN HEART ASSOCIATION month",
              "III. PUBLIC HEARINGS", "12. Public hearing on funding the HEART program around the clock",
              "File #: 26-0412"], ["13. Adjournment"]]


# A calendar feed (../shared/formats/meetings.ics shape) whose entry lists its agenda in DESCRIPTION.
CALENDAR = f"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test City//Meetings//EN
BEGIN:VEVENT
UID:board-77@test.example
DTSTAMP:20261101T120000Z
DTSTART;TZID=America/New_York:{D_ICS.strftime('%Y%m%d')}T180000
DTEND;TZID=America/New_York:{D_ICS.strftime('%Y%m%d')}T200000
SUMMARY:Board of Adjustment
LOCATION:Room 2A
DESCRIPTION:Agenda\\n1. Call to order\\n2. Presupuesto de Seguridad Comunitaria
URL:https://www.test.example/boards/77
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n")
WATCHED = [(D_HTML, "city-council"), (D_LEGISTAR, "city-council"), (D_ICS, "board-of-adjustment"),
           (D_PDF, "city-council"), (D_CANCELLED, "city-council")]


def viewfile(kind: str, day: date, meeting_id: int) -> str:
    return f"/AgendaCenter/ViewFile/{kind}/_{day.strftime('%m%d%Y')}-{meeting_id}"


class Upstream:
    """Every payload the servers answer, changeable by a test, each with an ETag so refreshes can be conditional."""

    def __init__(self, data: DataServer):
        self.data = data
        self.pdf = make_pdf(PDF_LINES)
        self.item_status = 200
        server = data.server
        server.expect_request("/v1/testcity/events").respond_with_handler(
            lambda request: data.respond(request, json.dumps(EVENTS).encode()))
        for event_id in ITEMS:
            server.expect_request(f"/v1/testcity/events/{event_id}/eventitems").respond_with_handler(
                lambda request, event_id=event_id: self.items(request, event_id))
        server.expect_request("/AgendaCenter/City-Council-4").respond_with_handler(
            lambda request: data.respond(request, self.listing().encode(), "text/html; charset=utf-8"))
        server.expect_request(viewfile("Agenda", D_HTML, 3001)).respond_with_handler(self.html_or_pdf)
        server.expect_request("/calendar.ics").respond_with_handler(
            lambda request: data.respond(request, CALENDAR.encode(), "text/calendar; charset=utf-8"))
        server.expect_request(viewfile("Agenda", D_PDF, 3002)).respond_with_handler(
            lambda request: data.respond(request, self.pdf, "application/pdf"))

    def items(self, request: Request, event_id: int) -> Response:
        if event_id == 1842 and self.item_status != 200:
            return Response("Server Error", status=self.item_status)
        assert request.args.get("AgendaNote") == "1" and request.args.get("Attachments") == "1"
        return self.data.respond(request, json.dumps(ITEMS[event_id]).encode())

    def html_or_pdf(self, request: Request) -> Response:
        if request.args.get("html") == "true":
            return self.data.respond(request, HTML_AGENDA.encode(), "text/html; charset=utf-8")
        return Response("the PDF of this agenda must not be read when the HTML agenda exists", status=500)

    def listing(self) -> str:
        return (f'<html><body><table>'
                f'<tr><td><a href="{viewfile("Agenda", D_HTML, 3001)}">Agenda</a> '
                f'<a href="{viewfile("Agenda", D_HTML, 3001)}?html=true">HTML</a></td></tr>'
                f'<tr><td><a href="{viewfile("Agenda", D_PDF, 3002)}">Agenda</a></td></tr>'
                f'</table></body></html>')


SOURCES = """[refresh]
snapshot_dir = "snapshots"
cache_dir = "cache"
retries = 1
backoff = 0
read_timeout = 5
connect_timeout = 2

[[source]]
name = "test-legistar"
type = "legistar"
url = "{base}"
client = "testcity"
label = "Test City (Legistar)"
since = "{since}"

[[source]]
name = "test-agendacenter"
type = "agendacenter"
url = "{base}/AgendaCenter/City-Council-4"
label = "Test City Agenda Center"
body = "City Council"
default_time = "19:00"
since = "{since}"

[[source]]
name = "test-calendar"
type = "icalendar"
url = "{base}/calendar.ics"
label = "Test City boards calendar"
body = "Board of Adjustment"
since = "{since}"
"""

SETTINGS = """
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: F401,F403

COUNCIL_SOURCES_FILE = {sources!r}
COUNCIL_WATCH_FILE = {watch!r}
BUILD_NOW = {now!r}
"""

# The test campaign's data/council.toml: one body, no published schedule.
COUNCIL = """home_bodies = ["City Council"]

[[body]]
name = "City Council"
signup = ["Sign up with the clerk."]
deadline = { days_before = 1, business_days = false, at = "12:00" }
time_limit_minutes = 3
written = ["Email the council."]
"""


def invoke_refresh(config: Path) -> str:
    result = subprocess.run([str(Path(sys.executable).parent / "invoke"), "refresh", "--config", str(config)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def source_report(report: str, name: str) -> str:
    """One source's lines of a refresh report: its status line and the warnings under it."""
    lines = report.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith(f"{name}:"))
    block = [lines[start]]
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        block.append(line)
    return "\n".join(block)


def snapshot_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((folder / "snapshots").glob("*.json"))
            if path.name != "checked.json"}


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    """Refresh from the local servers, then build the site with those snapshots and a test watch list."""
    server = start_server()
    data = DataServer(server)
    upstream = Upstream(data)
    folder = tmp_path_factory.mktemp("watch")
    config = folder / "sources.toml"
    config.write_text(SOURCES.format(base=server.url_for("/").rstrip("/"),
                                     since=(TODAY - timedelta(days=90)).isoformat()), encoding="utf-8")
    watch = folder / "watch.toml"
    watch.write_text(WATCH, encoding="utf-8")
    report = invoke_refresh(config)
    campaign = copy_campaign(folder)
    (campaign / "data" / "council.toml").write_text(COUNCIL, encoding="utf-8")
    # Its Spanish words are for the shipped council file, not this one.
    (campaign / "data" / "council.es.toml").unlink(missing_ok=True)
    content = campaign / "content"
    settings = folder / "settings.py"
    now = datetime.now(ZONE).replace(microsecond=0).isoformat()
    settings.write_text(SETTINGS.format(root=str(ROOT), sources=str(config), watch=str(watch), now=now),
                        encoding="utf-8")
    build = run_build(folder / "output", campaign=campaign, settings=str(settings))
    assert build.returncode == 0, build.messages
    yield {"campaign": campaign, "server": server, "data": data, "upstream": upstream, "config": config, "report": report,
           "output": folder / "output", "folder": folder, "settings": settings, "content": content}
    server.clear()
    server.stop()


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


def inline(node) -> str:
    """Text of inline markup (a link with <mark> inside) as a reader sees it."""
    return " ".join(node.get_text().split())


def page(output: Path, day: date) -> BeautifulSoup:
    return soup_of(output / "meetings" / f"{day.isoformat()}-city-council" / "index.html")


def test_refresh_reads_items_from_each_source(pipeline):
    snapshots = {name: json.loads(text) for name, text in snapshot_bytes(pipeline["folder"]).items()}
    legistar = {record["day"]: record for record in snapshots["test-legistar.json"]["records"]}
    hearing = legistar[D_LEGISTAR.isoformat()]["items"][0]
    assert (hearing["number"], hearing["file_number"], hearing["matter_type"]) == ("12", "23-0412", "Public Hearing")
    assert hearing["url"] == ("https://testcity.legistar.com/LegislationDetail.aspx?ID=7731"
                              "&GUID=A1C2E3F4-5B6D-4E7F-8091-A2B3C4D5E6F7")
    assert legistar[D_PAST.isoformat()]["items"] == []  # too old: its items were never asked for
    center = {record["day"]: record for record in snapshots["test-agendacenter.json"]["records"]}
    assert [item["source"] for item in center[D_HTML.isoformat()]["items"]] == ["agendacenter-html"] * 3
    pdf_items = center[D_PDF.isoformat()]["items"]
    assert [(item["number"], item["source"]) for item in pdf_items] == [
        ("3", "agendacenter-pdf"), ("12", "agendacenter-pdf"), ("13", "agendacenter-pdf")]
    assert pdf_items[1]["file_number"] == "26-0412" and pdf_items[1]["url"].endswith("-3002#page=1")
    assert "test-legistar: updated" in pipeline["report"] and "test-agendacenter: updated" in pipeline["report"]


def test_meeting_page_lists_the_matching_items_first_in_the_agendas_words(pipeline):
    soup = page(pipeline["output"], D_LEGISTAR)
    section = soup.select_one(".hs-watch")
    assert section.find_previous("dl", class_="hs-facts") is None  # before the meeting's facts: first on the page
    assert words(section.h2) == "On the agenda"
    link = section.select_one(".hs-watch__item a")
    assert inline(link) == ("Item 12: Public hearing on the proposed FY2023-24 budget, including the "
                           "Community Safety Department")
    assert link["href"].startswith("https://testcity.legistar.com/LegislationDetail.aspx?ID=7731")
    assert [words(mark) for mark in link.select("mark")] == ["Community Safety"]
    assert "Public Hearing · File 23-0412" in words(section)
    assert "Public hearing: speakers may address this item at the meeting." in words(section)
    official = section.select_one(".hs-provenance a")
    assert official["href"] == "https://testcity.legistar1.com/agenda/1842.pdf"
    # Every item stays readable further down, "Adjournment" too.
    assert "Adjournment" in words(soup.select_one(".hs-watch__all"))


def test_html_and_pdf_agendas_match_with_exclusions_and_accents(pipeline):
    html_page = page(pipeline["output"], D_HTML).select_one(".hs-watch")
    items = [inline(item) for item in html_page.select(".hs-watch__item")]
    assert items == ["Item 2: Informe de Seguridad Comunitária: respuesta a crisis"]  # not the "heartfelt" one
    assert html_page.select_one(".hs-watch__item a")["href"].endswith("/AgendaCenter/ViewFile/Item/77?fileID=901")
    pdf_page = page(pipeline["output"], D_PDF).select_one(".hs-watch")
    items = [inline(item) for item in pdf_page.select(".hs-watch__item")]
    assert items == ["Item 12: Public hearing on funding the HEART program around the clock"]  # not the proclamation
    assert pdf_page.select_one(".hs-watch__item a")["href"].endswith(viewfile("Agenda", D_PDF, 3002) + "#page=1")


def test_calendar_description_items_are_matched(pipeline):
    soup = soup_of(pipeline["output"] / "meetings" / f"{D_ICS.isoformat()}-board-of-adjustment" / "index.html")
    section = soup.select_one(".hs-watch")
    assert [inline(item) for item in section.select(".hs-watch__item")] == [
        "Item 2: Presupuesto de Seguridad Comunitaria"]
    snapshot = json.loads((pipeline["folder"] / "snapshots" / "test-calendar.json").read_text())
    assert snapshot["records"][0]["items"][1]["first_seen"]  # dated, for the feed


def test_cancelled_and_unpublished_agendas_say_so(pipeline):
    cancelled = page(pipeline["output"], D_CANCELLED).select_one(".hs-watch")
    assert "This meeting is cancelled. These items were on its agenda" in words(cancelled)
    assert "Item 4: Report on HEART response times" in words(cancelled)
    pending = page(pipeline["output"], D_NO_AGENDA)
    assert words(pending.select_one(".hs-watch__pending")) == "The agenda is not published yet."
    assert pending.select_one(".hs-watch") is None


def test_home_page_puts_the_next_watched_meeting_first_with_the_deadline(pipeline):
    soup = soup_of(pipeline["output"] / "index.html")
    main = soup.find("main")
    alert = main.select_one(".hs-watch-alert")
    assert alert.find_previous("h1") is None and alert.find_previous("h2") is None  # above everything else
    assert "Item 2: Informe de Seguridad Comunitária" in words(alert)  # the soonest meeting with a match
    day_before = D_HTML - timedelta(days=1)
    assert alert.select_one("[data-module=deadline]")["data-deadline"].startswith(day_before.isoformat() + "T12:00")
    assert "Sign up to speak by noon on" in words(alert)
    assert "These are the agenda's own words. Read the official agenda" in words(alert)
    how = next(link for link in alert.find_all("a") if "How to speak" in link.get_text())
    assert how["href"].endswith(f"meetings/{D_HTML.isoformat()}-city-council/")


def test_meetings_list_marks_watched_meetings(pipeline):
    listing = soup_of(pipeline["output"] / "meetings" / "index.html")
    cards = {card.a["href"].rstrip("/").rsplit("/", 1)[1]: card for card in listing.select(".hs-meeting-card")}
    marked = sorted(name for name, card in cards.items() if card.select_one(".hs-watch__card"))
    assert marked == sorted(f"{day.isoformat()}-{body}" for day, body in WATCHED)
    assert "Cancelled" in words(cards[f"{D_CANCELLED.isoformat()}-city-council"])


def test_calendar_entry_names_the_items(pipeline):
    import icalendar

    calendar = icalendar.Calendar.from_ical((pipeline["output"] / "events.ics").read_bytes())
    events = {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")}
    description = str(events[f"meeting-{D_LEGISTAR.isoformat()}-city-council"]["DESCRIPTION"])
    assert description.startswith("On the agenda: Item 12: Public hearing on the proposed FY2023-24 budget, "
                                   "including the Community Safety Department (public hearing: speakers may "
                                   "address this item).")
    cancelled = events[f"meeting-{D_CANCELLED.isoformat()}-city-council"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["DESCRIPTION"]).startswith("Cancelled. On the agenda: Item 4: Report on HEART")
    assert "On the agenda" not in str(events[f"meeting-{D_NO_AGENDA.isoformat()}-city-council"]["DESCRIPTION"])


def test_news_feed_gets_one_entry_per_watched_meeting(pipeline):
    import feedparser

    feed = feedparser.parse((pipeline["output"] / "feeds" / "news.atom.xml").read_bytes())
    watched = [entry for entry in feed.entries if "On the agenda of the " in entry.title]
    links = sorted(entry.link.rstrip("/").rsplit("/", 1)[1] for entry in watched)
    assert links == sorted(f"{day.isoformat()}-{body}" for day, body in WATCHED)
    assert sum(entry.title.startswith("Cancelled:") for entry in watched) == 1
    news = soup_of(pipeline["output"] / "news" / "index.html")
    assert "On a council agenda" in words(news.find("main"))


def test_second_refresh_with_nothing_changed_moves_no_bytes_and_rewrites_nothing(pipeline):
    before = snapshot_bytes(pipeline["folder"])
    pipeline["data"].reset_counts()
    report = invoke_refresh(pipeline["config"])
    assert pipeline["data"].body_bytes == 0 and pipeline["data"].not_modified == pipeline["data"].requests > 0
    assert "0 body bytes received" in report
    assert "test-legistar: unchanged (304 Not Modified" in report
    assert "test-agendacenter: unchanged (304 Not Modified" in report
    assert "test-calendar: unchanged (304 Not Modified" in report
    assert snapshot_bytes(pipeline["folder"]) == before


def test_corrupt_pdf_keeps_the_earlier_items_and_names_the_meeting(pipeline):
    before = snapshot_bytes(pipeline["folder"])
    upstream = pipeline["upstream"]
    good = upstream.pdf
    upstream.pdf = good[: len(good) // 3] + b"\x00not the rest of the PDF" * 20
    try:
        report = invoke_refresh(pipeline["config"])
    finally:
        upstream.pdf = good
    line = source_report(report, "test-agendacenter")
    assert f"City Council, {D_PDF.isoformat()} (agendacenter:" in line
    assert "kept its agenda items from the last refresh" in line
    assert snapshot_bytes(pipeline["folder"]) == before


def test_failing_item_request_keeps_the_earlier_items_and_names_the_meeting(pipeline):
    before = snapshot_bytes(pipeline["folder"])
    upstream = pipeline["upstream"]
    upstream.item_status = 500
    try:
        report = invoke_refresh(pipeline["config"])
    finally:
        upstream.item_status = 200
    line = source_report(report, "test-legistar")
    assert f"City Council, {D_LEGISTAR.isoformat()} (legistar:testcity:1842): kept its agenda items" in line
    assert "HTTP 500" in line
    assert snapshot_bytes(pipeline["folder"]) == before


def test_a_mistake_in_the_watch_file_stops_the_build_with_file_and_line(pipeline, tmp_path):
    watch = tmp_path / "watch.toml"
    watch.write_text('[[term]]\nphrase = "HEART"\nexlcude = ["Heart Month"]\n', encoding="utf-8")
    settings = tmp_path / "settings.py"
    settings.write_text(pipeline["settings"].read_text().replace(
        repr(str(pipeline["folder"] / "watch.toml")), repr(str(watch))), encoding="utf-8")
    build = run_build(tmp_path / "output", campaign=pipeline["campaign"], settings=str(settings))
    assert build.returncode == 1
    assert ('watch.toml:1: exlcude: is not a field a watch term has (watch term "HEART"). Did you mean "exclude"?'
            in build.messages)
    assert "Traceback" not in build.messages
