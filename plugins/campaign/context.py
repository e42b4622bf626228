"""The one interface between plugins: `campaign.of(settings)` returns the build's Campaign, made once.

Plugins read the campaign (its folder, words, menu, council data, clock) from here and add what they build with
`campaign.add(name, value)`, instead of writing into each other's settings. The first plugin to ask makes it, so
the order of PLUGINS does not matter. Templates see the same object as CAMPAIGN.
"""

from __future__ import annotations

from pathlib import Path

from content_checks import problems as shared_problems
from sources.problems import shown_path

from .home import find_home
from .load import load_campaign
from .model import Campaign


def of(settings) -> Campaign:
    campaign = settings.get("CAMPAIGN")
    if isinstance(campaign, Campaign):
        return campaign
    folder = settings.get("CAMPAIGN_DIR") or Path(settings.get("PATH", "content")).parent
    content = Path(settings.get("PATH") or Path(folder) / "content")
    shared_problems.set_campaign_folder(Path(folder))
    campaign, found = load_campaign(Path(folder), str(settings.get("BUILD_NOW") or ""), content)
    edition = str(settings.get("EDITION_LANG") or "")
    campaign.home, home_problems = find_home(content, lambda path: shown_path(path, campaign.folder), edition,
                                             campaign.language)
    for problem in found + home_problems:
        shared_problems.add(problem)
    campaign.settings = settings
    settings["CAMPAIGN"] = campaign
    apply_pelican_settings(settings, campaign)
    if edition and edition != campaign.language:
        # A language edition (plugins/localization): the campaign's words in that language, its pages' language.
        from localization.campaign_words import localize

        for problem in localize(campaign, edition):
            shared_problems.add(problem)
        settings["DEFAULT_LANG"] = edition
    return campaign


def apply_pelican_settings(settings, campaign: Campaign) -> None:
    """The few settings Pelican itself reads that belong to the campaign."""
    settings["SITENAME"] = campaign.name
    settings["AUTHOR"] = campaign.name
    settings["TIMEZONE"] = campaign.timezone
    settings["DEFAULT_LANG"] = campaign.language.lower()
    theme = campaign.theme
    if theme and (theme / "templates").is_dir():
        overrides = [str(theme / "templates")]
        settings["THEME_TEMPLATES_OVERRIDES"] = overrides + [
            path for path in settings.get("THEME_TEMPLATES_OVERRIDES", []) if path not in overrides]
    if theme and (theme / "static").is_dir() and str(theme / "static") not in settings.get("THEME_STATIC_PATHS", []):
        # Copied after the engine's static folder, so a file at the same path replaces the engine's.
        settings["THEME_STATIC_PATHS"] = [*settings.get("THEME_STATIC_PATHS", ["static"]), str(theme / "static")]
