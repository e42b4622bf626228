"""Build benchmark: our build against plain Pelican on the same Markdown. Prints a table; asserts nothing.

    .venv/bin/python bench/build.py               # shipped site and a large generated site
    .venv/bin/python bench/build.py --no-large    # shipped site only (about a minute)

For each site it measures, in one run and on the same machine:
  - ours, cold: `pelican` with pelicanconf.py (our theme and plugins), no cache; then the Pagefind index;
  - plain, cold: `pelican` with the default theme and no plugins, on the same content folder;
  - ours and plain, cached no-change rebuild: CACHE_CONTENT + LOAD_CONTENT_CACHE with CHECK_MODIFIED_METHOD md5,
    run twice, the second run timed (what CI gets when it keeps cache/ between runs);
  - peak memory (the build process's max resident set), and the bytes of HTML per page written.
The large site is the shipped content plus generated updates, events, meetings and news items (Markdown only,
so plain Pelican reads the same files). Every generated file says it is benchmark filler.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

PLAIN_SETTINGS = """\
# Plain Pelican: default theme, no plugins, default page kinds; only the folders and dates match ours.
PATH = {content!r}
PAGE_PATHS = ["pages"]
ARTICLE_EXCLUDES = ["pages"]
DEFAULT_DATE = "fs"
TIMEZONE = "America/New_York"
PLUGINS = []
PLUGIN_PATHS = []
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""

WORDS = ("crisis response team call city council budget hours night coverage residents ask "
         "neighbors safety care counselor clinician mental health support service people street "
         "meeting public comment beat district program week month year staff plan").split()


