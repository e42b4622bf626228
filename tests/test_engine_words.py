"""The engine names no campaign: theme/, plugins/, checks/, tasks.py, pelicanconf.py and publishconf.py carry
none of the default campaign's own words, taken from its data and content files (its name and the proper
names in it, its program's acronym, its time zone, officials' and council emails, web hosts of its sources,
phone numbers, and the addresses of its pages, figures' ids). Campaign words live in content/ and data/."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

from conftest import ROOT

ENGINE = ("theme", "plugins", "checks", "tasks.py", "pelicanconf.py", "publishconf.py")
TEXT_SUFFIXES = {".py", ".html", ".js", ".css", ".txt", ".pot", ".po", ".svg", ".toml", ".json", ".md", ".cfg"}
# Capitalized words of the campaign's name that are plain English, not names.
PLAIN = {"Have", "The", "For", "And", "Our", "With", "City", "Council", "Campaign"}
_PHONE = re.compile(r"\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HOST = re.compile(r"https?://(?:www\.)?([\w.-]+)")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def campaign_words(campaign: Path) -> set[str]:
    """The campaign's own words, from its data files and page addresses. Matched case-sensitively."""
    data = campaign / "data"
    site = tomllib.loads((data / "site.toml").read_text(encoding="utf-8"))
    words = {site["name"], site["timezone"]}
    for text in (site["name"], site["tagline"]):
        for word in re.findall(r"\b[A-Z][A-Za-z]+\b", text):
            if word not in PLAIN and (word.isupper() or len(word) > 3):
                words.add(word)  # HEART, Durham
    texts = []
    for name in ("site.toml", "council.toml", "officials.toml", "sources.toml", "figures.toml"):
        path = data / name
        if path.exists():
            parsed = tomllib.loads(path.read_text(encoding="utf-8"))
            texts += list(_strings(parsed))
            if name == "figures.toml":
                # A figure may share its id with the kind of metric it is (an engine word, like "overnight-gap").
                from figures.load import METRICS

                words.update(f'"{figure["id"]}"' for figure in parsed.get("figure", []) if figure["id"] not in METRICS)
    for text in texts:
        words.update(phone.lstrip("(") for phone in _PHONE.findall(text))
        words.update(_EMAIL.findall(text))
        words.update(host for host in _HOST.findall(text) if not host.startswith(("example.", "127.")))
    for page in (campaign / "content" / "pages").glob("*.md"):
        header = page.read_text(encoding="utf-8").split("\n\n", 1)[0]
        slug = re.search(r"^Slug:\s*(\S+)", header, re.MULTILINE)
        if re.search(r"^Save_as:\s*index\.html", header, re.MULTILINE):
            continue
        words.add(f"/{slug[1] if slug else page.stem}/")
    return {word for word in words if word}


def engine_files(root: Path):
    for name in ENGINE:
        path = root / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if file.suffix in TEXT_SUFFIXES and "__pycache__" not in file.parts:
                yield file


def campaign_words_in_engine(root: Path, words: set[str]) -> list[str]:
    """One `file:line: word` per campaign word found in the engine under `root`."""
    found = []
    for file in engine_files(root):
        for number, line in enumerate(file.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            for word in sorted(words):
                if word in line:
                    found.append(f"{file.relative_to(root)}:{number}: {word}")
    return found


def test_the_campaign_words_are_found_in_its_data():
    words = campaign_words(ROOT)
    for expected in ("Have a HEART Durham", "HEART", "Durham", "America/New_York", "council@durhamnc.gov",
                     "919-560-4166", "durhamnc.gov", "/what-is-heart/", "/take-action/", "/numbers/", "/about/",
                     '"missed-calls"'):
        assert expected in words, expected


def test_the_engine_names_no_campaign():
    found = campaign_words_in_engine(ROOT, campaign_words(ROOT))
    assert not found, ("The engine names the campaign; move these words to content/ or data/:\n" + "\n".join(found))


def test_the_scan_finds_a_planted_word(tmp_path):
    """The scan can fail: a copy of the engine with one campaign word planted in a template is caught."""
    for name in ENGINE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.ttf"))
        else:
            shutil.copy(source, tmp_path / name)
    footer = tmp_path / "theme" / "templates" / "partials" / "_footer.html"
    footer.write_text(footer.read_text(encoding="utf-8") + '<a href="/take-action/">Call 919-560-4166</a>\n',
                      encoding="utf-8")
    found = campaign_words_in_engine(tmp_path, campaign_words(ROOT))
    last = len(footer.read_text(encoding="utf-8").splitlines())
    assert f"theme/templates/partials/_footer.html:{last}: /take-action/" in found
    assert f"theme/templates/partials/_footer.html:{last}: 919-560-4166" in found
