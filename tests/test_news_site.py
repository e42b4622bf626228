"""The news roundup end to end: feeds served on 127.0.0.1, `refresh` into snapshots, a real build, the output read back.

Feeds of every format (RSS, Atom, JSON Feed) and hostile ones are fetched through the shared fetch layer, merged
with organizer-written news links and campaign updates, and rendered. The output is then searched for anything
a feed could have smuggled in.
"""

from __future__ import annotations

import io
import re
import threading
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from werkzeug import Request, Response

from conftest import ROOT, copy_content, run_build
from site_pages import soup_of
from sources.refresh import refresh
from sources.snapshots import load_snapshot
from sources_server import start_server

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
ATOM = "{http://www.w3.org/2005/Atom}"

# path on the server -> (fixture file, content type)
SERVED = {
    "/city/rss": ("rss2_city_news.xml", "application/rss+xml; charset=utf-8"),
    "/noticias/atom": ("atom_noticias.xml", "application/atom+xml"),
    "/advocacy/feed.json": ("jsonfeed_advocacy.json", "application/feed+json"),
    "/hostile/rss": ("hostile_rss.xml", "application/rss+xml"),
    "/hostile/atom": ("hostile_atom.xml", "application/atom+xml"),
    "/hostile/json": ("hostile_jsonfeed.json", "application/json"),
    "/laughs": ("billion_laughs.xml", "application/rss+xml"),
    "/moved": ("html_page_served_as_feed.html", "text/html; charset=utf-8"),
    "/empty": ("empty.xml", "application/rss+xml"),
    "/truncated": ("malformed_truncated.xml", "application/rss+xml"),
    "/latin1": ("latin1_declared_utf8.xml", "application/rss+xml; charset=utf-8"),
}

# An organizer-written link to the same story as the JSON Feed's rally item (with a tracking parameter).
ORGANIZER_LINK = """Title: Rally for HEART around the clock
Date: 2023-05-01
Source: https://updates.example.org/2023/05/rally/?utm_source=newsletter
Source_name: Example Advocacy Updates
Summary: Organizers gathered before the council meeting.
"""

# A campaign update based on the RSS feed's budget story: the roundup shows the update, not the story twice.
UPDATE_ON_FEED_STORY = """Title: What the budget means for HEART
Date: 2023-05-09
Source: https://news.example.org/2023/05/09/budget/?page=2&utm_medium=email
Source_name: Example City News
Summary: Our summary of the budget story.

We read the budget story so you do not have to.
"""


class FeedServer:
    """Serves fixture feeds; `answers` can be changed while the server runs (a feed that breaks later)."""

    def __init__(self):
        self.server = start_server()
        self.answers = {path: ((FEEDS / name).read_bytes(), kind) for path, (name, kind) in SERVED.items()}
        self.answers["/big"] = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>big</title>'
                                + b"<item><title>HEART</title><link>https://big.example.org/x</link></item>" * 20_000
                                + b"</channel></rss>", "application/rss+xml")
        self._lock = threading.Lock()
        self.server.expect_request(re.compile(r"/.*")).respond_with_handler(self.answer)

    def answer(self, request: Request) -> Response:
        with self._lock:
            found = self.answers.get(request.path)
        if found is None:
            return Response("not found", status=404)
        body, kind = found
        return Response(body, status=200, content_type=kind)

    def url(self, path: str) -> str:
        return self.server.url_for(path)

    def stop(self):
        self.server.clear()
        self.server.stop()


@pytest.fixture(scope="module")
def feed_server():
    server = FeedServer()
    yield server
    server.stop()


def feed_source(name: str, url: str, title: str, extra: str = "") -> str:
    # The fixture stories are from 2023, so the age limit is set far back.
    return f'[[source]]\nname = "{name}"\ntype = "feed"\nurl = "{url}"\ntitle = "{title}"\nmax_age_days = 36500\n{extra}\n'


