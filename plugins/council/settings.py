"""Defaults for every COUNCIL_* setting, merged under what pelicanconf.py sets, and checked in one place."""

from __future__ import annotations

DEFAULTS = {
    # The sources file: its legistar, agendacenter and icalendar sources are the fetched meetings.
    "COUNCIL_SOURCES_FILE": "data/sources.toml",
    # Officials that letters can go to: name, role, seat, public email, and where that address is published.
    "COUNCIL_OFFICIALS_FILE": "data/officials.toml",
    # Words and phrases to look for in agenda items (data/watch.toml): matching meetings are shown first.
    "COUNCIL_WATCH_FILE": "data/watch.toml",
    # Per body, keyed by its name as sources spell it: how to speak, deadline rule, time limit, sources.
    "COUNCIL_BODIES": {},
    # Published regular schedules, used to show expected meetings before an agenda is posted.
    "COUNCIL_SCHEDULES": [],
    # Days that are not business days for deadline rules (city holidays), as "YYYY-MM-DD".
    "COUNCIL_HOLIDAYS": [],
    # The time the build treats as now: "" for the real clock, or an ISO time such as "2023-05-15T09:00-04:00".
    "COUNCIL_NOW": "",
    # The bodies whose next meeting may appear on the home page.
    "COUNCIL_HOME_BODIES": ["City Council"],
    # Longest mail link offered before the page suggests copying the text instead.
    "COUNCIL_MAILTO_MAX_LENGTH": 2000,
    # Speaker time limit when a body does not give one (minutes); None shows no comparison.
    "COUNCIL_DEFAULT_TIME_LIMIT": None,
    "COUNCIL_MEETINGS_URL": "meetings/",
    "COUNCIL_LETTERS_URL": "letters/",
}


def with_defaults(settings) -> dict:
    """Return COUNCIL_* settings with defaults filled in (the Pelican settings object is not changed)."""
    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}
