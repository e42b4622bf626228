"""Organizer mistakes stop the build with one clear line each: file, line, field, what is wrong, how to fix."""

from __future__ import annotations

import textwrap

import pytest

from conftest import ROOT, copy_content, run_build

GOOD_UPDATE = "Title: A good update\nDate: 2023-05-01\n\nBody.\n"

# (case, file to add under content/, its text, the exact line the build must print)
CASES = [
    (
        "date_key_misspelled",
        "updates/date_key_misspelled.md",
        "Title: Rally at City Hall\nDat: 2023-05-01\n\nBody.\n",
        'content/updates/date_key_misspelled.md:2: Dat: is not a field the site knows for an update. '
        'Did you mean "Date"? Write it like: Date: 2023-10-23 or 2023-10-23 09:30',
    ),
    (
        "title_key_misspelled",
        "pages/title_key_misspelled.md",
        "Tittle: Our goals\n\nBody.\n",
        'content/pages/title_key_misspelled.md:1: Tittle: is not a field the site knows for a page. '
        'Did you mean "Title"? Write it like: Title: The council votes on the budget',
    ),
    (
        "missing_title",
        "pages/missing_title.md",
        "Summary: No title here.\n\nBody.\n",
        "content/pages/missing_title.md:1: Title: is missing. Add a first line like: Title: The council votes on the budget",
    ),
    (
        "unparseable_date",
        "updates/unparseable_date.md",
        "Title: Rally\nDate: next Friday\n\nBody.\n",
        'content/updates/unparseable_date.md:2: Date: "next Friday" is not a date. '
        "Write it like 2023-05-01, or 2023-05-01 18:30 with a time.",
    ),
    (
        "unknown_status",
        "updates/unknown_status.md",
        "Title: Rally\nDate: 2023-05-01\nStatus: publish\n\nBody.\n",
        'content/updates/unknown_status.md:3: Status: "publish" is not a status the site knows. '
        "Use one of: published, draft, hidden.",
    ),
    (
        "link_to_missing_file",
        "pages/link_to_missing_file.md",
        "Title: Links\n\nSee [our goals]({filename}goals.md) for more.\n",
        'content/pages/link_to_missing_file.md:3: link: points to "goals.md", but there is no such file. '
        "Check the spelling; the path is relative to this file, like {filename}../pages/about.md",
    ),
    (
        "same_slug_as_about",
        "pages/same_slug_as_about.md",
        "Title: About us again\nSlug: about\n\nBody.\n",
        'content/pages/same_slug_as_about.md:2: Slug: "about" is also the address of content/pages/about.md; '
        "two pages cannot share one address. Give one of them a different title, or add a line like: Slug: about-2",
    ),
    (
        "update_source_is_a_script_link",
        "updates/update_source_is_a_script_link.md",
        "Title: Rally\nDate: 2023-05-01\nSource: java\tscript:alert(1)\n\nBody.\n",
        'content/updates/update_source_is_a_script_link.md:3: Source: "java\tscript:alert(1)" is not a web address. '
        "Write the whole address, starting with https://, like: Source: https://www.example.gov/news/budget",
    ),
    (
        "file_outside_known_folders",
        "stray_file.md",
        GOOD_UPDATE,
        "content/stray_file.md: is not in a folder the site reads, so it would not appear. "
        "Move it into content/pages/ or content/updates/ or content/events/ or content/news/ or content/meetings/ or content/letters/.",
    ),
]


@pytest.mark.parametrize("case, name, text, expected", CASES, ids=[case[0] for case in CASES])
def test_mistake_stops_the_build_with_its_message(tmp_path, case, name, text, expected):
    content = copy_content(tmp_path)
    (content / name).write_text(text, encoding="utf-8")
    build = run_build(tmp_path / "output", content=content)
    assert build.returncode != 0
    assert expected in build.messages.splitlines(), build.messages
    assert "Traceback" not in build.messages
    assert not (tmp_path / "output" / "index.html").exists(), "a failed build must not write a site"


def test_every_problem_is_reported_in_one_build(tmp_path):
    content = copy_content(tmp_path)
    for case, name, text, _expected in CASES:
        (content / name).write_text(text, encoding="utf-8")
    build = run_build(tmp_path / "output", content=content)
    assert build.returncode != 0
    for *_rest, expected in CASES:
        assert expected in build.messages, expected
    listed = [line for line in build.messages.splitlines() if line.startswith("content/")]
    assert f"{len(listed)} problems to fix" in build.messages
    assert len(listed) >= len(CASES)


def test_figures_file_mistakes_name_the_line_and_field(tmp_path):
    figures = tmp_path / "figures.toml"
    figures.write_text(textwrap.dedent('''\
        [[figure]]
        id = "hours-per-day"
        value = "12"
        unit = "hours a day"
        label = "Hours"
        as_of = "last spring"
        source_name = "City of Durham"
        '''), encoding="utf-8")
    build = run_build(tmp_path / "output", extra={"FIGURES_FILE": str(figures)})
    assert build.returncode != 0
    assert (f'{figures}:6: as_of: "last spring" is not a date (figure "hours-per-day"). '
            'Write it like "2025-04-30", "2025-04" or "2025".') in build.messages


def test_a_broken_figure_is_reported_once_where_it_is_written(tmp_path):
    shipped = (ROOT / "data/figures.toml").read_text(encoding="utf-8")
    assert 'as_of = "2024"' in shipped  # responses-2024, which the home page and Numbers page name
    figures = tmp_path / "figures.toml"
    figures.write_text(shipped.replace('as_of = "2024"', 'as_of = "last year"', 1), encoding="utf-8")
    build = run_build(tmp_path / "output", extra={"FIGURES_FILE": str(figures)})
    assert build.returncode != 0
    assert '"last year" is not a date (figure "responses-2024")' in build.messages
    # Settings that name the figure must not add second, misleading lines blaming pelicanconf.py.
    assert "pelicanconf.py" not in build.messages, build.messages


def test_pelican_warnings_fail_the_strict_build(tmp_path):
    content = copy_content(tmp_path)
    # Pelican warns about a link marker it does not know; our own checks leave that to Pelican.
    (content / "updates/unknown_link_marker.md").write_text(
        "Title: Odd\nDate: 2023-05-01\n\nSee [this]({nothing}here).\n", encoding="utf-8")
    lenient = run_build(tmp_path / "lenient", content=content, strict=False)
    assert lenient.returncode == 0, lenient.messages
    assert "Replacement Indicator" in lenient.messages
    strict = run_build(tmp_path / "strict", content=content)
    assert strict.returncode != 0
    assert "Traceback" not in strict.messages


def test_organizer_docs_document_every_field():
    import importlib
    import re

    import pelicanconf
    from content_checks.fields import FIELDS

    for name in pelicanconf.PLUGINS:
        if (ROOT / "plugins" / name).is_dir():
            importlib.import_module(name).register()  # plugins add their own fields when registered
    fields_doc = (ROOT / "docs" / "organizers" / "fields.md").read_text(encoding="utf-8")
    table = fields_doc.split("<!-- fields-table")[1].split("<!-- end fields-table -->")[0]
    documented = {match.lower() for match in re.findall(r"^\| `([A-Za-z_]+)` \|", table, re.MULTILINE)}
    assert documented == set(FIELDS), f"docs/organizers/fields.md table differs: {sorted(documented ^ set(FIELDS))}"
