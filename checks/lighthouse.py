"""Lighthouse audits (mobile preset) of the home page and one page of each kind.

Accessibility, best practices and SEO must reach CHECKS_LIGHTHOUSE_MINIMUM. The performance score and its timings
are reported beside the stable measures of checks/performance.py and never fail the check: on these machines the
same page scored 0.85 to 1.00 depending on what else was running (Total Blocking Time 0 to 520 ms).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

from .findings import Finding
from .site import page_url

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The categories the check judges; performance is only reported.
JUDGED = ("accessibility", "best-practices", "seo")
# Lighthouse's figures shown beside the performance score: (audit id, name in the report's figures).
REPORTED = (("total-blocking-time", "total_blocking_time_ms"), ("largest-contentful-paint", "largest_contentful_paint_ms"),
            ("cumulative-layout-shift", "cumulative_layout_shift"), ("total-byte-weight", "transfer_bytes"),
            ("dom-size", "dom_elements"))
PAGINATION = re.compile(r"/page/\d+/index\.html$")


def kind_of(page: str) -> str:
    """A page's kind, from the shape of its address: the home page, `updates/*/`, `updates/tag/*/`, ..."""
    if page == "index.html":
        return "home"
    if PAGINATION.search(page):
        return PAGINATION.sub("/page/*/", page)
    parts = page.split("/")
    if parts[-1] == "index.html":
        parts = parts[:-1]
    if len(parts) == 1:
        return parts[0] if not page.endswith("/index.html") else "*/"
    return "/".join(parts[:-1]) + "/*/"


def edition_folders(output: Path) -> list[str]:
    """Top-level folders that are another language's edition: their home page's <html lang> is not the root's."""
    def lang_of(page: Path) -> str:
        match = re.search(r'<html[^>]*\blang="([^"]+)"', page.read_text(encoding="utf-8", errors="replace")[:2000])
        return match[1] if match else ""

    root = output / "index.html"
    if not root.is_file():
        return []
    main = lang_of(root)
    return sorted(folder.name for folder in output.iterdir()
                  if folder.is_dir() and (folder / "index.html").is_file() and lang_of(folder / "index.html") not in ("", main))


def pages_to_audit(pages: list[str], also: list[str], skip: list[str], editions: list[str] = ()) -> list[str]:
    """The home page, the first page of each kind, and the pages in `also`; never those in `skip`.

    A page in another language edition's folder (`editions`, like "es") is the same kind as the main edition's
    page at the same place; each edition's home page is audited as well.
    """
    chosen: dict[str, str] = {}
    prefixes = tuple(f"{folder.strip('/')}/" for folder in editions)
    # The main edition's pages first (a stable sort), so each kind is audited on its main-edition page
    # ("es/index.html" sorts before "index.html"); each edition's home page is added below.
    for page in sorted(pages, key=lambda page: page.startswith(prefixes) if prefixes else False):
        inside = next((page[len(prefix):] for prefix in prefixes if page.startswith(prefix)), page)
        # A skipped page is skipped in every edition (es/404.html is the 404 page too, noindex on purpose).
        if page in skip or inside in skip:
            continue
        chosen.setdefault(kind_of(inside), page)
    selected = list(chosen.values())
    for page in [*also, *(f"{prefix}index.html" for prefix in prefixes)]:
        if page in pages and page not in selected and page not in skip:
            selected.append(page)
    return selected


def _examples(item: dict) -> str:
    """The first few things an audit points at (a URL, an element, a console message), if it lists any."""
    shown = []
    for row in (item.get("details") or {}).get("items", [])[:3]:
        if not isinstance(row, dict):
            continue
        node = row.get("node") if isinstance(row.get("node"), dict) else {}
        location = row.get("sourceLocation") if isinstance(row.get("sourceLocation"), dict) else {}
        text = row.get("description") or node.get("snippet") or row.get("url") or location.get("url")
        if text:
            url = location.get("url")
            shown.append(f"{text} [{url}]" if url and url != text else str(text))
    return f" [{' | '.join(shown)}]" if shown else ""


