"""Settings for building the site on your own computer (make html, make serve).

Organizers rarely need to touch this file. Site-wide words live in `data/site.toml`.
"""

import os
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent
# The plugins folder is importable from here so that settings and tests share one copy of the rules.
sys.path.insert(0, str(ROOT / "plugins"))

with open(ROOT / "data" / "site.toml", "rb") as site_file:
    SITE = tomllib.load(site_file)

SITENAME = SITE["name"]
SITE_TAGLINE = SITE["tagline"]
SITE_DESCRIPTION = SITE["description"]
AUTHOR = SITE["name"]

# SITEURL is the absolute address used in the sitemap, feeds and canonical links.
# Links between pages stay relative (RELATIVE_URLS) so the same build works on any host or sub-path.
SITEURL = os.environ.get("SITEURL", "http://localhost:8000").rstrip("/")
CANONICAL_SITEURL = SITEURL
# The 404 page is served at any address, so its links start from the site root instead.
SITE_ROOT = urlparse(SITEURL).path.rstrip("/")
RELATIVE_URLS = True
FEED_DOMAIN = SITEURL

PATH = "content"
ARTICLE_PATHS = ["updates"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
LOCALE = ("C",)

THEME = str(ROOT / "theme")
THEME_STATIC_PATHS = ["static"]
JINJA_ENVIRONMENT = {
    "extensions": ["jinja2.ext.i18n"],
    # Escape everything by default; trusted HTML (our own Markdown) is marked |safe where it is printed.
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}

PLUGIN_PATHS = [str(ROOT / "plugins")]
# `incremental` stays last: after the others have written their files, it removes what no step produced.
PLUGINS = ["sitemap", "content_checks", "localization", "figures", "events", "news", "council", "stats", "publishing",
           "explainer", "incremental"]

# Pretty addresses: /updates/some-title/ instead of /some-title.html.
ARTICLE_URL = "updates/{slug}/"
ARTICLE_SAVE_AS = "updates/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "updates/category/{slug}/"
CATEGORY_SAVE_AS = "updates/category/{slug}/index.html"
TAG_URL = "updates/tag/{slug}/"
TAG_SAVE_AS = "updates/tag/{slug}/index.html"
ARCHIVES_URL = "updates/"
ARCHIVES_SAVE_AS = "updates/index.html"
# Page kinds nobody visits are not written: per-author pages, lists of all tags and categories,
# per-year archives and drafts' listing. Fewer files means a faster build and a smaller sitemap.
DIRECT_TEMPLATES = ["index", "archives", "404"]
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
TAGS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DEFAULT_PAGINATION = 20
# The home page shows only the latest few updates, so it is not paginated; the Updates list is.
PAGINATED_TEMPLATES = {"archives": None, "tag": None, "category": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
HOME_UPDATES = 3
DEFAULT_CATEGORY = "Updates"
USE_FOLDER_AS_CATEGORY = False

TEMPLATE_PAGES = {"robots.txt": "robots.txt"}

FEED_ALL_ATOM = "feeds/updates.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 20

SITEMAP = {
    "format": "xml",
    "priorities": {"articles": 0.5, "indexes": 0.5, "pages": 0.8},
    "changefreqs": {"articles": "monthly", "indexes": "daily", "pages": "monthly"},
    "exclude": ["404.html", "^updates/tag/", "^updates/category/"],
}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}

# Byte-identical rebuilds: only content changes change output (see SOURCE_DATE_EPOCH in tasks.py).
WITH_FUTURE_DATES = True
DEFAULT_DATE_FORMAT = "%B %-d, %Y"
SLUGIFY_SOURCE = "title"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
CHECK_MODIFIED_METHOD = "md5"
# The built site is kept between builds: plugins/incremental rewrites only the files whose bytes changed (their
# times stay, which publishing and browsers use) and removes the files of pages that are gone.
DELETE_OUTPUT_DIRECTORY = False
OUTPUT_RETENTION = [".git", "CNAME", ".nojekyll"]



def _(text):
    """Mark a label for translation; the theme translates it when the page is written."""
    return text


# Navigation: (label, address relative to the site root).
MENU = [
    (_("What is HEART"), "what-is-heart/"),
    (_("Take action"), "take-action/"),
    (_("Events"), "events/"),
    (_("Meetings"), "meetings/"),
    (_("Updates"), "updates/"),
    (_("Numbers"), "numbers/"),
]
# "About" lives in the footer: six short labels fit in two rows on a phone.

# Show an "Example" ribbon on content marked `Example: yes`; publishing leaves it out (publishconf.py).
SHOW_EXAMPLES = True

# Hand-kept key numbers, each with its date and source (plugins/figures).
FIGURES_FILE = str(ROOT / "data" / "figures.toml")
# Figures shown on the home page, in this order.
# With plugins/stats, any computed statistic may be named here too (plugins/stats/metrics.py).
HOME_FIGURES = ["overnight-gap", "responses-2024", "missed-calls", "budget-ask-24-7"]

# --- Events (plugins/events) ---
# Rallies and other events from content/events/: pages, flyers, .ics files and the events.ics subscription.
EVENTS_URL = "events/"
EVENTS_PAST_URL = "events/past/"
EVENTS_ICS_SAVE_AS = "events.ics"
# The clock that splits upcoming from past events. Empty means the time of the build, so a scheduled rebuild
# moves finished events to "Past events". Tests and previews pin it: EVENTS_NOW=2023-05-01T12:00-04:00.
EVENTS_NOW = os.environ.get("EVENTS_NOW", "")
# Right-hand part of every calendar UID. Calendar apps match events by UID, so once the site is public this
# must never change. Empty means the host name of SITEURL.
EVENTS_UID_DOMAIN = os.environ.get("EVENTS_UID_DOMAIN", "")

# --- News roundup (plugins/news; feeds are fetched by `invoke refresh` into data/snapshots/) ---
NEWS_SOURCES_FILE = str(ROOT / "data" / "sources.toml")
NEWS_CONTENT_FOLDER = "news"
NEWS_INCLUDE_UPDATES = True
NEWS_URL = "news/"
NEWS_SAVE_AS = "news/index.html"
NEWS_PER_PAGE = 25
NEWS_HOME_COUNT = 3
NEWS_FEED_ATOM = "feeds/news.atom.xml"
NEWS_FEED_MAX_ITEMS = 30

# --- Council meetings and comment letters (plugins/council) ---
# Facts below are from ../shared/campaign-facts.md (City of Durham pages durhamnc.gov/1340, /1345, /1347 and
# INDY Week, June 2025). City pages disagree in places; those are marked with a "Please check" note on the site.
COUNCIL_ROOT = str(ROOT)
COUNCIL_OFFICIALS_FILE = str(ROOT / "data" / "officials.toml")
# The time the build treats as "now" (for upcoming/past and sign-up deadlines). Empty: the real clock.
COUNCIL_NOW = os.environ.get("COUNCIL_NOW", "")
COUNCIL_MEETINGS_URL = "meetings/"
COUNCIL_LETTERS_URL = "letters/"
COUNCIL_AGENDA_PAGE = "https://www.durhamnc.gov/AgendaCenter/City-Council-4"
COUNCIL_MAILTO_MAX_LENGTH = 2000
COUNCIL_HOME_BODIES = ["City Council"]
# Fetched meetings come from the legistar, agendacenter and icalendar sources in this file (`make refresh`).
COUNCIL_SOURCES_FILE = str(ROOT / "data" / "sources.toml")
# How to speak, per body (keyed by the body's name as the sources spell it).
# A deadline rule is {"days_before": N, "business_days": True/False, "at": "HH:MM"} or {"minutes_before": N}.
COUNCIL_BODIES = {
    "City Council": {
        "signup": [
            "In person: fill out a Speaker's List card at the City Clerk's desk in Council Chambers.",
            "Ahead of time: sign up with the City Clerk's Office at 919-560-4166.",
            "By Zoom: register through the Zoom link on the meeting's agenda.",
        ],
        # The city's pages give no advance deadline, so the safe one is: before the meeting starts.
        "deadline": {"minutes_before": 0},
        "deadline_note": "The city's pages do not say how early you must sign up. Go early, or call the "
                         "City Clerk's Office at 919-560-4166 to ask.",
        "time_limit_minutes": 3,
        "time_limit_source": "rules adopted in June 2025, as reported by INDY Week; you cannot give your time to someone else",
        "written": [
            "Email every council member at once: council@durhamnc.gov.",
            "Or send a letter to: Office of the City Council, 101 City Hall Plaza, Durham, NC 27701.",
        ],
        "sources": [
            {"name": "durhamnc.gov/1345", "url": "https://www.durhamnc.gov/1345"},
            {"name": "durhamnc.gov/1340", "url": "https://www.durhamnc.gov/1340"},
            {"name": "durhamnc.gov/1347", "url": "https://www.durhamnc.gov/1347"},
        ],
    },
}
COUNCIL_BODIES["City Council Work Session"] = {
    "signup": [
        "To speak about a topic that is not on the agenda, file a Request to Appear with the City Clerk's "
        "Office (919-560-4166).",
    ],
    # durhamnc.gov/1345 says 7 days before; older city pages say 10 days.
    "deadline": {"days_before": 7},
    "deadline_note": "Older city pages say 10 days before, not 7. Call the City Clerk's Office at 919-560-4166 "
                     "to check, and file early.",
    "written": COUNCIL_BODIES["City Council"]["written"],
    "sources": [{"name": "durhamnc.gov/1345", "url": "https://www.durhamnc.gov/1345"}],
}
# Regular meetings by the published schedule: 1st and 3rd Monday, 7 p.m. (durhamnc.gov/1345). Shown as
# "expected, not confirmed" until a source lists the meeting.
COUNCIL_SCHEDULES = [
    {
        "body": "City Council",
        "weekday": 0,
        "weeks": [1, 3],
        "time": "19:00",
        "location": "Council Chambers, 101 City Hall Plaza, Durham, NC 27701",
        "source_name": "City of Durham",
        "source_url": "https://www.durhamnc.gov/1345",
        "details_url": "https://www.durhamnc.gov/AgendaCenter/City-Council-4",
        "days_ahead": 45,
    },
]
# City holidays that are not business days for deadline rules, as "YYYY-MM-DD".
COUNCIL_HOLIDAYS = []

# --- Statistics (plugins/stats) ---
# Sources, snapshots and the stale-data age are in data/sources.toml; formulas in plugins/stats/metrics.py.
STATS_SOURCES_FILE = str(ROOT / "data" / "sources.toml")
# Snapshots holding HEART responses (none yet: Durham publishes no HEART data API; see data/sources.toml).
STATS_RESPONSE_SOURCES = []
STATS_BEATS_SNAPSHOT = "police-beats"
STATS_CITY_DISTRICTS = ["D1", "D2", "D3", "D4", "D5"]
# Pretend today is another day, e.g. STATS_TODAY=2026-01-01 make html (for checking the stale notice).
STATS_TODAY = os.environ.get("STATS_TODAY") or None
# Cards at the top of the statistics page, in this order (any figure id or computed statistic).
STATS_PAGE_FIGURES = ["hours-per-day-latest", "overnight-gap", "responses-2024", "coverage-beats", "missed-calls",
                      "budget-ask-24-7"]

# --- Explainer (plugins/explainer) ---
# Explainer pages: coverage clock, beat map, cost model, numbered sources, reading grade, share images.
EXPLAINER_DATA_DIR = str(ROOT / "data" / "explainer")
EXPLAINER_BEATS_FILE = str(ROOT / "data" / "geo" / "durham-police-beats.geojson")
# Flesch-Kincaid grade; a page marked `Explainer: yes` above this stops the build.
EXPLAINER_MAX_GRADE = 8
# Map outlines are simplified to this many metres: about 11 KB compressed for all of Durham.
EXPLAINER_MAP_TOLERANCE = 60
EXPLAINER_FONT = str(ROOT / "theme" / "fonts" / "LiberationSans-Bold.ttf")
EXPLAINER_SHARE_IMAGE_PATH = "images/share"
# The picture for pages without their own Share_headline (home, updates, ...). Empty for none.
EXPLAINER_DEFAULT_SHARE_HEADLINE = SITE_TAGLINE

# --- Quality gate (checks/) ---
# `make check` reads these; checks/settings.py has the defaults and the other CHECKS_* settings.
# Compressed HTML + CSS + JS one page may download, in KB. A page over it fails the check.
CHECKS_PAGE_BUDGET_KB = 50
# Aim, reported but not enforced: a page's HTML and CSS arrive in the first round trip (14 KB).
CHECKS_FIRST_FLIGHT_KB = 14
# Lighthouse (mobile preset) audits the home page and the first page of each kind; it must score at least this.
# Its performance score is reported, never judged: it moves with how busy the machine is.
CHECKS_LIGHTHOUSE_MINIMUM = {"accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
# Speed is judged on every page from the built files, so the verdict does not move with the machine: files
# fetched, files that block drawing, compressed JavaScript (KB), HTML elements and depth, images without a size.
CHECKS_PERFORMANCE_LIMITS = {"requests": 20, "render_blocking": 1, "script_kb": 20, "dom_elements": 1400,
                             "dom_depth": 32, "unsized_images": 0}

# --- Site search (Pagefind, run by `invoke build` over the built site) ---
DIRECT_TEMPLATES = [*DIRECT_TEMPLATES, "search"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
