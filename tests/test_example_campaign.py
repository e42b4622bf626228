"""The example campaign in examples/cedar-bend: its meetings snapshot is what `refresh` writes from its example
Legistar payload; it builds with no code change, passes the whole quality gate, says "Example" on every page,
says nothing of the default campaign, and is never published."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from werkzeug import Response

from conftest import ROOT

EXAMPLE = ROOT / "examples" / "cedar-bend"
SNAPSHOT = EXAMPLE / "data" / "snapshots" / "cedar-bend-council.json"
PAYLOAD = EXAMPLE / "data" / "example-legistar-events.json"
ITEMS = EXAMPLE / "data" / "example-legistar-eventitems.json"
LEGISTAR = "https://webapi.legistar.com"
# The committed snapshot's fetch time: a refresh run in the test is compared with it after this is set.
FETCHED_AT = "2026-12-01T12:00:00Z"
INVOKE = str(Path(sys.executable).parent / "invoke")


def normalised_snapshot(snapshot: dict, served_from: str) -> dict:
    """A refreshed snapshot as it is committed: the real Legistar host instead of the test server, and one
    fixed fetch time, so the committed file does not change with the port or the day of the run."""
    from sources.snapshots import content_hash

    text = json.dumps(snapshot).replace(served_from.rstrip("/"), LEGISTAR)
    data = json.loads(text)
    for record in data["records"]:
        record["retrieved_at"] = FETCHED_AT
        for item in record.get("items") or []:
            if "first_seen" in item:
                item["first_seen"] = FETCHED_AT
        # The end of the asked-for window moves with the day of the refresh; the payload is the same.
        record["source_url"] = re.sub(r"%20and%20EventDate%20lt%20datetime'[0-9-]+'", "", record["source_url"])
    data["fetched_at"] = FETCHED_AT
    data["meta"].pop("until", None)
    data["content_hash"] = content_hash(data["records"])
    return data


def refresh_example(tmp_path: Path, httpserver) -> dict:
    """Serve the example payload as Legistar would, run the example's own source through `refresh`, return it."""
    from sources.refresh import refresh

    rows = json.loads(PAYLOAD.read_text(encoding="utf-8"))
    items = json.loads(ITEMS.read_text(encoding="utf-8"))
    httpserver.expect_request("/v1/example/events").respond_with_handler(
        lambda request: Response(json.dumps(rows), content_type="application/json; charset=utf-8"))
    for row in rows:  # each meeting's agenda items, as Legistar's /events/{id}/eventitems answers them
        mine = [item for item in items if item["EventItemEventId"] == row["EventId"]]
        httpserver.expect_request(f"/v1/example/events/{row['EventId']}/eventitems").respond_with_data(
            json.dumps(mine), content_type="application/json; charset=utf-8")
    config = (EXAMPLE / "data" / "sources.toml").read_text(encoding="utf-8")
    # The test fetches it on purpose: an example source is otherwise never fetched.
    config = config.replace("example = true", f'url = "{httpserver.url_for("/").rstrip("/")}"')
    (tmp_path / "sources.toml").write_text(config.replace("[refresh]", '[refresh]\ncache_dir = "cache"'),
                                           encoding="utf-8")
    report = refresh(tmp_path / "sources.toml", stream=io.StringIO())
    assert not report.failed, report
    written = json.loads((tmp_path / "snapshots" / "cedar-bend-council.json").read_text(encoding="utf-8"))
    return normalised_snapshot(written, httpserver.url_for("/"))


def test_committed_meetings_snapshot_is_what_refresh_writes_from_the_example_payload(tmp_path, httpserver):
    refreshed = refresh_example(tmp_path, httpserver)
    if os.environ.get("WRITE_EXAMPLE_SNAPSHOT") == "1":  # after a change to the payload or to the adapter
        from sources.snapshots import dumps

        SNAPSHOT.write_text(dumps(refreshed), encoding="utf-8")
    assert refreshed == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_example_source_is_never_fetched(tmp_path):
    from sources.refresh import refresh

    sources = tomllib.loads((EXAMPLE / "data" / "sources.toml").read_text(encoding="utf-8"))
    assert all(source.get("example") is True for source in sources["source"])
    # A copy of the example's data folder, so the refresh writes nothing into the repository.
    shutil.copytree(EXAMPLE / "data", tmp_path / "data")
    copy = tmp_path / "data" / "snapshots" / SNAPSHOT.name
    out = io.StringIO()
    report = refresh(tmp_path / "data" / "sources.toml", stream=out)
    assert "cedar-bend-council: skipped (example = true: example data is never fetched)" in out.getvalue()
    assert not report.failed
    assert copy.read_bytes() == SNAPSHOT.read_bytes()


def test_every_example_figure_is_marked_example():
    figures = tomllib.loads((EXAMPLE / "data" / "figures.toml").read_text(encoding="utf-8"))["figure"]
    assert figures and all(figure.get("example") is True for figure in figures)
    assert all(figure["source_name"].startswith("Example") for figure in figures)


# The example's meetings are in late 2026 and early 2027: the build is pinned to a day between them, so the
# meetings list, the sign-up deadline and the coming event read the same on every run.
BUILD_NOW = "2026-12-02T12:00-07:00"


def invoke(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([INVOKE, *args], cwd=ROOT, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "BUILD_NOW": BUILD_NOW, **(env or {})})


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    output = tmp_path_factory.mktemp("example") / "out"
    built = invoke("build", "--campaign", "examples/cedar-bend", "--output", str(output))
    assert built.returncode == 0, built.stdout + built.stderr
    return output


