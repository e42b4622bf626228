"""Statistics: the numbers page, charts with tables and sources, {stat:...} placeholders and the stale notice,
built with real Pelican; and the whole path from a real local server through refresh to the built page."""

from __future__ import annotations

import io
import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_campaign, copy_content, run_build
from sources.refresh import refresh
from sources_server import DataServer, arcgis_rows, start_server


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


@pytest.fixture(scope="module")
def numbers_page(built_site) -> BeautifulSoup:
    return soup(built_site / "numbers" / "index.html")


def test_numbers_page_has_one_h1_and_no_skipped_heading_levels(numbers_page):
    headings = [int(tag.name[1]) for tag in numbers_page.find("main").find_all(re.compile(r"^h[1-6]$"))]
    assert headings.count(1) == 1 and headings[0] == 1
    assert all(later - earlier <= 1 for earlier, later in zip(headings, headings[1:]))


def test_every_chart_has_a_title_summary_table_and_source(numbers_page):
    charts = numbers_page.select("section.hs-chart")
    assert len(charts) >= 3
    for chart in charts:
        svg = chart.find("svg")
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        title, desc = svg.find(id=title_id), svg.find(id=desc_id)
        assert title.get_text() == chart.find("h2").get_text()
        assert desc.get_text() == chart.find("figcaption").get_text() and desc.get_text().endswith(".")
        bars = svg.select("rect.hs-chart__bar")
        rows = chart.select("table tbody tr")
        assert len(bars) == len(rows) > 0
        # Every row of the table says when and who, for the chart's numbers.
        for row in rows:
            if "goal" not in row.get_text():
                assert row.find("time") is not None, row
                if not chart.select_one("p.hs-provenance"):
                    assert row.find_all("td")[-1].get_text(strip=True), row
        values = [text.get_text() for text in svg.select("text.hs-chart__value")]
        assert values == [row.find("td").contents[0].strip() for row in rows]


def test_bars_are_proportional_to_the_numbers(numbers_page):
    chart = numbers_page.find("section", attrs={"aria-labelledby": "chart-hours-per-day"})
    widths = [float(bar["width"]) for bar in chart.select("rect.hs-chart__bar")]
    # 12 hours (city, October 2023) and the 24-hour goal. The overnight gap is never turned into hours a day.
    assert [round(width / widths[-1] * 24) for width in widths] == [12, 24]
    assert "Up to 18" not in chart.get_text()


def test_conflicting_pilot_counts_are_all_shown_with_their_sources(numbers_page):
    chart = numbers_page.find("section", attrs={"aria-labelledby": "chart-responses-reported"})
    text = chart.get_text(" ", strip=True)
    for value, source in [("More than 4,000", "News & Observer"), ("4,680", "CBS17"),
                          ("More than 8,000", "City of Durham press release")]:
        assert value in text and source in text
    assert "do not match" in chart.find("figcaption").get_text()


def test_coverage_is_worked_out_from_the_real_beat_map(numbers_page):
    beats = json.loads((ROOT / "data" / "snapshots" / "police-beats.json").read_text())
    city = {record["beat"] for record in beats["records"] if record["district"] in ("D1", "D2", "D3", "D4", "D5")}
    chart = numbers_page.find("section", attrs={"aria-labelledby": "chart-coverage-beats"})
    assert f"12 of the city's {len(city)} police beats ({12 / len(city):.0%})" in chart.get_text()


def test_every_number_card_and_placeholder_shows_as_of_and_source(built_site, numbers_page):
    home = soup(built_site / "index.html")
    cards = numbers_page.select(".hs-figure") + home.select(".hs-figure")
    assert len(cards) >= 8
    for card in cards:
        provenance = card.select_one(".hs-provenance")
        assert provenance.find("time") is not None and "Source:" in provenance.get_text()
    stat = numbers_page.select_one(".hs-stat")
    assert stat.select_one(".hs-stat__value").get_text() == "11,612"
    assert stat.select_one(".hs-stat__provenance time")["datetime"] == "2024"
    assert "{stat:" not in numbers_page.get_text()


def test_no_stale_notice_and_no_cost_per_response_from_mismatched_periods(numbers_page):
    assert numbers_page.select(".hs-notice--stale") == []
    text = numbers_page.get_text(" ", strip=True)
    assert "We do not show a cost per response yet" in text
    assert "per response (" not in text


def test_numbers_page_needs_no_javascript_and_loads_nothing_from_elsewhere(numbers_page):
    assert numbers_page.find("script") is None
    for tag in numbers_page.find_all(["img", "link", "source", "iframe"]):
        address = tag.get("src") or tag.get("href") or ""
        assert not address.startswith(("http://", "https://", "//")) or tag.name == "link" and tag["rel"] != ["stylesheet"]