def audit(base_url: str, page: str, lighthouse: Path, chromium: str, minimum: dict[str, float],
          noindex: bool = False) -> tuple[list[Finding], dict[str, float], dict[str, float]]:
    """Run Lighthouse on one page. Returns (findings, scores, figures).

    Findings: each judged category under its minimum, with the audits that cost points. Scores: all four
    categories. Figures: the performance timings and counts Lighthouse measured (reported, never judged).
    A page that asks search engines not to index it (a printable flyer) loses the SEO points of `is-crawlable`
    on purpose; for it, SEO passes when every other SEO audit passes.
    """
    url = base_url + page_url(page)
    report, error = _run(url, lighthouse, chromium)
    if report is None:
        # Lighthouse itself failing (Chromium starting slowly on a busy machine) says nothing about the page.
        report, error = _run(url, lighthouse, chromium)
    if report is None:
        return [Finding(page, "lighthouse", "did-not-run", f"Lighthouse could not audit {url} (tried twice): {error}",
                        "Run `npm ci`, and check that /usr/bin/chromium starts.", "")], {}, {}
    scores = {name: report["categories"][name]["score"] or 0.0 for name in CATEGORIES}
    figures = {}
    for audit_id, name in REPORTED:
        value = report["audits"].get(audit_id, {}).get("numericValue")
        if value is not None:
            figures[name] = round(value, 3) if name == "cumulative_layout_shift" else round(value)
    network = (report["audits"].get("network-requests", {}).get("details") or {}).get("items")
    if network is not None:
        figures["requests"] = len(network)
    findings = []
    for name in JUDGED:
        needed = minimum.get(name, 1.0)
        if scores[name] >= needed:
            continue
        costly = []
        for ref in report["categories"][name]["auditRefs"]:
            item = report["audits"][ref["id"]]
            if noindex and ref["id"] == "is-crawlable":
                continue
            if ref.get("weight", 0) > 0 and item.get("score") is not None and item["score"] < 1:
                value = f" ({item['displayValue']})" if item.get("displayValue") else ""
                costly.append(f"{ref['id']}: {item['title']}{value}{_examples(item)}")
        if noindex and name == "seo" and not costly:
            continue
        findings.append(Finding(
            page, "lighthouse", name,
            f"Lighthouse {name} score is {scores[name]:.2f}, needs at least {needed:.2f}. "
            f"Audits that cost points: {'; '.join(costly) or 'none listed'}",
            "Fix the audits named (npx lighthouse URL --view shows details). Minimums are "
            "CHECKS_LIGHTHOUSE_MINIMUM in pelicanconf.py.", "mobile"))
    return findings, scores, figures


def _run(url: str, lighthouse: Path, chromium: str) -> tuple[dict | None, str]:
    """Lighthouse's JSON report for `url`, or (None, what went wrong)."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as work:
        report_path = Path(work) / "report.json"
        flags = " ".join(["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          "--disable-dev-shm-usage", f"--user-data-dir={work}/profile"])
        try:
            result = subprocess.run(
                [str(lighthouse), url, "--quiet", "--output=json", f"--output-path={report_path}",
                 f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}",
                 # The page's full screenshot only illustrates the HTML report, which is not written: no audit
                 # is scored on it, and taking it is about a tenth of each audit.
                 "--disable-full-page-screenshot"],
                capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": chromium})
        except subprocess.TimeoutExpired:
            return None, "it did not finish in 300 s"
        if result.returncode != 0 or not report_path.is_file():
            # The message, not the Node stack trace under it ("    at ..." lines).
            lines = [line for line in (result.stderr or result.stdout).splitlines()
                     if line.strip() and not line.lstrip().startswith("at ")]
            return None, " ".join(lines)[:400]
        report = json.loads(report_path.read_text())
    if report.get("runtimeError"):
        return None, f"{report['runtimeError'].get('code')}: {report['runtimeError'].get('message', '')[:300]}"
    return report, ""
