"""Settings of the news plugin, with their defaults. Override any of them in pelicanconf.py.

The feed's title and description are the campaign's words (`news`, `news_feed_description` in data/site.toml).
"""

DEFAULTS = {
    # The sources file: its `type = "feed"` sources feed the roundup, from their snapshots (plugins/sources).
    # Empty: the campaign's data/sources.toml.
    "NEWS_SOURCES_FILE": "",
    # Folder inside content/ for organizer-written news links (Markdown files with a Source address).
    "NEWS_CONTENT_FOLDER": "news",
    # Campaign updates join the roundup, so News is the one place for every story.
    "NEWS_INCLUDE_UPDATES": True,
    "NEWS_URL": "news/",
    "NEWS_SAVE_AS": "news/index.html",
    "NEWS_PER_PAGE": 25,
    # Stories from other sites on the home page (updates are listed there already, so they are left out).
    "NEWS_HOME_COUNT": 3,
    "NEWS_FEED_ATOM": "feeds/news.atom.xml",
    "NEWS_FEED_MAX_ITEMS": 30,
}


def news_settings(settings: dict) -> dict:
    """The NEWS_* settings with defaults filled in."""
    return {key: settings.get(key, default) for key, default in DEFAULTS.items()}
