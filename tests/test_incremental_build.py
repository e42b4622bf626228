"""Rebuilds keep what did not change: unchanged files keep their bytes and times, pages of deleted content go,
and with the content cache on, pages kept from the last build still show every change that reaches them."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, copy_campaign, run_build

UPDATE = "2023-10-23-heart-goes-citywide.md"
UPDATE_PAGE = "updates/heart-now-answers-calls-in-all-of-durham-12-hours-a-day/index.html"
RETITLED_PAGE = "updates/heart-now-answers-calls-in-all-of-durham-12-hours-a-day-retitled/index.html"
DELETED = "2025-06-16-budget-adds-heart-staff.md"


def times_and_bytes(folder):
    return {path.relative_to(folder).as_posix(): (path.stat().st_mtime_ns, path.read_bytes())
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A private copy of content/ and data/figures.toml, and builds of it with the content cache on."""
    tmp = tmp_path_factory.mktemp("incremental")
    shutil.copytree(ROOT / "content", tmp / "content")
    shutil.copy(ROOT / "data" / "figures.toml", tmp / "figures.toml")

    def build(output="output", cached=True):
        extra = {"FIGURES_FILE": str(tmp / "figures.toml")}
        if cached:
            extra.update(CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True, CACHE_PATH=str(tmp / "cache"))
        result = run_build(tmp / output, content=tmp / "content", extra=extra)
        assert result.returncode == 0, result.messages
        return tmp / output

    return tmp, build


def test_a_rebuild_of_the_same_content_rewrites_nothing(project):
    _tmp, build = project
    output = build("plain", cached=False)
    before = times_and_bytes(output)
    assert any(name.startswith("pagefind/") for name in before), "the search index is part of the build"
    build("plain", cached=False)
    after = times_and_bytes(output)
    assert after.keys() == before.keys()
    changed = sorted(name for name in before if before[name] != after[name])
    assert changed == [], changed


def test_cached_rebuilds_follow_edits_deletions_and_data_files(project):
    tmp, build = project
    output = build()
    build()   # the second build reuses pages kept from the first
    before = times_and_bytes(output)
    update = tmp / "content" / "updates" / UPDATE

    # The text of one update: its page changes, and pages that do not show that text keep their files.
    update.write_text(update.read_text(encoding="utf-8") + "\nA sentence added for the incremental test.\n",
                      encoding="utf-8")
    build()
    after = times_and_bytes(output)
    assert "A sentence added for the incremental test." in after[UPDATE_PAGE][1].decode()
    changed = {name for name in before if name in after and before[name] != after[name]}
    assert UPDATE_PAGE in changed
    assert "what-is-heart/index.html" not in changed
    assert "events/index.html" not in changed
    assert len(changed) < len(before) / 4, sorted(changed)

    # A title: every list that names the update shows the new one, although their pages were kept before.
    text = update.read_text(encoding="utf-8")
    update.write_text(text.replace("Title: HEART now answers calls in all of Durham, 12 hours a day",
                                   "Title: HEART now answers calls in all of Durham, 12 hours a day (retitled)"),
                      encoding="utf-8")
    # Its Spanish translation follows the new address (the build names the file when it does not).
    spanish = update.with_name(update.name.replace(".md", ".es.md"))
    if spanish.exists():
        spanish.write_text(spanish.read_text(encoding="utf-8").replace(
            "Slug: heart-now-answers-calls-in-all-of-durham-12-hours-a-day\n",
            "Slug: heart-now-answers-calls-in-all-of-durham-12-hours-a-day-retitled\n"), encoding="utf-8")
    build()
    assert (output / RETITLED_PAGE).is_file() and not (output / UPDATE_PAGE).exists(), "the address follows the title"
    assert "(retitled)" in (output / "updates" / "index.html").read_text(encoding="utf-8")
    assert "(retitled)" in (output / "updates" / "tag" / "coverage" / "index.html").read_text(encoding="utf-8")

    # A data file: the home page shows the new words of a figure.
    figures = tmp / "figures.toml"
    figures.write_text(figures.read_text(encoding="utf-8").replace(
        'unit = "hours a night with no HEART response"', 'unit = "hours a night with no HEART response yet"'),
        encoding="utf-8")
    build()
    assert "hours a night with no HEART response yet" in (output / "index.html").read_text(encoding="utf-8")

    # A deleted update: its page and a tag page only it had are gone; the other pages stay.
    deleted = tmp / "content" / "updates" / DELETED
    tags = [line.split(":", 1)[1] for line in deleted.read_text(encoding="utf-8").splitlines()
            if line.lower().startswith("tags:")][0]
    assert "budget" in tags
    deleted.unlink()
    deleted.with_name(deleted.name.replace(".md", ".es.md")).unlink(missing_ok=True)  # and its translation
    build()
    assert not any("budget-adds" in path.as_posix() for path in output.rglob("*"))
    assert not (output / "updates" / "tag" / "budget").exists()
    assert (output / RETITLED_PAGE).is_file()
    assert not any(path.is_dir() and not any(path.iterdir()) for path in output.rglob("*")), "no empty folders"


def test_a_data_file_every_page_reads_reaches_every_page_kept_from_the_last_build(tmp_path):
    """Pages count a data file by the parts of the campaign their templates read: the menu is read by every page,
    so a menu label changed in data/site.toml shows on every page of that edition, none kept with the old one;
    a figure (read by the home and numbers pages only) shows where it is used."""
    campaign = copy_campaign(tmp_path)
    extra = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    output = tmp_path / "output"

    def build():
        result = run_build(output, campaign=campaign, extra=extra)
        assert result.returncode == 0, result.messages

    build()
    site = campaign / "data" / "site.toml"
    text = site.read_text(encoding="utf-8")
    assert 'label = "Take action"' in text
    site.write_text(text.replace('label = "Take action"', 'label = "Take action today"'), encoding="utf-8")
    figures = campaign / "data" / "figures.toml"
    figures.write_text(figures.read_text(encoding="utf-8").replace(
        'unit = "hours a night with no HEART response"', 'unit = "hours a night with no HEART answer"'),
        encoding="utf-8")
    build()
    english = [path for path in output.rglob("*.html")
               if not path.relative_to(output).as_posix().startswith(("es/", "admin/")) and "<nav" in
               path.read_text(encoding="utf-8")]
    assert len(english) > 20
    stale = [path.relative_to(output).as_posix() for path in english
             if "Take action today" not in path.read_text(encoding="utf-8")]
    assert stale == []
    for page in ("index.html", "numbers/index.html"):
        assert "hours a night with no HEART answer" in (output / page).read_text(encoding="utf-8"), page
