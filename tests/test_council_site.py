"""Council meetings and comment letters in the built site: deadlines, cancellations, DST, annotations, and mail
links that round-trip to the exact letter text. Meetings come from a local Legistar-shaped server."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_campaign, run_build
from test_council_sources import COUNCIL_ROWS, FILLER, run_refresh, serve_legistar, write_sources

NOW = "2023-03-09T09:00:00-05:00"  # a Thursday, before the March DST change

SETTINGS = """
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: F401,F403

COUNCIL_SOURCES_FILE = {sources!r}
COUNCIL_OFFICIALS_FILE = {officials!r}
BUILD_NOW = {now!r}
SHOW_EXAMPLES = {examples}
"""

# The campaign's data/council.toml for these tests: one body with a business-day deadline, a holiday, no schedule.
COUNCIL = """holidays = ["2023-11-03"]
home_bodies = ["City Council"]

[[body]]
name = "City Council"
signup = ["Sign up with the clerk."]
deadline = { days_before = 1, business_days = true, at = "12:00" }
time_limit_minutes = 3
time_limit_source = "test rules"
written = ["Email the council."]
sources = [{ name = "test rules page", url = "https://example.org/rules" }]
"""

OFFICIALS = """[[official]]
id = "council"
name = "Test City Council"
role = "All council members"
email = "council@example.org"
group = true
source_name = "Test city"

[[official]]
id = "member-a"
name = "Ana Example"
role = "Council member"
seat = "Ward 1"
email = "ana.example@example.org"
source_name = "Test city"
example = true
"""

# Every character that breaks a careless mail link: & ? # + % = , line breaks, and Spanish letters.
SPECIAL_LETTER = """Title: Carta con cada carácter difícil
Subject: HEART 24/7? Sí & ya: 100% + #1 = prioridad
To: council, member-a
Send_as: bcc
Meeting: 2023-03-13-city-council
Lang: es

Estimado Concejo:

¿Preguntas? Respuestas & más: 50% + 50% = 100% #HEART
Señora Muñoz, año, niño, acción, ¡sí! a+b=c?d#e&f=g
{story}

Gracias,
{name}
{neighborhood}
"""
SPECIAL_EXPECTED = """Estimado Concejo:

¿Preguntas? Respuestas & más: 50% + 50% = 100% #HEART
Señora Muñoz, año, niño, acción, ¡sí! a+b=c?d#e&f=g
[Su historia: por qué le importa]

Gracias,
[Su nombre]
[Su barrio]"""
SPECIAL_SUBJECT = "HEART 24/7? Sí & ya: 100% + #1 = prioridad"

LONG_LETTER = "Title: A very long letter\nSubject: Long\nTo: council\n\n" + "\n\n".join(
    f"Paragraph {n}: HEART should answer calls at every hour, in every part of the city." for n in range(40)) + "\n"
EXPIRED_LETTER = "Title: An old letter\nSubject: Old\nTo: council\nExpires: 2023-03-01\n\nDear Council,\n"
EXAMPLE_LETTER = "Title: Example letter for the demo\nSubject: Demo\nTo: council\nExample: yes\n\nDear Council,\n"
ANNOTATION = """Title: The council hears the HEART budget request
Body: City Council
When: 2023-03-13
Source_name: Test city agenda
Agenda_items: Item 7: HEART staffing; Item 9: budget calendar