def pages(output: Path) -> list[Path]:
    return sorted(path for path in output.rglob("*.html") if "pagefind" not in path.parts)


def test_example_campaign_passes_the_whole_quality_gate(example_site, tmp_path):
    checked = invoke("check", "--output", str(example_site), "--json", str(tmp_path / "report.json"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["findings"] == []
    assert "index.html" in report["figures"]["lighthouse"]


def test_every_page_of_the_example_says_example(example_site):
    from bs4 import BeautifulSoup

    found = pages(example_site)
    assert len(found) > 15
    for path in found:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        notice = soup.select_one(".hs-example--site")
        assert notice is not None and "Example" in notice.get_text(), path.relative_to(example_site)


def test_the_example_says_nothing_of_the_default_campaign(example_site):
    from test_new_campaign import default_campaign_words

    assert default_campaign_words(example_site) == []


def test_the_example_is_a_different_campaign(example_site):
    from bs4 import BeautifulSoup

    home = BeautifulSoup((example_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.h1.get_text(strip=True) == "Fair rents for every Cedar Bend home"
    assert [a.get_text(strip=True) for a in home.select("nav a")][:2] == ["Rent stabilization", "Take action"]
    # Meetings come from the Legistar snapshot, in the campaign's own time zone (6 p.m. Mountain time).
    meetings = (example_site / "meetings" / "index.html").read_text(encoding="utf-8")
    assert "Housing and Neighborhoods Committee" in meetings
    assert 'datetime="2026-12-08T18:00:00-07:00"' in meetings
    # The explainer page has its numbered sources and no map (the campaign has no map data).
    explainer = BeautifulSoup((example_site / "rent-stabilization" / "index.html").read_text(encoding="utf-8"),
                              "html.parser")
    assert "Example draft rent stabilization ordinance" in explainer.get_text()
    assert explainer.select(".hs-map") == []
    # Legistar meetings, the cancelled one marked in words, the committee's past meeting with its minutes.
    assert "Cancelled: holiday recess" in meetings
    # The example's watch terms find the hearing in its Legistar agenda items: first on the home page.
    assert "Item 7: Public hearing on the rent stabilization ordinance (example)" in home.get_text(" ", strip=True)
    past = (example_site / "meetings" / "past" / "index.html").read_text(encoding="utf-8")
    assert "2102_M_Housing_and_Neighborhoods_Committee_Minutes.pdf" in past
    assert (example_site / "letters" / "stabilize-rents" / "index.html").is_file()
    assert (example_site / "events" / "2027-03-06-renters-teach-in" / "index.html").is_file()


# An ISO time with a UTC offset, as pages (<time datetime>), feeds, the sitemap and JSON-LD write it.
ISO_TIME = re.compile(r"\b(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?([+-]\d{2}:\d{2}|Z))")


def test_every_time_the_example_shows_is_in_its_own_time_zone(example_site):
    """The campaign's time zone (site.toml: America/Denver) is the only one used: every time with an offset in its
    pages, feeds, sitemap and calendar files is a Denver wall-clock time, and every calendar time names Denver.
    The engine's TIMEZONE placeholder (UTC, in pelicanconf.py) would show as +00:00 or Z."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(tomllib.loads((EXAMPLE / "data" / "site.toml").read_text(encoding="utf-8"))["timezone"])
    assert str(zone) == "America/Denver"
    seen, wrong = 0, []
    for path in sorted(example_site.rglob("*")):
        if path.suffix not in (".html", ".xml", ".json") or "pagefind" in path.parts:
            continue
        for found, offset in ISO_TIME.findall(path.read_text(encoding="utf-8")):
            moment = datetime.fromisoformat(found.replace("Z", "+00:00"))
            seen += 1
            if moment.utcoffset() != moment.replace(tzinfo=None).replace(tzinfo=zone).utcoffset():
                wrong.append(f"{path.relative_to(example_site)}: {found}")
    assert seen > 10, "the example shows times: meetings, the event, the update's date in the feed and sitemap"
    assert wrong == [], "times not in the campaign's time zone:\n" + "\n".join(wrong)
    calendars = sorted(example_site.rglob("*.ics"))
    assert calendars
    for path in calendars:
        text = path.read_text(encoding="utf-8")
        events = "".join(re.findall(r"BEGIN:VEVENT.*?END:VEVENT", text, re.DOTALL))
        starts = re.findall(r"^(DT(?:START|END)[^:\r\n]*):", events, re.MULTILINE)
        assert starts, path
        # Timed starts and ends name the zone; a day-only one (VALUE=DATE) has no time to name one for.
        assert all(start.split(";", 1)[-1] in ("TZID=America/Denver", "VALUE=DATE") for start in starts), (
            path.relative_to(example_site), starts)
        assert "TZID:America/Denver" in text and "UTC" not in text.replace("DTSTAMP", ""), path.relative_to(example_site)


def test_an_example_campaign_is_never_published(tmp_path):
    refused = invoke("publish", "--campaign", "examples/cedar-bend", "--output", str(tmp_path / "public"),
                     env={"SITEURL": "https://cedar-bend.example.org"})
    text = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert "Not published" in text and "example" in text
    assert "Traceback" not in text
    assert not (tmp_path / "public").exists()
