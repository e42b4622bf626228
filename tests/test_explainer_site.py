"""The explainer pages in a real build: shipped data, changed data, and mistakes an organizer could make."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import ROOT, copy_content, run_build

EXPLAINERS = {
    "what-is-heart/index.html": "content/pages/what-is-heart.md",
    "how-heart-grew/index.html": "content/pages/how-heart-grew.md",
    "what-24-7-would-take/index.html": "content/pages/heart-24-7.md",
    "questions-about-heart/index.html": "content/pages/heart-questions.md",
}


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def settings_with_data(tmp_path: Path, data_dir: Path) -> Path:
    settings = tmp_path / "explainer_settings.py"
    settings.write_text(f"from pelicanconf import *  # noqa: F403\nEXPLAINER_DATA_DIR = {str(data_dir)!r}\n")
    return settings


@pytest.fixture(scope="module")
def changed_build(tmp_path_factory):
    """The site built after an organizer changed the hours and one assumption."""
    tmp_path = tmp_path_factory.mktemp("explainer-changed")
    data = tmp_path / "explainer"
    shutil.copytree(ROOT / "data" / "explainer", data)
    coverage = (data / "coverage.toml").read_text()
    coverage = coverage.replace('start = "00:00"\nend = "06:00"', 'start = "01:00"\nend = "05:00"')
    (data / "coverage.toml").write_text(coverage)
    cost = (data / "cost.toml").read_text()
    cost = cost.replace('id = "hours_added_by_request"\nvalue = 12', 'id = "hours_added_by_request"\nvalue = 16')
    (data / "cost.toml").write_text(cost)
    build = run_build(tmp_path / "output", settings=str(settings_with_data(tmp_path, data)))
    assert build.returncode == 0, build.messages
    return build


def scenario_rows(page: Path) -> dict[str, list[str]]:
    table = soup_of(page).select_one("table.hs-cost__scenarios")
    return {row.th.get_text(" ", strip=True): [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
            for row in table.tbody.find_all("tr")}


def test_explainer_pages_are_built_from_markdown(built_site):
    for page in EXPLAINERS:
        soup = soup_of(built_site / page)
        assert soup.select_one("article.hs-explainer"), page
        scripts = [script.get("src", "") for script in soup.find_all("script")]
        assert all(src.endswith("/theme/js/explainer.js") for src in scripts), f"{page} loads {scripts}"
        assert not re.search(r"\[src:|\[\[", soup.get_text()), f"{page} shows an unreplaced marker"


def test_coverage_clock_from_shipped_data(built_site):
    soup = soup_of(built_site / "what-24-7-would-take/index.html")
    clock = soup.select_one("figure.hs-clock")
    svg = clock.find("svg")
    assert svg["role"] == "img" and svg.find("title").get_text()
    text = clock.find(id=svg["aria-describedby"]).get_text(" ", strip=True)
    assert "No HEART response from midnight to 6 a.m." in text
    assert "From 6 a.m. to midnight, our sources do not give exact hours." in text
    assert [path["class"][1] for path in svg.select("path.hs-clock__part")] == [
        "hs-clock__part--none", "hs-clock__part--unknown"]


def test_changing_the_hours_changes_the_clock_and_the_cost_table(built_site, changed_build):
    page = changed_build.output / "what-24-7-would-take/index.html"
    text = soup_of(page).select_one("figure.hs-clock").get_text(" ", strip=True)
    assert "No HEART response from 1 a.m. to 5 a.m." in text
    assert "From midnight to 1 a.m., our sources do not give exact hours." in text
    assert "4 h" in text
    # Hand-computed: 44 positions x hours / 16 hours (the changed assumption), at $4,000,000 / 44 each.
    rows = scenario_rows(page)
    assert rows["24/7, as the department asked"][2:] == ["33", "$3,000,000"]
    assert rows["Only the overnight gap"][0].startswith("4") and rows["Only the overnight gap"][2:] == ["11", "$1,000,000"]
    assert rows["Only the overnight gap, if all 17 new positions from 2025 work nights"][2:] == ["0", "$0"]
    shipped = scenario_rows(built_site / "what-24-7-would-take/index.html")
    assert shipped["24/7, as the department asked"][2:] == ["44", "$4,000,000"]
    assert shipped["Only the overnight gap"][2:] == ["22", "$2,000,000"]


def test_cost_model_keeps_sourced_figures_and_assumptions_apart(built_site):
    cost = soup_of(built_site / "what-24-7-would-take/index.html").select_one(".hs-cost")
    inputs = cost.select_one("table.hs-cost__inputs").get_text(" ", strip=True)
    assert "about $4 million" in inputs and "Assumption" not in inputs
    for row in cost.select_one("table.hs-cost__inputs").tbody.find_all("tr")[:-1]:
        assert row.select_one("sup.hs-cite a[href^='#source-']"), row.get_text(" ", strip=True)
    assumptions = cost.select("ol.hs-cost__assumptions li")
    assert assumptions and all(item.get_text().strip().startswith("Assumption") for item in assumptions)
    formula = cost.select_one(".hs-cost__formula").get_text(" ", strip=True)
    assert "$4,000,000 ÷ 44 = $90,909" in formula


def test_beat_map_from_shipped_geojson(built_site):
    soup = soup_of(built_site / "how-heart-grew/index.html")
    figure = soup.select_one("figure.hs-map")
    svg = figure.find("svg")
    assert svg.find("title").get_text() == "Map of Durham police beats"
    beats = [path["data-beat"] for path in svg.select("path.hs-map__beat")]
    assert len(beats) == len(set(beats)) and "999" in beats
    text = figure.find(id=svg["aria-describedby"]).get_text(" ", strip=True)
    for number in beats:
        assert number in text, f"beat {number} is missing from the text list"
    assert "No source we found lists the 12 beats the 2022 pilot served" in text
    assert not svg.select(".hs-map__beat--served")
    assert figure.select(".hs-legend li")


def test_every_source_note_resolves_to_a_web_address(built_site):
    for page in EXPLAINERS:
        soup = soup_of(built_site / page)
        cited = {link["href"][1:] for link in soup.select("a.hs-cite__link")}
        notes = {item["id"]: item for item in soup.select(".hs-sources__list li")}
        assert cited and cited == set(notes), page
        for item in notes.values():
            assert re.match(r"https?://", item.find("a")["href"]), (page, item.get_text())


def test_pilot_year_counts_disagreement_is_stated(built_site):
    text = soup_of(built_site / "how-heart-grew/index.html").get_text(" ", strip=True)
    assert "Where the sources disagree" in text
    for figure in ("more than 4,000", "4,680", "more than 8,000"):
        assert figure in text


def test_share_images_and_links(built_site):
    for page in EXPLAINERS:
        soup = soup_of(built_site / page)
        image = soup.find("meta", property="og:image")["content"]
        assert image.startswith("http://localhost:8000/images/share/")
        with Image.open(built_site / image.removeprefix("http://localhost:8000/")) as picture:
            assert picture.size == (1200, 630) and picture.format == "PNG"
        assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
        links = [link["href"] for link in soup.select(".hs-share a")]
        assert any(href.startswith("mailto:?subject=") for href in links)
        assert all("%20" in href or "url=" in href or "u=" in href for href in links)
    home = soup_of(built_site / "index.html").find("meta", property="og:image")["content"]
    assert (built_site / home.removeprefix("http://localhost:8000/")).is_file()


def test_explainer_pages_stay_small(built_site):
    for page in EXPLAINERS:
        compressed = len(gzip.compress((built_site / page).read_bytes()))
        assert compressed < 50_000, f"{page}: {compressed} bytes compressed"


def test_build_reports_each_reading_grade(changed_build):
    report = changed_build.stdout.split("Reading grade (Flesch-Kincaid)")[1]
    for source in EXPLAINERS.values():
        match = re.search(rf"^\s+(\d+\.\d)\s+ok\s+{re.escape(source)}$", report, re.MULTILINE)
        assert match, f"no grade reported for {source}"
        assert float(match[1]) <= 8


def test_mistakes_stop_the_build_with_clear_messages(tmp_path):
    content = copy_content(tmp_path)
    (content / "pages" / "hard.md").write_text(
        "Title: A hard page\nExplainer: yes\n\n"
        "Notwithstanding considerable organizational complexity, municipal administrators systematically "
        "underestimated the comprehensive operational requirements of multidisciplinary behavioral "
        "intervention infrastructure, consequently necessitating substantial supplementary appropriations.\n\n"
        "It cites [src:indy-2052-04].\n\n[[coverage-clok]]\n", encoding="utf-8")
    data = tmp_path / "explainer"
    shutil.copytree(ROOT / "data" / "explainer", data)
    coverage = (data / "coverage.toml").read_text().replace('status = "none"', 'status = "nnone"')
    (data / "coverage.toml").write_text(coverage)
    status_line = coverage.splitlines().index('status = "nnone"') + 1
    build = run_build(tmp_path / "output", content=content, settings=str(settings_with_data(tmp_path, data)))
    assert build.returncode != 0
    assert "Traceback" not in build.messages
    assert f'explainer/coverage.toml:{status_line}: status: "nnone" is not a status (period 1). ' \
           'Write status = "responds", "none" or "unknown".' in build.messages
    assert '\ncontent/pages/hard.md:6: src: "indy-2052-04" is not a source in data/explainer/sources.toml. ' \
           "Did you mean [src:indy-2025-04]?" in build.messages
    assert "\ncontent/pages/hard.md:8: [[coverage-clok]]: is not a part the site can draw." in build.messages
    assert not (tmp_path / "output" / "what-is-heart" / "index.html").exists()


def test_a_page_above_the_reading_grade_stops_the_build(tmp_path):
    content = copy_content(tmp_path)
    (content / "pages" / "hard.md").write_text(
        "Title: A hard page\nExplainer: yes\n\n"
        "Notwithstanding considerable organizational complexity, municipal administrators systematically "
        "underestimated the comprehensive operational requirements of multidisciplinary behavioral "
        "intervention infrastructure, consequently necessitating substantial supplementary appropriations.\n",
        encoding="utf-8")
    build = run_build(tmp_path / "output", content=content)
    assert build.returncode != 0
    assert "Traceback" not in build.messages
    assert re.search(r"^content/pages/hard\.md: reads at grade \d+\.\d; explainer pages must be at grade 8 or below\. "
                     r"Use shorter sentences and shorter words\. Hardest sentences: \"Notwithstanding", build.messages, re.MULTILINE)
    assert re.search(r"^\s+\d+\.\d\s+TOO HARD\s+content/pages/hard\.md$", build.stdout, re.MULTILINE)


def test_a_spanish_page_is_measured_with_a_spanish_formula(tmp_path):
    content = copy_content(tmp_path)
    # Spanish is measured with its own formula (Szigriszt-Pazos), never with English syllable rules.
    (content / "pages" / "dificil.es.md").write_text(
        "Title: Consideraciones administrativas\nSlug: consideraciones\nLang: es\nTemplate: explainer\nExplainer: yes\n\n"
        "Independientemente de consideraciones organizacionales extraordinariamente complicadas, las administraciones "
        "municipales subestimaron sistemáticamente los requerimientos operacionales correspondientes a infraestructuras "
        "interdisciplinarias de intervención comportamental, necesitando consecuentemente asignaciones "
        "presupuestarias complementarias considerablemente significativas. [src:city-community-safety]\n",
        encoding="utf-8")
    build = run_build(tmp_path / "output", content=content)
    assert build.returncode != 0
    assert "Traceback" not in build.messages
    assert re.search(r"^content/pages/dificil\.es\.md: reads at -?\d+\.\d on the Szigriszt-Pazos scale; Spanish explainer "
                     r"pages must reach 65 or more", build.messages, re.MULTILINE)
    assert re.search(r"^\s+-?\d+\.\d\s+TOO HARD\s+content/pages/dificil\.es\.md$", build.stdout, re.MULTILINE)
    # The shipped Spanish explainers pass, and are listed with their ease, not an English grade.
    assert re.search(r"^\s+\d+\.\d\s+ok\s+content/pages/what-is-heart\.es\.md$", build.stdout, re.MULTILINE)
    assert "dificil.es.md: reads at grade" not in build.messages


def test_calculator_is_hidden_without_javascript_and_matches_the_table_with_it(built_site, browser):
    url = (built_site / "what-24-7-would-take" / "index.html").as_uri()
    overnight = scenario_rows(built_site / "what-24-7-would-take" / "index.html")["Only the overnight gap"]
    plain = browser.new_context(java_script_enabled=False).new_page()
    plain.goto(url)
    assert not plain.locator("[data-module=cost-calculator]").is_visible()
    assert plain.locator("table.hs-cost__scenarios").is_visible()

    page = browser.new_context().new_page()
    page.goto(url)
    output = page.locator("[data-module=cost-calculator] output")
    # The form starts at the clock's no-response hours: the same answer as the table's overnight row.
    assert output.inner_text() == f"About {overnight[2]} positions, about {overnight[3]} a year."
    page.fill("#hs-calc-counted", "17")
    assert output.inner_text() == "About 5 positions, about $455,000 a year."  # 44 x 6 / 12 - 17
    page.fill("#hs-calc-hours", "12")
    page.fill("#hs-calc-counted", "0")
    assert output.inner_text() == "About 44 positions, about $4,000,000 a year."
    page.fill("#hs-calc-hours", "30")
    assert output.inner_text() == "Enter hours from 1 to 24, and 0 or more positions."
