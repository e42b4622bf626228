"""HTML errors from the Nu HTML Checker (the W3C validator), run once over the whole site."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .findings import Finding

# The rules behind the commonest messages, so the report can say how to fix them in our terms.
FIX_HINTS = (
    ("not allowed as child of element", "Move the element to where HTML allows it (for example, no <div> inside "
     "<p>, no <li> outside <ul>/<ol>). Check the template or the raw HTML in the Markdown file."),
    ("“alt” attribute", 'Describe the picture in alt="...", or write alt="" if it is only decoration.'),
    ("Duplicate ID", "Give each id on a page a different value; a heading's id comes from its text."),
    ("Stray end tag", "Remove the extra closing tag, or add the opening tag it belongs to."),
    ("Unclosed element", "Close the element, or remove it."),
    ("End tag", "Close elements in the reverse order they were opened."),
)
GENERIC_FIX = "Fix the markup the message names (template in theme/templates/ or raw HTML in the Markdown file)."


class ToolMissing(RuntimeError):
    """A tool the check needs is not installed; the message says how to install it."""


def check_html(output: Path, vnu_jar: Path) -> list[Finding]:
    """Validate every HTML page in `output` in one Java run; one Finding per error."""
    java = shutil.which("java")
    if not java:
        raise ToolMissing("Java is not installed. Install it with: apt-get install -y default-jre-headless")
    if not vnu_jar.is_file():
        raise ToolMissing(f"{vnu_jar} is missing. Install the checkers with: npm ci")
    result = subprocess.run(
        [java, "-Xss8m", "-jar", str(vnu_jar), "--skip-non-html", "--errors-only", "--format", "json",
         str(output)],
        capture_output=True, text=True, timeout=600)
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    root = output.resolve()
    findings = []
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        page = _page_of(message.get("url", ""), root)
        line = message.get("lastLine") or message.get("firstLine")
        text = message.get("message", "").strip()
        extract = (message.get("extract") or "").strip().replace("\n", " ")
        what = f"{text} (line {line}: {extract})" if line else text
        fix = next((hint for key, hint in FIX_HINTS if key in text), GENERIC_FIX)
        findings.append(Finding(page, "html", _rule(text), what, fix, f"line {line}" if line else ""))
    return findings


def _page_of(url: str, root: Path) -> str:
    path = Path(unquote(urlsplit(url).path))
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _rule(text: str) -> str:
    """A short, stable rule name from vnu's message (vnu has no rule ids)."""
    lowered = text.lower()
    for key, rule in (("must have an “alt” attribute", "image-alt"), ("not allowed as child of element", "invalid-nesting"), ("duplicate id", "duplicate-id"),
                      ("stray end tag", "stray-end-tag"), ("unclosed element", "unclosed-element"),
                      ("attribute", "bad-attribute"), ("bad value", "bad-value")):
        if key in lowered:
            return rule
    return "invalid-html"