def write_page(content: Path, text: str) -> Path:
    path = content / "pages" / "cite.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_or_unavailable_statistic_stops_the_build_with_file_and_line(tmp_path):
    content = copy_content(tmp_path)
    write_page(content, "Title: Cite\n\nFirst line.\n\nWe counted {stat:responses-2042} and {stat:cost-per-response}.\n")

    build = run_build(tmp_path / "out", content)

    assert build.returncode == 1
    assert 'content/pages/cite.md:5: stat: "responses-2042" is not a statistic the site knows. ' \
           'Did you mean "responses-2024"?' in build.messages.replace(str(tmp_path) + "/", "")
    assert 'cite.md:5: stat: "cost-per-response" cannot be shown: no budget figure and response count' in build.messages
    assert "Traceback" not in build.messages
    assert not (tmp_path / "out" / "index.html").exists()


# --- Response snapshots: monthly and by-type charts, stale notice, and the whole refresh -> build path ---

SOURCES = """
[refresh]
snapshot_dir = "snapshots"
cache_dir = "cache"
read_timeout = 1
connect_timeout = 1
retries = 0
backoff = 0
stale_after_days = 30

[[source]]
name = "heart-responses"
type = "arcgis"
url = "{url}"
[source.fields]
date = "RESPONSE_DATE"
category = "RESPONSE_TYPE"
count = "UNIT_COUNT"
"""


def settings_file(folder: Path, sources: Path, today: str | None = None) -> Path:
    path = folder / "test_settings.py"
    path.write_text(
        "from pelicanconf import *\n"
        f"STATS_SOURCES_FILE = {str(sources)!r}\n"
        f"BUILD_NOW = {today!r}\n", encoding="utf-8")
    return path


def responses_campaign(folder: Path) -> Path:
    """The default campaign, with the refreshed response snapshot named in data/site.toml's [numbers]."""
    campaign = folder / "campaign"
    if not campaign.exists():
        campaign = copy_campaign(folder)
        site = campaign / "data" / "site.toml"
        text = site.read_text(encoding="utf-8")
        assert "response_sources = []" in text
        site.write_text(text.replace("response_sources = []", 'response_sources = ["heart-responses"]'), encoding="utf-8")
    return campaign


def prepare_snapshots(folder: Path, sources: Path) -> None:
    # The committed beat map is needed for coverage; the response snapshot comes from refresh.
    (folder / "snapshots").mkdir(exist_ok=True)
    shutil.copy(ROOT / "data" / "snapshots" / "police-beats.json", folder / "snapshots")


def test_refresh_from_a_local_server_then_build_then_server_stops(tmp_path):
    server = start_server()
    data = DataServer(server)
    rows = arcgis_rows(3000)  # one row per hour from 2022-07-01: about four months
    data.serve_arcgis("/HEART/FeatureServer/0", lambda: rows)
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES.replace("{url}", data.url("/HEART/FeatureServer/0")), encoding="utf-8")
    prepare_snapshots(tmp_path, sources)
    try:
        first = refresh(sources, stream=io.StringIO())
        data.reset_counts()
        second = refresh(sources, stream=io.StringIO())
    finally:
        server.clear()
        server.stop()
    assert [result.status for result in first.results] == ["updated"]
    assert [result.status for result in second.results] == ["unchanged"] and data.body_bytes == 0
    snapshot = tmp_path / "snapshots" / "heart-responses.json"
    before = snapshot.read_bytes()

    out = io.StringIO()
    third = refresh(sources, stream=out)
    assert third.results[0].status == "kept-old" and "could not connect" in out.getvalue()
    assert snapshot.read_bytes() == before

    fetched = date.fromisoformat(json.loads(before)["fetched_at"][:10])
    fresh = run_build(tmp_path / "fresh", settings=str(settings_file(tmp_path, sources, str(fetched + timedelta(days=2)))),
                      campaign=responses_campaign(tmp_path))
    assert fresh.returncode == 0, fresh.messages
    page = soup(tmp_path / "fresh" / "numbers" / "index.html")
    assert page.select(".hs-notice--stale") == []
    by_month = page.find("section", attrs={"aria-labelledby": "chart-responses-by-month"})
    month_rows = by_month.select("tbody tr")
    assert [row.th.get_text() for row in month_rows][:2] == ["July 2022", "August 2022"]
    assert sum(int(row.td.get_text().replace(",", "")) for row in month_rows) == 3000
    by_type = page.find("section", attrs={"aria-labelledby": "chart-responses-by-type"})
    assert {row.th.get_text() for row in by_type.select("tbody tr")} == {
        "Crisis Call Diversion", "Care Navigation", "Community Response"}
    assert by_type.select_one(".hs-provenance a")["href"].startswith("http://127.0.0.1:")

    stale = run_build(tmp_path / "stale", settings=str(settings_file(tmp_path, sources, str(fetched + timedelta(days=31)))),
                      campaign=responses_campaign(tmp_path))
    assert stale.returncode == 0, stale.messages
    notice = soup(tmp_path / "stale" / "numbers" / "index.html").select_one(".hs-notice--stale")
    assert notice is not None and "more than 30 days ago" in notice.get_text()
    assert notice.find("time")["datetime"] == str(fetched)
    assert "more than 30 days" in soup(tmp_path / "stale" / "index.html").select_one(".hs-notice--stale").get_text()
    assert soup(tmp_path / "fresh" / "index.html").select(".hs-notice--stale") == []


