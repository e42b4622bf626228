"""The checks a built site must pass before it is published. A site that fails one is never sent anywhere."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from content_checks.header import read_header
from sources.textfiles import UnreadableFile, read_text_file

from .examples import is_example

# The theme's Example labels all carry one of these classes (components/example.html, update.html, figure.html).
# A plugin's own label must use a class with "example" in it after the hs- prefix too, so this check sees it.
_EXAMPLE_CLASS = re.compile(r"^hs-[\w-]*example\b")


@dataclass
class GateResult:
    name: str
    passed: bool
    report: str


class _ExampleFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.labels = 0
        self.h1 = []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if any(_EXAMPLE_CLASS.match(name) for name in classes):
            self.labels += 1
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1[-1] += data


def example_titles(content: Path) -> dict[str, str]:
    """Title -> source file of every Markdown file marked `Example: yes` under `content`."""
    titles = {}
    for path in sorted(content.rglob("*.md")):
        try:
            document = read_header(read_text_file(path))
        except UnreadableFile:
            continue  # the build already refused it, naming the file
        example, title = document.get("example"), document.get("title")
        if example and title and is_example(example.value):
            titles[" ".join(title.value.split())] = str(path)
    return titles


# Feeds, calendars and data files have no labels; an example's title in one of them means it leaked.
TEXT_SUFFIXES = (".xml", ".ics", ".json", ".txt", ".csv")


def _plain(text: str) -> str:
    # iCalendar escapes commas and semicolons (RFC 5545, 3.3.11); XML and JSON escape & and quotes.
    return " ".join(html.unescape(text.replace("\\,", ",").replace("\\;", ";")).split())


def find_example_pages(site: Path, content: Path | None = None) -> list[str]:
    """One line per published file that shows an Example label or carries the title of an example source file."""
    titles = example_titles(content) if content and content.is_dir() else {}
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p.name.endswith(TEXT_SUFFIXES)):
        text = _plain(path.read_text(encoding="utf-8", errors="replace"))
        for title, source in titles.items():
            if title in text:
                found.append(f"{path.relative_to(site).as_posix()}: names the example {source} "
                             f'("{title}", Example: yes), which must not be published.')
    for page in sorted(site.rglob("*.html")):
        finder = _ExampleFinder()
        finder.feed(page.read_text(encoding="utf-8", errors="replace"))
        where = page.relative_to(site).as_posix()
        if finder.labels:
            found.append(f"{where}: shows {finder.labels} \"Example\" label(s); example content must not be published.")
        for heading in finder.h1:
            source = titles.get(" ".join(heading.split()))
            if source:
                found.append(f"{where}: is the example {source} (Example: yes), which must not be published.")
    return found


def check_no_examples(site: Path, content: Path | None = None) -> GateResult:
    found = find_example_pages(site, content)
    if not found:
        return GateResult("no example content", True, "")
    fix = ("Build with publishconf.py (SHOW_EXAMPLES = False), and make every plugin leave out items "
           "marked example when SHOW_EXAMPLES is False.")
    return GateResult("no example content", False, "\n".join(found + [fix]))


def run_check_command(command: list[str], site: Path, cwd: Path) -> GateResult:
    """Run the quality check (by default `invoke check`) on the built site; it passes when it exits with 0."""
    args = [word.replace("{site}", str(site)) for word in command]
    try:
        result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    except OSError as error:
        return GateResult("quality check", False, f"could not run {' '.join(args)}: {error}")
    report = (result.stdout + result.stderr).strip()
    if result.returncode != 0 and "No idea what 'check' is" in report:
        report += ("\nThis copy of the project has no `invoke check` task, so the site cannot be checked. "
                   "Update it with `git pull`, or set `check` in the deploy file to the command that checks the site.")
    elif result.returncode != 0 and not report:
        report = f"{' '.join(args)} stopped with exit code {result.returncode} and printed nothing."
    return GateResult("quality check", result.returncode == 0, report)