Bring a friend. This is **the** night to speak about HEART.
"""


def _build(tmp: Path, sources: Path, examples: bool = True, extra: dict | None = None):
    campaign = copy_campaign(tmp)
    (campaign / "data" / "council.toml").write_text(COUNCIL, encoding="utf-8")
    # Its Spanish words are for the shipped council file, not this one.
    (campaign / "data" / "council.es.toml").unlink(missing_ok=True)
    content = campaign / "content"
    (content / "letters").mkdir(exist_ok=True)
    (content / "meetings").mkdir(exist_ok=True)
    files = {"letters/special.md": SPECIAL_LETTER, "letters/long.md": LONG_LETTER, "letters/expired.md": EXPIRED_LETTER,
             "letters/example-demo.md": EXAMPLE_LETTER,
             "letters/past-meeting.md": "Title: For a meeting that is over\nSubject: Old\nMeeting: 2023-03-06-city-council\n\nHi\n", "meetings/2023-03-13-heart.md": ANNOTATION, **(extra or {})}
    for name, text in files.items():
        (content / name).write_text(text, encoding="utf-8")
    officials = tmp / "officials.toml"
    officials.write_text(OFFICIALS, encoding="utf-8")
    settings = tmp / "council_settings.py"
    settings.write_text(SETTINGS.format(root=str(ROOT), sources=str(sources), officials=str(officials), now=NOW,
                                        examples=examples), encoding="utf-8")
    return run_build(tmp / "output", campaign=campaign, settings=str(settings))


@pytest.fixture(scope="module")
def legistar_sources(tmp_path_factory, make_httpserver):
    """A snapshot fetched through the real fetch layer from a local Legistar-shaped server."""
    folder = tmp_path_factory.mktemp("legistar")
    make_httpserver.clear()
    serve_legistar(make_httpserver, FILLER[:600] + COUNCIL_ROWS + FILLER[600:], [])
    report, printed = run_refresh(write_sources(folder, make_httpserver.url_for("/").rstrip("/")))
    make_httpserver.clear()
    assert report.results[0].status == "updated", printed
    return folder / "sources.toml"


@pytest.fixture(scope="module")
def site(tmp_path_factory, legistar_sources) -> Path:
    build = _build(tmp_path_factory.mktemp("council"), legistar_sources)
    assert build.returncode == 0, build.messages
    return build.output


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def text_of(path: Path) -> str:
    return " ".join(soup_of(path).find("main").get_text(" ").split())


def test_deadline_is_noon_the_business_day_before_across_the_dst_change(site):
    page = site / "meetings" / "2023-03-13-city-council" / "index.html"
    soup = soup_of(page)
    # Meeting on Monday March 13 (EDT), deadline noon Friday March 10 (still EST): two different UTC offsets.
    assert soup.select_one(".hs-facts time")["datetime"] == "2023-03-13T19:00:00-04:00"
    notice = soup.select_one("[data-module=deadline]")
    assert notice["data-deadline"] == "2023-03-10T12:00:00-05:00"
    assert "Sign up to speak by noon on Friday, March 10, 2023." in notice.get_text(" ", strip=True)
    assert "noon on the business day before the meeting" in notice.get_text(" ")
    assert "Each speaker gets 3 minutes." in text_of(page)


def test_holiday_moves_the_deadline_and_dst_end_keeps_local_times(site):
    soup = soup_of(site / "meetings" / "2023-11-06-city-council" / "index.html")
    assert soup.select_one(".hs-facts time")["datetime"] == "2023-11-06T18:00:00-05:00"
    # Friday November 3 is a holiday in the test settings, so the business day before is Thursday (EDT).
    assert soup.select_one("[data-module=deadline]")["data-deadline"] == "2023-11-02T12:00:00-04:00"
    assert "noon on Thursday, November 2, 2023" in soup.select_one("[data-module=deadline]").get_text()


def test_cancelled_meeting_is_marked_in_words(site):
    page = site / "meetings" / "2023-03-20-city-council" / "index.html"
    text = text_of(page)
    assert "Cancelled" in soup_of(page).select_one(".hs-meeting__status").get_text()
    assert "This meeting is cancelled." in text and "Sign up to speak by" not in text
    listing = soup_of(site / "meetings" / "index.html")
    card = next(card for card in listing.select(".hs-meeting-card") if "2023-03-20" in card.a["href"])
    assert "Cancelled" in card.get_text()


def test_meeting_without_a_time_or_agenda(site):
    text = text_of(site / "meetings" / "2023-05-15-city-council" / "index.html")
    assert "Monday, May 15, 2023 (the start time is not posted yet)" in text
    assert "No agenda is linked here yet." in text
    # The rule counts days, so it still works without a start time.
    assert "Sign up to speak by noon on Friday, May 12, 2023." in text


def test_markdown_meeting_annotates_the_fetched_one_instead_of_duplicating_it(site):
    pages = sorted(path.name for path in (site / "meetings").iterdir() if path.name.startswith("2023-03-13"))
    assert pages == ["2023-03-13-city-council"]
    soup = soup_of(site / "meetings" / "2023-03-13-city-council" / "index.html")
    assert soup.h1.get_text() == "The council hears the HEART budget request"
    assert [li.get_text() for li in soup.select("#items-heading ~ ul li")] == ["Item 7: HEART staffing",
                                                                               "Item 9: budget calendar"]
    assert soup.select_one("#why-heading").find_next("strong").get_text() == "the"
    agenda = soup.select_one("#records-heading ~ ul a")
    assert agenda.get_text(" ", strip=True) == "Agenda , The council hears the HEART budget request"
    assert agenda["href"] == "https://example.legistar1.com/agenda/102.pdf"  # from Legistar


def test_home_shows_the_next_meeting_and_archive_has_minutes_and_video(site):
    home = soup_of(site / "index.html").select_one(".hs-next-meeting")
    assert home.time["datetime"] == "2023-03-13T19:00:00-04:00"
    assert home.find("a", string="How to speak at this meeting")["href"].endswith("meetings/2023-03-13-city-council/")
    archive = soup_of(site / "meetings" / "past" / "index.html")
    card = next(card for card in archive.select(".hs-meeting-card") if "2023-03-06" in card.a["href"])
    links = {a.get_text(" ", strip=True).split(",")[0].strip(): a["href"] for a in card.select(".hs-links a")}
    assert links["Minutes"] == "https://example.legistar1.com/minutes/101.pdf"
    assert links["Video"] == "https://example.granicus.com/player/clip/101"


def _query(href: str) -> dict:
    """Decode a mailto or web-compose query exactly: unquote, never unquote_plus (a '+' stays a '+')."""
    fields = {}
    for pair in urlsplit(href).query.split("&"):
        key, _, value = pair.partition("=")
        fields[key] = unquote(value)
    return fields


def test_every_mail_link_round_trips_to_the_exact_letter(site):
    # A letter in Spanish only: its page is in the Spanish edition (the English one says so and links there).
    soup = soup_of(site / "es" / "letters" / "special" / "index.html")
    mailto = soup.select_one("a[data-link=mailto]")["href"]
    assert " " not in mailto and "+" not in mailto.split("?", 1)[1]  # %20 for spaces; a literal + is %2B
    parts = urlsplit(mailto)
    assert parts.scheme == "mailto" and parts.path == ""  # Send_as: bcc, so nobody is in To
    fields = _query(mailto)
    assert fields["body"] == SPECIAL_EXPECTED.replace("\n", "\r\n")
    assert fields["subject"] == SPECIAL_SUBJECT
    assert fields["bcc"] == "council@example.org,ana.example@example.org"

    gmail = _query(soup.select_one("a[data-link=gmail]")["href"])
    assert (gmail["su"], gmail["body"], gmail["bcc"]) == (SPECIAL_SUBJECT, SPECIAL_EXPECTED,
                                                          "council@example.org,ana.example@example.org")
    for name in ("outlook", "outlook_work"):
        outlook = _query(soup.select_one(f"a[data-link={name}]")["href"])
        assert (outlook["subject"], outlook["body"]) == (SPECIAL_SUBJECT, SPECIAL_EXPECTED)
    # parse_qs agrees when told not to turn '+' into spaces... which it cannot be told: prove the '+' survives.
    assert "50% + 50%" in parse_qs(urlsplit(mailto).query)["body"][0]

    member = soup.find("a", string="Escribir a Ana Example")["href"]
    assert urlsplit(member).path == "ana.example@example.org"
    assert _query(member)["body"].replace("\r\n", "\n") == SPECIAL_EXPECTED
    assert soup.select_one("[data-letter-text]").get_text() == SPECIAL_EXPECTED


def test_too_long_letter_offers_the_text_to_copy(site):
    soup = soup_of(site / "letters" / "long" / "index.html")
    assert soup.select_one("a[data-link=mailto]") is None
    assert "too long for a link" in soup.select_one(".hs-letter__too-long").get_text()
    short = soup.select_one(".hs-letter__too-long a")["href"]
    assert short == "mailto:council@example.org?subject=Long"
    assert soup.select_one("[data-letter-text]").get_text().startswith("Paragraph 0: HEART")


def test_letter_for_a_meeting_is_linked_and_spoken_version_is_timed(site):
    meeting = soup_of(site / "meetings" / "2023-03-13-city-council" / "index.html")
    assert meeting.find("a", string="Carta con cada carácter difícil")["href"].endswith("letters/special/")
    timing = soup_of(site / "es" / "letters" / "special" / "index.html").select_one("[data-spoken-timing]").get_text(" ")
    words = len(SPECIAL_EXPECTED.split())  # rough check: the count is near a whitespace split
    count = int(timing.split()[0])
    assert abs(count - words) <= 6, timing
    assert "130 palabras por minuto" in timing and "los 3 minutos que tiene cada persona" in timing


def test_expired_and_example_letters(site, legistar_sources, tmp_path):
    assert not (site / "letters" / "expired").exists()
    assert not (site / "letters" / "past-meeting").exists()  # its meeting is over
    assert (site / "letters" / "special").is_dir()
    assert "Example" in soup_of(site / "letters" / "example-demo" / "index.html").select_one(".hs-example").get_text()
    public = _build(tmp_path, legistar_sources, examples=False)
    assert public.returncode == 0, public.messages
    assert not (public.output / "letters" / "example-demo").exists()
    assert "Example letter" not in (public.output / "letters" / "index.html").read_text()
    # The example official is left out too, so no per-member link is published.
    assert "ana.example@example.org" not in (public.output / "es" / "letters" / "special" / "index.html").read_text()


def test_bad_meeting_and_unknown_official_are_reported_together(tmp_path, legistar_sources):
    build = _build(tmp_path, legistar_sources, extra={
        "meetings/bad-time.md": "Title: Broken meeting\nBody: City Council\nWhen: next Monday\nSource_name: x\n\nText.\n",
        "letters/to-nobody.md": "Title: Letter to nobody\nSubject: Hi\nTo: council, mayor\n\nHello {name} {nmae}\n",
        "letters/no-such-meeting.md": "Title: Letter for a meeting nobody lists\nSubject: Hi\n"
                                      "Meeting: 2023-12-04-city-council\n\nHello\n",
    })
    assert build.returncode != 0
    lines = build.messages.splitlines()
    assert ('content/meetings/bad-time.md:3: When: "next Monday" is not a date and time. '
            "Write it like: When: 2023-05-15 19:00 (or just 2023-05-15 when the hour is not known)") in lines
    assert any(line.startswith('content/letters/to-nobody.md:3: To: "mayor" is not an official in ')
               and line.endswith("Use an id from that file (council, member-a), like: To: council") for line in lines), lines
    assert any(line.startswith('content/letters/to-nobody.md:5: letter: "{nmae}" is not a placeholder') for line in lines), lines
    assert any(line.startswith('content/letters/no-such-meeting.md:3: Meeting: "2023-12-04-city-council" is not a '
                               "meeting on the site.") for line in lines), lines
    assert "Traceback" not in build.messages


def test_pages_work_without_javascript_and_script_refines_them(site, browser):
    letter = (site / "es" / "letters" / "special" / "index.html").as_uri()
    meeting = (site / "meetings" / "2023-03-13-city-council" / "index.html").as_uri()
    plain = browser.new_context(java_script_enabled=False).new_page()
    plain.goto(letter)
    assert not plain.locator("[data-letter-form]").is_visible()
    href = plain.locator("a[data-link=mailto]").get_attribute("href")
    assert _query(href)["body"] == SPECIAL_EXPECTED.replace("\n", "\r\n")
    assert plain.locator("[data-letter-text]").inner_text() == SPECIAL_EXPECTED
    plain.goto(meeting)
    assert "Sign up to speak by noon on Friday, March 10, 2023." in plain.locator(".hs-deadline").inner_text()
    assert not plain.locator("[data-deadline-live]").is_visible()

    page = browser.new_context().new_page()
    page.clock.set_fixed_time("2023-03-10T09:00:00-05:00")
    page.goto(meeting)
    assert page.locator("[data-deadline-live]").inner_text() == "Sign-up closes in 3 hours."
    page.goto(letter)
    page.fill("#letter-name", "José Núñez & Hijos")
    page.fill("#letter-neighborhood", "Walltown #3")
    page.fill("#letter-story", "Mi tía esperó 2+ horas.\nNadie vino.")
    href = page.locator("a[data-link=mailto]").get_attribute("href")
    expected = (SPECIAL_EXPECTED.replace("[Su nombre]", "José Núñez & Hijos")
                .replace("[Su barrio]", "Walltown #3")
                .replace("[Su historia: por qué le importa]", "Mi tía esperó 2+ horas.\nNadie vino."))
    assert _query(href)["body"] == expected.replace("\n", "\r\n")
    assert page.locator("[data-letter-text]").inner_text() == expected
    assert not page.locator("[data-too-long]").is_visible()
    page.fill("#letter-story", "Una historia larga. " * 120)  # past 2,000 characters once encoded
    assert not page.locator("a[data-link=mailto]").is_visible()
    assert page.locator("[data-too-long]").is_visible()
    assert page.locator("[data-copy=letter]").is_visible()


def test_meetings_with_a_time_join_events_ics(site):
    import icalendar

    calendar = icalendar.Calendar.from_ical((site / "events.ics").read_bytes())
    meetings = {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")
                if str(event["UID"]).startswith("meeting-")}
    assert "meeting-2023-05-15-city-council" not in meetings  # no start time, so no calendar entry
    march13 = meetings["meeting-2023-03-13-city-council"]
    assert march13["DTSTART"].params["TZID"] == "America/New_York"
    assert march13.decoded("DTSTART").isoformat() == "2023-03-13T19:00:00-04:00"
    assert "Sign up to speak by noon on Friday, March 10, 2023." in str(march13["DESCRIPTION"])
    assert str(meetings["meeting-2023-03-20-city-council"]["STATUS"]) == "CANCELLED"


LABELS = {"en": {"name": "[Your name]", "neighborhood": "[Your neighborhood]",
                 "story": "[Your story: why this matters to you]"},
          "es": {"name": "[Su nombre]", "neighborhood": "[Su barrio]", "story": "[Su historia: por qué le importa]"}}


def test_shipped_letters_mail_links_carry_the_exact_text(built_site):
    letters = sorted((ROOT / "content" / "letters").glob("*.md"))
    assert letters
    for path in letters:
        header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        fields = dict(line.split(": ", 1) for line in header.splitlines())
        if fields.get("Example", "").lower() == "yes":
            continue
        letter = body.split("\n## ", 1)[0].strip("\n")
        for key, label in LABELS[fields.get("Lang", "en")].items():
            letter = letter.replace("{" + key + "}", label)
        edition = built_site / "es" if fields.get("Lang") == "es" else built_site
        soup = soup_of(edition / "letters" / fields.get("Slug", path.stem) / "index.html")
        links = soup.select("a[data-link]")
        assert {link["data-link"] for link in links} == {"mailto", "gmail", "outlook", "outlook_work"}, path.name
        for link in links:
            fields_in_link = _query(link["href"])
            body_in_link = fields_in_link["body"]
            assert body_in_link.replace("\r\n", "\n") == letter, (path.name, link["data-link"])
            assert fields_in_link.get("subject", fields_in_link.get("su")) == fields["Subject"]
        assert urlsplit(soup.select_one("a[data-link=mailto]")["href"]).path == "council@durhamnc.gov"