def write_sources(folder: Path, sources: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sources.toml"
    path.write_text('[refresh]\nsnapshot_dir = "snapshots"\ncache_dir = "cache"\nread_timeout = 2\n'
                    'connect_timeout = 2\nretries = 0\nbackoff = 0\n\n' + sources, encoding="utf-8")
    return path


def run_refresh(config: Path):
    out = io.StringIO()
    report = refresh(config, stream=out)
    return {result.name: result for result in report.results}, out.getvalue()


GOOD_SOURCES = {
    "city": ("/city/rss", "Example City News", 'include = ["HEART", "crisis response"]\nexclude = ["sponsored"]\n'
             'home_url = "https://news.example.org/"'),
    "noticias": ("/noticias/atom", "Noticias de ejemplo", 'include = ["HEART", "respuesta*"]'),
    "advocacy": ("/advocacy/feed.json", "Example Advocacy Updates", ""),
}
HOSTILE_SOURCES = {
    "hostile-rss": ("/hostile/rss", "Hostile RSS", ""),
    "hostile-atom": ("/hostile/atom", "Hostile Atom", ""),
    "hostile-json": ("/hostile/json", "Hostile JSON", ""),
}
# Says UTF-8 (in the HTTP header and the XML declaration) but sends Latin-1 bytes.
MISLABELLED_SOURCES = {"latino": ("/latin1", "Diario Latino", "")}
BAD_SOURCES = {
    "laughs": ("/laughs", "Laughs", ""),
    "moved": ("/moved", "Moved Away", ""),
    "empty": ("/empty", "Empty Feed", ""),
    "truncated": ("/truncated", "Truncated Feed", ""),
    "big": ("/big", "Big Feed", "max_bytes = 200000"),
}


def sources_text(server: FeedServer, table: dict) -> str:
    return "".join(feed_source(name, server.url(path), title, extra) for name, (path, title, extra) in table.items())


@pytest.fixture(scope="module")
def news_site(tmp_path_factory, feed_server):
    """Refresh good, hostile and bad feeds from the local server, then build the site with them."""
    folder = tmp_path_factory.mktemp("news")
    config = write_sources(folder / "data", sources_text(feed_server, {**GOOD_SOURCES, **HOSTILE_SOURCES,
                                                                       **MISLABELLED_SOURCES, **BAD_SOURCES}))
    results, printed = run_refresh(config)
    content = copy_content(folder)
    (content / "news" / "rally.md").write_text(ORGANIZER_LINK, encoding="utf-8")
    (content / "updates" / "2023-05-09-budget-story.md").write_text(UPDATE_ON_FEED_STORY, encoding="utf-8")
    build = run_build(folder / "output", content=content,
                      extra={"NEWS_SOURCES_FILE": str(config), "NEWS_PER_PAGE": 5})
    assert build.returncode == 0, build.messages
    return {"output": folder / "output", "results": results, "printed": printed, "config": config}


def news_entries(output: Path) -> list[dict]:
    """Every story on every News page, in page order."""
    entries, page = [], output / "news" / "index.html"
    while page:
        soup = soup_of(page)
        for article in soup.select(".hs-news-item"):
            link = article.select_one(".hs-news-item__title a")
            time = article.select_one(".hs-news-item__meta time")
            entries.append({
                "title": link.find(string=True, recursive=False).strip(),
                "href": link["href"],
                "meta": article.select_one(".hs-news-item__meta").get_text(" ", strip=True),
                "datetime": time["datetime"] if time else None,
                "also": [a.get_text(strip=True) for a in article.select(".hs-news-item__also a")],
                "lang": link.get("lang"),  # a story in another language: its title and summary say so
                "source_link": (article.select_one(".hs-news-item__meta a") or {}).get("href"),
            })
        following = soup.select_one('a[rel="next"]')
        page = (page.parent / following["href"] / "index.html").resolve() if following else None
    return entries


def test_refresh_reports_each_feed(news_site):
    results, printed = news_site["results"], news_site["printed"]
    for name in [*GOOD_SOURCES, *HOSTILE_SOURCES, *MISLABELLED_SOURCES]:
        assert results[name].status == "updated", printed
    reasons = {
        "laughs": "declares XML entities",
        "moved": "web page (HTML), not a feed",
        "empty": "the feed is empty",
        "truncated": "not well-formed XML",
        "big": "more than the limit of 200,000",
    }
    for name, reason in reasons.items():
        assert results[name].status == "kept-old", printed
        assert reason in results[name].reason, (name, results[name].reason)
        assert f"{name}: kept-old" in printed


def test_three_feeds_merge_deduplicate_and_render_with_source_and_date(news_site):
    entries = news_entries(news_site["output"])
    titles = [entry["title"] for entry in entries]

    # One story from each format, each with its source's name and a machine-readable date.
    expected = {
        "Residents ask council to expand unarmed crisis response": ("Example City News", "2023-05-10"),
        "Vecinos piden ampliar el programa de respuesta sin armas": ("Noticias de ejemplo", "2023-05-11"),
        "HEART volunteers needed (no date given)": ("Example Advocacy Updates", None),
    }
    for title, (source, day) in expected.items():
        [entry] = [entry for entry in entries if entry["title"] == title]
        assert source in entry["meta"], entry
        assert entry["datetime"] and (day is None or entry["datetime"] == day), entry
        assert entry["href"].startswith("https://")
    undated = next(entry for entry in entries if entry["title"].startswith("HEART volunteers needed"))
    assert "found on" in undated["meta"]
    assert next(entry for entry in entries if entry["title"].startswith("Vecinos"))["lang"] == "es"

    # The council story came from all three feeds (same link; near-identical title): shown once, others credited.
    council = [title for title in titles if "expand unarmed crisis response" in title.lower()]
    assert council == ["Residents ask council to expand unarmed crisis response"]
    [story] = [entry for entry in entries if entry["title"] == council[0]]
    assert sorted(story["also"]) == ["Example Advocacy Updates", "Noticias de ejemplo"]
    assert story["href"] == "https://news.example.org/2023/05/10/heart-expansion/"  # utm_* and fbclid removed

    # The organizer's link wins over the JSON Feed's copy of the same rally story.
    rally = [entry for entry in entries if "rally" in entry["title"].lower()]
    assert [entry["title"] for entry in rally] == ["Rally for HEART around the clock"]
    assert rally[0]["href"] == "https://updates.example.org/2023/05/rally/"

    # The update based on the budget story replaces it, and links to the original.
    assert "Budget season begins for HEART and other programs" not in titles
    [budget] = [entry for entry in entries if entry["title"] == "What the budget means for HEART"]
    assert budget["href"].endswith("/updates/what-the-budget-means-for-heart/") and "Our update" in budget["meta"]
    assert budget["source_link"] == "https://news.example.org/2023/05/09/budget/?page=2"

    # Filters: not about HEART, or sponsored.
    assert "High school football scores" not in titles
    assert not any("county fair" in title for title in titles)
    assert "Concierto en el parque" not in titles

    # Newest first across all pages, and no tracking parameter anywhere.
    # (A "Spring 2023" story has only a year in its datetime, so only exact days are compared.)
    dates = [entry["datetime"] for entry in entries if len(entry["datetime"]) == 10]
    assert len(dates) >= 10 and dates == sorted(dates, reverse=True), dates
    assert not any(re.search(r"[?&](utm_|fbclid|gclid|mc_)", entry["href"]) for entry in entries)
    assert len(titles) == len(set(titles))


def test_a_feed_in_the_wrong_encoding_still_reads_right(news_site):
    [entry] = [entry for entry in news_entries(news_site["output"]) if "Diario Latino" in entry["meta"]]
    assert entry["title"] == "La Policía y HEART en Durham"
    assert entry["lang"] == "es"


def test_news_is_grouped_by_month_and_paginated(news_site):
    output = news_site["output"]
    first = soup_of(output / "news" / "index.html")
    assert [h1.get_text(strip=True) for h1 in first.find_all("h1")] == ["News"]
    assert "May 2023" in [h2.get_text(strip=True) for h2 in soup_of(output / "news/page/2/index.html").find_all("h2")] \
        or "May 2023" in [h2.get_text(strip=True) for h2 in first.find_all("h2")]
    assert len(first.select(".hs-news-item")) == 5
    assert first.select_one('a[rel="next"]')["href"] == "../news/page/2/"
    second = soup_of(output / "news" / "page" / "2" / "index.html")
    assert second.select_one('a[rel="prev"]')["href"] == "../../../news/"
    # Each month heading is followed by its stories as h3: no skipped heading levels.
    for soup in (first, second):
        levels = [int(tag.name[1]) for tag in soup.select("main h1, main h2, main h3")]
        assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:])), levels


