"""CPU time of one warm rebuild in the preview's build process, on the shipped site plus N updates. Prints; asserts nothing.

    .venv/bin/python bench/preview_cpu.py      # 300 updates, 5 edits of each kind
    .venv/bin/python bench/preview_cpu.py --root DIR   # another checkout (before a change), same method

What bench/preview.py times from outside (save to reload, wall seconds) depends on how busy the machine is; the
CPU seconds the build process spends per rebuild depend much less on it. Runs preview.build.WarmBuilder (what
`make livereload` runs) in this process, search index left out (it runs after the reload).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_project(source: Path, target: Path, updates: int) -> None:
    """bench/preview.py's copy of the project with N generated updates (loaded by path: `preview` is our package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_preview", Path(__file__).parent / "preview.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.copy_project(source, target, updates)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--updates", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--root", type=Path, default=ROOT, help="Checkout to measure (default: this one).")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-preview-cpu-"))
    copy_project(args.root.resolve(), work, args.updates)
    os.environ.update(SOURCE_DATE_EPOCH="1700000000", BUILD_NOW="2026-11-25T12:00-05:00")
    os.chdir(work)
    sys.path[:0] = [str(work), str(work / "plugins")]
    import logging

    from preview.build import BuildOptions, WarmBuilder  # noqa: E402

    builder = WarmBuilder(BuildOptions(settings=str(work / "pelicanconf.py"), path=str(work / "content"),
                                       output=str(work / "output"), search=False, root=str(work)))
    logging.getLogger().setLevel(logging.ERROR)
    rendered: list[tuple[int, int]] = []   # (pages rendered, pages in the edition) per edition of the last build

    class Count(logging.Handler):
        """Reads plugins/incremental's debug line "N pages rendered, M kept from the last build"."""

        def emit(self, record):
            words = record.getMessage().split()
            if "rendered," in words and "kept" in words:
                rendered.append((int(words[1]), int(words[1]) + int(words[4])))

    counter = logging.getLogger("incremental")
    counter.setLevel(logging.DEBUG)
    counter.propagate = bool(os.environ.get("BENCH_DEBUG"))
    counter.addHandler(Count())
    quiet = open(os.devnull, "w")
    with contextlib.redirect_stdout(quiet):
        first = builder.build()
        assert first.ok, first.messages
        builder.build()
    update = work / "content" / "updates" / "bench-0007.md"
    figures = work / "data" / "figures.toml"
    texts = {update: update.read_text(encoding="utf-8"), figures: figures.read_text(encoding="utf-8")}
    results = {"no change": [], "update edit": [], "data-file edit": []}
    for number in range(args.repeat):
        for kind in results:
            if kind == "update edit":
                update.write_text(texts[update] + f"\nEdit number {number}.\n", encoding="utf-8")
            elif kind == "data-file edit":
                figures.write_text(texts[figures].replace('value = "6"', f'value = "{600 + number}"', 1),
                                   encoding="utf-8")
            rendered.clear()
            cpu, wall = time.process_time(), time.perf_counter()
            with contextlib.redirect_stdout(quiet):  # the build report, as the preview prints it to its terminal
                result = builder.build()
            results[kind].append((time.process_time() - cpu, time.perf_counter() - wall, result.ok,
                                  sum(count for count, _total in rendered), sum(total for _count, total in rendered)))
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\nshipped content + {args.updates} updates; warm rebuilds in one process; medians of {args.repeat}; "
          f"load average {load}")
    print(f"{'rebuild':<16} {'CPU s':>6} {'wall s':>7} {'pages rendered (both editions)':>31}")
    for kind, runs in results.items():
        print(f"{kind:<16} {statistics.median(run[0] for run in runs):>6.2f} "
              f"{statistics.median(run[1] for run in runs):>7.2f} "
              f"{f'{runs[-1][3]} of {runs[-1][4]}':>31}" + ("" if all(r[2] for r in runs) else " FAILED"))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
