"""Every page of the built Spanish edition reads in Spanish: no text that is also on its English counterpart.

Built once (the session's `built_site`), read with BeautifulSoup: for each page under es/, its English counterpart
is the page its `<link rel="alternate" hreflang>` names (the same address, or another slug). A piece of text on the
Spanish page that is not inside an element marked with another language (`lang="en"`: source titles, an
untranslated page's English title) is English when

- the whole piece (a text node, an `alt`, `aria-label` or `title`, the page description) is on the English page too,
  word for word, and has a word in small letters: names ("Durham City Council", "101 City Hall Plaza, Durham,
  NC 27701", "City of Durham") are written in capitals and stay as they are in both editions; or
- it shares four words in a row, all in small letters, with the English page: "HEART answers calls 12 hours a day
  (23 de octubre de 2023); the campaign asks for 24." differs from the English sentence only by its date.

Allowed in both editions: the campaign's name (data/site.toml `name`), web and email addresses (one word each),
code (`Example: yes`), and words of one letter ("6 h", "6 a.m." are Spanish too).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, Comment

from conftest import ROOT

# Small words that join the capitalised words of a name: "City of Durham", "News & Observer".
NAME_JOINERS = {"of", "the", "and", "&", "de", "del", "la", "y"}
ATTRIBUTES = ("alt", "aria-label", "title", "placeholder")
RUN = 4


def campaign_names() -> set[str]:
    site = tomllib.loads((ROOT / "data" / "site.toml").read_text(encoding="utf-8"))
    return {site["name"]}


def _in_other_language(element, lang: str) -> bool:
    """True when the nearest element with a lang attribute says another language than `lang`."""
    for node in [element, *element.parents]:
        value = getattr(node, "attrs", {}).get("lang") if hasattr(node, "attrs") else None
        if value:
            return not value.lower().startswith(lang)
    return False


def texts(soup: BeautifulSoup, lang: str) -> list[str]:
    """The pieces of text a reader meets on the page (text, alternative text, labels, description), in `lang`."""
    found = []
    for string in soup.find_all(string=True):
        # Code is written as the computer reads it (`Example: yes`), in every language.
        if isinstance(string, Comment) or string.parent.name in ("script", "style", "template") or \
                string.find_parent(("code", "kbd", "samp")) is not None:
            continue
        in_head = string.find_parent("head") is not None
        if (not in_head or string.parent.name == "title") and not _in_other_language(string.parent, lang):
            found.append(string)
    for element in soup.find_all(True):
        if _in_other_language(element, lang):
            continue
        found += [element[name] for name in ATTRIBUTES if isinstance(element.get(name), str)]
        if element.name == "meta" and element.get("name") == "description":
            found.append(element.get("content", ""))
    return [" ".join(text.split()) for text in found if text.strip()]


def _small_words(text: str) -> list[str]:
    """Words in small letters, of two letters or more ("h" and "a.m." are the same in Spanish), joiners and web and
    email addresses aside."""
    text = " ".join(token for token in text.split() if not re.search(r"@|://|^www\.|\.(org|gov|com)\b", token))
    return [word for word in re.findall(r"\b[A-Za-zÀ-ÿ']{2,}\b", text) if word[0].islower() and word not in NAME_JOINERS]


def _runs(text: str) -> set[tuple[str, ...]]:
    """Every run of RUN words in small letters, in a row, in `text` (digits, names and punctuation break a run)."""
    runs = set()
    for part in re.split(r"[^a-z' ]+", text):
        words = part.split()
        runs |= {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}
    return runs


def english_on_spanish_page(spanish: BeautifulSoup, english: BeautifulSoup, allowed: set[str]) -> list[str]:
    """The pieces of text on the Spanish page that are also on its English counterpart (see the module docstring)."""
    english_texts = set(texts(english, "en"))
    english_runs = set().union(*(_runs(text) for text in english_texts))
    found = []
    for text in dict.fromkeys(texts(spanish, "es")):
        if text in allowed or len(text.split()) < 2:
            continue
        same = text in english_texts and _small_words(text)
        shared = _runs(text) & english_runs
        if same or shared:
            found.append(text)
    return found


def english_counterpart(site: Path, page: Path, soup: BeautifulSoup) -> Path:
    """The English page this Spanish page's hreflang alternate names; a page with no English twin (a Spanish
    tag) has none, and then its language switcher's page (the nearest one: the updates list)."""
    link = soup.find("link", rel="alternate", hreflang="en")
    if link is not None:
        path = urlsplit(link["href"]).path.lstrip("/")
        target = site / path
    else:
        switch = soup.find("a", class_="hs-lang", hreflang="en")
        assert switch is not None, f"{page.relative_to(site)}: no hreflang alternate and no language switcher"
        href = urlsplit(switch["href"]).path
        target = (site / href.lstrip("/")) if href.startswith("/") else (page.parent / href)
        target = target.resolve()
    return target / "index.html" if target.is_dir() else target


