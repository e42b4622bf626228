"""Script links from meeting sources and feeds never reach a page: the one link policy (sources.links) applied when
the snapshot is written and again when the page is built. Through the real pipeline: a server on 127.0.0.1 ->
`invoke refresh` -> `invoke build` -> a scan of output/."""

from __future__ import annotations

import json

import pytest
from werkzeug import Response

from hostile import active_links, build_with, link_values, refresh_command, write_config
from sources.links import LinkProblem, check_link, web_link
from test_council_sources import legistar_row

# Every way a link was seen to smuggle a script past the old checks.
HOSTILE = ["javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
           "java\tscript:alert(1)", " JaVaScRiPt:alert(1)", "\x00javascript:alert(1)", "java\nscript:alert(1)",
           "java\u200bscript:alert(1)"]

LEGISTAR_ROWS = [
    legistar_row(301, "City Council", "2023-05-15", "7:00 PM", EventAgendaFile=HOSTILE[0], EventMinutesFile=HOSTILE[1],
                 EventVideoPath=HOSTILE[2], EventInSiteURL=HOSTILE[3]),
    legistar_row(302, "City Council", "2023-04-17", "7:00 PM", EventAgendaFile=HOSTILE[4], EventMinutesFile=HOSTILE[5],
                 EventVideoPath=HOSTILE[6], EventInSiteURL=HOSTILE[7]),
    # A good row in the same answer: its links must still reach the page, or the test proves nothing.
    legistar_row(303, "City Council", "2023-04-03", "7:00 PM",
                 EventMinutesFile="https://example.legistar1.com/minutes/303.pdf"),
]

AGENDACENTER_RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Agenda Center - Work Sessions</title><link>https://www.example.gov/AgendaCenter</link>
<description>Agendas</description>
<item><title>Work Session - May 18, 2023</title>
<link>javascript:alert(1)//AgendaCenter/ViewFile/Agenda/_05182023-2104</link>
<description>Work Session Agenda, Thursday May 18, 2023, 1:00 PM</description></item>
<item><title>Work Session - April 20, 2023</title>
<link>https://www.example.gov/AgendaCenter/ViewFile/Agenda/_04202023-2090</link>
<description>Work Session Agenda, Thursday April 20, 2023, 1:00 PM</description></item>
</channel></rss>"""

LISTING = """<!doctype html><html><body><table>
<tr><td><a href="javascript:alert(2)//AgendaCenter/ViewFile/Minutes/_04202023-2090">Minutes</a></td></tr>
<tr><td><a href="/AgendaCenter/ViewFile/Agenda/_04202023-2090">Agenda</a></td></tr>
</table></body></html>"""

CALENDAR = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Example//Board//EN\r
BEGIN:VEVENT\r
UID:board-1@example.gov\r
DTSTAMP:20230501T000000Z\r
DTSTART;TZID=America/New_York:20230516T180000\r
SUMMARY:Planning Board Meeting\r
URL:data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:board-2@example.gov\r
DTSTAMP:20230501T000000Z\r
DTSTART;TZID=America/New_York:20230418T180000\r
SUMMARY:Planning Board Meeting\r
URL:vbscript:msgbox(1)\r
END:VEVENT\r
END:VCALENDAR\r
"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hostile News</title><link>https://news.example.org/</link><description>x</description>
<item><title>HEART story with a script link</title><link>javascript:alert(3)</link>
<guid isPermaLink="false">a</guid><pubDate>Wed, 10 May 2023 08:30:00 -0400</pubDate></item>
<item><title>HEART story with a good link</title><link>https://news.example.org/2023/05/09/heart/</link>
<pubDate>Tue, 09 May 2023 08:30:00 -0400</pubDate></item>
</channel></rss>"""


