"""Page weight: what a visitor downloads for a page's HTML, CSS and JavaScript, compressed."""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

from .findings import Finding
from .site import html_pages, is_other_host, resolve
from .static import parse

KB = 1024


@lru_cache(maxsize=None)
def compressed_size(path: Path) -> int:
    """Size after gzip at level 6, what most web servers send."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def page_weights(output: Path, site_root: str = "", skip=()) -> dict[str, dict]:
    """For each page (but those in `skip`): compressed bytes of its HTML, of the CSS and of the JS it loads,
    and their total."""
    weights = {}
    for page in html_pages(output):
        if page in skip:
            continue
        info = parse(output / page)
        css = js = 0
        seen: set[str] = set()
        for _line, element, address in info.fetches:
            if is_other_host(address) or not (element.startswith("link") or element == "script"):
                continue
            target, _fragment = resolve(output, page, address, site_root)
            if not target or target in seen or not (output / target).is_file():
                continue
            seen.add(target)
            size = compressed_size((output / target).resolve())
            if target.endswith(".css"):
                css += size
            elif target.endswith((".js", ".mjs")):
                js += size
        html = compressed_size((output / page).resolve())
        weights[page] = {"html": html, "css": css, "js": js, "total": html + css + js}
    return weights


def check_weight(output: Path, budget_kb: float, first_flight_kb: float, site_root: str = "", skip=()) -> tuple[
        list[Finding], list[str], dict[str, dict]]:
    """Pages over the budget are findings; pages whose HTML + CSS miss the first-flight aim are notes.
    Pages in `skip` (the browser editor, for organizers) are not weighed."""
    weights = page_weights(output, site_root, skip)
    findings, notes = [], []
    over_aim = []
    for page, weight in weights.items():
        if weight["total"] > budget_kb * KB:
            findings.append(Finding(
                page, "weight", "page-budget",
                f"The page downloads {weight['total'] / KB:.1f} KB compressed (HTML {weight['html'] / KB:.1f}, "
                f"CSS {weight['css'] / KB:.1f}, JS {weight['js'] / KB:.1f}); the budget is {budget_kb:g} KB",
                "Split long lists over more pages, shorten the page, or drop scripts the page can do without. "
                "The budget is CHECKS_PAGE_BUDGET_KB in pelicanconf.py.", ""))
        if weight["html"] + weight["css"] > first_flight_kb * KB:
            over_aim.append(f"{page} ({(weight['html'] + weight['css']) / KB:.1f} KB)")
    if weights:
        heaviest = max(weights, key=lambda page: weights[page]["total"])
        notes.append(f"Heaviest page: {heaviest}, {weights[heaviest]['total'] / KB:.1f} KB compressed "
                     f"(budget {budget_kb:g} KB).")
        fit = len(weights) - len(over_aim)
        notes.append(f"{fit} of {len(weights)} pages bring their HTML and CSS in the first {first_flight_kb:g} KB "
                     f"(one round trip on a new connection)."
                     + (f" Over: {', '.join(over_aim[:10])}{' ...' if len(over_aim) > 10 else ''}." if over_aim else ""))
    return findings, notes, weights