def test_the_detector_finds_english_and_leaves_names_and_marked_passages():
    english = BeautifulSoup(
        '<html lang="en"><body><p>HEART answers calls 12 hours a day (October 23, 2023); the campaign asks for 24.</p>'
        '<span>hours a day</span><span>(as of</span><p>Durham City Council</p>'
        '<p><cite>Budget hearing notes</cite></p><img alt="Map of police beats" src="m.png"></body></html>',
        "html.parser")
    spanish = BeautifulSoup(
        '<html lang="es"><body><p>HEART answers calls 12 hours a day (23 de octubre de 2023); the campaign asks for 24.'
        '</p><span>hours a day</span><span>(as of</span><p>Durham City Council</p>'
        '<p><cite lang="en">Budget hearing notes</cite></p><img alt="Map of police beats" src="m.png">'
        '<p>Have a HEART Durham</p><p>HEART atiende llamadas 12 horas al día.</p></body></html>', "html.parser")
    assert english_on_spanish_page(spanish, english, {"Have a HEART Durham"}) == [
        "HEART answers calls 12 hours a day (23 de octubre de 2023); the campaign asks for 24.",
        "hours a day", "(as of", "Map of police beats"]


def test_no_english_on_any_spanish_page(built_site):
    allowed = campaign_names()
    pages = sorted((built_site / "es").rglob("*.html"))
    assert len(pages) > 20, "the Spanish edition was not built"
    english = {}
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        counterpart = english_counterpart(built_site, page, soup)
        assert counterpart.is_file(), f"{page.relative_to(built_site)}: its English page {counterpart} does not exist"
        other = BeautifulSoup(counterpart.read_text(encoding="utf-8"), "html.parser")
        found = english_on_spanish_page(soup, other, allowed)
        if found:
            english[page.relative_to(built_site).as_posix()] = found
    listed = "\n".join(f"{page}: {text!r}" for page, texts_ in english.items() for text in texts_)
    assert not english, f"English text on Spanish pages (translate it, or mark a name lang=\"en\"):\n{listed}"


# --- The Spanish flyer (printed to PDF by Chromium, as organizers print it) and the Spanish share pictures. ---

def _pdf_lines(pdf: bytes) -> list[str]:
    from io import BytesIO

    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_spanish_flyer_pdf_is_in_spanish_and_its_qr_code_opens_the_spanish_page(built_site, browser):
    from io import BytesIO

    from PIL import Image
    from pyzbar.pyzbar import decode

    spanish_flyers = sorted((built_site / "es" / "events").glob("*/flyer/index.html"))
    assert spanish_flyers, "the Spanish edition has no event flyer"
    context = browser.new_context()
    try:
        page = context.new_page()
        for flyer in spanish_flyers:
            soup = BeautifulSoup(flyer.read_text(encoding="utf-8"), "html.parser")
            event = urlsplit(soup.find("link", rel="alternate", hreflang="en")["href"]).path  # /events/x/flyer/
            english_flyer = built_site / event.strip("/") / "index.html"
            pdfs = {}
            for lang, html in (("es", flyer), ("en", english_flyer)):
                page.goto(html.as_uri())
                pdfs[lang] = _pdf_lines(page.pdf(format="Letter"))
                if lang == "es":
                    png = page.locator("svg.hs-qr").screenshot()
                    decoded = [symbol.data.decode() for symbol in decode(Image.open(BytesIO(png)))]
                    slug = flyer.parent.parent.name
                    assert len(decoded) == 1 and urlsplit(decoded[0]).path == f"/es/events/{slug}/", decoded
                    assert (built_site / "es" / "events" / slug / "index.html").is_file()
            spanish_text = "\n".join(pdfs["es"])
            assert re.search(r"\b(sábado|domingo|lunes|martes|miércoles|jueves|viernes), \d+ de ", spanish_text), \
                spanish_text  # the date in Spanish
            allowed = campaign_names()
            same = [line for line in pdfs["es"] if line in pdfs["en"] and line not in allowed
                    and _small_words(line)]
            assert not same, f"{flyer.relative_to(built_site)}: English lines in the Spanish PDF: {same}"
    finally:
        context.close()


