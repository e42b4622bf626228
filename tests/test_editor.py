"""The browser editor at /admin/: its configuration agrees with the build's checks, it is served from the site
itself, and visitors never meet it (no sitemap, feed or search entry, noindex, its own strict policy)."""

from __future__ import annotations

import json
import re
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from conftest import EDITOR_REPO, ROOT, copy_content, run_build

sys.path.insert(0, str(ROOT))
from checks.settings import load as load_check_settings  # noqa: E402
from checks.static import check_static  # noqa: E402

MOMENT_TO_STRFTIME = {"YYYY": "%Y", "MM": "%m", "DD": "%d", "HH": "%H", "mm": "%M"}
WHEN = datetime(2027, 5, 1, 18, 0)


@pytest.fixture(scope="module")
def site(ci_build) -> Path:
    return ci_build[0].output


@pytest.fixture(scope="module")
def config(site) -> dict:
    # config.yml is written as JSON, which every YAML reader (Decap's included) reads too.
    return json.loads((site / "admin" / "config.yml").read_text(encoding="utf-8"))


def folder_collections(config: dict) -> list[dict]:
    return [collection for collection in config["collections"] if "folder" in collection]


def sample_value(field: dict) -> str:
    """A value the editor's form would write for this field."""
    if field["widget"] == "datetime":
        form = field["format"]
        for token, directive in MOMENT_TO_STRFTIME.items():
            form = form.replace(token, directive)
        # An end comes after the start.
        return (WHEN + timedelta(hours=2) if field["name"] == "End" else WHEN).strftime(form)
    if field["widget"] == "select":
        return field["options"][0]
    if "pattern" in field:
        return "https://example.org/page"
    if field["name"] == "Body":  # a meeting's council or board, as the sources spell it
        return "City Council"
    return f"Sample {field['name'].lower()}"


def write_file(folder: Path, name: str, fields: dict[str, str], body: str) -> Path:
    path = folder / name
    header = "".join(f"{key}: {value}\n" for key, value in fields.items())
    path.write_text(f"{header}\n{body}\n", encoding="utf-8")
    return path


