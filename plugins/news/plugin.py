"""Pelican wiring for the news roundup: check content/news/, build the roundup, write the News pages and feed.

The roundup is made in the context phase (after updates are read) so the home page gets `latest_news`;
pages and the Atom feed are written in the output phase. Nothing here fetches: feeds come from snapshots.
"""

from __future__ import annotations

import html
import io
import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import feedgenerator
from pelican import signals
from pelican.generators import Generator

from campaign import of as campaign_of
from content_checks import fields
from content_checks.plugin import register_check
from incremental.files import write_if_changed
from localization.editions import editions_of
from sources.provenance import Provenance

from .items import UpdateInfo, build_roundup, entries_from_sources, paginate, read_news_folder
from .settings import news_settings
from .stored import load_feed_sources

logger = logging.getLogger(__name__)

# Keys a file in content/news/ may use; their meanings are the shared ones in content_checks.fields.
NEWS_KEYS = ("Title", "Date", "Date_precision", "Status", "Summary", "Source", "Source_name", "Example", "Lang")


KIND = "news link"


def add_news_kind() -> None:
    # A news link has no page of its own, so its file name (always unique) stands in for an address.
    fields.register_kind("news", KIND, slug_from_filename=True, required=("Date", "Source", "Source_name"))
    for name in NEWS_KEYS:
        fields.widen(name, {KIND})


def check_news(settings) -> list:
    """Problems in content/news/ files (missing Source, bad Date...), reported with every other problem."""
    options = news_settings(settings)
    content = Path(settings["PATH"])
    _, problems = read_news_folder(content / options["NEWS_CONTENT_FOLDER"], content.parent,
                                   campaign_of(settings).timezone)
    return problems


class RoundupFeed(feedgenerator.Atom1Feed):
    """An Atom feed whose <updated> never depends on when it was built, so rebuilds write the same bytes, and
    whose entries in another language than the feed's say so (xml:lang, like lang="en" on the News page)."""

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("entry_lang"):
            attributes["xml:lang"] = item["entry_lang"]
        return attributes

    def latest_post_date(self):
        if self.items:
            return super().latest_post_date()
        # An empty roundup: the commit's time (SOURCE_DATE_EPOCH, set by `invoke build`), not the clock.
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
        return datetime.fromtimestamp(epoch, tz=timezone.utc)


class NewsGenerator(Generator):
    """Makes the roundup from snapshots, content/news/ and updates; writes the News pages and Atom feed."""

    def generate_context(self):
        settings = self.settings
        options = news_settings(settings)
        content = Path(settings["PATH"])
        campaign = campaign_of(settings)
        zone = campaign.timezone
        sources_file = Path(options["NEWS_SOURCES_FILE"] or campaign.data_file("sources.toml"))
        sources = load_feed_sources(sources_file) if sources_file.exists() else []
        links, _ = read_news_folder(content / options["NEWS_CONTENT_FOLDER"], content.parent, zone)
        updates = [_update_info(article) for article in self.context.get("articles", [])] \
            if options["NEWS_INCLUDE_UPDATES"] else []
        entries = build_roundup([item for source in sources for item in source.items], links, updates,
                                site_name=settings.get("SITENAME", ""), zone=zone,
                                show_examples=settings.get("SHOW_EXAMPLES", True))
        self.news_entries = entries
        self.news_pages = paginate(entries, options["NEWS_PER_PAGE"], options["NEWS_URL"], options["NEWS_SAVE_AS"])
        self.news_sources = sources
        self.context["news_entries"] = entries
        self.context["news_sources"] = sources
        self.context["NEWS_URL"] = options["NEWS_URL"]
        self.context["NEWS_FEED_ATOM"] = options["NEWS_FEED_ATOM"]
        outside = [entry for entry in entries if not entry.internal]
        self.context["latest_news"] = outside[: options["NEWS_HOME_COUNT"]]
        logger.info("news: %d stories (%d from %d feeds)", len(entries),
                    sum(1 for entry in entries if entry.kind == "feed"), len(sources))

    def generate_output(self, writer):
        options = news_settings(self.settings)
        extra = entries_from_sources(self.context, self.settings.get("SHOW_EXAMPLES", True))
        if extra:
            # Other plugins' entries (a watched item on a council agenda) are ready only now, after every context.
            self.news_entries = sorted([*self.news_entries, *extra], key=lambda entry: (entry.date, entry.title),
                                       reverse=True)
            self.news_pages = paginate(self.news_entries, options["NEWS_PER_PAGE"], options["NEWS_URL"],
                                       options["NEWS_SAVE_AS"])
        template = self.get_template("news")
        for page in self.news_pages:
            writer.write_file(page.save_as, template, self.context, relative_urls=self.settings["RELATIVE_URLS"],
                              news_page=page, news_sources=self.news_sources)
        if options["NEWS_FEED_ATOM"]:
            self._write_feed(options)

    def _write_feed(self, options) -> None:
        settings = self.settings
        domain = (settings.get("FEED_DOMAIN") or settings.get("SITEURL") or "").rstrip("/")
        site_name = settings.get("SITENAME", "")
        words = campaign_of(settings).words
        feed = RoundupFeed(
            title=f"{words['news']} · {site_name}",
            link=f"{domain}/{options['NEWS_URL']}",
            feed_url=f"{domain}/{options['NEWS_FEED_ATOM']}",
            description=words["news_feed_description"],
            language=settings.get("DEFAULT_LANG", "en"),
        )
        edition = editions_of(settings)
        for entry in self.news_entries[: options["NEWS_FEED_MAX_ITEMS"]]:
            link = f"{domain}/{entry.url}" if entry.internal else entry.url
            # A story without a language is in the campaign's main one (as the News page shows it).
            entry_lang = entry.lang or edition.main
            feed.add_item(title=entry.title, link=link, description=html.escape(entry.summary), unique_id=link,
                          pubdate=entry.date, updateddate=entry.date, author_name=entry.source,
                          entry_lang=entry_lang if entry_lang != edition.current else None)
        path = Path(self.output_path) / options["NEWS_FEED_ATOM"]
        text = io.StringIO()
        feed.write(text, "utf-8")
        if write_if_changed(path, text.getvalue()):
            logger.info('Writing "%s"', path)


def _update_info(article) -> UpdateInfo:
    date = article.date
    return UpdateInfo(
        title=str(article.title),
        url=article.url,
        date=date if isinstance(date, datetime) else datetime(date.year, date.month, date.day, tzinfo=ZoneInfo("UTC")),
        precision=str(getattr(article, "date_precision", "day") or "day").lower(),
        summary=str(getattr(article, "summary", "") or ""),
        source=Provenance(str(getattr(article, "source_name", "") or ""), str(getattr(article, "source", "") or "")),
        lang=str(getattr(article, "lang", "") or ""),
        example=str(getattr(article, "example", "")).lower() in ("yes", "true"),
    )


def get_generators(_pelican):
    return NewsGenerator


def register():
    add_news_kind()
    register_check(check_news)
    signals.get_generators.connect(get_generators)
