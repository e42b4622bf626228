"""Feed parsing and cleaning (plugins/sources/feeds.py): every format, hostile payloads, broken feeds."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sources.feeds import (FeedError, FeedOptions, NewsItem, canonical_link, cut_at_word, dedupe,
                           merge_with_previous, parse_date, parse_feed, plain_text, safe_link,
                           strip_tracking)

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
NOW = datetime(2023, 6, 1, 12, 0, tzinfo=timezone.utc)


def options(**changes) -> FeedOptions:
    values = {"name": "test", "title": "Test Source", "url": "https://feeds.example.org/feed"}
    values.update(changes)
    return FeedOptions(**values)


def parse(feed_file: str, **changes) -> list[NewsItem]:
    return parse_feed((FEEDS / feed_file).read_bytes(), options(**changes), now=NOW)


# ---------------------------------------------------------------- formats


@pytest.mark.parametrize("name, title, lang, published", [
    ("rss2_city_news.xml", "Residents ask council to expand unarmed crisis response", "en", "2023-05-10T08:30:00-04:00"),
    ("atom_noticias.xml", "Vecinos piden ampliar el programa de respuesta sin armas", "es", "2023-05-11T09:00:00-04:00"),
    ("jsonfeed_advocacy.json", "Rally for 24/7 citywide HEART access", "en", "2023-05-01T18:00:00-04:00"),
    ("rss10_rdf.xml", "HEART hours explained", "en", "2023-05-12T07:00:00-04:00"),
    ("rss091_netscape.xml", "Policía y HEART: qué cambia en Durham", "es", None),
])
def test_each_format_gives_the_same_normalized_item(name, title, lang, published):
    items = {item.title: item for item in parse(name)}
    assert title in items, sorted(items)
    item = items[title]
    assert item.link.startswith("https://")
    assert item.lang == lang
    assert item.source == "Test Source"
    assert item.published_at.tzinfo is not None
    if published:
        assert item.published == published and not item.date_estimated
    else:  # RSS 0.91 items carry no date: the refresh time stands in, and says so
        assert item.published_at == NOW and item.date_estimated


def test_json_feed_is_read_without_feedparser_into_the_same_fields():
    items = {item.title: item for item in parse("jsonfeed_advocacy.json")}
    rally = items["Rally for 24/7 citywide HEART access"]
    assert rally.link == "https://updates.example.org/2023/05/rally/"  # utm_campaign and gclid removed
    assert rally.summary == "Organizers gathered before the council meeting."
    assert rally.tags == ("HEART", "rally")


def test_undated_item_keeps_the_day_it_was_first_seen():
    first_seen = {"updates.example.org/2023/05/undated": "2023-05-20T10:00:00+00:00"}
    items = parse_feed((FEEDS / "jsonfeed_advocacy.json").read_bytes(), options(), now=NOW, first_seen=first_seen)
    undated = next(item for item in items if item.title.startswith("HEART volunteers needed"))
    assert undated.published == "2023-05-20T10:00:00+00:00" and undated.date_estimated


def test_an_item_without_a_title_is_named_by_the_start_of_its_text():
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Short posts", "items": [
        {"id": "1", "url": "https://posts.example.org/1", "content_text": "HEART answered " + "many calls " * 30,
         "date_published": "2023-05-01T10:00:00Z"},
        {"id": "2", "url": "https://posts.example.org/2", "date_published": "2023-05-01T11:00:00Z"}]}).encode()
    [item] = parse_feed(body, options(), now=NOW)  # the second has no text at all: nothing to show
    assert item.title.startswith("HEART answered many calls") and item.title.endswith("…")
    assert len(item.title) <= 100 and item.summary.startswith("HEART answered")


def test_wrongly_declared_encoding_still_reads_accented_words():
    [item] = parse("latin1_declared_utf8.xml")
    assert item.title == "La Policía y HEART en Durham"
    assert item.summary == "Explicación del programa HEART."


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("value, expected", [
    ("Wed, 10 May 2023 08:30:00 -0400", "2023-05-10T08:30:00-04:00"),
    ("Tue, 09 May 2023 17:05:00 GMT", "2023-05-09T17:05:00+00:00"),
    ("2023-05-11T09:00:00Z", "2023-05-11T09:00:00+00:00"),
    ("2023-05-11T09:00:00", "2023-05-11T09:00:00-04:00"),  # no offset: the source's local time
    ("2023-05-11", "2023-05-11T00:00:00-04:00"),
    ("Thursday, May 11, 2023", None),
    ("not a date", None),
    ("", None),
])
def test_dates_become_time_zone_aware(value, expected):
    parsed = parse_date(value, "America/New_York")
    assert (parsed.isoformat() if parsed else None) == expected


def test_impossible_dates_fall_back_to_the_next_date_the_feed_gives():
    body = f"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>HEART future</title><link href="https://a.example.org/1"/><id>1</id>
    <published>2099-01-01T00:00:00Z</published><updated>2023-05-02T10:00:00Z</updated></entry>
    <entry><title>HEART ancient</title><link href="https://a.example.org/2"/><id>2</id>
    <published>1970-01-01T00:00:00Z</published></entry></feed>""".encode()
    items = {item.title: item for item in parse_feed(body, options(max_age_days=None), now=NOW)}
    assert items["HEART future"].published == "2023-05-02T10:00:00+00:00"
    assert items["HEART ancient"].date_estimated and items["HEART ancient"].published_at == NOW