def test_home_page_shows_the_latest_stories_from_other_sites(news_site):
    home = soup_of(news_site["output"] / "index.html")
    section = home.select_one(".hs-latest-news")
    items = section.select(".hs-news-item")
    assert len(items) == 3
    for item in items:
        assert item.select_one("time")["datetime"]
        assert item.select_one("a")["href"].startswith("https://")  # updates are listed in their own section
    assert section.select_one('a[href$="news/"]').get_text(strip=True) == "All news"


def test_atom_feed_of_the_roundup(news_site):
    tree = ElementTree.parse(news_site["output"] / "feeds" / "news.atom.xml")
    entries = tree.getroot().findall(f"{ATOM}entry")
    assert len(entries) >= 10
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert all(link.startswith(("https://", "http://localhost:8000/")) for link in links), links
    assert "http://localhost:8000/updates/what-the-budget-means-for-heart/" in links
    published = [entry.find(f"{ATOM}published").text for entry in entries]
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", value) for value in published)
    authors = {entry.find(f"{ATOM}author/{ATOM}name").text for entry in entries}
    assert {"Example City News", "Noticias de ejemplo"} <= authors


def test_sources_are_listed_with_their_check_date(news_site):
    listing = soup_of(news_site["output"] / "news" / "index.html").select_one(".hs-news__sources")
    text = listing.get_text(" ", strip=True)
    assert "Example City News" in text and listing.select_one('a[href="https://news.example.org/"]')
    # A feed that never worked is listed as not checked, not hidden.
    assert re.search(r"Laughs\s*:\s*not checked yet", text), text