def test_spanish_pages_share_spanish_pictures(built_site):
    """Each Spanish page's Open Graph picture is drawn for the Spanish edition (its own file under es/, not the
    English picture), and a page with its own share headline has a picture unlike the English page's."""
    checked = 0
    for page in sorted((built_site / "es").rglob("index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        image = soup.find("meta", property="og:image")
        if image is None:
            continue
        path = urlsplit(image["content"]).path
        assert path.startswith("/es/"), f"{page.relative_to(built_site)}: og:image {path} is not the Spanish one"
        picture = built_site / path.lstrip("/")
        assert picture.is_file(), f"{page.relative_to(built_site)}: {path} was not drawn"
        english = built_site / path.removeprefix("/es/")
        assert not english.is_file() or english.read_bytes() != picture.read_bytes(), \
            f"{path} is the same picture as the English {english.relative_to(built_site)}"
        checked += 1
    assert checked > 20


def test_spanish_feeds_and_calendar_speak_spanish(built_site):
    """The Spanish edition's Atom feeds and calendar: their titles are Spanish, and an entry in another language
    (a story from an English-language site) says so with xml:lang, as the News page does with lang."""
    from xml.etree import ElementTree

    atom, xml_lang = "{http://www.w3.org/2005/Atom}", "{http://www.w3.org/XML/1998/namespace}lang"
    feeds = sorted((built_site / "es" / "feeds").glob("*.xml"))
    assert feeds
    for feed in feeds:
        spanish = ElementTree.parse(feed).getroot()
        english = ElementTree.parse(built_site / "feeds" / feed.name).getroot()
        assert spanish.get(xml_lang) == "es", feed.name
        english_titles = {entry.findtext(f"{atom}title") for entry in english.iter(f"{atom}entry")}
        for entry in spanish.iter(f"{atom}entry"):
            if entry.findtext(f"{atom}title") in english_titles:
                assert entry.get(xml_lang, "es") != "es", f"{feed.name}: {entry.findtext(f'{atom}title')!r}"
        if spanish.findtext(f"{atom}title") != campaign_names().pop():
            assert spanish.findtext(f"{atom}title") != english.findtext(f"{atom}title"), feed.name
    summaries = {}
    for lang, path in (("es", built_site / "es" / "events.ics"), ("en", built_site / "events.ics")):
        summaries[lang] = re.findall(r"^SUMMARY:(.*)$", path.read_text(encoding="utf-8"), re.M)
    assert summaries["es"] and not set(summaries["es"]) & set(summaries["en"]), summaries


@pytest.mark.parametrize("name, spanish, field, what", [
    ("cost.toml", '[[sourced]]\nid = "request_dollars"\nvalue = 5000000\nshown = "unos $5 millones"\n',
     "sourced[request_dollars].value", 'is "5000000" but the original says "4000000"'),
    ("cost.toml", '[[scenario]]\nid = "night-only"\nname = "Solo de noche"\n',
     "scenario", 'has no table with id = "night-only" in the original'),
    ("coverage.toml", '[[period]]\nstart = "01:00"\n\n[[period]]\n', "period[1].start",
     'is "01:00" but the original says "00:00"'),
    ("coverage.toml", '[words]\ntitel = "Cuándo responde HEART"\n', "words.titel", "is not in the original file"),
])
def test_explainer_word_files_hold_words_only(tmp_path, name, spanish, field, what):
    """A data/explainer/NAME.es.toml that changes a number, a time or an id, or adds a key, is named with its
    field; the explainer blocks keep the original's facts."""
    from explainer.clock import load_coverage
    from explainer.cost import load_cost_model

    for original in ("cost.toml", "coverage.toml", "sources.toml"):
        (tmp_path / original).write_bytes((ROOT / "data" / "explainer" / original).read_bytes())
    (tmp_path / name.replace(".toml", ".es.toml")).write_text(spanish, encoding="utf-8")
    load = load_cost_model if name == "cost.toml" else load_coverage
    _result, problems = load(tmp_path / name, f"data/explainer/{name}", None, "es")
    assert [(problem.path, problem.field) for problem in problems if what in problem.what] == \
        [(f"data/explainer/{name.replace('.toml', '.es.toml')}", field)], problems
    _english, none = load(tmp_path / name, f"data/explainer/{name}", None)
    assert none == []
