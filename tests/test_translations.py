"""Theme strings go through gettext: a catalog, not a template rewrite, makes a Spanish edition."""

from __future__ import annotations

import shutil
import subprocess
import sys

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from conftest import ROOT, copy_campaign, run_build
from site_pages import soup_of

SPANISH = {
    "Skip to main content": "Saltar al contenido principal",
    "Latest updates": "Últimas noticias",
    "Search this site": "Buscar en el sitio",
}


def test_theme_strings_are_extracted(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-o", str(pot),
                    "theme/templates", "pelicanconf.py"], cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as handle:
        ids = {message.id for message in read_po(handle) if message.id}
    assert set(SPANISH) <= ids
    assert "Follow updates (Atom feed)" in ids


def test_a_catalog_translates_the_theme(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    catalog = Catalog(locale="es")
    for english, spanish in SPANISH.items():
        catalog.add(english, spanish)
    folder = theme / "translations" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)

    # The site's language is the campaign's (data/site.toml); its words (menu, home page) are its content.
    campaign = copy_campaign(tmp_path)
    site = campaign / "data" / "site.toml"
    site.write_text(site.read_text(encoding="utf-8").replace('language = "en"', 'language = "es"'), encoding="utf-8")
    build = run_build(tmp_path / "output", campaign=campaign, extra={"THEME": str(theme)})
    assert build.returncode == 0, build.messages
    home = soup_of(tmp_path / "output" / "index.html")
    assert home.html["lang"] == "es"
    assert home.find("a", class_="hs-skip-link").get_text() == "Saltar al contenido principal"
    assert home.find("h2", id="updates-heading").get_text(strip=True) == "Últimas noticias"
    assert "Buscar en el sitio" in [a.get_text(strip=True) for a in home.select("footer a")]
    # Dates follow the language too (babel), not only the words.
    update = soup_of(tmp_path / "output" / "updates/heart-now-answers-calls-in-all-of-durham-12-hours-a-day/index.html")
    assert update.select_one(".hs-page-header time").get_text() == "23 de octubre de 2023"