# ---------------------------------------------------------------- keywords, age, count


def test_include_and_exclude_keywords_in_english_and_spanish():
    kept = [item.title for item in parse("rss2_city_news.xml", include=("HEART", "crisis response"),
                                         exclude=("sponsored", "patrocinado"))]
    assert "High school football scores" not in kept
    assert "HEART responders at the county fair (sponsored)" not in kept
    assert "Residents ask council to expand unarmed crisis response" in kept
    spanish = [item.title for item in parse("atom_noticias.xml", include=("respuesta*", "policia"))]
    assert spanish == ["Vecinos piden ampliar el programa de respuesta sin armas"]


def test_max_age_and_max_items():
    by_age = parse("rss2_city_news.xml", max_age_days=23)  # NOW is June 1: only items from May 9 on
    assert [item.published[:10] for item in by_age] == ["2023-05-10", "2023-05-09"]
    assert len(parse("rss2_city_news.xml", max_items=2)) == 2
    assert len(parse("rss2_city_news.xml")) == 4


# ---------------------------------------------------------------- links


@pytest.mark.parametrize("url, expected", [
    ("https://a.example.org/x?utm_source=rss&utm_medium=feed", "https://a.example.org/x"),
    ("https://a.example.org/x?id=3&fbclid=IwAR&gclid=1", "https://a.example.org/x?id=3"),
    ("https://a.example.org/x?mc_cid=1&mc_eid=2&page=2", "https://a.example.org/x?page=2"),
    ("https://a.example.org/x?_hsenc=p&igshid=9&msclkid=3#top", "https://a.example.org/x#top"),
    ("https://a.example.org/x?q=heart", "https://a.example.org/x?q=heart"),
])
def test_tracking_parameters_are_removed(url, expected):
    assert strip_tracking(url) == expected


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "&#106;avascript:alert(1)",
    "\x00javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
    "file:///etc/passwd", "mailto:a@example.org", "", "https://",
])
def test_only_web_links_survive(url):
    assert safe_link(url) == ""


def test_relative_links_resolve_against_the_feed_and_quotes_are_encoded():
    assert safe_link("/story?a=1", "https://a.example.org/feed") == "https://a.example.org/story?a=1"
    assert safe_link('https://a.example.org/x"onmouseover="alert(1)') == \
        "https://a.example.org/x%22onmouseover=%22alert(1)"


def test_canonical_link_makes_copies_of_one_story_equal():
    assert canonical_link("http://www.news.example.org/2023/05/10/heart/#comments") == \
        canonical_link("https://news.example.org/2023/05/10/heart?utm_source=x")


# ---------------------------------------------------------------- text


@pytest.mark.parametrize("markup, expected", [
    ("<p>a</p><p>b</p>", "a b"),
    ("<script>alert(1)</script>safe", "safe"),
    ("&lt;script&gt;alert(1)&lt;/script&gt;safe", "safe"),  # entity-encoded
    ("&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;safe", "safe"),  # encoded twice
    ('<img src=x onerror="alert(1)">pic', "pic"),
    ("<style>p{}</style>AT&amp;T", "AT&T"),
    ("one\u0000two", "onetwo"),
])
def test_plain_text_keeps_only_readable_text(markup, expected):
    assert plain_text(markup) == expected


def test_summary_is_cut_at_a_word_boundary():
    text = "HEART " * 100
    cut = cut_at_word(text.strip(), 50)
    assert len(cut) <= 50 and cut.endswith("HEART…")
    [budget] = [item for item in parse("rss2_city_news.xml") if item.title.startswith("Budget")]
    assert budget.summary.endswith("…") and len(budget.summary) <= 280
    assert not budget.summary[:-1].endswith(" ")


