"""Measure the council pages: mail-link lengths of the shipped letters, page and script sizes, and build time
with many fetched meetings.

Run: .venv/bin/python bench/council_pages.py [number of synthetic meetings, default 500]. Prints figures;
asserts nothing. The synthetic meetings live in a temporary snapshot, never in data/.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from council.letters import fill, read_letter  # noqa: E402
from council.mail_links import compose_links  # noqa: E402
from sources.meeting import Meeting  # noqa: E402
from sources.snapshots import Snapshot, dumps  # noqa: E402

DURHAM = ZoneInfo("America/New_York")


def letter_links() -> None:
    print("Shipped letters: length of each link (safe limit 2,000 characters)")
    for path in sorted((ROOT / "content" / "letters").glob("*.md")):
        letter, _ = read_letter(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"), path.stem)
        if letter is None:
            continue
        links = compose_links(["council@durhamnc.gov"], letter.subject, fill(letter.text, lang=letter.lang))["links"]
        sizes = ", ".join(f"{name} {len(href):,}" for name, href in links.items() if name != "mailto_short")
        print(f"  {path.name}: {sizes}")


def synthetic_sources(folder: Path, count: int) -> Path:
    first = date(2023, 1, 2)
    meetings = []
    for number in range(count):
        day = first + timedelta(days=7 * number)
        meetings.append(Meeting(
            id=f"legistar:bench:{number}", body="City Council", day=day,
            start=datetime(day.year, day.month, day.day, 19, 0, tzinfo=DURHAM), source_kind="legistar",
            source_name="Bench", source_url="https://example.org/", retrieved_at="2023-01-01T00:00:00Z",
            title="City Council", location="Council Chambers", agenda_url=f"https://example.org/a/{number}.pdf",
        ).to_dict())
    (folder / "snapshots").mkdir()
    snapshot = Snapshot.new(source="bench", type="legistar", source_url="https://example.org/", records=meetings)
    (folder / "snapshots" / "bench.json").write_text(dumps(snapshot.__dict__), encoding="utf-8")
    sources = folder / "sources.toml"
    sources.write_text('[refresh]\nsnapshot_dir = "snapshots"\n\n[[source]]\nname = "bench"\ntype = "legistar"\n'
                       'client = "bench"\n', encoding="utf-8")
    return sources


def build(settings: Path, output: Path) -> float:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "invoke"), "build", "--settings", str(settings),
                    "--output", str(output)], cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def size(path: Path) -> str:
    data = path.read_bytes()
    return f"{len(data):,} bytes ({len(gzip.compress(data)):,} gzipped)"


def main(count: int) -> None:
    letter_links()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        settings = folder / "settings.py"
        base = f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
        settings.write_text(base + 'BUILD_NOW = "2023-01-01T09:00:00-05:00"\n', encoding="utf-8")
        seconds = build(settings, folder / "shipped")
        shipped = folder / "shipped"
        print(f"Shipped site: build {seconds:.2f} s")
        meeting = next(iter(sorted((shipped / "meetings").glob("20*/index.html"))))
        print(f"  a meeting page: {size(meeting)}")
        print(f"  a letter page: {size(shipped / 'letters' / 'fund-heart-24-7' / 'index.html')}")
        print(f"  council.js: {size(shipped / 'theme' / 'js' / 'council.js')}")

        sources = synthetic_sources(folder, count)
        settings.write_text(base + f'BUILD_NOW = "2023-01-01T09:00:00-05:00"\nCOUNCIL_SOURCES_FILE = {str(sources)!r}\n',
                            encoding="utf-8")
        seconds = build(settings, folder / "many")
        pages = len(list((folder / "many" / "meetings").glob("*/index.html")))
        print(f"With {count:,} fetched meetings: build {seconds:.2f} s, {pages:,} meeting pages, "
              f"meetings index {size(folder / 'many' / 'meetings' / 'index.html')}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
