"""The council plugin's configuration: engine settings (COUNCIL_*) and the campaign's data/council.toml, in one dict."""

from __future__ import annotations

DEFAULTS = {
    # The sources file: its legistar, agendacenter and icalendar sources are the fetched meetings.
    # Default: the campaign's data/sources.toml.
    "COUNCIL_SOURCES_FILE": "",
    # Officials that letters can go to: name, role, seat, public email, and where that address is published.
    # Default: the campaign's data/officials.toml.
    "COUNCIL_OFFICIALS_FILE": "",
    # Words and phrases to look for in agenda items: matching meetings are shown first.
    # Default: the campaign's data/watch.toml.
    "COUNCIL_WATCH_FILE": "",
    # Longest mail link offered before the page suggests copying the text instead.
    "COUNCIL_MAILTO_MAX_LENGTH": 2000,
    # Speaker time limit when a body does not give one (minutes); None shows no comparison.
    "COUNCIL_DEFAULT_TIME_LIMIT": None,
    "COUNCIL_MEETINGS_URL": "meetings/",
    "COUNCIL_LETTERS_URL": "letters/",
}


def with_defaults(settings, campaign) -> dict:
    """COUNCIL_* settings with defaults filled in, plus the campaign's council data and clock (settings unchanged).

    From data/council.toml: COUNCIL_BODIES (per body, keyed by its name as sources spell it: how to speak,
    deadline rule, time limit, sources), COUNCIL_SCHEDULES, COUNCIL_HOLIDAYS, COUNCIL_HOME_BODIES,
    COUNCIL_BODY_LINES; COUNCIL_NOW is the build clock (campaign.now).
    """
    config = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    config["COUNCIL_SOURCES_FILE"] = config["COUNCIL_SOURCES_FILE"] or str(campaign.data_file("sources.toml"))
    config["COUNCIL_OFFICIALS_FILE"] = config["COUNCIL_OFFICIALS_FILE"] or str(campaign.data_file("officials.toml"))
    config["COUNCIL_WATCH_FILE"] = config["COUNCIL_WATCH_FILE"] or str(campaign.data_file("watch.toml"))
    council = campaign.council
    config.update({
        "COUNCIL_BODIES": council.bodies,
        "COUNCIL_BODY_LINES": council.body_lines,
        "COUNCIL_SCHEDULES": council.schedules,
        "COUNCIL_HOLIDAYS": council.holidays,
        "COUNCIL_HOME_BODIES": council.home_bodies,
        "COUNCIL_NOW": campaign.now,
        "COUNCIL_FILE": campaign.data_file("council.toml"),
    })
    return config
