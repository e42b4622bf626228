"""The campaign context: everything one campaign says, read once per build from its folder. No Pelican here.

A campaign is a folder with `content/` (Markdown), `data/` (site.toml, council.toml, figures.toml, ...) and an
optional `theme/` whose templates and static files replace the engine's at the same path. Plugins read the
Campaign (campaign.of(settings)) instead of each other's settings, and add what they build to it with
`campaign.add(name, value)` / `campaign.part(name)`, so the order of PLUGINS does not matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from content_checks.problems import add as report
from sources.tomlfile import TomlFile

# Sentences the theme shows that name what the campaign is about. Each has a plain default; a campaign writes
# its own in the [words] table of data/site.toml.
WORDS = {
    "news": "News",
    "news_description": "Stories from news sites and from the campaign, newest first.",
    "news_intro": "Stories from news sites and from us, newest first. Links to other sites open the story where it was published.",
    "news_feeds_intro": "Each time the site is rebuilt, it also looks for stories in these news feeds:",
    "news_feed_description": "Stories from news sites and the campaign.",
    "all_news": "See all news, with stories from news sites",
    "updates_description": "News from the campaign.",
    "updates_intro": "News from the campaign, newest first.",
    "home_figures_heading": "By the numbers",
    "numbers_hours_note": "Hours a day are shown only as a source states them.",
    "events_description": "Rallies, teach-ins and council meetings. Come with us.",
    "meetings_description": "When the council meets, how to sign up to speak, and what to say.",
    "meetings_intro": "At its meetings, anyone can speak for a few minutes. Here is when it meets and how to sign up.",
    "past_meetings_description": "Past council meetings, with their agendas, minutes and video.",
    "letters_description": "Ready-made letters to the council. Add your story and send it from your own email.",
    "letter_description": "A letter to the council you can send from your own email.",
}


@dataclass
class Link:
    """A menu, footer or button link: its words and the page it points to, resolved to an address after reading."""

    label: str
    page: str  # a file in content/ ("pages/about.md") or a list the site makes ("events/")
    url: str = ""  # relative to the site root, set once the pages are read

    @property
    def is_file(self) -> bool:
        return self.page.endswith(".md")


@dataclass
class Council:
    """data/council.toml: how and when people can speak. Bodies are keyed by their name as sources spell it."""

    agenda_page: str = ""
    email: str = ""
    home_bodies: list[str] = field(default_factory=list)
    holidays: list[str] = field(default_factory=list)
    clerk: dict = field(default_factory=dict)
    bodies: dict[str, dict] = field(default_factory=dict)
    body_lines: dict[str, int | None] = field(default_factory=dict)
    schedules: list[dict] = field(default_factory=list)


@dataclass
class Home:
    """The home page's ask, from the content page with `Template: home`."""

    source: str  # content/pages/home.md
    kicker: str
    headline: str
    lead: str
    actions: list[Link]


@dataclass
class Campaign:
    folder: Path
    name: str = ""
    # An example campaign (site.toml `example = true`): every page says so, and `invoke publish` refuses it.
    example: bool = False
    tagline: str = ""
    description: str = ""
    language: str = "en"
    timezone: str = "UTC"
    locale: str = "en_US"
    currency: str = "USD"
    editions: list[str] = field(default_factory=list)  # other languages the site is also built in ("es")
    pages: dict[str, Link] = field(default_factory=dict)  # role (about, help, numbers) -> page
    menu: list[Link] = field(default_factory=list)
    footer: list[Link] = field(default_factory=list)
    home_figures: list[str] = field(default_factory=list)
    numbers: dict = field(default_factory=dict)  # figures, response_sources, beats_snapshot, city_districts
    words: dict[str, str] = field(default_factory=lambda: dict(WORDS))
    council: Council = field(default_factory=Council)
    now: datetime | None = None  # the build clock: BUILD_NOW, or the real time when the build started
    clock_pinned: bool = False
    home: Home | None = None
    site_file: TomlFile | None = field(default=None, repr=False)  # data/site.toml as read, for its lines in messages
    settings: dict = field(default_factory=dict, repr=False)  # the build's settings, for providers
    _parts: dict = field(default_factory=dict, repr=False)

    @property
    def content(self) -> Path:
        return self.folder / "content"

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def theme(self) -> Path | None:
        theme = self.folder / "theme"
        return theme if theme.is_dir() else None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def today(self):
        """The build clock's date in the campaign's time zone."""
        return self.now.astimezone(self.zone).date()

    def data_file(self, name: str) -> Path:
        return self.data / name

    def link(self, role: str) -> str:
        """The address of the page the campaign names for `role` (about, help, numbers), or ""."""
        page = self.pages.get(role)
        return page.url if page else ""

    # What plugins add: built once, read by any plugin in any order.
    def add(self, name: str, value) -> None:
        self._parts[name] = value

    def part(self, name: str, default=None):
        """What a plugin added under `name`; made now by its provider (see `provide`) if nobody asked before."""
        if name not in self._parts and name in _PROVIDERS:
            value, problems = _PROVIDERS[name](self, self.settings)
            self._parts[name] = value
            for problem in problems:
                report(problem)
        return self._parts.get(name, default)


# name -> make(campaign, settings) -> (value, problems). Registered when plugins load, before any build step.
_PROVIDERS: dict = {}


def provide(name: str, make) -> None:
    """Say how to make a part of the campaign (figures, council...); it is made the first time any plugin asks."""
    _PROVIDERS[name] = make