# --- Formulas, on hand-written inputs (pure functions, no build) ---

from figures.load import Figure  # noqa: E402
from sources.provenance import Provenance  # noqa: E402
from stats.metrics import Options, compute  # noqa: E402


def figure(id, value, number, metric, as_of, period="", source="Test source"):
    return Figure(id=id, value=value, unit="u", label="l", source=Provenance(source, "", as_of), metric=metric,
                  number=number, period=period)


def test_cost_per_response_needs_a_budget_and_a_count_for_the_same_period():
    budget = figure("budget-fy24", "$5,000,000", 5_000_000, "budget", "2024-06-30", period="FY2024")
    count = figure("responses-fy24", "10,000", 10_000, "responses-in-year", "2024-06-30", period="FY2024")
    other = figure("responses-2023", "8,000", 8_000, "responses-in-year", "2023", period="2023")

    matched = compute([budget, count, other], {}, {}, Options())
    assert matched.metrics["cost-per-response"].value == "$500"
    assert matched.metrics["cost-per-response"].unit == "per response (FY2024)"

    unmatched = compute([budget, other], {}, {}, Options())
    assert "cost-per-response" not in unmatched.metrics
    assert "same period" in unmatched.unavailable["cost-per-response"]


def test_newest_stated_hours_figure_wins_and_a_gap_is_not_turned_into_hours():
    older = figure("hours", "12", 12, "hours-per-day", "2023-10-23")
    gap = figure("gap", "6", 6, "overnight-gap", "2025-04")
    stats = compute([gap, older], {}, {}, Options())
    assert stats.metrics["hours-per-day-latest"].value == "12"
    assert stats.metrics["hours-per-week-latest"].value == "84 of 168"
    newer = figure("hours-2026", "24", 24, "hours-per-day", "2026-01-01")
    stats = compute([gap, older, newer], {}, {}, Options())
    assert stats.metrics["hours-per-day-latest"].value == "24"
    assert [row.number for row in stats.series[0].rows] == [12, 24]
    # A campaign that states a goal ([metrics.hours-per-day] goal_label in data/figures.toml) gets a goal row.
    goal = compute([gap, older, newer], {}, {}, Options(words={"hours-per-day": {"goal_label": "Our goal"}}))
    assert [(row.label, row.number, row.goal) for row in goal.series[0].rows][-1] == ("Our goal", 24, True)


def test_bad_metric_fields_in_the_figures_file_are_reported(tmp_path):
    from figures.load import load_figures
    path = tmp_path / "figures.toml"
    path.write_text('[[figure]]\nid = "x"\nvalue = "1"\nunit = "u"\nlabel = "l"\nas_of = "2024"\n'
                    'source_name = "s"\nmetric = "responses-per-day"\nnumber = "1,000"\n', encoding="utf-8")
    figures, problems, _ids, _words = load_figures(path, shown="data/figures.toml")
    messages = [str(problem) for problem in problems]
    assert figures == []
    assert any(message.startswith('data/figures.toml:8: metric: "responses-per-day" is not a metric') for message in messages)
    assert any(message.startswith('data/figures.toml:1: number: "1,000" is not a plain number') for message in messages)


def test_a_mistake_in_sources_toml_stops_the_build_naming_source_and_field(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text((ROOT / "data" / "sources.toml").read_text(encoding="utf-8")
                       .replace('\npath = "figures.toml"\n', '\npath = "figures.toml"\nstale_after = 3\n')
                       .replace('snapshot_dir = "snapshots"', f'snapshot_dir = "{ROOT / "data" / "snapshots"}"'),
                       encoding="utf-8")
    line = sources.read_text(encoding="utf-8").splitlines().index("stale_after = 3") + 1
    settings = tmp_path / "broken_sources_settings.py"
    settings.write_text(f"from pelicanconf import *\nSTATS_SOURCES_FILE = {str(sources)!r}\n", encoding="utf-8")

    build = run_build(tmp_path / "out", settings=str(settings))

    assert build.returncode == 1
    assert f'sources.toml:{line}: stale_after: is not a setting source "heart-figures" knows.' in build.messages
    assert "Traceback" not in build.messages
