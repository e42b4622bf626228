"""The home page is content: a page with `Template: home` gives the campaign's ask. No Pelican here.

    Title: Have a campaign
    Template: home
    Save_as: index.html
    Url:
    Kicker: Our city's crisis program
    Headline: Crisis care around the clock
    Lead: One or two sentences: what you ask, and of whom.
    Action: Tell the City Council -> pages/take-action.md
    Action: What the program does -> pages/what-it-is.md

Each `Action:` line is one button, in order: its words, then `->`, then the page it opens (a file in content/, or
a list the site makes, like events/). The first button is the main one.
"""

from __future__ import annotations

from pathlib import Path

from content_checks.fields import Field
from content_checks.header import read_header
from content_checks.problems import Problem
from sources.textfiles import UnreadableFile, read_text_file

from .load import PAGE_FIX, check_page_ref
from .model import Home, Link

TEMPLATE = "home"
_PAGE = frozenset({"page"})
FIELDS = [
    Field("Kicker", "Home page only. The short line above the headline.", "Our city's crisis program", _PAGE),
    Field("Headline", "Home page only. The campaign's ask in a few words: the page's main heading.",
          "Crisis care around the clock", _PAGE),
    Field("Lead", "Home page only. One to three sentences under the headline: what you ask, and of whom.",
          "We are asking the City Council to fund crisis care 24 hours a day.", _PAGE, form="text"),
    # form "lines": the key may be written on several lines, one value each (the editor shows a list).
    Field("Action", "Home page only. A button: its words, then ->, then the page it opens. One line per button.",
          "Tell the City Council -> pages/take-action.md", _PAGE, form="lines"),
]
REQUIRED = ("Kicker", "Headline", "Lead")


def split_action(value: str) -> tuple[str, str]:
    """("Tell the City Council", "pages/take-action.md") from "Tell the City Council -> pages/take-action.md"."""
    label, arrow, page = value.partition("->")
    return (label.strip(), page.strip()) if arrow else ("", "")


def actions_of(metadata_value) -> list[Link]:
    """The buttons of a home page as Pelican read them (one Action line is a string, several are a list)."""
    values = metadata_value if isinstance(metadata_value, list) else [metadata_value] if metadata_value else []
    return [Link(*split_action(str(value))) for value in values if all(split_action(str(value)))]


def read_home(path: Path, shown: str, content: Path) -> tuple[Home | None, list[Problem]]:
    """The home page's fields, checked: every required field present, every button well formed and its page real."""
    document = read_header(read_text_file(path, shown))
    problems = []
    for key in REQUIRED:
        if not document.value(key.lower()):
            example = next(field.example for field in FIELDS if field.name == key)
            problems.append(Problem(shown, document.line(key.lower()) or 1, key, "is missing on the home page.",
                                    f"Add a line like: {key}: {example}"))
    if document.value("save_as") != "index.html":
        problems.append(Problem(shown, document.line("save_as") or 1, "Save_as",
                                "must be index.html on the home page, so it is the first page visitors see.",
                                "Add the line: Save_as: index.html"))
    actions = []
    for entry in document.entries:
        if entry.key.lower() != "action":
            continue
        label, page = split_action(entry.value)
        if not label or not page:
            problems.append(Problem(shown, entry.line, entry.key, f'"{entry.value}" is not a button.',
                                    "Write the words, then ->, then the page, like: Action: Tell the City Council -> "
                                    "pages/take-action.md"))
            continue
        wrong = check_page_ref(page, content)
        if wrong:
            problems.append(Problem(shown, entry.line, entry.key, wrong, PAGE_FIX))
            continue
        actions.append(Link(label, page))
    if problems:
        return None, problems
    return Home(shown, document.value("kicker"), document.value("headline"), document.value("lead"), actions), []


def find_home(content: Path, shown, lang: str = "", main: str = "") -> tuple[Home | None, list[Problem]]:
    """The campaign's home page (content/pages/*.md with Template: home in the site's own language), checked.

    With `lang` (a language edition), the home page whose Lang is `lang`, else the main language's (`main`)."""
    pages = content / "pages"
    homes = []
    for path in sorted(pages.glob("*.md")) if pages.is_dir() else []:
        try:
            document = read_header(read_text_file(path, shown(path)))
        except UnreadableFile:
            continue  # content_checks names the file and its line
        if document.value("template").lower() == TEMPLATE and document.value("translation").lower() != "true":
            homes.append((path, (document.value("lang") or main).lower()))
    wanted = [path for path, home_lang in homes if lang and home_lang == lang.lower()]
    homes = wanted or [path for path, home_lang in homes if not main or home_lang == main.lower()]
    if not homes:
        return None, [Problem(shown(pages), None, "", "has no home page.",
                              "Add content/pages/home.md with Template: home and Save_as: index.html "
                              "(see docs for its fields: Kicker, Headline, Lead, Action).")]
    home, problems = read_home(homes[0], shown(homes[0]), content)
    for extra in homes[1:]:
        problems.append(Problem(shown(extra), None, "Template", f"is home, but {shown(homes[0])} is the home page already.",
                                "Keep one home page; use Translation: true for the same page in another language."))
    return home, problems
