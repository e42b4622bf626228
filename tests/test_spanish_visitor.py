"""A Spanish-speaking visitor's path through the real built site in Chromium: home -> what HEART is -> take
action -> the letter -> the email link, with no English sentence on the way that is not marked as English."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from checks.server import serve
from conftest import ROOT

# Small words that carry a sentence's grammar. Names ("Have a HEART Durham", "City Council") have few of them.
ENGLISH_WORDS = {"the", "and", "of", "to", "is", "are", "you", "your", "for", "with", "this", "that", "from",
                 "by", "on", "at", "in", "it", "be", "we", "our", "not", "can", "will", "has", "have", "was",
                 "what", "how", "when", "who", "all", "more", "an", "or", "if", "about", "there", "their", "they"}
SPANISH_WORDS = {"de", "la", "el", "los", "las", "y", "que", "en", "por", "para", "con", "una", "un", "del", "al",
                 "se", "su", "sus", "es", "lo", "le", "les", "como", "más", "usted", "sin", "hay", "está"}


def english_sentences(text: str) -> list[str]:
    """Sentences that read as English: three or more English grammar words, and more of them than Spanish ones."""
    found = []
    for sentence in re.split(r"(?<=[.!?:])\s+(?=[A-ZÁÉÍÓÚÑ¿¡])|\n+", text):
        words = re.findall(r"[a-záéíóúñü']+", sentence.lower())
        english = sum(word in ENGLISH_WORDS for word in words)
        spanish = sum(word in SPANISH_WORDS for word in words)
        if english >= 3 and english > spanish:
            found.append(sentence.strip())
    return found


# The visible text of the page, leaving out passages that say they are in another language (lang="en").
VISIBLE_SPANISH_TEXT = """() => {
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) { parts.push(node.textContent); return; }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const lang = node.getAttribute("lang");
    if (lang && !lang.startsWith("es")) return;
    if (["SCRIPT", "STYLE", "TEMPLATE"].includes(node.tagName)) return;
    const style = getComputedStyle(node);
    if (style.display === "none" || style.visibility === "hidden" || node.hidden) return;
    const block = style.display !== "inline";
    if (block) parts.push("\\n");
    node.childNodes.forEach(walk);
    if (block) parts.push("\\n");
  };
  walk(document.body);
  return parts.join("");
}"""


@pytest.fixture(scope="module")
def served_site(built_site):
    with serve(built_site) as base_url:
        yield base_url.rstrip("/")


def spanish_letter_body() -> str:
    from council.letters import fill, read_letter

    path = ROOT / "content" / "letters" / "fund-heart-24-7.es.md"
    letter, problems = read_letter("content/letters/fund-heart-24-7.es.md", path.read_text(encoding="utf-8"),
                                   "fund-heart-24-7")
    assert letter is not None and not problems
    return fill(letter.text, lang="es")


def test_spanish_visitor_reaches_the_spanish_letter_without_english(served_site, browser):
    seen = []
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()

    def check_page() -> None:
        assert page.evaluate("document.documentElement.lang") == "es", page.url
        english = english_sentences(page.evaluate(VISIBLE_SPANISH_TEXT))
        assert not english, f"{page.url}: {english}"
        seen.append(urlsplit(page.url).path)

    page.goto(f"{served_site}/es/")
    check_page()
    page.locator("nav a", has_text="Qué es HEART").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "¿Qué es HEART?"
    check_page()
    page.locator("main a", has_text="Actúe").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Actúe"
    check_page()
    page.locator("main a", has_text="una de nuestras cartas").click()
    page.wait_for_load_state()
    check_page()
    page.locator("main a", has_text="Pida al Concejo Municipal que financie HEART").first.click()
    page.wait_for_load_state()
    check_page()
    href = page.locator("a[data-link=mailto]").get_attribute("href")
    assert seen == ["/es/", "/es/what-is-heart/", "/es/take-action/", "/es/letters/", "/es/letters/fund-heart-24-7/"]
    assert href.startswith("mailto:council@durhamnc.gov?")
    query = parse_qs(urlsplit(href).query, keep_blank_values=True)
    body = query["body"][0]
    assert body == spanish_letter_body().replace("\n", "\r\n")
    assert query["subject"][0] == "Por favor, financien HEART las 24 horas, los 7 días de la semana"
    assert not english_sentences(unquote(body))


def test_english_sentence_detector_finds_english_and_passes_spanish():
    assert english_sentences("Sign up to speak by 7 p.m. on Monday, December 7, 2026.")
    assert english_sentences("The city's pages do not say how early you must sign up.")
    assert not english_sentences("Inscríbase para hablar antes del lunes, 7 de diciembre de 2026, a las 7:00 p.m.")
    assert not english_sentences("También puede mandar una carta a: Office of the City Council, 101 City Hall Plaza.")