def test_hostile_feeds_keep_no_markup_and_no_bad_links():
    for name in ("hostile_rss.xml", "hostile_atom.xml", "hostile_jsonfeed.json"):
        items = parse(name)
        assert items, name
        for item in items:
            for text in (item.title, item.summary, *item.tags):
                assert "<" not in text and not re.search(r"on[a-z]+\s*=", text, re.I), (name, text)
                assert "javascript:" not in text.lower(), (name, text)
            # Only plain web links, with nothing that could end an HTML attribute.
            assert re.fullmatch(r"https://[a-z.-]+\.example\.org/[^\s\"'<>]*", item.link), (name, item.link)
            assert "tracker.example.com" not in json.dumps(item.to_record())  # remote images are never kept
    titles = sorted(item.title for item in parse("hostile_rss.xml"))
    assert titles == ['HEART "> breakout', "HEART double-encoded title", "HEART story with a script title"]


# ---------------------------------------------------------------- bad feeds


@pytest.mark.parametrize("name, message", [
    ("empty.xml", "the feed is empty"),
    ("no_items.xml", "the feed has no items"),
    ("malformed_truncated.xml", "not well-formed XML"),
    ("html_page_served_as_feed.html", "web page (HTML), not a feed"),
    ("billion_laughs.xml", "declares XML entities"),
])
def test_bad_feeds_raise_a_plain_message(name, message):
    with pytest.raises(FeedError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(name)


def test_billion_laughs_is_refused_quickly():
    started = time.perf_counter()
    with pytest.raises(FeedError):
        parse("billion_laughs.xml")
    assert time.perf_counter() - started < 1


def test_very_large_feed_is_refused():
    item = b"<item><title>HEART</title><link>https://big.example.org/x</link></item>"
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>big</title>' + item * 100_000 + b"</channel></rss>"
    with pytest.raises(FeedError, match="too large"):
        parse_feed(body, options(), now=NOW, max_bytes=1_000_000)


def test_json_that_is_not_a_json_feed_is_refused():
    with pytest.raises(FeedError, match="not a JSON Feed"):
        parse_feed(b'{"error": "rate limited"}', options(), now=NOW)
    with pytest.raises(FeedError, match="cannot be read"):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": [', options(), now=NOW)


# ---------------------------------------------------------------- dedup and merging


def test_dedupe_across_sources_by_link_and_by_near_identical_title():
    rss = parse("rss2_city_news.xml", name="city", title="Example City News")
    atom = parse("atom_noticias.xml", name="noticias", title="Noticias de ejemplo")
    json_feed = parse("jsonfeed_advocacy.json", name="advocacy", title="Example Advocacy Updates")
    merged = dedupe(rss + atom + json_feed)
    council = [item for item in merged if "expand unarmed crisis response" in item.title]
    assert len(council) == 1, council
    [story] = council
    assert story.source == "Example City News"  # the earliest copy wins
    assert {entry["source"] for entry in story.also} == {"Noticias de ejemplo", "Example Advocacy Updates"}
    assert len(merged) == len(rss) + len(atom) + len(json_feed) - 2
    dates = [item.published_at for item in merged]
    assert dates == sorted(dates, reverse=True)


def test_different_stories_with_similar_words_are_kept():
    first = NewsItem(id="a", title="Council adds 17 HEART staff", link="https://a.example.org/a", source="A",
                     source_id="a", published="2023-06-01T10:00:00+00:00")
    second = NewsItem(id="b", title="Council adds 44 HEART staff", link="https://b.example.org/b", source="B",
                      source_id="b", published="2023-06-01T10:00:00+00:00")
    far = NewsItem(id="c", title="Council adds 17 HEART staff", link="https://c.example.org/c", source="C",
                   source_id="c", published="2024-06-01T10:00:00+00:00")
    assert len(dedupe([first, second, far])) == 3


def test_merge_keeps_stories_that_rolled_off_the_feed():
    old = parse("rss2_city_news.xml")
    later = NOW + timedelta(days=1)
    fresh = parse_feed((FEEDS / "rss10_rdf.xml").read_bytes(), options(), now=later)
    merged = merge_with_previous(old, fresh, options(), later)
    assert {item.title for item in merged} == {item.title for item in old + fresh}
    assert len(merge_with_previous(old, fresh, options(max_items=2), later)) == 2


def test_records_round_trip_through_json():
    for item in parse("jsonfeed_advocacy.json"):
        assert NewsItem.from_record(json.loads(json.dumps(item.to_record()))) == item