# ---------------------------------------------------------------- hostile feeds leave no trace


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "srcset", "xlink:href", "background",
                  "cite", "longdesc", "manifest", "ping"}


def theme_scripts() -> list[str]:
    """The <script> tags the theme itself writes (templates), which are the only ones allowed in output/."""
    return [match for path in (ROOT / "theme" / "templates").rglob("*.html")
            for match in re.findall(r"<script\b[^>]*>", path.read_text(encoding="utf-8"), re.I)]


def test_no_script_event_handler_or_javascript_url_from_feeds_anywhere_in_output(news_site):
    output = news_site["output"]
    # The hostile stories did reach the site (as plain text), so this test checks real output.
    titles = [entry["title"] for entry in news_entries(output)]
    for safe in ("HEART story with a script title", "HEART double-encoded title", 'HEART "> breakout',
                 "HEART in bold", "HEART JSON story"):
        assert safe in titles, titles

    allowed_scripts = len(theme_scripts())
    # Every file that pages, feeds or data are written into (stylesheets and scripts are copied from the theme).
    text_files = [path for path in output.rglob("*") if path.is_file() and path.suffix in
                  (".html", ".xml", ".atom", ".txt", ".ics", ".json", ".svg")]
    assert any(path.suffix == ".xml" for path in text_files)
    for path in text_files:
        text = path.read_text(encoding="utf-8", errors="replace")
        name = path.relative_to(output)
        tags = re.findall(r"<[a-zA-Z][^<>]*>", text)
        for tag in tags:
            assert not re.search(r"\son[a-z]+\s*=", tag, re.I), (name, tag)
            assert not re.search(r"(?:java|vb)script\s*:", tag, re.I), (name, tag)
            assert not re.search(r"=\s*[\"']?\s*data:", tag, re.I), (name, tag)
        assert "tracker.example.com" not in text, name  # remote images never reach the page
        scripts = re.findall(r"<script\b", text, re.I)
        assert len(scripts) <= allowed_scripts, (name, scripts)
        if path.suffix == ".html":
            soup = soup_of(path)
            for element in soup.find_all(True):
                for attribute, value in element.attrs.items():
                    assert not attribute.lower().startswith("on"), (name, element.name, attribute)
                    if attribute.lower() in URL_ATTRIBUTES:
                        cleaned = re.sub(r"[\x00-\x20]", "", str(value)).lower()
                        assert not cleaned.startswith(("javascript:", "vbscript:", "data:")), (name, value)
            assert len(soup.find_all("script")) <= allowed_scripts, name
            assert not soup.find_all(["iframe", "object", "embed"]), name


# ---------------------------------------------------------------- bad feeds never break anything