def measure(args: list[str], env: dict) -> tuple[float, float, int, float]:
    """Run a command; return (wall seconds, peak resident memory in MB, exit code, CPU seconds).

    CPU seconds (user + system) hardly change when other work shares the machine; wall seconds do.
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        log.seek(0)
        stderr = log.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(f"  ! {' '.join(args[:6])} ... exited {code}:\n{stderr[-1500:]}", file=sys.stderr)
    return seconds, usage.ru_maxrss / 1024, code, usage.ru_utime + usage.ru_stime


def pelican(content: Path, settings: Path, output: Path, extra: dict | None = None) -> list[str]:
    args = [PYTHON, "-m", "pelican", str(content), "--settings", str(settings), "--output", str(output)]
    if extra:
        args += ["--extra-settings", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]
    return args


def html_bytes_per_page(output: Path) -> tuple[int, int]:
    pages = [path for path in output.rglob("*.html") if path.is_file()]
    total = sum(path.stat().st_size for path in pages)
    return len(pages), (total // len(pages) if pages else 0)


def without_template_lines(content: Path, target: Path) -> Path:
    """A copy of `content` without `Template:` lines, which name templates only our theme has."""
    shutil.copytree(content, target)
    for path in target.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        header, _sep, body = text.partition("\n\n")
        kept = "\n".join(line for line in header.splitlines() if not line.lower().startswith("template:"))
        path.write_text(kept + "\n\n" + body, encoding="utf-8")
    return target


def bench_site(name: str, content: Path, work: Path, env: dict) -> list[dict]:
    plain_content = without_template_lines(content, work / f"{name}-plain-content")
    plain_settings = work / f"plain-{name}.py"
    plain_settings.write_text(PLAIN_SETTINGS.format(content=str(plain_content)))
    rows = []
    for label, settings, source in (("ours", ROOT / "pelicanconf.py", content),
                                    ("plain Pelican", plain_settings, plain_content)):
        short = label.split()[0]
        output = work / f"{name}-{short}-cold"
        cold, cold_mb, code, cold_cpu = measure(pelican(source, settings, output,
                                                        {"CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}), env)
        search = 0.0
        if label == "ours" and code == 0:
            search, _mb, _code, _cpu = measure([PYTHON, "-m", "pagefind", "--site", str(output), "--force-language",
                                                "en", "--quiet"], env)
        cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CHECK_MODIFIED_METHOD": "md5",
                 "CACHE_PATH": str(work / f"{name}-{short}-cache")}
        warm_output = work / f"{name}-{short}-warm"
        measure(pelican(source, settings, warm_output, cache), env)     # fills the cache
        warm, warm_mb, _code, warm_cpu = measure(pelican(source, settings, warm_output, cache), env)
        pages, per_page = html_bytes_per_page(output)
        rows.append({"site": name, "build": label, "cold": cold, "cold_cpu": cold_cpu, "search": search,
                     "warm": warm, "warm_cpu": warm_cpu, "peak_mb": max(cold_mb, warm_mb), "pages": pages,
                     "bytes_per_page": per_page, "ok": code == 0})
    return rows


def generate_large(content: Path, articles: int, events: int, meetings: int, news: int) -> None:
    """Add benchmark filler to a copy of the content: plain-language paragraphs of common campaign words."""
    rng = random.Random(2026)

    def paragraphs(count: int) -> str:
        return "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(100)).capitalize() + "." for _ in range(count))

    def write(folder: str, stem: str, header: dict, body: str) -> None:
        path = content / folder / f"{stem}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"{key}: {value}" for key, value in header.items()]
        path.write_text("\n".join(lines) + "\n\nBenchmark filler, not a real story.\n\n" + body + "\n")

    for number in range(articles):
        day = f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}"
        write("updates", f"bench-{number:05d}", {
            "Title": f"Benchmark update number {number}", "Date": day,
            "Summary": "Benchmark filler for the build benchmark.",
            "Tags": f"bench, topic {number % 20}"}, paragraphs(6))
    for number in range(events):
        day = f"2027-{1 + number % 12:02d}-{1 + number % 28:02d}"
        write("events", f"bench-event-{number:04d}", {
            "Title": f"Benchmark event number {number}", "Start": f"{day} 18:00", "End": "19:30",
            "Location": "Durham City Hall", "Summary": "Benchmark filler for the build benchmark."}, paragraphs(2))
    for number in range(meetings):
        day = f"2022-{1 + number % 12:02d}-{1 + number % 28:02d}"
        write("meetings", f"bench-meeting-{number:04d}", {
            "Title": f"Benchmark meeting number {number}", "Body": "City Council", "When": day,
            "Source_name": "Benchmark filler", "Summary": "Benchmark filler for the build benchmark."}, paragraphs(2))
    for number in range(news):
        day = f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}"
        write("news", f"bench-news-{number:05d}", {
            "Title": f"Benchmark news item number {number}", "Date": day,
            "Source": f"https://news.example.org/bench-{number}/", "Source_name": "Example News",
            "Summary": "Benchmark filler for the build benchmark."}, paragraphs(1))


def print_table(rows: list[dict]) -> None:
    header = (f"{'site':<8} {'build':<14} {'pages':>6} {'cold s':>7} {'cold CPU s':>10} {'+search s':>9} "
              f"{'cached s':>8} {'cached CPU s':>12} {'peak MB':>8} {'HTML B/page':>11}")
    print(header)
    print("-" * len(header))
    for row in rows:
        print(f"{row['site']:<8} {row['build']:<14} {row['pages']:>6} {row['cold']:>7.2f} {row['cold_cpu']:>10.2f} "
              f"{row['search']:>9.2f} {row['warm']:>8.2f} {row['warm_cpu']:>12.2f} {row['peak_mb']:>8.0f} "
              f"{row['bytes_per_page']:>11,}" + ("" if row["ok"] else "  (build FAILED)"))
    print()
    sites = dict.fromkeys(row["site"] for row in rows)
    for site in sites:
        ours = next(row for row in rows if row["site"] == site and row["build"] == "ours")
        plain = next(row for row in rows if row["site"] == site and row["build"] != "ours")
        print(f"{site}: cold build ours/plain = {ours['cold'] / plain['cold']:.2f} wall, "
              f"{ours['cold_cpu'] / plain['cold_cpu']:.2f} CPU "
              f"(with search index {(ours['cold'] + ours['search']) / plain['cold']:.2f} wall); "
              f"cached rebuild / cold = {ours['warm'] / ours['cold']:.2f} wall, "
              f"{ours['warm_cpu'] / ours['cold_cpu']:.2f} CPU; "
              f"peak memory ours/plain = {ours['peak_mb'] / plain['peak_mb']:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-large", action="store_true", help="Only the shipped site.")
    parser.add_argument("--articles", type=int, default=2000, help="Generated updates in the large site.")
    parser.add_argument("--events", type=int, default=200, help="Generated events in the large site.")
    parser.add_argument("--meetings", type=int, default=100, help="Generated council meetings in the large site.")
    parser.add_argument("--news", type=int, default=5000, help="Generated news items in the large site.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder and print its path.")
    args = parser.parse_args()

    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "EVENTS_NOW": "2026-11-25T12:00-05:00",
           "COUNCIL_NOW": "2026-11-25T12:00-05:00"}
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    print(f"{platform.node()}: {platform.platform()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    rows = []
    try:
        shipped = work / "shipped-content"
        shutil.copytree(ROOT / "content", shipped)
        rows += bench_site("shipped", shipped, work, env)
        if not args.no_large:
            large = work / "large-content"
            shutil.copytree(ROOT / "content", large)
            generate_large(large, args.articles, args.events, args.meetings, args.news)
            print(f"large site: shipped content + {args.articles} updates, {args.events} events, "
                  f"{args.meetings} meetings, {args.news} news items\n", file=sys.stderr)
            rows += bench_site("large", large, work, env)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
