"""The quality gate's verdict under load: `invoke check` on the shipped site and on a page made slow on purpose,
while CPU-bound processes keep every core busy. Prints each run's verdict; asserts nothing.

    .venv/bin/python bench/gate_under_load.py                 # 5 runs each, 3 busy processes (about 40 minutes)
    .venv/bin/python bench/gate_under_load.py --runs 1 --busy 0

The slow site is the shipped site with one page (about/index.html) waiting for a 300 KB script in its <head>
(tests/slow_page.py). Each run is the full gate (`invoke check`, every check, Lighthouse included); the busy
processes are `python -c 'while True: pass'`, started before the first run and stopped after the last.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from slow_page import plant_slow_page  # noqa: E402

INVOKE = str(Path(sys.executable).parent / "invoke")
SLOW_PAGE = "about/index.html"


def check(site: Path, report: Path) -> dict:
    """One full `invoke check` of `site`: exit code, seconds, failed rules and Lighthouse's performance figures."""
    started = time.monotonic()
    result = subprocess.run([INVOKE, "check", "--output", str(site), "--json", str(report)], cwd=ROOT,
                            capture_output=True, text=True)
    seconds = time.monotonic() - started
    data = json.loads(report.read_text()) if report.is_file() else {"findings": [], "figures": {}}
    lighthouse = data["figures"].get("lighthouse", {})
    timings = data["figures"].get("lighthouse_performance", {})
    scores = [scores["performance"] for scores in lighthouse.values() if scores]
    blocking = [figures.get("total_blocking_time_ms", 0) for figures in timings.values()]
    return {
        "exit": result.returncode, "seconds": round(seconds), "load": round(os.getloadavg()[0], 1),
        "failed": sorted({f"{f['page']} {f['check']}:{f['rule']}" for f in data["findings"]}),
        "performance": (min(scores), max(scores)) if scores else None,
        "tbt": (min(blocking), max(blocking)) if blocking else None,
        "tail": "" if result.returncode in (0, 1) else (result.stdout + result.stderr)[-600:],
    }


def show(name: str, number: int, run: dict) -> None:
    verdict = {0: "PASSED", 1: "FAILED"}.get(run["exit"], f"could not run (exit {run['exit']})")
    performance = "-" if not run["performance"] else "%.2f-%.2f" % run["performance"]
    tbt = "-" if not run["tbt"] else "%d-%d ms" % run["tbt"]
    print(f"| {name} | {number} | {verdict} | {run['seconds']} s | {run['load']} | {performance} | {tbt} | "
          f"{', '.join(run['failed']) or 'none'} |", flush=True)
    if run["tail"]:
        print(run["tail"], flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="Runs of the gate on each site.")
    parser.add_argument("--busy", type=int, default=3, help="CPU-bound processes kept running meanwhile.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="gate-load-") as work:
        work = Path(work)
        shipped = work / "shipped"
        build = subprocess.run([INVOKE, "build", "--output", str(shipped)], cwd=ROOT, capture_output=True, text=True)
        if build.returncode:
            print(build.stdout + build.stderr)
            return 1
        slow = plant_slow_page(shipped, work / "slow", SLOW_PAGE)
        print(f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.platform()}, {os.cpu_count()} cores, "
              f"{args.busy} busy processes, {args.runs} runs each of `invoke check` (every check)")
        print("| site | run | verdict | time | load (1 min) | Lighthouse performance | Total Blocking Time | "
              "failed |")
        print("| --- | ---: | --- | ---: | ---: | --- | --- | --- |", flush=True)
        busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
        verdicts = {"shipped": [], "slow": []}
        try:
            for number in range(1, args.runs + 1):
                for name, site in (("shipped", shipped), ("slow page", slow)):
                    run = check(site, work / f"{name}-{number}.json")
                    verdicts["slow" if name == "slow page" else "shipped"].append(run["exit"])
                    show(name, number, run)
        finally:
            for process in busy:
                process.kill()
                process.wait()
    print(f"\nShipped site: {verdicts['shipped'].count(0)} of {args.runs} runs passed. "
          f"Slow page: {verdicts['slow'].count(1)} of {args.runs} runs failed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