def test_a_feed_that_breaks_later_keeps_its_last_good_snapshot_and_the_build_works(tmp_path, feed_server):
    config = write_sources(tmp_path / "data", sources_text(feed_server, {
        "city": ("/city/rss", "Example City News", ""), "later": ("/later", "Later Feed", "")}))
    feed_server.answers["/later"] = ((FEEDS / "atom_noticias.xml").read_bytes(), "application/atom+xml")
    results, printed = run_refresh(config)
    assert results["later"].status == "updated", printed
    snapshot = tmp_path / "data" / "snapshots" / "later.json"
    good = snapshot.read_bytes()

    breakages = [
        ((FEEDS / "malformed_truncated.xml").read_bytes(), "application/rss+xml", "not well-formed XML"),
        ((FEEDS / "html_page_served_as_feed.html").read_bytes(), "text/html", "web page (HTML)"),
        (b"", "application/rss+xml", "the feed is empty"),
        ((FEEDS / "billion_laughs.xml").read_bytes(), "application/rss+xml", "declares XML entities"),
        ((FEEDS / "no_items.xml").read_bytes(), "application/rss+xml", "has no items"),
        ("<?xml version='1.0' encoding='utf-16'?><rss>\xff\xfe".encode("latin-1"), "application/rss+xml", ""),
    ]
    for body, kind, reason in breakages:
        feed_server.answers["/later"] = (body, kind)
        results, printed = run_refresh(config)
        assert results["later"].status == "kept-old", printed
        assert reason in results["later"].reason and "kept the snapshot from" in results["later"].reason
        assert snapshot.read_bytes() == good, reason

    # The source goes down entirely.
    del feed_server.answers["/later"]
    down = start_server()
    dead = down.url_for("/feed")
    down.stop()
    config.write_text(config.read_text().replace(feed_server.url("/later"), dead))
    results, printed = run_refresh(config)
    assert results["later"].status == "kept-old" and "could not connect" in results["later"].reason, printed
    assert snapshot.read_bytes() == good

    build = run_build(tmp_path / "output", extra={"NEWS_SOURCES_FILE": str(config)})
    assert build.returncode == 0, build.messages
    titles = [entry["title"] for entry in news_entries(tmp_path / "output")]
    assert "Vecinos piden ampliar el programa de respuesta sin armas" in titles  # from the kept snapshot


def test_a_broken_snapshot_file_does_not_stop_the_build(tmp_path, feed_server):
    config = write_sources(tmp_path / "data", sources_text(feed_server, {"city": ("/city/rss", "Example City News", "")}))
    (tmp_path / "data" / "snapshots").mkdir()
    (tmp_path / "data" / "snapshots" / "city.json").write_text('{"records": [', encoding="utf-8")
    build = run_build(tmp_path / "output", extra={"NEWS_SOURCES_FILE": str(config)})
    assert build.returncode == 0, build.messages
    assert news_entries(tmp_path / "output")  # the campaign's own updates are still there


def test_refresh_adds_to_the_snapshot_so_stories_survive_rolling_off_the_feed(tmp_path, feed_server):
    config = write_sources(tmp_path / "data", sources_text(feed_server, {"rolling": ("/rolling", "Rolling", "")}))
    feed_server.answers["/rolling"] = ((FEEDS / "rss2_city_news.xml").read_bytes(), "application/rss+xml")
    run_refresh(config)
    feed_server.answers["/rolling"] = ((FEEDS / "rss10_rdf.xml").read_bytes(), "application/rss+xml")
    results, printed = run_refresh(config)
    assert results["rolling"].status == "updated", printed
    titles = {record["title"] for record in load_snapshot(tmp_path / "data" / "snapshots" / "rolling.json").records}
    assert {"HEART hours explained", "Budget season begins for HEART and other programs"} <= titles
    del feed_server.answers["/rolling"]


def test_second_refresh_of_an_unchanged_feed_is_unchanged(tmp_path, feed_server):
    config = write_sources(tmp_path / "data", sources_text(feed_server, {"city": ("/city/rss", "Example City News", "")}))
    run_refresh(config)
    before = (tmp_path / "data" / "snapshots" / "city.json").read_bytes()
    results, printed = run_refresh(config)
    assert results["city"].status == "unchanged", printed
    assert (tmp_path / "data" / "snapshots" / "city.json").read_bytes() == before


# ---------------------------------------------------------------- organizer-written news links


