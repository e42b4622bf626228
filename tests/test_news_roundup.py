"""Merging news links, updates and feed items into one list, grouping by month and paging (plugins/news/items.py)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from news.items import NewsLink, UpdateInfo, build_roundup, group_by_month, paginate, read_news_link
from sources.feeds import NewsItem
from sources.provenance import Provenance

ZONE = "America/New_York"


def feed_item(title, link, published, source="Feed A", source_id="feed-a", **extra) -> NewsItem:
    from sources.feeds import canonical_link

    return NewsItem(id=canonical_link(link), title=title, link=link, source=source, source_id=source_id,
                    published=published, **extra)


def update(title, url, day, source_url="", precision="day", example=False) -> UpdateInfo:
    return UpdateInfo(title=title, url=url, date=datetime(*day, tzinfo=timezone.utc), precision=precision,
                      summary="<p>Our words &amp; more.</p>", source=Provenance("City of Durham", source_url),
                      lang="en", example=example)


def link(title, url, day, status="published", example=False) -> NewsLink:
    return NewsLink(path=f"content/news/{title}.md", title=title, source=Provenance("INDY Week", url),
                    date=datetime(*day, tzinfo=timezone.utc), precision="day", summary="", lang="en",
                    example=example, status=status)


def roundup(feed=(), links=(), updates=(), show_examples=True):
    return build_roundup(feed, links, updates, site_name="Have a HEART Durham", zone=ZONE,
                         show_examples=show_examples)


def test_two_updates_citing_the_same_source_are_both_kept():
    press = "https://www.durhamnc.gov/press/heart"
    entries = roundup(updates=[update("First post", "updates/first/", (2023, 6, 1, 12), press),
                               update("Second post", "updates/second/", (2023, 6, 20, 12), press)])
    assert [entry.title for entry in entries] == ["Second post", "First post"]
    assert entries[0].summary == "Our words & more."  # plain text, not HTML


def test_an_update_takes_the_place_of_the_story_it_is_based_on():
    story = feed_item("City adds staff", "https://www.durhamnc.gov/press/heart?utm_source=rss",
                      "2023-06-01T09:00:00-04:00")
    other = feed_item("City adds staff", "https://abc11.example.org/heart", "2023-06-01T10:00:00-04:00",
                      source="ABC11", source_id="abc11")
    entries = roundup(feed=[story, other],
                      updates=[update("What the staff mean", "updates/staff/", (2023, 6, 2, 12),
                                      "https://durhamnc.gov/press/heart/")])
    assert [entry.title for entry in entries] == ["What the staff mean"]
    assert entries[0].internal and entries[0].original_url == "https://durhamnc.gov/press/heart/"
    assert [extra["source"] for extra in entries[0].also] == ["ABC11"]


def test_drafts_hidden_and_examples_are_left_out_where_they_should_be():
    links = [link("Draft", "https://a.example.org/1", (2023, 5, 1, 12), status="draft"),
             link("Hidden", "https://a.example.org/2", (2023, 5, 2, 12), status="hidden"),
             link("Sample", "https://a.example.org/3", (2023, 5, 3, 12), example=True),
             link("Real", "https://a.example.org/4", (2023, 5, 4, 12))]
    assert [entry.title for entry in roundup(links=links)] == ["Real", "Sample"]
    assert [entry.title for entry in roundup(links=links, show_examples=False)] == ["Real"]


def test_dates_show_in_durham_time():
    late = feed_item("Late story", "https://a.example.org/late", "2023-06-01T02:30:00+00:00")
    [entry] = roundup(feed=[late])
    assert entry.date.isoformat() == "2023-05-31T22:30:00-04:00"  # still May 31 in Durham
    [group] = group_by_month([entry])
    assert group.date == date(2023, 5, 1) and group.precision == "month"


def test_a_season_story_gets_its_own_heading_never_a_month():
    entries = roundup(updates=[update("May post", "updates/may/", (2023, 5, 20, 16)),
                               update("Spring story", "updates/spring/", (2023, 4, 1, 16), precision="season"),
                               update("April post", "updates/april/", (2023, 4, 10, 16))])
    groups = group_by_month(entries)
    assert [(group.date.isoformat(), group.precision, [entry.title for entry in group.entries]) for group in groups] == [
        ("2023-05-01", "month", ["May post"]),
        ("2023-04-01", "month", ["April post"]),
        ("2023-04-01", "season", ["Spring story"]),
    ]


def test_pages_link_to_each_other():
    entries = roundup(feed=[feed_item(f"Story {number}", f"https://a.example.org/{number}",
                                      f"2023-05-{number:02d}T12:00:00+00:00") for number in range(1, 8)])
    pages = paginate(entries, 3, "news/", "news/index.html")
    assert [(page.url, page.save_as) for page in pages] == [
        ("news/", "news/index.html"), ("news/page/2/", "news/page/2/index.html"),
        ("news/page/3/", "news/page/3/index.html")]
    assert (pages[0].previous_url, pages[0].next_url) == ("", "news/page/2/")
    assert (pages[2].previous_url, pages[2].next_url) == ("news/page/2/", "")
    assert sum(len(group.entries) for page in pages for group in page.groups) == 7
    assert len(paginate([], 3, "news/", "news/index.html")) == 1  # an empty roundup still has its page


def test_news_link_with_local_date_and_lang():
    text = "Title: Story\nDate: 2023-05-01 18:30\nSource: https://indyweek.com/a/?fbclid=x\nSource_name: INDY Week\nLang: es-US\n"
    found, problems = read_news_link(text, "content/news/story.md", ZONE)
    assert problems == []
    assert found.date.isoformat() == "2023-05-01T18:30:00-04:00"
    assert found.source.url == "https://indyweek.com/a/"
    assert found.lang == "es"
