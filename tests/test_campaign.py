"""A campaign is a folder: its data files and home page are checked with file and line, and another campaign
builds from its own folder with no code change (plugins/campaign)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, copy_campaign, run_build
from site_pages import soup_of


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, start: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(start))


def test_home_page_mistakes_are_named_with_file_line_field_and_fix(tmp_path):
    campaign = copy_campaign(tmp_path)
    home = campaign / "content" / "pages" / "home.md"
    edit(home, "Headline: HEART around the clock, everywhere in Durham\n", "")
    edit(home, "-> pages/what-is-heart.md", "-> pages/what-heart-is.md")
    edit(home, "Action: Tell the City Council -> pages/take-action.md", "Action: Tell the City Council")

    build = run_build(tmp_path / "output", campaign=campaign)

    assert build.returncode == 1
    # Every file is named from the campaign folder (not the folder the build runs from), each at a line's start.
    shown = "\ncontent/pages/home.md"
    messages = build.messages
    assert str(campaign) not in messages
    assert f"{shown}:1: Headline: is missing on the home page. Add a line like: Headline: " in messages
    assert (f'{shown}:{line_of(home, "Action: What HEART")}: Action: points to "pages/what-heart-is.md", '
            "but content/pages/what-heart-is.md does not exist.") in messages
    assert f'{shown}:{line_of(home, "Action: Tell")}: Action: "Tell the City Council" is not a button.' in messages
    assert "Traceback" not in messages
    assert not (tmp_path / "output" / "index.html").exists()


def test_data_file_mistakes_name_the_line_and_the_nearest_key(tmp_path):
    campaign = copy_campaign(tmp_path)
    site = campaign / "data" / "site.toml"
    council = campaign / "data" / "council.toml"
    edit(site, 'tagline = "', 'tagslogan = "')
    edit(site, 'page = "pages/statistics.md"', 'page = "pages/stats.md"')
    edit(site, 'news = "News about HEART"', 'newz = "News about HEART"')
    edit(council, 'weekday = "monday"', 'weekday = "moonday"')
    edit(council, "time_limit_minutes = 3", "time_limit_minute = 3")

    build = run_build(tmp_path / "output", campaign=campaign)

    assert build.returncode == 1
    messages = build.messages
    assert str(campaign) not in messages
    site_shown, council_shown = "\ndata/site.toml", "\ndata/council.toml"
    assert f'{site_shown}: tagline: is missing in site setting "site.toml".' in messages
    assert f'{site_shown}:{line_of(site, "tagslogan")}: tagslogan: is not a field a site setting has' in messages
    assert 'Did you mean "tagline"?' in messages
    stats_line = line_of(site, 'page = "pages/stats.md"')
    assert (f'{site_shown}:{stats_line}: page: points to "pages/stats.md", '
            "but content/pages/stats.md does not exist.") in messages
    assert f'{site_shown}:{line_of(site, "newz")}: newz: is not a field a word has (word "words"). Did you mean "news"?' in messages
    assert f'{council_shown}:{line_of(council, "weekday")}: weekday: "moonday" is not a day of the week.' in messages
    assert (f'{council_shown}:{line_of(council, "time_limit_minute ")}: time_limit_minute: is not a field a body has '
            '(body "City Council"). Did you mean "time_limit_minutes"?') in messages
    assert "Traceback" not in messages


def test_a_bad_build_clock_is_one_line(tmp_path):
    build = run_build(tmp_path / "output", env={"BUILD_NOW": "next tuesday"})
    assert build.returncode == 1
    assert 'BUILD_NOW: "next tuesday" is not a date and time. Set it like BUILD_NOW=2023-05-01T12:00-04:00' in build.messages


SECOND_SITE = '''name = "Riverside Tenants Together"
tagline = "Fair rents for every Riverside tenant"
description = "A test campaign for rent stabilization."
language = "en"
timezone = "America/Chicago"

[pages]
about = "pages/about.md"

[[menu]]
label = "Our ask"
page = "pages/ask.md"

[[menu]]
label = "Updates"
page = "updates/"

[[footer]]
label = "Contact"
page = "pages/contact.md"

[words]
news = "Rent news"
'''
HOME = """Title: Riverside Tenants Together
Template: home
Save_as: index.html
Url:
Kicker: Riverside renters
Headline: Stabilize our rents
Lead: Rents went up again. We ask the council for a rent stabilization ordinance.
Action: Read our ask -> pages/ask.md
Action: See updates -> updates/
"""


def make_second_campaign(folder: Path) -> Path:
    """A small campaign in another city and time zone, with one theme override, written from scratch."""
    pages = folder / "content" / "pages"
    pages.mkdir(parents=True)
    (folder / "content" / "updates").mkdir()
    (folder / "data").mkdir()
    (folder / "data" / "site.toml").write_text(SECOND_SITE, encoding="utf-8")
    (pages / "home.md").write_text(HOME, encoding="utf-8")
    (pages / "ask.md").write_text("Title: Our ask\n\nA rent stabilization ordinance.\n", encoding="utf-8")
    (pages / "about.md").write_text("Title: About us\n\nTenants of Riverside.\n", encoding="utf-8")
    (pages / "contact.md").write_text("Title: Contact\n\nWrite to us.\n", encoding="utf-8")
    (folder / "content" / "updates" / "2026-01-05-meeting.md").write_text(
        "Title: Tenants met\nDate: 2026-01-05 18:00\nSummary: Forty tenants met.\n\nForty tenants met.\n", encoding="utf-8")
    override = folder / "theme" / "templates" / "partials"
    override.mkdir(parents=True)
    footer = (ROOT / "theme" / "templates" / "partials" / "_footer.html").read_text(encoding="utf-8")
    (override / "_footer.html").write_text(footer.replace('<footer class="hs-footer">',
                                                          '<footer class="hs-footer" data-campaign-footer>'), encoding="utf-8")
    static = folder / "theme" / "static"
    static.mkdir()
    (static / "favicon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" data-campaign="yes"></svg>\n',
                                        encoding="utf-8")
    return folder


def test_another_campaign_builds_from_its_own_folder(tmp_path):
    campaign = make_second_campaign(tmp_path / "riverside")
    build = run_build(tmp_path / "output", campaign=campaign)
    assert build.returncode == 0, build.messages
    output = build.output

    home = soup_of(output / "index.html")
    assert home.h1.get_text(strip=True) == "Stabilize our rents"
    assert home.select_one(".hs-hero__kicker").get_text(strip=True) == "Riverside renters"
    buttons = [(a.get_text(strip=True), a["href"]) for a in home.select(".hs-actions a")]
    assert buttons == [("Read our ask", "./our-ask/"), ("See updates", "./updates/")]
    assert [(a.get_text(strip=True), a["href"]) for a in home.select("nav a")] == [
        ("Our ask", "./our-ask/"), ("Updates", "./updates/")]
    footer = home.select_one("footer")
    assert footer.has_attr("data-campaign-footer"), "the campaign's template override is used"
    assert ("Contact", "./contact/") in [(a.get_text(strip=True), a["href"]) for a in footer.select("a")]
    assert "Rent news" in footer.get_text()
    assert 'data-campaign="yes"' in (output / "theme" / "favicon.svg").read_text(encoding="utf-8")
    # Dates are in the campaign's time zone: 18:00 is Chicago time, not the default campaign's.
    assert "<published>2026-01-05T18:00:00-06:00</published>" in (output / "feeds" / "updates.atom.xml").read_text()

    words = ("HEART", "Durham", "what-is-heart", "take-action", "/numbers/")
    for page in sorted(output.rglob("*")):
        if page.suffix in (".html", ".xml", ".ics", ".txt"):
            text = page.read_text(encoding="utf-8")
            assert not [word for word in words if word in text], page


def test_a_campaign_folder_must_have_content(tmp_path):
    build = run_build(tmp_path / "output", campaign=tmp_path)
    assert build.returncode != 0
    assert "not a campaign folder (it has no content/ folder)" in build.messages
