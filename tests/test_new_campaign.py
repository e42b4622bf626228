"""`invoke new-campaign` writes a starter campaign that builds and passes the whole quality gate at once, says
nothing of the default campaign, lists every placeholder in the build, and cannot be published until none is left."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

INVOKE = str(Path(sys.executable).parent / "invoke")
# Words of the default campaign that must not reach another campaign's pages (its name, city and pages).
# HEART is an acronym: matched in capitals only, so an ordinary "heart" elsewhere is not a false alarm.
DEFAULT_CAMPAIGN_WORDS = re.compile(r"\bHEART\b|(?i:durham|what-is-heart|heart-24-7|how-heart-grew|heart-questions)")
TEXT_FILES = (".html", ".xml", ".ics", ".txt", ".json", ".webmanifest", ".css", ".js", ".svg")


def invoke(*args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([INVOKE, *args], cwd=cwd, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", **(env or {})})


def default_campaign_words(output: Path) -> list[str]:
    """`page: words` for every text file of a built site that names the default campaign."""
    found = []
    for path in sorted(output.rglob("*")):
        if path.suffix in TEXT_FILES and "pagefind" not in path.parts:
            for match in DEFAULT_CAMPAIGN_WORDS.finditer(path.read_text(encoding="utf-8", errors="replace")):
                found.append(f"{path.relative_to(output)}: {match.group(0)}")
    return found


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    """A new campaign, built once, as the issue's commands do it: new-campaign, build, check."""
    base = tmp_path_factory.mktemp("new-campaign")
    folder, output = base / "x", base / "x-out"
    made = invoke("new-campaign", str(folder), "--name", "Springfield Tenants United", "--city", "Springfield",
                  "--timezone", "America/Chicago")
    assert made.returncode == 0, made.stdout + made.stderr
    built = invoke("build", "--campaign", str(folder), "--output", str(output))
    return folder, output, made, built


def test_new_campaign_builds_and_passes_the_whole_quality_gate(starter, tmp_path):
    folder, output, _made, built = starter
    assert built.returncode == 0, built.stdout + built.stderr
    checked = invoke("check", "--output", str(output), "--json", str(tmp_path / "report.json"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["findings"] == []
    assert "index.html" in report["figures"]["lighthouse"]
    # The pages the starter promises are there.
    for page in ("index.html", "about/index.html", "take-action/index.html", "letters/index.html",
                 "events/index.html", "meetings/index.html"):
        assert (output / page).is_file(), page
    assert list((output / "letters").glob("*/index.html")), "the starter's letter has a page"
    assert "Springfield Tenants United" in (output / "index.html").read_text(encoding="utf-8")


def test_no_page_of_a_new_campaign_names_the_default_campaign(starter):
    _folder, output, _made, _built = starter
    assert list(output.rglob("*.html"))
    assert default_campaign_words(output) == []


def test_the_build_lists_every_placeholder_with_file_and_line(starter):
    from campaign.placeholders import find_placeholders

    folder, _output, made, built = starter
    placeholders = find_placeholders(folder)
    assert len(placeholders) > 10
    assert f"{len(placeholders)} placeholders still to fill in" in built.stdout
    for placeholder in placeholders:
        assert placeholder.message() in built.stdout
    assert ("content/pages/home.md:6: Headline: is still a placeholder (\"FILL IN: your ask in a few words\")."
            in built.stdout)
    assert f"fill in the {len(placeholders)} placeholders" in made.stdout


def test_publish_refuses_a_campaign_with_placeholders(starter, tmp_path):
    folder, _output, _made, _built = starter
    refused = invoke("publish", "--campaign", str(folder), "--output", str(tmp_path / "public"),
                     env={"SITEURL": "https://springfield.example.org"})
    assert refused.returncode != 0
    assert "Not published" in refused.stdout + refused.stderr
    assert "content/pages/home.md:6: Headline: is still a placeholder" in refused.stdout + refused.stderr
    assert not (tmp_path / "public").exists(), "nothing is built or sent before the refusal"


def test_placeholders_filled_in_leave_no_notice(tmp_path):
    from campaign.placeholders import find_placeholders, notice
    from campaign.starter import write_starter

    folder = write_starter(ROOT / "starter", tmp_path / "y", name="Y", city="Springfield", timezone="America/Chicago")
    assert notice(find_placeholders(folder))
    for path in [*folder.rglob("*.md"), *folder.rglob("*.toml")]:
        path.write_text(path.read_text(encoding="utf-8").replace("FILL IN", "Our own words"), encoding="utf-8")
    assert find_placeholders(folder) == []
    assert notice([]) == ""


@pytest.mark.parametrize("args, message", [
    (["--name", "A", "--city", "B", "--timezone", "Mars/Olympus"],
     'new-campaign: --timezone: "Mars/Olympus" is not a time zone. Use a name from the tz database, '
     "like: --timezone America/Chicago"),
    (["--city", "B", "--timezone", "America/Chicago"],
     'new-campaign: --name is missing. Give it like: --name "Springfield Tenants United"'),
])
def test_new_campaign_says_what_to_fix(tmp_path, args, message):
    result = invoke("new-campaign", str(tmp_path / "z"), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "z").exists()


def test_new_campaign_never_writes_over_a_folder(tmp_path):
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "notes.md").write_text("mine", encoding="utf-8")
    result = invoke("new-campaign", str(tmp_path / "z"), "--name", "A", "--city", "B", "--timezone", "America/Chicago")
    assert result.returncode == 2
    assert "already exists and is not empty" in result.stderr
    assert [p.name for p in (tmp_path / "z").iterdir()] == ["notes.md"]
