"""Preview benchmark: from a saved file to the reloaded page, with `invoke livereload` on a site of 300 updates.

    .venv/bin/python bench/preview.py                  # this checkout
    .venv/bin/python bench/preview.py --root /tmp/old  # another checkout (e.g. before a change), same method

It copies the project (content, data, theme, plugins, settings, tasks) into a temporary folder, adds N generated
updates (benchmark filler), starts `invoke livereload` there on a free port, and then repeats two edits:
  - an update: one sentence appended to a Markdown file in content/updates/;
  - a data file: a figure's value changed in data/figures.toml.
Save-to-reload is the time from the write to the moment the preview tells the open page to reload
(its Server-Sent Events stream, the same one the browser listens to) plus fetching the reloaded page and
seeing the change in it. A checkout without that stream (the old preview) is timed until the change shows in
the built file instead, which is the earliest a manual reload could show it. Prints medians; asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVENTS_PATH = "/_preview/events"
COPIED = ("content", "data", "theme", "plugins", "checks", "pelicanconf.py", "publishconf.py", "tasks.py",
          "preview", "babel.cfg")
WORDS = ("crisis response team call city council budget hours night coverage residents ask neighbors safety "
         "care counselor clinician mental health support service people street meeting public comment").split()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_project(source: Path, target: Path, updates: int) -> None:
    for name in COPIED:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.exists():
            shutil.copy2(path, target / name)
    (target / ".venv").symlink_to(ROOT / ".venv")
    rng = random.Random(2026)
    for number in range(updates):
        body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(100)).capitalize() + "." for _ in range(6))
        (target / "content" / "updates" / f"bench-{number:04d}.md").write_text(
            f"Title: Benchmark update number {number}\nDate: 2024-{1 + number % 12:02d}-{1 + number % 28:02d}\n"
            f"Summary: Benchmark filler for the preview benchmark.\nTags: bench, topic {number % 20}\n\n"
            f"Benchmark filler, not a real story.\n\n{body}\n", encoding="utf-8")


class Stream:
    """Reads the preview's event stream in a thread; `wait(after)` returns when a reload event arrives."""

    def __init__(self, port: int):
        self.events: list[tuple[float, str]] = []
        self.ready = threading.Event()
        self.changed = threading.Condition()
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.connection.request("GET", EVENTS_PATH, headers={"Accept": "text/event-stream"})
        self.response = self.connection.getresponse()
        self.ok = self.response.status == 200
        if self.ok:
            threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for raw in self.response:
            line = raw.decode().strip()
            if line.startswith("event:"):
                with self.changed:
                    self.events.append((time.perf_counter(), line.split(":", 1)[1].strip()))
                    self.changed.notify_all()

    def wait(self, after: float, timeout: float) -> float | None:
        deadline = time.perf_counter() + timeout
        with self.changed:
            while True:
                for when, name in self.events:
                    if when >= after and name in ("reload", "failed"):
                        return when
                left = deadline - time.perf_counter()
                if left <= 0:
                    return None
                self.changed.wait(left)


def fetch(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    body = connection.getresponse().read().decode(errors="replace")
    connection.close()
    return body


def wait_for_file(path: Path, marker: str, timeout: float) -> float | None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if marker in path.read_text(encoding="utf-8"):
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.01)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="Checkout to measure (default: this one).")
    parser.add_argument("--updates", type=int, default=300, help="Generated updates added to the site.")
    parser.add_argument("--repeat", type=int, default=7, help="Edits of each kind (the median is printed).")
    parser.add_argument("--timeout", type=float, default=20.0, help="Seconds to wait for one edit to show.")
    parser.add_argument("--pause", type=float, default=2.0,
                        help="Seconds from one reload to the next save (the search index is made meanwhile; "
                             "with less, a save may wait for it).")
    args = parser.parse_args()

    print(f"{platform.node()}: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; checkout {args.root}; load average "
          + " ".join(f"{value:.1f}" for value in os.getloadavg()))
    work = Path(tempfile.mkdtemp(prefix="bench-preview-"))
    copy_project(args.root.resolve(), work, args.updates)
    port = free_port()
    # BUILD_NOW pins the one build clock; EVENTS_NOW and COUNCIL_NOW did before it (older checkouts, --root).
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "BUILD_NOW": "2026-11-25T12:00-05:00",
           "EVENTS_NOW": "2026-11-25T12:00-05:00", "COUNCIL_NOW": "2026-11-25T12:00-05:00", "PYTHONUNBUFFERED": "1"}
    log = open(work / "livereload.log", "w")
    process = subprocess.Popen([str(ROOT / ".venv" / "bin" / "invoke"), "livereload", "--port", str(port)],
                               cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    results: dict[str, list[float]] = {"update edit": [], "data-file edit": []}
    try:
        started = time.perf_counter()
        index = work / "output" / "index.html"
        while not index.exists():
            if time.perf_counter() - started > 180 or process.poll() is not None:
                raise SystemExit(f"no first build after 180 s; see {work / 'livereload.log'}")
            time.sleep(0.05)
        print(f"first build: {time.perf_counter() - started:.2f} s after start (including start-up)")
        try:
            stream = Stream(port)
        except OSError:
            stream = None
        live = bool(stream and stream.ok)
        print("timed: " + ("save -> reload event -> page fetched and changed" if live
                           else "save -> built file changed (this preview has no reload event)"))
        time.sleep(1.0)
        update = work / "content" / "updates" / "bench-0007.md"
        update_page = work / "output" / "updates" / "benchmark-update-number-7" / "index.html"
        figures = work / "data" / "figures.toml"
        original_figures = figures.read_text(encoding="utf-8")
        for round_number in range(args.repeat):
            for kind in results:
                marker = f"zq{round_number}{kind[0]}marker"
                if kind == "update edit":
                    path, page, url = update, update_page, "/updates/benchmark-update-number-7/"
                    text = update.read_text(encoding="utf-8") + f"\nA sentence {marker}.\n"
                else:
                    path, page, url = figures, index, "/"
                    marker = f"{7000 + round_number}"
                    text = original_figures.replace('value = "6"', f'value = "{marker}"', 1)
                saved = time.perf_counter()
                path.write_text(text, encoding="utf-8")
                if live:
                    # The first reload after the save may come from a build that started before it (the machine is
                    # busy): wait for the reload whose page shows the change.
                    done, after, deadline = None, saved, saved + args.timeout
                    while done is None and time.perf_counter() < deadline:
                        when = stream.wait(after, deadline - time.perf_counter())
                        if when is None:
                            break
                        if marker in fetch(port, url):
                            done = time.perf_counter()
                        after = when + 1e-6
                else:
                    done = wait_for_file(page, marker, args.timeout)
                results[kind].append((done - saved) if done else float("inf"))
                # An organizer reads the page before saving again; the search index is made meanwhile.
                time.sleep(args.pause)
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=20)
        log.close()
    print(f"site: shipped content + {args.updates} updates; {args.repeat} edits of each kind, {args.pause:g} s apart; "
          "load average "
          + " ".join(f"{value:.1f}" for value in os.getloadavg()) + "\n")
    print(f"{'edit':<16} {'median s':>9} {'min s':>7} {'max s':>7}  (inf: not shown within {args.timeout:g} s)")
    for kind, times in results.items():
        print(f"{kind:<16} {statistics.median(times):>9.2f} {min(times):>7.2f} {max(times):>7.2f}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
