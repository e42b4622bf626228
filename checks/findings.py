"""One problem the quality gate found on one page, and how the report prints them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Finding:
    """A problem on `page` (a path inside the built site, like `about/index.html`).

    `check` names the tool (html, axe, browser, privacy, links, weight, lighthouse); `rule` is that tool's
    rule id, so a reader can look it up; `where` narrows it down (an element, a viewport, a line).
    """

    page: str
    check: str
    rule: str
    what: str
    fix: str
    where: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def format_report(findings: list[Finding], notes: list[str], pages_checked: int, checks_run: list[str]) -> str:
    """The readable report: problems grouped by page, then notes, then one summary line."""
    lines: list[str] = []
    by_page: dict[str, list[Finding]] = defaultdict(list)
    for finding in sorted(set(findings)):
        by_page[finding.page].append(finding)
    for page, page_findings in by_page.items():
        lines.append(f"{page}")
        for finding in page_findings:
            where = f" ({finding.where})" if finding.where else ""
            lines.append(f"  [{finding.check}: {finding.rule}]{where} {finding.what}")
            lines.append(f"      How to fix: {finding.fix}")
        lines.append("")
    if notes:
        lines.append("Notes (not failures):")
        lines.extend(f"  - {note}" for note in notes)
        lines.append("")
    ran = ", ".join(checks_run)
    if by_page:
        count = sum(len(items) for items in by_page.values())
        noun = "problem" if count == 1 else "problems"
        lines.append(f"FAILED: {count} {noun} on {len(by_page)} of {pages_checked} pages (checks run: {ran}).")
    else:
        lines.append(f"PASSED: {pages_checked} pages, no problems (checks run: {ran}).")
    return "\n".join(lines) + "\n"
