"""Read and check a campaign folder's data/site.toml and data/council.toml, and the build clock. No Pelican.

    campaign, problems = load_campaign(Path("."), build_now="")

Every mistake is a Problem with the file, the line, the key, what is wrong and how to fix it; a misspelled key
gets the nearest key the file knows.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from content_checks.problems import Problem
from content_checks.tables import check_table_keys
from sources.tomlfile import TomlFile, read_toml
from sources.problems import shown_path

from .model import WORDS, Campaign, Council, Link

SITE_REQUIRED = ("name", "tagline", "description", "language", "timezone")
# [editor] is read and checked by plugins/editor (the browser editor at /admin/).
SITE_OPTIONAL = ("example", "locale", "currency", "pages", "menu", "footer", "home", "numbers", "words", "editor", "editions")
PAGE_ROLES = ("about", "help", "numbers")
NUMBERS_KEYS = ("figures", "response_sources", "beats_snapshot", "city_districts")
COUNCIL_OPTIONAL = ("agenda_page", "email", "home_bodies", "holidays", "clerk", "body", "schedule")
BODY_REQUIRED = ("name",)
BODY_OPTIONAL = ("signup", "deadline", "deadline_note", "time_limit_minutes", "time_limit_source", "written", "sources")
SCHEDULE_REQUIRED = ("body", "weekday", "weeks")
SCHEDULE_OPTIONAL = ("time", "location", "source_name", "source_url", "details_url", "days_ahead")
CLERK_KEYS = ("name", "phone", "email", "address")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Lists the site makes itself, which a menu entry or button may point to (besides a content file).
SITE_LISTS = ("events/", "events/past/", "meetings/", "meetings/past/", "letters/", "updates/", "news/", "search/")


def parse_build_now(text: str, zone: ZoneInfo) -> datetime:
    """BUILD_NOW: "2023-05-01T12:00-04:00", "2023-05-01 12:00" (the campaign's time) or "2023-05-01" (noon).

    Raises ValueError. Empty means the real clock.
    """
    text = text.strip()
    if not text:
        return datetime.now(zone)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return datetime.combine(datetime.fromisoformat(text).date(), time(12), tzinfo=zone)
    moment = datetime.fromisoformat(text)
    return moment.astimezone(zone) if moment.tzinfo else moment.replace(tzinfo=zone)


def check_page_ref(page: str, content: Path) -> str:
    """"" when `page` names a content file that exists or a list the site makes; else what is wrong."""
    page = page.strip()
    if page.endswith(".md"):
        return "" if (content / page).is_file() else f'points to "{page}", but content/{page} does not exist.'
    if page in SITE_LISTS:
        return ""
    return f'"{page}" is not a page.'


PAGE_FIX = ('Write a file in content/, like "pages/about.md", or one of the lists the site makes: '
            + ", ".join(SITE_LISTS) + ".")


def _links(data, lines: TomlFile, section: str, path: str, content: Path, problems: list) -> list[Link]:
    tables = data.get(section, [])
    if not isinstance(tables, list):
        problems.append(Problem(path, lines.line(section), section, f"must be written as [[{section}]] tables.",
                                f'Write each entry like:\n[[{section}]]\nlabel = "About us"\npage = "pages/about.md"'))
        return []
    links = []
    for index, table in enumerate(tables):
        line = lines.line(section, index)
        found = check_table_keys(path, line, table, f"{section} entry", table.get("label", str(index + 1)),
                                 ("label", "page"), ())
        if not found:
            wrong = check_page_ref(str(table["page"]), content)
            if wrong:
                found.append(Problem(path, lines.line(section, index, "page"), "page", wrong, PAGE_FIX))
        problems += found
        if not found:
            links.append(Link(str(table["label"]), str(table["page"]).strip()))
    return links


def _string_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def load_site(campaign: Campaign, content: Path, problems: list) -> None:
    file = campaign.data_file("site.toml")
    path = shown_path(file, campaign.folder)
    if not file.exists():
        problems.append(Problem(path, None, "", "is missing: every campaign needs one.",
                                'Create it with at least: name = "...", tagline, description, language = "en", '
                                'timezone = "America/Chicago".'))
        return
    lines, found_problems = read_toml(file, path)
    problems += found_problems
    if lines is None:
        return
    campaign.site_file = lines
    data = lines.data
    for found in check_table_keys(path, None, data, "site setting", "site.toml", SITE_REQUIRED, SITE_OPTIONAL):
        problems.append(Problem(found.path, lines.line("", None, found.field), found.field, found.what, found.fix))
    if "example" in data:
        if isinstance(data["example"], bool):
            campaign.example = data["example"]
        else:
            problems.append(Problem(path, lines.line("", None, "example"), "example",
                                    f"{data['example']!r} is not true or false.",
                                    "Write example = true for an example campaign (never published), or leave the line out."))
    for key in ("name", "tagline", "description", "language", "locale", "currency"):
        if key in data:
            setattr(campaign, key, str(data[key]).strip())
    if "timezone" in data:
        try:
            ZoneInfo(str(data["timezone"]))
            campaign.timezone = str(data["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(Problem(path, lines.line("", None, "timezone"), "timezone",
                                    f'"{data["timezone"]}" is not a time zone.',
                                    'Use a name from the tz database, like timezone = "America/Chicago".'))
    editions = data.get("editions", [])
    if not _string_list(editions) or any(not str(code).isalpha() or len(str(code)) != 2 for code in editions):
        problems.append(Problem(path, lines.line("", None, "editions"), "editions",
                                "must be a list of two-letter language codes.", 'Write it like editions = ["es"].'))
    else:
        campaign.editions = [str(code).lower() for code in editions if str(code).lower() != campaign.language]
    pages = data.get("pages", {})
    for found in check_table_keys(path, lines.line("pages"), pages, "page role", "pages", (), PAGE_ROLES):
        problems.append(Problem(found.path, lines.line("pages", None, found.field), found.field, found.what, found.fix))
    for role in PAGE_ROLES:
        if role in pages:
            wrong = check_page_ref(str(pages[role]), content)
            if wrong:
                problems.append(Problem(path, lines.line("pages", None, role), role, wrong, PAGE_FIX))
            else:
                campaign.pages[role] = Link(role, str(pages[role]).strip())
    campaign.menu = _links(data, lines, "menu", path, content, problems)
    campaign.footer = _links(data, lines, "footer", path, content, problems)
    home = data.get("home", {})
    for found in check_table_keys(path, lines.line("home"), home, "home setting", "home", (), ("figures",)):
        problems.append(Problem(found.path, lines.line("home", None, found.field), found.field, found.what, found.fix))
    numbers = data.get("numbers", {})
    for found in check_table_keys(path, lines.line("numbers"), numbers, "numbers setting", "numbers", (), NUMBERS_KEYS):
        problems.append(Problem(found.path, lines.line("numbers", None, found.field), found.field, found.what, found.fix))
    for table, key in (("home", "figures"), ("numbers", "figures"), ("numbers", "response_sources"),
                       ("numbers", "city_districts")):
        value = data.get(table, {}).get(key, [])
        if not _string_list(value):
            problems.append(Problem(path, lines.line(table, None, key), key, "must be a list of names in quotes.",
                                    f'Write it like {key} = ["first-id", "second-id"].'))
    if _string_list(home.get("figures", [])):
        campaign.home_figures = list(home.get("figures", []))
    campaign.numbers = {"figures": [], "response_sources": [], "beats_snapshot": "", "city_districts": []}
    campaign.numbers.update({key: value for key, value in numbers.items() if key in NUMBERS_KEYS})
    words = data.get("words", {})
    for found in check_table_keys(path, lines.line("words"), words, "word", "words", (), tuple(WORDS)):
        problems.append(Problem(found.path, lines.line("words", None, found.field), found.field, found.what, found.fix))
    campaign.words.update({key: str(value) for key, value in words.items() if key in WORDS})


def load_council_data(campaign: Campaign, problems: list) -> None:
    file = campaign.data_file("council.toml")
    path = shown_path(file, campaign.folder)
    lines, found_problems = read_toml(file, path)
    problems += found_problems
    if lines is None:
        return
    data = lines.data
    council = Council()
    for found in check_table_keys(path, None, data, "council setting", "council.toml", (), COUNCIL_OPTIONAL):
        problems.append(Problem(found.path, lines.line("", None, found.field), found.field, found.what, found.fix))
    council.agenda_page = str(data.get("agenda_page", ""))
    council.email = str(data.get("email", ""))
    for key in ("home_bodies", "holidays"):
        value = data.get(key, [])
        if not _string_list(value):
            problems.append(Problem(path, lines.line("", None, key), key, "must be a list of words in quotes.",
                                    f'Write it like {key} = ["2025-12-25"].' if key == "holidays"
                                    else f'Write it like {key} = ["City Council"].'))
            continue
        setattr(council, key, list(value))
    for day in council.holidays:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            problems.append(Problem(path, lines.line("", None, "holidays"), "holidays", f'"{day}" is not a date.',
                                    'Write each day like "2025-12-25".'))
    clerk = data.get("clerk", {})
    for found in check_table_keys(path, lines.line("clerk"), clerk, "clerk detail", "clerk", (), CLERK_KEYS):
        problems.append(Problem(found.path, lines.line("clerk", None, found.field), found.field, found.what, found.fix))
    council.clerk = {key: str(value) for key, value in clerk.items() if key in CLERK_KEYS}
    for index, body in enumerate(data.get("body", [])):
        line = lines.line("body", index)
        found = check_table_keys(path, line, body, "body", body.get("name", str(index + 1)), BODY_REQUIRED, BODY_OPTIONAL)
        for item in found:
            problems.append(Problem(item.path, lines.line("body", index, item.field), item.field, item.what, item.fix))
        if "name" in body:
            council.bodies[str(body["name"])] = {key: value for key, value in body.items() if key != "name"}
            council.body_lines[str(body["name"])] = lines.line("body", index, "deadline")
    for index, schedule in enumerate(data.get("schedule", [])):
        line = lines.line("schedule", index)
        found = check_table_keys(path, line, schedule, "schedule", schedule.get("body", str(index + 1)),
                                 SCHEDULE_REQUIRED, SCHEDULE_OPTIONAL)
        for item in found:
            problems.append(Problem(item.path, lines.line("schedule", index, item.field), item.field, item.what, item.fix))
        weekday = str(schedule.get("weekday", "")).strip().lower()
        if weekday and weekday not in WEEKDAYS:
            found.append(Problem(path, lines.line("schedule", index, "weekday"), "weekday",
                                 f'"{schedule["weekday"]}" is not a day of the week.', f"Use one of: {', '.join(WEEKDAYS)}."))
            problems.append(found[-1])
        weeks = schedule.get("weeks", [])
        if "weeks" in schedule and not (isinstance(weeks, list) and weeks
                                        and all(isinstance(w, int) and 1 <= w <= 5 for w in weeks)):
            found.append(Problem(path, lines.line("schedule", index, "weeks"), "weeks",
                                 "must be a list of week numbers from 1 to 5.", "Write it like weeks = [1, 3]."))
            problems.append(found[-1])
        if not found:
            council.schedules.append({**schedule, "weekday": WEEKDAYS.index(weekday)})
    campaign.council = council


def load_campaign(folder: Path, build_now: str = "", content: Path | None = None) -> tuple[Campaign, list[Problem]]:
    """The campaign in `folder`, checked; with every problem found in its data files and the clock.

    `content` is the content folder being built (the campaign's content/ unless a build names another).
    """
    campaign = Campaign(Path(folder).resolve())
    content = Path(content) if content else campaign.content
    problems: list[Problem] = []
    if not content.is_dir():
        problems.append(Problem(shown_path(campaign.folder), None, "", "is not a campaign folder: it has no content/ folder.",
                                "Give --campaign a folder with content/ and data/ (`invoke new-campaign DIR` makes one)."))
    load_site(campaign, content, problems)
    load_council_data(campaign, problems)
    try:
        campaign.now = parse_build_now(build_now or "", campaign.zone)
        campaign.clock_pinned = bool((build_now or "").strip())
    except ValueError:
        problems.append(Problem("BUILD_NOW", None, "", f'"{build_now}" is not a date and time.',
                                "Set it like BUILD_NOW=2023-05-01T12:00-04:00 or BUILD_NOW=2023-05-01, or leave it unset."))
        campaign.now = datetime.now(campaign.zone)
    return campaign, problems
