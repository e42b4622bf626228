"""Runs every check over a built site and writes the report: `python -m checks` or `invoke check`."""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import settings as settings_module
from .findings import Finding, format_report
from .html_validity import ToolMissing, check_html
from .site import html_pages
from .static import check_static
from .weight import check_weight

NOINDEX = re.compile(r"<meta\s+name=\"robots\"\s+content=\"[^\"]*noindex", re.IGNORECASE)
ALL_CHECKS = ("html", "static", "weight", "performance", "browser", "lighthouse")
# The checks that read the built files only: seconds, no browser (`invoke check --fast`, `make check FAST=1`).
FAST_CHECKS = ("html", "static", "weight", "performance")


def run_checks(output: Path, settings: dict, only: tuple[str, ...] = ALL_CHECKS,
               log=print) -> tuple[list[Finding], list[str], dict]:
    """Run the chosen checks over `output`. Returns (findings, notes, figures)."""
    pages = html_pages(output)
    if not pages:
        raise ToolMissing(f"{output} has no HTML pages. Build the site first: make html")
    # The browser editor is for organizers: checked for privacy and for the HTML we write, not for the budget.
    editor_pages = [page for page in pages if page in settings["CHECKS_EDITOR_PAGES"]]
    visitor_pages = [page for page in pages if page not in editor_pages]
    node_modules = Path(settings["CHECKS_NODE_MODULES"])
    findings: list[Finding] = []
    notes: list[str] = []
    figures: dict = {"pages": len(pages), "seconds": {}}

    def timed(name, function):
        started = time.monotonic()
        result = function()
        figures["seconds"][name] = round(time.monotonic() - started, 1)
        log(f"  {name}: {figures['seconds'][name]} s")
        return result

    if "html" in only:
        findings += timed("html", lambda: check_html(output, node_modules / "vnu-jar/build/dist/vnu.jar"))
    if "static" in only:
        findings += timed("static", lambda: check_static(output, settings["SITE_ROOT"], editor_pages,
                                                         settings["CHECKS_EDITOR_HOSTS"]))
    if "weight" in only:
        weight_findings, weight_notes, weights = timed("weight", lambda: check_weight(
            output, settings["CHECKS_PAGE_BUDGET_KB"], settings["CHECKS_FIRST_FLIGHT_KB"], settings["SITE_ROOT"],
            skip=editor_pages))
        findings += weight_findings
        notes += weight_notes
        figures["weights"] = weights
    if "performance" in only:
        from .performance import check_performance

        performance_findings, performance_notes, measures = timed("performance", lambda: check_performance(
            output, settings["CHECKS_PERFORMANCE_LIMITS"], settings["SITE_ROOT"], skip=editor_pages))
        findings += performance_findings
        notes += performance_notes
        figures["performance"] = measures
    if "browser" in only or "lighthouse" in only:
        from .server import serve

        chromium = settings["CHECKS_CHROMIUM"]
        if not Path(chromium).is_file():
            raise ToolMissing(f"{chromium} is missing. Install Chromium with: apt-get install -y chromium")
        with serve(output) as base_url:
            if "browser" in only:
                from .browser import check_in_browser

                axe = node_modules / "axe-core/axe.min.js"
                if not axe.is_file():
                    raise ToolMissing(f"{axe} is missing. Install the checkers with: npm ci")
                findings += _merge_viewports(timed("browser", lambda: check_in_browser(
                    base_url, visitor_pages, settings["CHECKS_VIEWPORTS"], axe, settings["CHECKS_AXE_TAGS"],
                    settings["CHECKS_AXE_RULES"], chromium, editor_pages=editor_pages,
                    editor_hosts=settings["CHECKS_EDITOR_HOSTS"],
                    parallel=max(1, int(settings["CHECKS_BROWSER_PARALLEL"])))))
            if "lighthouse" in only:
                findings += timed("lighthouse", lambda: _lighthouse(output, base_url, visitor_pages, settings,
                                                                    node_modules,
                                                                    chromium, notes, figures))
    return findings, notes, figures


