"""Engine settings for building a campaign's site on your own computer (make html, make serve).

Organizers never edit this file: everything a campaign says lives in its own folder (content/, data/ and an
optional theme/), read by plugins/campaign. This file reads the environment in one place, just below.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent
# The plugins folder is importable from here so that settings and tests share one copy of the rules.
sys.path.insert(0, str(ROOT / "plugins"))

# --- The only environment reads: which campaign, its public address, and the build's clock ---
# The campaign folder (content/, data/, optional theme/). `invoke build --campaign DIR` sets it; the repository
# root is the default campaign.
CAMPAIGN_DIR = str(Path(os.environ.get("CAMPAIGN_DIR") or ROOT).resolve())
# SITEURL is the absolute address used in the sitemap, feeds and canonical links.
SITEURL = os.environ.get("SITEURL", "http://localhost:8000").rstrip("/")
# The moment the whole build treats as "now" (coming or past events and meetings, sign-up deadlines, stale
# data). Empty: the real clock. Tests and previews pin it: BUILD_NOW=2023-05-01T12:00-04:00 (or a date).
BUILD_NOW = os.environ.get("BUILD_NOW", "")
# Right-hand part of every calendar UID. Calendar apps match events by UID, so once the site is public this
# must never change. Empty means the host name of SITEURL.
EVENTS_UID_DOMAIN = os.environ.get("EVENTS_UID_DOMAIN", "")

# Links between pages stay relative (RELATIVE_URLS) so the same build works on any host or sub-path.
CANONICAL_SITEURL = SITEURL
# The 404 page is served at any address, so its links start from the site root instead.
SITE_ROOT = urlparse(SITEURL).path.rstrip("/")
RELATIVE_URLS = True
FEED_DOMAIN = SITEURL

PATH = str(Path(CAMPAIGN_DIR) / "content")
ARTICLE_PATHS = ["updates"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
# SITENAME, TIMEZONE and DEFAULT_LANG are the campaign's (data/site.toml): plugins/campaign sets them when the
# build starts (Pelican's `initialized` signal), before any content is read. The campaign's `timezone` is the one
# source of truth: no plugin reads TIMEZONE, they read campaign.timezone. Pelican warns (and a strict build stops)
# when TIMEZONE is missing at start, so it holds this placeholder until then; no page, feed or calendar time is ever
# in it (tests/test_example_campaign.py::test_every_time_the_example_shows_is_in_its_own_time_zone).
TIMEZONE = "UTC"
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
PLUGINS = ["sitemap", "campaign", "content_checks", "localization", "figures", "events", "news", "council", "stats",
           "publishing", "explainer", "editor", "incremental"]

# Pretty addresses: /updates/some-title/ instead of /some-title.html.
ARTICLE_URL = "updates/{slug}/"
ARTICLE_SAVE_AS = "updates/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "updates/category/{slug}/"
# Not written: every update is in the one default category, so its page would repeat the Updates list
# under the engine's English category name ("Novedades en Updates" in the Spanish edition); nothing links to it.
CATEGORY_SAVE_AS = ""
TAG_URL = "updates/tag/{slug}/"
TAG_SAVE_AS = "updates/tag/{slug}/index.html"
ARCHIVES_URL = "updates/"
ARCHIVES_SAVE_AS = "updates/index.html"
# The home page is content (a page with Template: home and Save_as: index.html), not a direct template.
# Page kinds nobody visits are not written: per-author pages, lists of all tags and categories,
# per-year archives and drafts' listing. Fewer files means a faster build and a smaller sitemap.
DIRECT_TEMPLATES = ["archives", "404", "search"]
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
    "exclude": ["404.html", "^(?:[a-z]{2}/)?updates/tag/", "^(?:[a-z]{2}/)?updates/category/", "^admin/"],
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


# Show an "Example" label on content marked `Example: yes`; publishing leaves it out (publishconf.py).
SHOW_EXAMPLES = True

# --- Campaign (plugins/campaign) ---
# Builds one Campaign object per build from CAMPAIGN_DIR: data/site.toml (name, language, time zone, menu, footer,
# home and numbers-page figures, words), data/council.toml (bodies, schedules, holidays), the home page, and the
# clock. Plugins read it with campaign.of(settings); templates see it as CAMPAIGN. It also sets SITENAME, TIMEZONE,
# DEFAULT_LANG and the campaign's theme overrides, so nothing here names a campaign.
# Hand-kept data files default to the campaign's data/ folder; a test may point one elsewhere:
# FIGURES_FILE, NEWS_SOURCES_FILE, STATS_SOURCES_FILE, COUNCIL_SOURCES_FILE, COUNCIL_OFFICIALS_FILE,
# EXPLAINER_DATA_DIR (each unset here).

# --- Events (plugins/events) ---
# Rallies and other events from content/events/: pages, flyers, .ics files and the events.ics subscription.
EVENTS_URL = "events/"
EVENTS_PAST_URL = "events/past/"
EVENTS_ICS_SAVE_AS = "events.ics"

# --- News roundup (plugins/news; feeds are fetched by `invoke refresh` into data/snapshots/) ---
NEWS_CONTENT_FOLDER = "news"
NEWS_INCLUDE_UPDATES = True
NEWS_URL = "news/"
NEWS_SAVE_AS = "news/index.html"
NEWS_PER_PAGE = 25
NEWS_HOME_COUNT = 3
NEWS_FEED_ATOM = "feeds/news.atom.xml"
NEWS_FEED_MAX_ITEMS = 30

# --- Council meetings and comment letters (plugins/council; bodies and schedules in data/council.toml) ---
COUNCIL_MEETINGS_URL = "meetings/"
COUNCIL_LETTERS_URL = "letters/"
COUNCIL_MAILTO_MAX_LENGTH = 2000

# --- Explainer (plugins/explainer; blocks configured in the campaign's data/explainer/) ---
# Flesch-Kincaid grade; a page marked `Explainer: yes` above this stops the build.
EXPLAINER_MAX_GRADE = 8
# Map outlines are simplified to this many metres (about 11 KB compressed for a city of 30 beats).
EXPLAINER_MAP_TOLERANCE = 60
EXPLAINER_FONT = str(ROOT / "theme" / "fonts" / "LiberationSans-Bold.ttf")
EXPLAINER_SHARE_IMAGE_PATH = "images/share"

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
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"

# --- Browser editor (plugins/editor; docs/organizers/edit-in-the-browser.md) ---
# Decap CMS at /admin/, for organizers who edit in the browser. Which repository it edits and how people
# sign in are in the [editor] table of data/site.toml; without a repo there, the public site has no /admin/.
EDITOR_URL = "admin/"

# --- Language editions (plugins/localization, pelican-i18n-subsites) ---
# English at the site root, Spanish under /es/, from one build. A page is translated by a file with the same Slug
# and `Lang: es` (name it like what-is-heart.es.md); see docs/organizers/translate-a-page.md.
# Which editions a campaign has is its own choice (`editions = ["es"]` in data/site.toml); plugins/localization
# sets I18N_SUBSITES from it when the build starts.
PLUGINS = [*PLUGINS, "i18n_subsites"]
# A page with no version in an edition's language stays listed there; its page says so and links to the original.
I18N_UNTRANSLATED_PAGES = "keep"
I18N_UNTRANSLATED_ARTICLES = "keep"
# Python whose _() strings are theme strings too: menu labels here, and the sentences plugins write (deadlines,
# chart summaries, notices). Checked against each edition's catalog when the site is built.
EDITIONS_PROJECT_ROOT = str(ROOT)
EDITIONS_STRING_FILES = [str(ROOT / "pelicanconf.py"), str(ROOT / "plugins")]
# Each edition's updates feed holds that edition's updates only (FEED_ALL_ATOM would mix both languages).
FEED_ATOM = FEED_ALL_ATOM
FEED_ALL_ATOM = None
# A page in another language than its edition's (not translated yet) keeps the same address in every edition.
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_SAVE_AS
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
