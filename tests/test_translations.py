"""Two editions from one build: English at the root, Spanish under /es/, with their links, catalogs and checks."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

from babel.messages.pofile import read_po

from conftest import ROOT, copy_content, run_build
from site_pages import html_pages, soup_of

SPANISH = {
    "Skip to main content": "Saltar al contenido principal",
    "Updates": "Novedades",
    "Search this site": "Buscar en este sitio",
}


def test_theme_strings_are_extracted(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-o", str(pot),
                    "theme/templates", "pelicanconf.py"], cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as handle:
        ids = {message.id for message in read_po(handle) if message.id}
    assert set(SPANISH) <= ids
    assert "Follow updates (Atom feed)" in ids


def test_spanish_edition_is_spanish_from_frame_to_dates(built_site):
    home = soup_of(built_site / "es" / "index.html")
    assert home.html["lang"] == "es"
    assert home.find("a", class_="hs-skip-link").get_text() == SPANISH["Skip to main content"]
    # The menu's words are the campaign's, from data/site.es.toml.
    assert "Actúe" in [a.get_text(strip=True) for a in home.select("nav a")]
    assert SPANISH["Search this site"] in [a.get_text(strip=True) for a in home.select("footer a")]
    # Dates follow the language too (babel), not only the words.
    update = soup_of(built_site / "es/updates/heart-now-answers-calls-in-all-of-durham-12-hours-a-day/index.html")
    assert update.html["lang"] == "es"
    assert update.h1.get_text(strip=True) == "HEART ya atiende llamadas en todo Durham, 12 horas al día"
    assert update.select_one(".hs-page-header time").get_text() == "23 de octubre de 2023"
    english = soup_of(built_site / "updates/heart-now-answers-calls-in-all-of-durham-12-hours-a-day/index.html")
    assert english.html["lang"] == "en"
    assert english.select_one(".hs-page-header time").get_text() == "October 23, 2023"


def test_every_page_links_to_its_counterpart_and_no_switch_is_broken(built_site):
    pages = [page for page in html_pages(built_site) if not page.relative_to(built_site).as_posix().startswith("pagefind/")]
    spanish = [page for page in pages if page.relative_to(built_site).parts[0] == "es"]
    assert len(spanish) >= 30
    for page in pages:
        soup = soup_of(page)
        switch = soup.select("a.hs-lang")
        assert len(switch) == 1, page
        other = "en" if soup.html["lang"] == "es" else "es"
        assert switch[0]["hreflang"] == other and switch[0]["lang"] == other
        href = switch[0]["href"]
        # The 404 page is served at any address, so its links start from the site root.
        target = (built_site / href.lstrip("/") if href.startswith("/") else page.parent / href).resolve()
        target = target / "index.html" if target.is_dir() else target
        assert target.is_file(), f"{page}: {href}"
        assert soup_of(target).html["lang"] == other
    # A translated page names its counterpart in the head, both ways, with absolute addresses.
    english = soup_of(built_site / "what-is-heart/index.html")
    spanish_page = soup_of(built_site / "es/what-is-heart/index.html")
    assert english.find("link", hreflang="es")["href"] == "http://localhost:8000/es/what-is-heart/"
    assert spanish_page.find("link", hreflang="en")["href"] == "http://localhost:8000/what-is-heart/"
    assert spanish_page.select_one("a.hs-lang")["href"] == "../../what-is-heart/"


def test_sitemap_lists_both_editions_with_alternates(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert not (built_site / "es" / "sitemap.xml").exists()
    blocks = re.findall(r"<url>(.*?)</url>", sitemap, re.S)
    locs = [re.search(r"<loc>([^<]*)</loc>", block)[1] for block in blocks]
    assert len(locs) == len(set(locs))
    assert "http://localhost:8000/es/about/" in locs and "http://localhost:8000/about/" in locs
    about = next(block for block in blocks if "<loc>http://localhost:8000/es/about/</loc>" in block)
    assert '<xhtml:link rel="alternate" hreflang="en" href="http://localhost:8000/about/"/>' in about
    assert '<xhtml:link rel="alternate" hreflang="es" href="http://localhost:8000/es/about/"/>' in about
    assert " ref=" not in sitemap


def _untranslated_build(tmp_path):
    content = copy_content(tmp_path)
    (content / "pages" / "volunteer.md").write_text(
        "Title: Volunteer with us\nSummary: Ways to help the campaign each week.\n\nCome to a meeting.\n",
        encoding="utf-8")
    return run_build(tmp_path / "output", content=content)


def test_untranslated_page_is_listed_with_a_spanish_note_and_a_link(tmp_path):
    build = _untranslated_build(tmp_path)
    assert build.returncode == 0, build.messages
    stub = soup_of(tmp_path / "output/es/volunteer-with-us/index.html")
    assert stub.html["lang"] == "es"
    assert stub.h1["lang"] == "en" and stub.h1.get_text() == "Volunteer with us"
    note = stub.select_one(".hs-untranslated .hs-note").get_text()
    assert note == "Esta página todavía no está traducida. Puede leerla en inglés."
    link = stub.select_one(".hs-untranslated a.hs-button")
    assert link["href"] == "../../volunteer-with-us/" and link.get_text() == "Leer esta página en inglés"
    assert (tmp_path / "output/volunteer-with-us/index.html").is_file()
    assert stub.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    # The English page names no Spanish alternate, and the sitemap leaves the note page out.
    assert soup_of(tmp_path / "output/volunteer-with-us/index.html").find("link", hreflang="es") is None
    assert "/es/volunteer-with-us/" not in (tmp_path / "output/sitemap.xml").read_text()
    # Organizers see it in the build report; visitors never do.
    assert "not translated yet: es/volunteer-with-us/index.html" in build.stdout
    assert "Language editions:" not in "".join(p.read_text() for p in html_pages(tmp_path / "output"))


def test_strict_build_names_a_theme_string_without_spanish(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    footer = theme / "templates/partials/_footer.html"
    footer.write_text(footer.read_text().replace("</footer>", '<p>{{ _("Brand new words") }}</p>\n</footer>'))
    build = run_build(tmp_path / "output", extra={"THEME": str(theme)})
    assert build.returncode != 0
    flat = " ".join(build.messages.split())
    assert 'has no Spanish translation' in flat
    assert re.search(r'partials/_footer\.html:\d+: "Brand new words" has no Spanish translation', flat), flat
    assert "invoke messages --lang es" in flat


def test_theme_catalog_covers_every_string(built_site):
    # The shipped build's own report says 100%: every theme string has a Spanish translation.
    build_log = run_build(built_site.parent / "again")
    assert build_log.returncode == 0, build_log.messages
    match = re.search(r"theme strings in es: (\d+) of (\d+) translated \(100%\)", build_log.stdout)
    assert match and match[1] == match[2], build_log.stdout


def test_translation_must_keep_the_originals_facts(tmp_path):
    content = copy_content(tmp_path)
    event = content / "events" / "example-teach-in.es.md"
    event.write_text(event.read_text(encoding="utf-8").replace("Start: 2027-05-01 10:00", "Start: 2027-05-01 11:00"),
                     encoding="utf-8")
    page = content / "pages" / "how-heart-grew.es.md"
    page.write_text(page.read_text(encoding="utf-8").replace("HEART dio 4,680", "HEART dio 4,860"), encoding="utf-8")
    build = run_build(tmp_path / "output", content=content)
    assert build.returncode != 0
    lines = build.messages.splitlines()
    assert any(line.startswith('content/events/example-teach-in.es.md:5: Start: is "2027-05-01 11:00", but '
                               'content/events/example-teach-in.md says "2027-05-01 10:00".') for line in lines), lines
    assert any(line.startswith("content/pages/how-heart-grew.es.md:") and "numbers: the translation has 4860 that the "
               "original does not" in line for line in lines), lines


def test_the_build_report_names_the_first_untranslated_pages_and_counts_the_rest():
    """A site with hundreds of untranslated pages (the preview prints this after every save) gets a short list."""
    from localization import report
    from localization.crosslinks import Settled

    pages = [f"es/updates/number-{index:03}/index.html" for index in range(25)]
    result = Settled(pages={"en": 30, "es": 30}, untranslated={"es": pages})
    text = "\n".join(report.lines(result, [], []))
    assert "es: 30 pages, 25 not translated yet" in text
    assert "not translated yet: es/updates/number-000/index.html" in text
    assert "not translated yet: es/updates/number-019/index.html" in text
    assert "number-020" not in text
    assert "and 5 more pages not translated yet" in text