def serve_hostile_sources(httpserver) -> str:
    rows = json.dumps(LEGISTAR_ROWS)
    httpserver.expect_request("/v1/testcity/events").respond_with_handler(
        lambda request: Response(rows, content_type="application/json; charset=utf-8"))
    httpserver.expect_request("/AgendaCenter/Work-Sessions-5").respond_with_data(LISTING, content_type="text/html")
    httpserver.expect_request("/RSSFeed.aspx").respond_with_data(AGENDACENTER_RSS, content_type="application/rss+xml")
    httpserver.expect_request("/board.ics").respond_with_data(CALENDAR, content_type="text/calendar")
    httpserver.expect_request("/news.xml").respond_with_data(FEED, content_type="application/rss+xml")
    base = httpserver.url_for("/").rstrip("/")
    return f"""
[[source]]
name = "council"
type = "legistar"
url = "{base}"
client = "testcity"
label = "Test City (Legistar)"
since = "2023-01-01"
days_ahead = 3650

[[source]]
name = "work-sessions"
type = "agendacenter"
url = "{base}/AgendaCenter/Work-Sessions-5"
rss_url = "{base}/RSSFeed.aspx?ModID=65&CID=Work-Sessions-5"
body = "Work Session"
since = "2023-01-01"
days_ahead = 3650

[[source]]
name = "planning-board"
type = "icalendar"
url = "{base}/board.ics"
body = "Planning Board"
since = "2023-01-01"
days_ahead = 3650

[[source]]
name = "hostile-news"
type = "feed"
url = "{base}/news.xml"
include = ["HEART"]
max_age_days = 100000
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, make_httpserver):
    folder = tmp_path_factory.mktemp("hostile-links")
    make_httpserver.clear()
    config = write_config(folder, serve_hostile_sources(make_httpserver))
    refreshed = refresh_command(config)
    make_httpserver.clear()
    assert refreshed.returncode == 0, refreshed.output
    build = build_with(folder, config)
    assert build.returncode == 0, build.messages
    return folder, refreshed, build.output


def test_no_script_link_from_any_source_reaches_a_page(hostile_site):
    folder, refreshed, output = hostile_site
    assert active_links(output) == []
    # The meetings themselves are still shown (one bad link does not hide a meeting), and good links still work.
    hrefs = {value for _, value in link_values(output)}
    assert "https://example.legistar1.com/minutes/303.pdf" in hrefs
    assert any("/AgendaCenter/ViewFile/Agenda/_04202023-2090" in href for href in hrefs)
    assert "https://news.example.org/2023/05/09/heart/" in hrefs
    pages = "".join(path.read_text(encoding="utf-8") for path in output.rglob("*.html"))
    assert "Planning Board" in pages


def test_snapshots_hold_no_script_link_and_the_report_names_each_one(hostile_site):
    folder, refreshed, _ = hostile_site
    snapshots = {path.stem: path.read_text(encoding="utf-8") for path in (folder / "snapshots").glob("*.json")}
    for name in ("council", "work-sessions", "planning-board", "hostile-news"):
        records = json.loads(snapshots[name])["records"]
        for record in records:
            for key, value in record.items():
                if isinstance(value, str) and key.endswith(("url", "link")) and value:
                    assert web_link(value) == value, (name, key, value)
    warnings = json.loads(snapshots["council"])["meta"]["warnings"]
    assert any("legistar:testcity:301" in warning and "agenda_url" in warning for warning in warnings)
    assert len([warning for warning in warnings if "is not an http(s) web address" in warning]) == 8


def test_a_hand_edited_snapshot_is_checked_again_when_the_page_is_built(hostile_site, tmp_path):
    folder, _, _ = hostile_site
    config = folder / "sources.toml"
    snapshot = folder / "snapshots" / "council.json"
    data = json.loads(snapshot.read_text(encoding="utf-8"))
    for record in data["records"]:
        record["agenda_url"] = "java\tscript:alert('built')"
        record["details_url"] = "data:text/html,<b>x</b>"
    copy = tmp_path / "sources.toml"
    copy.write_text(config.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "snapshots").mkdir()
    for path in (folder / "snapshots").glob("*.json"):
        (tmp_path / "snapshots" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "snapshots" / "council.json").write_text(json.dumps(data), encoding="utf-8")
    build = build_with(tmp_path, copy)
    assert build.returncode == 0, build.messages
    assert active_links(build.output) == []
    assert "https://example.legistar1.com/minutes/303.pdf" in {value for _, value in link_values(build.output)}


@pytest.mark.parametrize("value", HOSTILE + ["//evil.example.org/x", "/relative/path", "mailto:a@example.org",
                                             "file:///etc/passwd", "https://", "https://www.durham nc.gov/",
                                             'https://a"onmouseover="x.org/', "https://exa mple.org", ""])
def test_the_link_policy_refuses(value):
    assert web_link(value) is None
    with pytest.raises(LinkProblem):
        check_link(value)


@pytest.mark.parametrize("value, cleaned", [
    ("https://www.durhamnc.gov/4576", "https://www.durhamnc.gov/4576"),
    ("  HTTPS://example.org/a b?q=1#x\n", "https://example.org/a%20b?q=1#x"),
    ("https://exam\tple.org/", "https://example.org/"),
    ('https://a.example.org/x"onmouseover="alert(1)', "https://a.example.org/x%22onmouseover=%22alert(1)"),
    ("http://127.0.0.1:8000/data.json", "http://127.0.0.1:8000/data.json"),
])
def test_the_link_policy_cleans(value, cleaned):
    assert web_link(value) == cleaned
