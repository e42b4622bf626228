"""Build benchmark: our build against plain Pelican on the same Markdown, and the live preview. Prints; asserts nothing.

    .venv/bin/python bench/build.py               # shipped site, large generated site, preview (10-20 minutes)
    .venv/bin/python bench/build.py --no-large    # shipped site and preview only
    .venv/bin/python bench/build.py --root DIR    # another checkout (before a change), same method

For each site it measures, in one run and on the same machine, ours (pelicanconf.py: our theme and plugins) and
plain Pelican (default theme, no plugins) on the same content folder:
  - cold: a build with an empty cache folder (fresh cache: nothing kept from an earlier build);
  - cold, cache kept (ours): Pelican's content cache off, but the drawn map, share pictures, reading grades and
    compiled templates kept in the cache folder from the cold build, as after any earlier build (CI keeps cache/);
  - cached no-change rebuild: CACHE_CONTENT + LOAD_CONTENT_CACHE with CHECK_MODIFIED_METHOD md5, nothing changed;
  - cached rebuild after one update's text changed;
  - peak memory (the build process's max resident set), and the bytes of HTML per page written;
  - ours: the search index (Pagefind) after the cold build, as `invoke build` runs it.
Every figure is the median of --repeat runs (cold builds of the large site: one run). CPU seconds (user + system)
are given beside wall seconds: other work shares the machine, and CPU time moves much less with it.
Then bench/preview.py: save-to-reload of the live preview on the shipped site plus 300 updates (wall seconds, from
outside), and bench/preview_cpu.py: the CPU seconds of the same warm rebuilds in the preview's build process, with
the pages each one rendered. Ratios are printed against the issue's targets.
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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
EDITED_UPDATE = "updates/2023-10-23-heart-goes-citywide.md"

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
        process = subprocess.Popen(args, cwd=SITE_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        log.seek(0)
        stderr = log.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(f"  ! {' '.join(args[:6])} ... exited {code}:\n{stderr[-1500:]}", file=sys.stderr)
    return seconds, usage.ru_maxrss / 1024, code, usage.ru_utime + usage.ru_stime


def median_run(args_for, env: dict, repeat: int, before=None) -> dict:
    """Median wall, CPU and peak memory of `repeat` runs of `args_for(i)` (calling `before(i)` first)."""
    runs = []
    for index in range(repeat):
        if before:
            before(index)
        runs.append(measure(args_for(index), env))
    return {"wall": statistics.median(run[0] for run in runs), "cpu": statistics.median(run[3] for run in runs),
            "mb": max(run[1] for run in runs), "ok": all(run[2] == 0 for run in runs)}


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
    """A copy of `content` without `Template:` lines, which name templates only our theme has, and `Save_as:` lines
    (the home page and its translation are saved as index.html, which plain Pelican writes itself: it stops)."""
    shutil.copytree(content, target)
    for path in target.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        header, _sep, body = text.partition("\n\n")
        kept = "\n".join(line for line in header.splitlines()
                          if not line.lower().startswith(("template:", "save_as:")))
        path.write_text(kept + "\n\n" + body, encoding="utf-8")
    return target


def bench_site(name: str, content: Path, work: Path, env: dict, repeat: int, cold_repeat: int) -> list[dict]:
    plain_content = without_template_lines(content, work / f"{name}-plain-content")
    plain_settings = work / f"plain-{name}.py"
    plain_settings.write_text(PLAIN_SETTINGS.format(content=str(plain_content)))
    rows = []
    for label, settings, source in (("ours", SITE_ROOT / "pelicanconf.py", content),
                                    ("plain Pelican", plain_settings, plain_content)):
        short = label.split()[0]
        row = {"site": name, "build": label}
        output = work / f"{name}-{short}-cold"

        def fresh(index, short=short):
            shutil.rmtree(work / f"{name}-{short}-cold-cache", ignore_errors=True)
            shutil.rmtree(work / f"{name}-{short}-cold", ignore_errors=True)

        no_cache = {"CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
                    "CACHE_PATH": str(work / f"{name}-{short}-cold-cache")}
        row["cold"] = median_run(lambda _i: pelican(source, settings, output, no_cache), env, cold_repeat, fresh)
        row["pages"], row["bytes_per_page"] = html_bytes_per_page(output)
        if label == "ours" and row["cold"]["ok"]:
            search = [PYTHON, "-c", "import sys; sys.path.insert(0, 'plugins'); "
                      "from incremental.search import index_search; sys.exit(index_search(sys.argv[1]).returncode)",
                      str(output)]
            if not (SITE_ROOT / "plugins" / "incremental").is_dir():   # a checkout from before plugins/incremental
                search = [PYTHON, "-m", "pagefind", "--site", str(output), "--force-language", "en", "--quiet"]
            row["search"] = median_run(lambda _i: search, env, 1)
            # Same cache folder as the cold build: its drawn pictures and compiled templates are kept.
            row["cold_kept"] = median_run(lambda _i: pelican(source, settings, output, no_cache), env, repeat)
        cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CHECK_MODIFIED_METHOD": "md5",
                 "CACHE_PATH": str(work / f"{name}-{short}-cache")}
        warm_output = work / f"{name}-{short}-warm"
        measure(pelican(source, settings, warm_output, cache), env)     # fills the cache
        measure(pelican(source, settings, warm_output, cache), env)
        row["cached"] = median_run(lambda _i: pelican(source, settings, warm_output, cache), env, repeat)
        edited = source / EDITED_UPDATE
        original = edited.read_text(encoding="utf-8")

        def edit(index, edited=edited, original=original):
            # No digit: the build checks that a translation states the same numbers as its original.
            edited.write_text(original + f"\nA sentence added by the benchmark, run {'abcdefghijklmnopqrst'[index % 20]}.\n",
                              encoding="utf-8")

        row["edit"] = median_run(lambda _i: pelican(source, settings, warm_output, cache), env, repeat, edit)
        edited.write_text(original, encoding="utf-8")
        rows.append(row)
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
    def cell(figure: dict | None, key: str) -> str:
        return f"{figure[key]:.2f}" if figure else "-"

    header = (f"{'site':<8} {'build':<14} {'pages':>6} {'cold s':>7} {'cold CPU':>8} {'kept s':>7} {'kept CPU':>8} "
              f"{'+search':>7} {'cached s':>8} {'cached CPU':>10} {'edit s':>7} {'edit CPU':>8} {'peak MB':>7} "
              f"{'HTML B/page':>11}")
    print(header)
    print("-" * len(header))
    for row in rows:
        peak = max(figure["mb"] for key, figure in row.items() if isinstance(figure, dict) and "mb" in figure
                   and key != "search")
        ok = all(figure["ok"] for figure in row.values() if isinstance(figure, dict) and "ok" in figure)
        print(f"{row['site']:<8} {row['build']:<14} {row['pages']:>6} {cell(row['cold'], 'wall'):>7} "
              f"{cell(row['cold'], 'cpu'):>8} {cell(row.get('cold_kept'), 'wall'):>7} "
              f"{cell(row.get('cold_kept'), 'cpu'):>8} {cell(row.get('search'), 'wall'):>7} "
              f"{cell(row['cached'], 'wall'):>8} {cell(row['cached'], 'cpu'):>10} {cell(row['edit'], 'wall'):>7} "
              f"{cell(row['edit'], 'cpu'):>8} {peak:>7.0f} {row['bytes_per_page']:>11,}"
              + ("" if ok else "  (a build FAILED)"))
    print()
    for site in dict.fromkeys(row["site"] for row in rows):
        ours = next(row for row in rows if row["site"] == site and row["build"] == "ours")
        plain = next(row for row in rows if row["site"] == site and row["build"] != "ours")
        peak_ours = max(ours["cold"]["mb"], ours.get("cold_kept", ours["cold"])["mb"])
        print(f"{site}: cold (fresh cache) ours/plain = {ours['cold']['wall'] / plain['cold']['wall']:.2f} wall, "
              f"{ours['cold']['cpu'] / plain['cold']['cpu']:.2f} CPU (target <= 1.5); with the cache folder kept "
              f"{ours['cold_kept']['wall'] / plain['cold']['wall']:.2f} wall, "
              f"{ours['cold_kept']['cpu'] / plain['cold']['cpu']:.2f} CPU; "
              f"peak memory ours/plain = {peak_ours / plain['cold']['mb']:.2f} (target <= 1.5)")
        for build in (ours, plain):
            print(f"{site}, {build['build']}: cached no-change / cold = "
                  f"{build['cached']['wall'] / build['cold']['wall']:.2f} wall, "
                  f"{build['cached']['cpu'] / build['cold']['cpu']:.2f} CPU; one update edited / cold = "
                  f"{build['edit']['wall'] / build['cold']['wall']:.2f} wall, "
                  f"{build['edit']['cpu'] / build['cold']['cpu']:.2f} CPU"
                  + (" (targets <= 0.4 and <= 0.5)" if site == "large" and build is ours else ""))


def main() -> int:
    global SITE_ROOT
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="Checkout to measure (default: this one).")
    parser.add_argument("--no-large", action="store_true", help="Only the shipped site (and the preview).")
    parser.add_argument("--no-preview", action="store_true", help="Leave out bench/preview.py.")
    parser.add_argument("--repeat", type=int, default=5, help="Runs per figure (the median is printed).")
    parser.add_argument("--articles", type=int, default=2000, help="Generated updates in the large site.")
    parser.add_argument("--events", type=int, default=200, help="Generated events in the large site.")
    parser.add_argument("--meetings", type=int, default=100, help="Generated council meetings in the large site.")
    parser.add_argument("--news", type=int, default=5000, help="Generated news items in the large site.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder and print its path.")
    args = parser.parse_args()
    SITE_ROOT = args.root.resolve()

    # BUILD_NOW pins the one build clock; EVENTS_NOW and COUNCIL_NOW did before it (older checkouts, --root).
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "BUILD_NOW": "2026-11-25T12:00-05:00",
           "EVENTS_NOW": "2026-11-25T12:00-05:00", "COUNCIL_NOW": "2026-11-25T12:00-05:00"}
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{platform.node()}: {platform.platform()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average {load}; "
          f"checkout {SITE_ROOT}; medians of {args.repeat} runs\n")
    rows = []
    try:
        shipped = work / "shipped-content"
        shutil.copytree(SITE_ROOT / "content", shipped)
        rows += bench_site("shipped", shipped, work, env, args.repeat, args.repeat)
        if not args.no_large:
            large = work / "large-content"
            shutil.copytree(SITE_ROOT / "content", large)
            generate_large(large, args.articles, args.events, args.meetings, args.news)
            print(f"large site: shipped content + {args.articles} updates, {args.events} events, "
                  f"{args.meetings} meetings, {args.news} news items\n", file=sys.stderr)
            rows += bench_site("large", large, work, env, max(1, args.repeat // 2), 1)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print_table(rows)
    sys.stdout.flush()
    if not args.no_preview:
        print()
        subprocess.run([PYTHON, str(Path(__file__).parent / "preview.py"), "--root", str(SITE_ROOT),
                        "--repeat", str(max(args.repeat, 5))], check=False)
        sys.stdout.flush()
        if (SITE_ROOT / "preview" / "build.py").is_file():   # the warm build process (not in older checkouts)
            print()
            subprocess.run([PYTHON, str(Path(__file__).parent / "preview_cpu.py"), "--root", str(SITE_ROOT),
                            "--repeat", str(max(args.repeat, 5))], check=False)
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\nload average at the end: {load}")
    return 0


SITE_ROOT = ROOT

if __name__ == "__main__":
    sys.exit(main())
