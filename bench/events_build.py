"""Measure what events cost: build time with many events, and the size of an event page, a flyer and events.ics.

Run: .venv/bin/python bench/events_build.py [number of events, default 200]. All of them are upcoming (the
worst case: each gets a flyer with a QR code). Prints figures; asserts nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_events(folder: Path, count: int) -> None:
    first = datetime(2023, 1, 7, 10, 0)
    for number in range(count):
        start = first + timedelta(days=3 * number, hours=number % 9)
        (folder / f"bench-event-{number:04d}.md").write_text(
            f"Title: Bench event {number}\nStart: {start:%Y-%m-%d %H:%M}\nEnd: {start + timedelta(hours=2):%H:%M}\n"
            f"Location: Place {number}\nAddress: {number} Main St, Durham, NC 27701\nStep_free: yes\nASL: no\n"
            f"Rsvp: https://example.org/rsvp/{number}\nContact: organizer@example.org\n"
            f"Summary: A synthetic event for measuring the build.\n\nSome words about the event.\n",
            encoding="utf-8")


def build(content: Path, output: Path) -> float:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "BUILD_NOW": "2022-12-01T12:00:00-05:00"}
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "invoke"), "build", "--path", str(content),
                    "--output", str(output)], cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        content = temp / "content"
        shutil.copytree(ROOT / "content", content)
        baseline = build(content, temp / "baseline")
        write_events(content / "events", count)
        with_events = build(content, temp / "output")
        out = temp / "output"
        page = out / "events" / "bench-event-0000" / "index.html"
        flyer = out / "events" / "bench-event-0000" / "flyer" / "index.html"
        print(f"build, shipped content only:        {baseline:6.2f} s")
        print(f"build, with {count} more events:       {with_events:6.2f} s "
              f"({(with_events - baseline) / count * 1000:.1f} ms an event)")
        print(f"event page:                         {page.stat().st_size / 1024:6.1f} KiB")
        print(f"flyer with inline QR code:          {flyer.stat().st_size / 1024:6.1f} KiB")
        print(f"events.ics ({count + 1} events):           {(out / 'events.ics').stat().st_size / 1024:6.1f} KiB")
        print(f"one event's .ics:                   "
              f"{(out / 'events' / 'bench-event-0000' / 'bench-event-0000.ics').stat().st_size / 1024:6.1f} KiB")


if __name__ == "__main__":
    main()
