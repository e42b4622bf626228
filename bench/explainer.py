"""Measure what the explainer costs: map and clock sizes at several simplifications, time of each step,
and the weight of each built explainer page (raw and gzip). Prints figures; asserts nothing.

Run: .venv/bin/python bench/explainer.py [output folder of a build, default output/]
"""

from __future__ import annotations

import gzip
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from explainer import beatmap  # noqa: E402
from explainer.clock import Period, build_coverage, clock_svg  # noqa: E402
from explainer.ogimage import draw_card  # noqa: E402

BEATS = ROOT / "data" / "geo" / "durham-police-beats.geojson"
PAGES = ["what-is-heart", "how-heart-grew", "what-24-7-would-take", "questions-about-heart"]


def timed(step, *args):
    started = time.perf_counter()
    result = step(*args)
    return result, (time.perf_counter() - started) * 1000


def main() -> None:
    features, read_ms = timed(beatmap.read_features, BEATS)
    dissolved, dissolve_ms = timed(beatmap.dissolve_beats, features, "LAWBEAT", "LAWDIST", "DSO")
    projected, project_ms = timed(beatmap.project_beats, dissolved, "EPSG:32119")
    print(f"beats: {len(features)} features -> {len(dissolved)} beats; read {read_ms:.0f} ms, "
          f"dissolve {dissolve_ms:.0f} ms, project {project_ms:.0f} ms")
    print("map SVG by simplification tolerance (metres):")
    for tolerance in (0, 30, 60, 100):
        simplified, simplify_ms = timed(beatmap.simplify_beats, projected, float(tolerance))
        svg, draw_ms = timed(beatmap.map_svg, simplified, set(), "Map", "map-text")
        print(f"  {tolerance:>4}: {len(svg):>8,} bytes, {len(gzip.compress(svg.encode())):>7,} gzip; "
              f"simplify {simplify_ms:.0f} ms, draw {draw_ms:.0f} ms")
    coverage = build_coverage([Period(0, 360, "none", "a"), Period(360, 1440, "unknown", "b")])
    svg, clock_ms = timed(clock_svg, coverage, "Clock", "clock-text")
    print(f"clock SVG: {len(svg):,} bytes, {len(gzip.compress(svg.encode())):,} gzip, {clock_ms:.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "card.png"
        _, card_ms = timed(draw_card, "No HEART response from midnight to 6 a.m.", "Ask the City Council to fund HEART 24/7.",
                           "Have a HEART Durham", ROOT / "theme" / "fonts" / "LiberationSans-Bold.ttf", target)
        print(f"share image: {target.stat().st_size:,} bytes PNG, drawn in {card_ms:.0f} ms")
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "output"
    if (output / PAGES[0] / "index.html").exists():
        print(f"built pages in {output} (budget: 50 KB gzip per page):")
        for page in PAGES:
            html = (output / page / "index.html").read_bytes()
            print(f"  {page + '/':<24} {len(html):>7,} bytes, {len(gzip.compress(html)):>6,} gzip")
    else:
        print(f"no built site in {output}: run `make html` first to measure page weights")


if __name__ == "__main__":
    main()
