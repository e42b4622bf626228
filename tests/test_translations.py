"""Theme strings go through gettext: a catalog, not a template rewrite, makes a Spanish edition."""

from __future__ import annotations

import shutil
import subprocess
import sys

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from conftest import ROOT, run_build
from site_pages import soup_of

SPANISH = {
    "Skip to main content": "Saltar al contenido principal",
    "Take action": "Actúa",
    "HEART around the clock, everywhere in Durham": "HEART a toda hora, en todo Durham",
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

    build = run_build(tmp_path / "output", extra={"THEME": str(theme), "DEFAULT_LANG": "es"})
    assert build.returncode == 0, build.messages
    home = soup_of(tmp_path / "output" / "index.html")
    assert home.html["lang"] == "es"
    assert home.find("a", class_="hs-skip-link").get_text() == "Saltar al contenido principal"
    assert home.h1.get_text(strip=True) == "HEART a toda hora, en todo Durham"
    assert "Actúa" in [a.get_text(strip=True) for a in home.select("nav a")]
    # Dates follow the language too (babel), not only the words.
    update = soup_of(tmp_path / "output" / "updates/heart-now-answers-calls-in-all-of-durham-12-hours-a-day/index.html")
    assert update.select_one(".hs-page-header time").get_text() == "23 de octubre de 2023"
