"""Explainer parts without a site build: projection and map, dissolve, coverage clock, cost formulas, sources."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from conftest import ROOT
from explainer import beatmap
from explainer.clock import Coverage, Period, build_coverage, clock_svg, describe, format_time, parse_time, sector_path
from explainer.cost import cost_per_position, dollars, positions_needed
from explainer.sources import load_sources, number_citations

DATA = Path(__file__).parent / "data" / "explainer"
SMALL_BEATS = DATA / "beats_two_beside_one_above.geojson"


def path_points(d: str) -> list[list[tuple[int, int]]]:
    """The rings of an SVG path made of M/L/Z commands, as lists of (x, y)."""
    rings = []
    for ring in re.findall(r"M[^Z]*Z", d):
        rings.append([(int(x), int(y)) for x, y in re.findall(r"[ML](-?\d+) (-?\d+)", ring)])
    return rings


def beat_paths(svg: str) -> dict[int, list[list[tuple[int, int]]]]:
    return {int(number): path_points(d) for number, d in re.findall(r'data-beat="(\d+)" d="([^"]+)"', svg)}


# The shipped campaign's map settings (data/explainer/map.toml): LAWBEAT numbers, LAWDIST groups, NC State Plane.
NC = "EPSG:32119"
MAP = {"beat_field": "LAWBEAT", "district_field": "LAWDIST", "crs": NC, "outside": "DSO"}


# --- dissolve and projection -------------------------------------------------------------------

def test_dissolve_merges_features_that_share_a_beat():
    beats = beatmap.dissolve_beats(beatmap.read_features(SMALL_BEATS), "LAWBEAT", "LAWDIST", "DSO")
    assert [beat.number for beat in beats] == [201, 202, 999]
    beat_201 = beats[0]
    assert beat_201.geometry.geom_type == "MultiPolygon"
    assert len(beat_201.geometry.geoms) == 2
    # Two degree squares: 0.05 x 0.05 and 0.01 x 0.01.
    assert beat_201.geometry.area == pytest.approx(0.05 * 0.05 + 0.01 * 0.01)
    assert [beat.is_city for beat in beats] == [True, True, False]


def test_dissolve_names_a_feature_without_a_beat():
    features = beatmap.read_features(SMALL_BEATS)
    features[2]["properties"].pop("LAWBEAT")
    with pytest.raises(ValueError, match="feature 3 has no LAWBEAT"):
        beatmap.dissolve_beats(features, "LAWBEAT", "LAWDIST", "DSO")


def test_projection_is_in_metres_with_true_shape_for_durham():
    beats = beatmap.project_beats(beatmap.dissolve_beats(beatmap.read_features(SMALL_BEATS), "LAWBEAT", "LAWDIST", "DSO"), NC)
    min_x, min_y, max_x, max_y = beats[1].geometry.bounds  # beat 202, a 0.05 degree square
    width, height = max_x - min_x, max_y - min_y
    # At 36 degrees north a degree of longitude is about cos(36) as long as a degree of latitude:
    # about 4.5 km against 5.5 km for 0.05 degree.
    assert width == pytest.approx(0.05 * 111_320 * math.cos(math.radians(35.975)), rel=0.01)
    assert height == pytest.approx(0.05 * 110_950, rel=0.01)
    # NC State Plane eastings near Durham are around 600 km; northings around 250 km.
    assert 550_000 < min_x < 650_000 and 200_000 < min_y < 300_000


def test_map_svg_puts_east_right_and_north_up_with_true_proportions():
    svg, beats = beatmap.build_beat_map(SMALL_BEATS, set(), "Test beats", "test-text", width=600, tolerance=1, **MAP)
    paths = beat_paths(svg)
    assert set(paths) == {201, 202, 999}
    west = paths[201][0]
    east = paths[202][0]
    north = paths[999][0]
    assert len(west) == len(east) == len(north) == 4  # squares stay squares
    assert min(x for x, _ in east) == max(x for x, _ in west)  # shared edge, east to the right
    assert max(y for _, y in north) == min(y for _, y in west)  # north is up (smaller y)
    west_width = max(x for x, _ in west) - min(x for x, _ in west)
    west_height = max(y for _, y in west) - min(y for _, y in west)
    assert west_width / west_height == pytest.approx(math.cos(math.radians(35.975)) * 111_320 / 110_950, rel=0.02)
    every_x = [x for rings in paths.values() for ring in rings for x, _ in ring]
    assert min(every_x) == 0 and max(every_x) == 600
    assert 'viewBox="0 0 600 ' in svg
    assert '<title id="hs-map-title">Test beats</title>' in svg and 'aria-describedby="test-text"' in svg


def test_map_tells_areas_apart_by_pattern_and_marks_served_beats():
    svg, _ = beatmap.build_beat_map(SMALL_BEATS, {202}, "Test beats", "test-text", tolerance=1, **MAP)
    assert {number: kind for kind, number in re.findall(r'hs-map__beat--(\w+)" fill="url\(#hs-map-\w+\)" data-beat="(\d+)"', svg)} \
        == {"201": "city", "202": "served", "999": "outside"}
    for kind in ("city", "served", "outside"):
        pattern = re.search(rf'<pattern id="hs-map-{kind}"(.*?)</pattern>', svg).group(1)
        assert "hs-hatch" in pattern or "hs-dot" in pattern, f"{kind} needs a pattern, not colour alone"


def test_shipped_beats_dissolve_to_one_shape_per_beat():
    features = beatmap.read_features(ROOT / "data" / "geo" / "durham-police-beats.geojson")
    beats = beatmap.dissolve_beats(features, "LAWBEAT", "LAWDIST", "DSO")
    numbers = {feature["properties"]["LAWBEAT"] for feature in features}
    assert len(beats) == len(numbers) < len(features)
    assert [beat.number for beat in beats if not beat.is_city] == [999]


# --- coverage clock ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, minutes", [("00:00", 0), ("06:00", 360), ("6:30", 390), ("24:00", 1440)])
def test_parse_time(text, minutes):
    assert parse_time(text) == minutes


@pytest.mark.parametrize("text", ["25:00", "24:30", "6 am", "06:60", ""])
def test_parse_time_refuses(text):
    with pytest.raises(ValueError):
        parse_time(text)


@pytest.mark.parametrize("minutes, words", [(0, "midnight"), (360, "6 a.m."), (720, "noon"), (1110, "6:30 p.m."), (1440, "midnight")])
def test_format_time(minutes, words):
    assert format_time(minutes) == words


def test_clock_overnight_gap_and_unknown_day():
    coverage = build_coverage([Period(0, 360, "none", "a")])
    assert [(p.start, p.end, p.status) for p in coverage.periods] == [(0, 360, "none"), (360, 1440, "unknown")]
    assert describe(coverage)[0] == "No response from midnight to 6 a.m."
    assert coverage.hours("none") == 6 and coverage.hours("unknown") == 18


def test_clock_period_across_midnight_is_split():
    coverage = build_coverage([Period(22 * 60, 2 * 60, "none", "a"), Period(8 * 60, 20 * 60, "responds", "b")])
    assert [(p.start // 60, p.end // 60, p.status) for p in coverage.periods] == [
        (0, 2, "none"), (2, 8, "unknown"), (8, 20, "responds"), (20, 22, "unknown"), (22, 24, "none")]
    assert coverage.hours("none") == 4 and coverage.hours("responds") == 12
    assert "The program responds from 8 a.m. to 8 p.m." in describe(coverage)


def test_clock_all_day():
    coverage = build_coverage([Period(0, 1440, "responds", "a")])
    assert describe(coverage) == ["The program responds all day and all night."]
    # The campaign's own words (coverage.toml [words]) replace the plain ones.
    named = Coverage(coverage.periods, words=(("responds", "The crisis team responds"),))
    assert describe(named) == ["The crisis team responds all day and all night."]
    svg = clock_svg(coverage, "Clock", "clock-text")
    # A full ring cannot be one arc: it is drawn as two halves.
    d = re.search(r'hs-clock__part--responds"[^>]*d="([^"]+)"', svg).group(1)
    assert d.count("A") == 4
    assert ">0 h<" in svg


def test_clock_refuses_overlapping_periods():
    with pytest.raises(ValueError, match="falls inside"):
        build_coverage([Period(0, 600, "none", "a"), Period(300, 700, "responds", "b")])


def test_sector_geometry_midnight_at_top_clockwise():
    d = sector_path(0, 360, outer=100, inner=50, centre=150)  # midnight to 6 a.m.: a quarter
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    assert numbers[:2] == [150, 50]  # starts at the top of the outer circle
    assert numbers[7:9] == [250, 150]  # the arc ends at the right: 6 a.m. is at 3 o'clock
    assert numbers[9:11] == [200, 150]  # in to the inner circle


def test_clock_svg_draws_each_period_with_its_pattern():
    coverage = build_coverage([Period(0, 360, "none", "a"), Period(360, 1080, "responds", "b")])
    svg = clock_svg(coverage, "When the team responds", "clock-text")
    assert svg.count('class="hs-clock__part ') == 3
    assert 'hs-clock__part--none" fill="url(#hs-clock-none)"' in svg
    assert 'hs-clock__part--unknown" fill="url(#hs-clock-unknown)"' in svg
    assert "<title>No response from midnight to 6 a.m.</title>" in svg
    assert ">6 h<" in svg


# --- cost model --------------------------------------------------------------------------------

def test_cost_of_one_position():
    assert cost_per_position(4_000_000, 44) == pytest.approx(90_909.09, abs=0.01)
    assert cost_per_position(1_200_000, 12) == 100_000


@pytest.mark.parametrize("hours, counted, expected", [
    (12, 0, 44),   # the whole request
    (6, 0, 22),    # half the hours, half the positions
    (6, 17, 5),    # 22 - 17
    (1, 0, 4),     # 44 / 12 = 3.67, rounded up
    (12, 50, 0),   # never below zero
])
def test_positions_needed(hours, counted, expected):
    assert positions_needed(44, hours, 12, counted) == expected


def test_dollars_round_to_thousands():
    assert dollars(22 * 4_000_000 / 44) == "$2,000,000"
    assert dollars(5 * 4_000_000 / 44) == "$455,000"
    assert dollars(0) == "$0"
    assert dollars(4_000_000 / 44, 1) == "$90,909"


# --- sources -----------------------------------------------------------------------------------

def test_every_shipped_source_has_a_web_address():
    sources, problems = load_sources(ROOT / "data" / "explainer" / "sources.toml", "sources.toml")
    assert problems == []
    assert sources
    for source in sources.values():
        assert re.match(r"https?://[^/\s]+\.[a-z]{2,}/", source.url), source.id


def test_citations_are_numbered_by_first_use():
    sources, _ = load_sources(ROOT / "data" / "explainer" / "sources.toml", "sources.toml")
    html, notes = number_citations(
        "<p>A [src:indy-2025-04]. B [src:wral-2023-02, indy-2025-04]. C [src:nope]</p>", sources)
    assert [(note.number, note.source.id) for note in notes] == [(1, "indy-2025-04"), (2, "wral-2023-02")]
    assert html.count('href="#source-1"') == 2 and html.count('href="#source-2"') == 1
    assert "[src:nope]" in html


def test_bad_sources_file_is_reported_with_lines(tmp_path):
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nid = "x"\npublisher = "P"\ntitle = "T"\ndate = "2025-13"\nurl = "www.example.org"\nlink = "page"\n')
    _, problems = load_sources(bad, "data/explainer/sources.toml")
    messages = sorted(str(problem) for problem in problems)
    assert messages == [
        'data/explainer/sources.toml:5: date: "2025-13" is not a date (source "x"). Write it like "2025-04-15", "2025-04" or "2025".',
        'data/explainer/sources.toml:6: url: "www.example.org" is not a web address (source "x"). '
        'Write the full address, like url = "https://www.example.gov/news/budget".',
    ]
