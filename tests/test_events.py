"""Events: checks of organizer Markdown, pages, calendar files, JSON-LD, flyers and the upcoming/past split."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest

from conftest import ROOT, copy_content, run_build
from site_pages import soup_of

from content_checks.header import read_header
from events.model import parse_event

INPUTS = ROOT / "tests" / "event_inputs"
NEW_YORK = ZoneInfo("America/New_York")
SITEURL = "https://heart.example.org/durham"
# The build's clock for these tests: noon on the day the clocks fell back in 2023.
NOW = "2023-11-05T12:00:00-05:00"

DST = "event-crosses-november-dst-change"
CANCELLED = "event-cancelled"
POSTPONED = "event-postponed"
CHICAGO = "event-in-chicago-time"
EXAMPLE = "example-teach-in"
RALLY = "2023-spring-rally-for-24-7-access"


# --- Checks of organizer Markdown: each case asserts the exact message an organizer reads. ---

VALID = "Title: Rally\nStart: 2023-05-01 18:00\nEnd: 2023-05-01 20:00\n"

CASES = {
    "event_ends_before_start": (
        "Title: Rally\nStart: 2023-05-01 18:00\nEnd: 2023-05-01 17:00\n",
        ["content/events/event_ends_before_start.md:3: End: 2023-05-01 17:00 is not after the start (2023-05-01 18:00). "
         "Check the day and the time; the clock is 24-hour, so 8 PM is 20:00. Like: End: 20:00"]),
    "event_ends_when_it_starts": (
        "Title: Rally\nStart: 2023-05-01 18:00\nEnd: 2023-05-01 18:00\n",
        ["content/events/event_ends_when_it_starts.md:3: End: 2023-05-01 18:00 is not after the start (2023-05-01 18:00). "
         "Check the day and the time; the clock is 24-hour, so 8 PM is 20:00. Like: End: 20:00"]),
    "event_ends_after_midnight_without_a_date": (
        "Title: Vigil\nStart: 2023-05-01 22:00\nEnd: 01:00\n",
        ["content/events/event_ends_after_midnight_without_a_date.md:3: End: 2023-05-01 01:00 is not after the start "
         "(2023-05-01 22:00). Check the day and the time; the clock is 24-hour, so 8 PM is 20:00. Like: End: 20:00. "
         "If it ends after midnight, give the date too, like: End: 2023-05-02 01:00"]),
    "event_without_start": (
        "Title: Rally\nEnd: 2023-05-01 20:00\n",
        ["content/events/event_without_start.md:1: Start: is missing. Every event needs the day and time it starts. "
         "Write it like: Start: 2023-05-01 18:00"]),
    "event_start_not_a_date": (
        "Title: Rally\nStart: next Friday\nEnd: 20:00\n",
        ['content/events/event_start_not_a_date.md:2: Start: "next Friday" is not a date and time. '
         "Write it like: Start: 2023-05-01 18:00"]),
    "event_start_without_time": (
        "Title: Rally\nStart: 2023-05-01\nEnd: 2023-05-01 20:00\n",
        ['content/events/event_start_without_time.md:2: Start: "2023-05-01" has no time. Write it like: '
         "Start: 2023-05-01 18:00. When only the month or season is known, add Date_precision: month or season."]),
    "event_without_end": (
        "Title: Rally\nStart: 2023-05-01 18:00\n",
        ["content/events/event_without_end.md:1: End: is missing. Every event with a time needs an end time. "
         "Write it like: End: 2023-05-01 20:00, or only the time: End: 20:00"]),
    "event_end_not_a_time": (
        "Title: Rally\nStart: 2023-05-01 18:00\nEnd: eightish\n",
        ['content/events/event_end_not_a_time.md:3: End: "eightish" is not a date and time. '
         "Write it like: End: 2023-05-01 20:00, or only the time: End: 20:00"]),
    "event_unknown_time_zone": (
        VALID + "Timezone: Eastern\n",
        ['content/events/event_unknown_time_zone.md:4: Timezone: "Eastern" is not a time zone the site knows. '
         "Use a name from the tz database, like: Timezone: America/Chicago (leave it out for the campaign's time zone)."]),
    "event_time_zone_is_a_region": (
        VALID + "Timezone: America\n",
        ['content/events/event_time_zone_is_a_region.md:4: Timezone: "America" is not a time zone the site knows. '
         "Use a name from the tz database, like: Timezone: America/Chicago (leave it out for the campaign's time zone)."]),
    "event_rsvp_not_a_web_address": (
        VALID + "Rsvp: www.example.org/rsvp\n",
        ['content/events/event_rsvp_not_a_web_address.md:4: Rsvp: "www.example.org/rsvp" is not a web address. '
         "Write the whole address, starting with https://, like: Rsvp: https://example.org/rsvp"]),
    "event_unknown_status": (
        VALID + "Status: moved\n",
        ['content/events/event_unknown_status.md:4: Status: "moved" is not an event status the site knows. '
         "Use one of: scheduled, cancelled, postponed, draft. Like: Status: cancelled"]),
    "event_access_not_yes_or_no": (
        VALID + "ASL: maybe\n",
        ['content/events/event_access_not_yes_or_no.md:4: ASL: "maybe" is not yes or no. '
         "Write yes or no, like: ASL: yes. Put details in the Accessibility line."]),
    "event_starts_in_the_skipped_spring_hour": (
        "Title: Rally\nStart: 2024-03-10 02:30\nEnd: 2024-03-10 04:00\n",
        ["content/events/event_starts_in_the_skipped_spring_hour.md:2: Start: 2024-03-10 02:30 does not exist in "
         "America/New_York: the clocks skip that hour when daylight saving time starts. "
         "Pick a time outside that hour, like 03:00."]),
    "event_approximate_with_end": (
        "Title: Rally\nStart: 2023-04\nDate_precision: season\nEnd: 2023-05-01 20:00\n",
        ["content/events/event_approximate_with_end.md:4: End: cannot be used when the date is approximate "
         "(Date_precision: season). Remove the End line, or give the exact Start and End and remove Date_precision."]),
    "event_with_two_mistakes": (
        "Title: Rally\nStart: 2023-05-01 18:00\nEnd: 17:00\nStatus: moved\n",
        ["content/events/event_with_two_mistakes.md:3: End: 2023-05-01 17:00 is not after the start (2023-05-01 18:00). "
         "Check the day and the time; the clock is 24-hour, so 8 PM is 20:00. Like: End: 20:00",
         'content/events/event_with_two_mistakes.md:4: Status: "moved" is not an event status the site knows. '
         "Use one of: scheduled, cancelled, postponed, draft. Like: Status: cancelled"]),
}


@pytest.mark.parametrize("case", CASES)
def test_event_mistake_has_a_clear_message(case):
    text, expected = CASES[case]
    event, problems = parse_event(f"content/events/{case}.md", read_header(text + "\nBody.\n"), case, "America/New_York")
    assert event is None
    assert sorted(str(problem) for problem in problems) == expected


@pytest.mark.parametrize("text, start, end", [
    (VALID, datetime(2023, 5, 1, 18), datetime(2023, 5, 1, 20)),
    ("Title: R\nStart: 2023-05-01 6:30 PM\nEnd: 8 PM\n", datetime(2023, 5, 1, 18, 30), datetime(2023, 5, 1, 20)),
    ("Title: R\nStart: 2023-11-04 22:00\nEnd: 2023-11-05 03:00\nStatus: canceled\n",
     datetime(2023, 11, 4, 22), datetime(2023, 11, 5, 3)),
])
def test_event_times_organizers_write(text, start, end):
    event, problems = parse_event("content/events/x.md", read_header(text), "x", "America/New_York")
    assert problems == []
    assert (event.start, event.end) == (start.replace(tzinfo=NEW_YORK), end.replace(tzinfo=NEW_YORK))


def test_bad_event_files_stop_the_build_with_every_problem(tmp_path):
    content = copy_content(tmp_path)
    (content / "events" / "event_ends_before_start.md").write_text(CASES["event_ends_before_start"][0] + "\nText.\n")
    (content / "events" / "event_with_a_typo.md").write_text("Title: Rally\nStrat: 2023-05-01 18:00\nEnd: 20:00\n\nText.\n")
    build = run_build(tmp_path / "output", content=content)
    assert build.returncode != 0
    lines = build.messages.splitlines()
    assert CASES["event_ends_before_start"][1][0] in lines
    assert ('content/events/event_with_a_typo.md:2: Strat: is not a field the site knows for an event. '
            'Did you mean "Start"? Write it like: Start: 2023-05-01 18:00') in lines
    assert "content/events/event_with_a_typo.md:1: Start: is missing. Every event needs the day and time it starts. " \
           "Write it like: Start: 2023-05-01 18:00" in lines
    assert "Traceback" not in build.messages
    assert not (tmp_path / "output" / "index.html").exists()


# --- The built site, with test events and a stand-in for council meetings feeding events.ics. ---

def _events_build(tmp_path, now=NOW, edit=None):
    content = copy_content(tmp_path)
    for source in INPUTS.glob("*.md"):
        shutil.copy(source, content / "events" / source.name.replace("_", "-"))
    if edit:
        edit(content)
    import pelicanconf

    extra = {"PLUGIN_PATHS": [str(ROOT / "plugins"), str(INPUTS)], "PLUGINS": pelicanconf.PLUGINS + ["meeting_feed"]}
    build = run_build(tmp_path / "output", content=content, extra=extra,
                      env={"BUILD_NOW": now, "SITEURL": SITEURL})
    assert build.returncode == 0, build.messages
    return build.output


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return _events_build(tmp_path_factory.mktemp("events"))


def _retitle(content):
    path = content / "events" / f"{DST}.md"
    path.write_text(path.read_text().replace("Overnight vigil", "All-night vigil"))


@pytest.fixture(scope="module")
def later_site(tmp_path_factory):
    """The same events rebuilt three weeks later, after an organizer fixed a title."""
    return _events_build(tmp_path_factory.mktemp("later"), now="2023-11-25T12:00:00-05:00", edit=_retitle)


def _calendar(path):
    return icalendar.Calendar.from_ical(path.read_bytes())


def _vevents(path):
    return {str(event["UID"]): event for event in _calendar(path).walk("VEVENT")}


def test_dst_crossing_event_round_trips_through_icalendar(site):
    path = site / "events" / DST / f"{DST}.ics"
    calendar = _calendar(path)
    (event,) = calendar.walk("VEVENT")
    start, end = event["DTSTART"], event["DTEND"]
    assert start.params["TZID"] == end.params["TZID"] == "America/New_York"
    # The wall-clock times the organizer wrote, in New York time, on both sides of the change.
    assert start.dt.replace(tzinfo=None) == datetime(2023, 11, 4, 22, 0)
    assert end.dt.replace(tzinfo=None) == datetime(2023, 11, 5, 3, 0)
    assert start.dt.utcoffset() == timedelta(hours=-4) and end.dt.utcoffset() == timedelta(hours=-5)
    utc = ZoneInfo("UTC")  # subtracting two New York times would give wall-clock hours (5), not real ones
    assert end.dt.astimezone(utc) - start.dt.astimezone(utc) == timedelta(hours=6)
    # A calendar app without its own tz database uses the VTIMEZONE: it must know about the November change.
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "America/New_York"
    from_file = vtimezone.to_tz()
    assert datetime(2023, 11, 4, 22, 0, tzinfo=from_file).utcoffset() == timedelta(hours=-4)
    assert datetime(2023, 11, 5, 3, 0, tzinfo=from_file).utcoffset() == timedelta(hours=-5)


def test_event_page_says_when_in_plain_language(site):
    page = soup_of(site / "events" / DST / "index.html")
    time = page.select_one(".hs-event-facts time")
    assert time.get_text() == "Saturday, November 4, 2023, 10\u202fPM – Sunday, November 5, 2023, 3\u202fAM"
    assert datetime.fromisoformat(time["datetime"]) == datetime(2023, 11, 4, 22, tzinfo=NEW_YORK)
    chicago = soup_of(site / "events" / CHICAGO / "index.html").select_one(".hs-event-facts time").get_text()
    assert chicago == "Monday, November 20, 2023, 6:30\u2009–\u20098:00\u202fPM (Central Time)"
    rally = soup_of(site / "events" / RALLY / "index.html").select_one(".hs-event-facts time")
    assert (rally.get_text(), rally["datetime"]) == ("Spring 2023", "2023")


def test_events_ics_has_every_dated_event_with_stable_uids(site, later_site):
    events = _vevents(site / "events.ics")
    host = "heart.example.org"
    # The rally has no exact date; council meetings from the shipped snapshot may join, so only ours are counted.
    assert {uid for uid in events if uid.startswith("event-")} == {
        f"event-{slug}@{host}" for slug in (DST, CANCELLED, POSTPONED, CHICAGO, EXAMPLE)}
    assert "meeting-2023-11-06@council.test" in events  # fed in by another plugin through the hook
    assert str(events[f"event-{CANCELLED}@{host}"]["STATUS"]) == "CANCELLED"
    assert str(events[f"event-{CANCELLED}@{host}"]["SUMMARY"]).startswith("Cancelled:")
    assert str(events[f"event-{POSTPONED}@{host}"]["STATUS"]) == "TENTATIVE"
    assert str(events[f"event-{DST}@{host}"]["URL"]) == f"{SITEURL}/events/{DST}/"
    chicago = events[f"event-{CHICAGO}@{host}"]["DTSTART"]
    assert chicago.params["TZID"] == "America/Chicago"
    assert {tz["TZID"] for tz in _calendar(site / "events.ics").walk("VTIMEZONE")} == {"America/New_York",
                                                                                       "America/Chicago"}

    # A rebuild (weeks later, after an organizer fixed a title) keeps every UID, so calendars update in place.
    again = later_site
    rebuilt = _vevents(again / "events.ics")
    assert set(rebuilt) == set(events)
    assert str(rebuilt[f"event-{DST}@{host}"]["SUMMARY"]) == "All-night vigil for HEART at night"
    assert (again / "events" / CANCELLED / f"{CANCELLED}.ics").read_bytes() == \
        (site / "events" / CANCELLED / f"{CANCELLED}.ics").read_bytes()


def _jsonld(page_path):
    (script,) = soup_of(page_path).find_all("script", type="application/ld+json")
    return json.loads(script.string)


def test_event_pages_carry_schema_org_event_json_ld(site):
    data = _jsonld(site / "events" / DST / "index.html")
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "Overnight vigil for HEART at night"
    assert datetime.fromisoformat(data["startDate"]) == datetime(2023, 11, 4, 22, tzinfo=NEW_YORK)
    assert datetime.fromisoformat(data["endDate"]) == datetime(2023, 11, 5, 3, tzinfo=NEW_YORK)
    assert data["location"] == {"@type": "Place", "name": "CCB Plaza", "address": "201 N Corcoran St, Durham, NC 27701"}
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["url"] == f"{SITEURL}/events/{DST}/"
    assert _jsonld(site / "events" / CANCELLED / "index.html")["eventStatus"] == "https://schema.org/EventCancelled"
    assert _jsonld(site / "events" / POSTPONED / "index.html")["eventStatus"] == "https://schema.org/EventPostponed"
    rally = _jsonld(site / "events" / RALLY / "index.html")
    assert rally["@type"] == "Event" and "startDate" not in rally and "endDate" not in rally and "location" not in rally


def _card_slugs(page):
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in page.select(".hs-event-card .hs-card__title a")]


def test_upcoming_and_past_are_split_at_build_time(site, later_site):
    upcoming = soup_of(site / "events" / "index.html")
    past = soup_of(site / "events" / "past" / "index.html")
    assert _card_slugs(upcoming) == [CANCELLED, CHICAGO, POSTPONED, EXAMPLE]  # soonest first
    assert _card_slugs(past) == [DST, RALLY]  # newest first
    home = soup_of(site / "index.html").select_one(".hs-next-event")
    assert _card_slugs(home) == [CHICAGO]  # the next one going ahead: the cancelled one is not promoted
    # A later rebuild moves finished events to the past without any edit.
    later = later_site
    assert _card_slugs(soup_of(later / "events" / "index.html")) == [POSTPONED, EXAMPLE]
    assert _card_slugs(soup_of(later / "events" / "past" / "index.html")) == [CHICAGO, CANCELLED, DST, RALLY]


def test_cancelled_and_postponed_are_marked_wherever_shown(site):
    for page_path in (site / "events" / "index.html", site / "events" / CANCELLED / "index.html",
                      site / "events" / CANCELLED / "flyer" / "index.html"):
        marks = [mark.get_text(strip=True) for mark in soup_of(page_path).select(".hs-event-status")]
        assert "Cancelled" in marks, page_path
    postponed = soup_of(site / "events" / POSTPONED / "index.html")
    assert postponed.select_one(".hs-event-notice .hs-event-status").get_text(strip=True) == "Postponed"
    assert "We will share the new date here." in postponed.select_one(".hs-event-notice").get_text()
    assert postponed.title.get_text().startswith("Postponed:")
    # No "add to calendar" for an event that will not happen at that time.
    assert postponed.select_one(".hs-event-calendar") is None
    past = soup_of(site / "events" / "past" / "index.html")
    assert past.select_one(".hs-event-status") is None  # nothing cancelled there under this clock


def test_events_list_offers_the_subscription(site):
    page = soup_of(site / "events" / "index.html")
    hrefs = [a["href"] for a in page.select("main a")]
    assert "webcal://heart.example.org/durham/events.ics" in hrefs
    assert "../events.ics" in hrefs and (site / "events.ics").is_file()


def test_calendar_links_carry_the_local_times(site):
    page = soup_of(site / "events" / CHICAGO / "index.html")
    ics = page.find("a", href=re.compile(r"\.ics$"))
    assert (site / "events" / CHICAGO / ics["href"].rsplit("/", 1)[-1]).is_file()
    google = parse_qs(urlsplit(page.find("a", href=re.compile("^https://calendar.google.com/"))["href"]).query)
    assert google["dates"] == ["20231120T183000/20231120T200000"] and google["ctz"] == ["America/Chicago"]
    outlook = parse_qs(urlsplit(page.find("a", href=re.compile("^https://outlook.live.com/"))["href"]).query)
    start = datetime.fromisoformat(outlook["startdt"][0])
    assert start == datetime(2023, 11, 20, 18, 30, tzinfo=ZoneInfo("America/Chicago"))
    assert page.find("a", class_="hs-button")["href"] == "https://rsvp.example.org/chicago"


def test_rally_is_told_from_the_seed_without_an_invented_date_or_place(site):
    page = soup_of(site / "events" / RALLY / "index.html")
    text = page.select_one("main").get_text(" ", strip=True)
    assert "Spring 2023" in text and "The exact place is not known." in text
    assert "News & Observer" in page.select_one(".hs-source-box").get_text()
    assert not (site / "events" / RALLY / f"{RALLY}.ics").exists()
    assert not (site / "events" / RALLY / "flyer").exists()


def test_example_event_is_labelled_and_never_published(site, tmp_path):
    example = soup_of(site / "events" / EXAMPLE / "index.html")
    assert example.select_one(".hs-example").get_text(strip=True).startswith("Example")
    assert "Example" in soup_of(site / "events" / EXAMPLE / "flyer" / "index.html").select_one(".hs-flyer").get_text()
    published = run_build(tmp_path / "public", settings="publishconf.py", env={"SITEURL": SITEURL})
    assert published.returncode == 0, published.messages
    public = published.output
    assert (public / "events" / RALLY / "index.html").is_file()
    assert not (public / "events" / EXAMPLE).exists()
    assert EXAMPLE not in (public / "events" / "index.html").read_text()
    assert EXAMPLE not in (public / "index.html").read_text()
    assert not [uid for uid in _vevents(public / "events.ics") if uid.startswith("event-")]  # the example was the only one


# --- Real Chromium: the flyer's QR code decodes to the page, and the flyer prints on one page. ---


def _pdf_page_count(pdf: bytes) -> int:
    """Pages in a PDF from its page tree root (/Type /Pages ... /Count N); Chromium writes it uncompressed."""
    counts = [int(match) for match in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf, re.DOTALL)]
    counts += [int(match) for match in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf, re.DOTALL)]
    assert counts, "no page tree found in the PDF"
    return max(counts)


def test_flyers_decode_to_the_event_page_and_print_on_one_page(site, browser):
    from io import BytesIO

    from PIL import Image

    assert Path("/usr/bin/chromium").is_file(), "Chromium is missing: apt-get install -y chromium (make test installs it)"
    try:
        from pyzbar.pyzbar import decode
    except ImportError as error:  # pyzbar loads the system's zbar library
        pytest.fail(f"QR decoding needs zbar: apt-get install -y libzbar0 (make test installs it). {error}")

    flyers = sorted((site / "events").glob("*/flyer/index.html"))
    # Upcoming events with a time have one (a cancelled one too: organizers post it at the place).
    assert {flyer.parent.parent.name for flyer in flyers} == {EXAMPLE, CANCELLED, POSTPONED, CHICAGO}
    page = browser.new_page()
    for flyer in flyers:
        slug = flyer.parent.parent.name
        page.goto(flyer.as_uri())
        png = page.locator("svg.hs-qr").screenshot()
        decoded = [symbol.data.decode() for symbol in decode(Image.open(BytesIO(png)))]
        assert decoded == [f"{SITEURL}/events/{slug}/"], slug
        for paper in ("Letter", "A4"):
            assert _pdf_page_count(page.pdf(format=paper)) == 1, (slug, paper)
    # On a phone, neither the event page nor its flyer scrolls sideways (a long address once did).
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    for flyer in flyers:
        for html in (flyer, flyer.parent.parent / "index.html"):
            phone.goto(html.as_uri())
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390, html


def test_event_pages_are_in_the_sitemap_and_flyers_are_not(site):
    sitemap = (site / "sitemap.xml").read_text()
    assert f"<loc>{SITEURL}/events/{DST}/</loc>" in sitemap
    assert f"<loc>{SITEURL}/events/{CANCELLED}/</loc>" in sitemap
    assert "/flyer/" not in sitemap


@pytest.mark.parametrize("contact, links", [
    ("organizer@example.org", ["mailto:organizer@example.org"]),
    ("Call 919-555-0100 or write to a.b@example.org", ["mailto:a.b@example.org", "tel:+19195550100"]),
    ("(919) 555-0100", ["tel:+19195550100"]),
    ("Ask Sam at the <b>front</b> desk", []),
])
def test_contact_line_links_emails_and_phone_numbers(contact, links):
    from bs4 import BeautifulSoup

    from events.generator import contact_html

    soup = BeautifulSoup(str(contact_html(contact)), "html5lib")
    assert sorted(a["href"] for a in soup.find_all("a")) == links
    assert soup.body.get_text() == contact  # nothing lost, and no markup of the organizer's own gets through
    assert soup.find("b") is None


def test_access_details_say_what_is_not_known(site):
    page = soup_of(site / "events" / CHICAGO / "index.html")
    items = [item.get_text(" ", strip=True) for item in page.select(".hs-event-access li")]
    assert items == ["Step-free access: yes", "ASL interpretation: not known yet, ask the organizer",
                     "Spanish interpretation: not known yet, ask the organizer", "Childcare: yes"]


def test_draft_events_are_not_on_the_site(site):
    assert not (site / "events" / "event-draft").exists()
    assert "event-draft" not in (site / "events.ics").read_text()


@pytest.mark.parametrize("start, precision, first_moment_past", [
    ("2023-04", "season", datetime(2023, 6, 1)),   # spring: March to May
    ("2024-01", "season", datetime(2024, 3, 1)),   # winter started in December 2023
    ("2023-12", "season", datetime(2024, 3, 1)),
    ("2023-11", "month", datetime(2023, 12, 1)),
    ("2023", "year", datetime(2024, 1, 1)),
])
def test_approximate_events_are_past_once_their_period_is_over(start, precision, first_moment_past):
    text = f"Title: Rally\nStart: {start}\nDate_precision: {precision}\n"
    event, problems = parse_event("content/events/x.md", read_header(text), "x", "America/New_York")
    assert problems == []
    assert event.finished_at == first_moment_past.replace(tzinfo=NEW_YORK)