def _lighthouse(output, base_url, pages, settings, node_modules, chromium, notes, figures) -> list[Finding]:
    from .lighthouse import audit, edition_folders, pages_to_audit

    binary = node_modules / ".bin/lighthouse"
    if not binary.exists():
        raise ToolMissing(f"{binary} is missing. Install the checkers with: npm ci")
    findings = []
    figures["lighthouse"] = {}
    chosen = pages_to_audit(pages, settings["CHECKS_LIGHTHOUSE_ALSO"], settings["CHECKS_LIGHTHOUSE_SKIP"],
                            settings["CHECKS_LIGHTHOUSE_EDITIONS"] or edition_folders(output))

    def run_one(page):
        noindex = bool(NOINDEX.search((output / page).read_text(encoding="utf-8", errors="replace")))
        return (*audit(base_url, page, binary, chromium, settings["CHECKS_LIGHTHOUSE_MINIMUM"], noindex), noindex)

    figures["lighthouse_performance"] = {}
    # Each audit is mostly waiting on one Chromium; two at a time nearly halves the time on two cores.
    with ThreadPoolExecutor(max_workers=max(1, int(settings["CHECKS_LIGHTHOUSE_PARALLEL"]))) as pool:
        for page, (page_findings, scores, measured, noindex) in zip(chosen, pool.map(run_one, chosen)):
            findings += page_findings
            figures["lighthouse"][page] = scores
            figures["lighthouse_performance"][page] = measured
            if scores:
                judged = ", ".join(f"{name} {scores[name]:.2f}" for name in ("accessibility", "best-practices", "seo"))
                timings = ", ".join(f"{name.replace('_', ' ')} {value:g}" for name, value in measured.items())
                notes.append(f"Lighthouse {page}: {judged}"
                             + (" (noindex on purpose: SEO judged without is-crawlable)" if noindex else "")
                             + f"; performance {scores['performance']:.2f}, reported only ({timings})")
    return findings


def _merge_viewports(findings: list[Finding]) -> list[Finding]:
    """One finding per problem, naming every viewport it showed up at."""
    merged: dict[tuple, list[str]] = {}
    for finding in findings:
        key = (finding.page, finding.check, finding.rule, finding.what, finding.fix)
        merged.setdefault(key, []).append(finding.where)
    return [Finding(*key, where=", ".join(dict.fromkeys(where for where in wheres if where)))
            for key, wheres in merged.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checks", description=__doc__)
    parser.add_argument("--output", default="output", help="Built site folder to check.")
    parser.add_argument("--settings", default="pelicanconf.py",
                        help="Settings file with the CHECKS_* settings (and SITE_ROOT).")
    parser.add_argument("--only", default=",".join(ALL_CHECKS),
                        help=f"Comma-separated checks to run, from: {', '.join(ALL_CHECKS)}.")
    parser.add_argument("--json", dest="json_path", help="Also write the findings and figures to this JSON file.")
    args = parser.parse_args(argv)
    only = tuple(name.strip() for name in args.only.split(",") if name.strip())
    unknown = [name for name in only if name not in ALL_CHECKS]
    if unknown:
        parser.error(f"--only: unknown check {', '.join(unknown)}. Choose from: {', '.join(ALL_CHECKS)}")
    output = Path(args.output)
    try:
        settings = settings_module.load(Path(args.settings) if args.settings else None)
        print(f"Checking {output} ...", flush=True)
        findings, notes, figures = run_checks(output, settings, only,
                                              log=lambda line: print(line, flush=True))
    except (ToolMissing, settings_module.SettingsError) as error:
        print(f"The check could not run: {error}", file=sys.stderr)
        return 2
    print()
    print(format_report(findings, notes, figures["pages"], list(only)), end="")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(
            {"findings": [finding.as_dict() for finding in sorted(set(findings))], "notes": notes,
             "figures": figures}, indent=2, sort_keys=True))
    return 1 if findings else 0