NEWS_LINK_MISTAKES = [
    ("missing_source", "Title: A story\nDate: 2023-05-01\nSource_name: INDY Week\n",
     "content/news/missing_source.md:1: Source: is missing. A news link needs the address of the story. "
     "Add a line like: Source: https://news.example.org/2025/06/budget-vote/"),
    ("source_not_a_web_address", "Title: A story\nDate: 2023-05-01\nSource: javascript:alert(1)\nSource_name: X\n",
     'content/news/source_not_a_web_address.md:3: Source: "javascript:alert(1)" is not a web address. '
     "Copy the full address from your browser, starting with https://"),
    ("missing_date", "Title: A story\nSource: https://indyweek.com/a/\nSource_name: INDY Week\n",
     "content/news/missing_date.md:1: Date: is missing. Every news link needs the day the story came out. "
     "Write it like: Date: 2023-10-23"),
    ("missing_source_name", "Title: A story\nDate: 2023-05-01\nSource: https://indyweek.com/a/\n",
     "content/news/missing_source_name.md:1: Source_name: is missing. Readers need to know who published the "
     "story. Add a line like: Source_name: INDY Week"),
    ("unknown_key", "Title: A story\nDate: 2023-05-01\nSource: https://indyweek.com/a/\nSource_name: X\nTags: x\n",
     "content/news/unknown_key.md:5: Tags: is not a field the site knows for a news link."),
]

def test_news_link_mistakes_stop_the_build_each_with_its_line(tmp_path):
    content = copy_content(tmp_path)
    for case, text, _expected in NEWS_LINK_MISTAKES:
        (content / "news" / f"{case}.md").write_text(text, encoding="utf-8")
    build = run_build(tmp_path / "output", content=content)
    assert build.returncode != 0
    lines = build.messages.splitlines()
    for _case, _text, expected in NEWS_LINK_MISTAKES:  # every mistake is reported in the same build
        assert any(line.startswith(expected) for line in lines), (expected, build.messages)
    assert "Traceback" not in build.messages
    assert not (tmp_path / "output" / "index.html").exists()


# ---------------------------------------------------------------- the shipped site


def test_shipped_news_page_holds_only_real_or_labelled_items(built_site):
    entries = news_entries(built_site)
    assert entries
    for entry in entries:
        real_update = re.match(r"(\.\./)+updates/", entry["href"])
        assert real_update or "Example" in entry["meta"], entry
    text = soup_of(built_site / "news" / "index.html").select_one(".hs-news__sources").get_text(" ", strip=True)
    assert "INDY Week" in text
    ElementTree.parse(built_site / "feeds" / "news.atom.xml")


def test_published_site_leaves_example_news_out(tmp_path):
    build = run_build(tmp_path / "output", settings="publishconf.py", env={"SITEURL": "https://example.org"})
    assert build.returncode == 0, build.messages
    assert not any("Example" in entry["meta"] for entry in news_entries(tmp_path / "output"))
    assert not (soup_of(tmp_path / "output" / "index.html").select(".hs-latest-news"))


def test_news_styles_apply_on_screen_not_only_in_print():
    # A lost "}" once put every later section of the stylesheet inside @media print, showing hidden link text.
    css = re.sub(r"/\*.*?\*/", "", (ROOT / "theme" / "static" / "css" / "site.css").read_text(), flags=re.S)
    depth, depth_at = 0, {}
    for match in re.finditer(r"[{}]|\.hs-visually-hidden\s*\{|\.hs-news-item\s*\{", css):
        token = match.group()
        if token.startswith("."):
            depth_at[token.split("{")[0].strip()] = depth
        depth += 1 if token.endswith("{") else -1
    assert depth == 0, "unbalanced braces in site.css"
    assert depth_at == {".hs-visually-hidden": 0, ".hs-news-item": 0}, depth_at


def test_an_empty_roundup_says_so_and_its_feed_does_not_depend_on_the_clock(tmp_path):
    config = write_sources(tmp_path / "data", "")
    build = run_build(tmp_path / "output", extra={"NEWS_SOURCES_FILE": str(config), "NEWS_INCLUDE_UPDATES": False,
                                                  "NEWS_CONTENT_FOLDER": "no-such-folder"})
    assert build.returncode == 0, build.messages
    page = soup_of(tmp_path / "output" / "news" / "index.html")
    assert not page.select(".hs-news-item")
    assert "No news stories yet" in page.select_one(".hs-news__empty").get_text()
    assert not soup_of(tmp_path / "output" / "index.html").select(".hs-latest-news")
    feed = ElementTree.parse(tmp_path / "output" / "feeds" / "news.atom.xml").getroot()
    assert feed.findall(f"{ATOM}entry") == []
    assert feed.find(f"{ATOM}updated").text == "2023-11-14T22:13:20+00:00"  # SOURCE_DATE_EPOCH of run_build