def problems_by_file(messages: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in messages.splitlines():
        match = re.match(r"^(content/[^:]+\.md)(?::\d+)?: (.*)$", line)
        if match:
            found.setdefault(match[1], []).append(match[2])
    return found


def test_every_content_kind_and_the_figures_file_have_a_collection(config):
    folders = {collection["folder"] for collection in folder_collections(config)}
    assert folders == {f"content/{name}" for name in ("updates", "events", "meetings", "letters", "pages", "news")}
    figures = next(collection for collection in config["collections"] if collection["name"] == "figures")
    assert figures["files"][0]["file"] == "data/figures.toml"
    for collection in folder_collections(config):
        # Files are written as the build reads them: "Key: value" lines, a blank line, then Markdown.
        assert collection["format"] == "pelican-markdown"
        assert collection["fields"][0]["name"] == "Title" and collection["fields"][0]["required"]


def test_the_editor_asks_for_what_the_build_requires_and_accepts_what_it_writes(config, tmp_path):
    """For every collection: a file with only the editor's required fields, in the editor's formats, passes
    the build's checks; leaving out any one required field makes the build name that field; every choice the
    editor offers is one the build accepts."""
    content = copy_content(tmp_path)
    expected_clean, expected_missing = [], {}
    for collection in folder_collections(config):
        folder = ROOT / collection["folder"]
        target = content / folder.relative_to(ROOT / "content")
        kind = collection["name"]
        required = {field["name"]: sample_value(field) for field in collection["fields"]
                    if field["required"] and field["name"] != "body"}
        body_required = next(field for field in collection["fields"] if field["name"] == "body")["required"]
        body = "Dear council, please fund this." if body_required else "Some text."
        required["Title"] = f"Editor sample {kind}"
        expected_clean.append(write_file(target, "editor-minimal.md", required, body))
        for name in required:
            left_out = {key: value for key, value in required.items() if key != name}
            if name != "Title":
                left_out["Title"] = f"Editor sample {kind} without {name}"
            path = write_file(target, f"editor-without-{name.lower()}.md", left_out, body)
            expected_missing[path] = name
        for field in collection["fields"]:
            if field["widget"] != "select":
                continue
            for number, option in enumerate(field["options"]):
                if field["name"] == "Date_precision" and option != "day":
                    continue  # an approximate date changes which other fields are needed; "day" is the plain case
                if field["name"] == "Lang" and option != "en":
                    # A file in another language is a translation: it must agree with its original's facts (the
                    # other samples here share one meeting and day); tests/test_translations.py covers that case.
                    continue
                chosen = {**required, field["name"]: option,
                          "Title": f"Editor sample {kind} {field['name']} {number}"}
                expected_clean.append(write_file(target, f"editor-{field['name'].lower()}-{number}.md", chosen, body))
    build = run_build(tmp_path / "output", content)
    assert build.returncode != 0  # the files with a field left out
    found = problems_by_file(build.messages)
    shown = {path: str(path.relative_to(tmp_path)) for path in [*expected_clean, *expected_missing]}
    for path in expected_clean:
        assert shown[path] not in found, (shown[path], found.get(shown[path]))
    for path, name in expected_missing.items():
        assert any(problem.startswith(f"{name}: ") for problem in found.get(shown[path], [])), \
            (shown[path], name, found.get(shown[path]))


def test_figure_fields_are_the_figure_checks_keys(config):
    from figures.load import OPTIONAL, REQUIRED

    figures = next(collection for collection in config["collections"] if collection["name"] == "figures")
    fields = figures["files"][0]["fields"][0]["fields"]
    assert {field["name"] for field in fields if field["required"]} == set(REQUIRED)
    assert {field["name"] for field in fields if not field["required"]} == set(OPTIONAL)


def test_the_start_hint_is_the_build_message_for_a_missing_start(config, tmp_path):
    content = copy_content(tmp_path)
    write_file(content / "events", "no-start.md", {"Title": "No start", "End": "2027-05-01 20:00"}, "Text.")
    build = run_build(tmp_path / "output", content)
    line = next(line for line in build.messages.splitlines() if line.startswith("content/events/no-start.md"))
    fix = line.split("is missing.", 1)[1].split(". ", 1)[1]  # after "Every event needs the day and time it starts."
    events = next(collection for collection in config["collections"] if collection["name"] == "events")
    start = next(field for field in events["fields"] if field["name"] == "Start")
    assert start["required"] and start["hint"].endswith(fix)


def test_public_editor_uses_github_with_the_editorial_workflow(config):
    assert config["backend"]["name"] == "github"
    assert config["backend"]["repo"] == EDITOR_REPO
    assert config["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in config


def test_editor_files_come_from_the_site_itself_without_source_maps(site):
    admin = site / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts[0].endswith("/decap-cms.js") and scripts[1] == "editor.js"
    assert (admin / scripts[0]).is_file()
    assert not list(admin.rglob("*.map"))
    assert list(admin.rglob("*.wasm"))
    settings = load_check_settings(ROOT / "pelicanconf.py")
    editor_pages, editor_hosts = settings["CHECKS_EDITOR_PAGES"], settings["CHECKS_EDITOR_HOSTS"]
    assert [finding for finding in check_static(site, "", editor_pages, editor_hosts)
            if finding.page.startswith("admin/")] == []


def test_the_gate_refuses_an_editor_policy_that_allows_another_host(site, tmp_path):
    settings = load_check_settings(ROOT / "pelicanconf.py")
    (tmp_path / "admin").mkdir()
    page = (site / "admin" / "index.html").read_text(encoding="utf-8")
    (tmp_path / "admin" / "index.html").write_text(
        page.replace("connect-src &#39;self&#39;", "connect-src &#39;self&#39; https://collector.example.net"),
        encoding="utf-8")
    (tmp_path / "index.html").write_text((site / "index.html").read_text(encoding="utf-8"), encoding="utf-8")
    findings = check_static(tmp_path, "", settings["CHECKS_EDITOR_PAGES"], settings["CHECKS_EDITOR_HOSTS"])
    assert [(f.page, f.rule) for f in findings if f.rule == "content-security-policy"] == [
        ("admin/index.html", "content-security-policy")]


def test_visitors_never_meet_the_editor(site):
    page = (site / "admin" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<meta name="robots" content="noindex', page)
    assert "/admin/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    for feed in (site / "feeds").glob("*.xml"):
        assert "/admin/" not in feed.read_text(encoding="utf-8")
    assert "data-pagefind-body" not in page
    indexed = sum("data-pagefind-body" in path.read_text(encoding="utf-8") for path in site.rglob("*.html"))
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == indexed


def test_the_editor_page_has_its_own_policy_allowing_only_the_git_host(site):
    page = (site / "admin" / "index.html").read_text(encoding="utf-8").replace("&#39;", "'")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["connect-src"] == "'self' https://api.github.com"
    assert directives["default-src"] == "'none'"
    # Decap compiles its configuration checks at run time (tests/test_editor_browser.py shows it fails without).
    assert "'unsafe-eval'" in directives["script-src"] and "https:" not in directives["script-src"]


def test_visitor_page_budget_leaves_out_the_editor(site):
    from checks.run import run_checks

    settings = load_check_settings(ROOT / "pelicanconf.py")
    findings, _notes, figures = run_checks(site, settings, only=("static", "weight"), log=lambda line: None)
    assert "admin/index.html" not in figures["weights"]
    assert "index.html" in figures["weights"]
    assert findings == []


def test_without_a_repo_the_public_site_has_no_editor(built_site):
    assert not (built_site / "admin").exists()


def test_browser_check_scans_the_editor_page_we_write_and_its_requests(site, tmp_path):
    """The quality gate's browser check on the editor: our page passes; a copy that loads a script from another
    host and has an image without alt text is caught on both counts."""
    from checks.browser import check_in_browser
    from checks.server import serve

    shutil.copytree(site / "admin", tmp_path / "admin")
    shutil.copytree(site / "theme", tmp_path / "theme")
    page = (tmp_path / "admin" / "index.html").read_text(encoding="utf-8")
    broken = page.replace('<main id="editor-fallback">', '<main id="editor-fallback"><img src="../theme/favicon.svg">')
    broken = broken.replace('<script src="editor.js"></script>',
                            '<script src="editor.js"></script><script src="https://cdn.example.org/cms.js"></script>')
    (tmp_path / "admin" / "broken.html").write_text(broken, encoding="utf-8")
    settings = load_check_settings(ROOT / "pelicanconf.py")
    with serve(tmp_path) as base_url:
        findings = check_in_browser(
            base_url, [], settings["CHECKS_VIEWPORTS"], ROOT / "node_modules" / "axe-core" / "axe.min.js",
            settings["CHECKS_AXE_TAGS"], settings["CHECKS_AXE_RULES"], settings["CHECKS_CHROMIUM"],
            editor_pages=["admin/index.html", "admin/broken.html"], editor_hosts=settings["CHECKS_EDITOR_HOSTS"])
    assert [finding for finding in findings if finding.page == "admin/index.html"] == []
    rules = {finding.rule for finding in findings if finding.page == "admin/broken.html"}
    assert rules == {"image-alt", "third-party-request"}, findings


@pytest.mark.parametrize("lines, expected", [
    ('repo = "https://github.com/example-org/example-site.git"',
     'site.toml:3: repo: "https://github.com/example-org/example-site.git" is not a GitHub repository name. '
     'Write the owner and the name only, like: repo = "example-org/example-site"'),
    ('repo = "example-org/example-site"\nbrnach = "main"',
     'site.toml:4: brnach: is not a setting of the [editor] table. Did you mean "branch"?'),
    ('auth_url = "http://sign-in.example.org"',
     'site.toml:3: auth_url: "http://sign-in.example.org" is not an https:// address. '
     'Write the whole address, like: auth_url = "https://sign-in.example.org"'),
])
def test_editor_table_mistakes_are_named_with_file_and_line(tmp_path, lines, expected):
    from editor.plugin import read_editor_table

    site_file = tmp_path / "site.toml"
    site_file.write_text(f'name = "A campaign"\n[editor]\n{lines}\n', encoding="utf-8")
    _table, problems = read_editor_table(site_file)
    assert [str(problem).replace(str(tmp_path) + "/", "") for problem in problems] == [expected]
