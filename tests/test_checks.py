"""The quality gate (`invoke check`): it passes on the shipped site and names the page and the rule of each
problem planted in a fixture site."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.lighthouse import pages_to_audit  # noqa: E402
from checks.performance import measure_page  # noqa: E402
from checks.site import resolve  # noqa: E402
from slow_page import plant_slow_page  # noqa: E402

PLANTED = ROOT / "tests" / "fixtures" / "checks" / "planted_site"
INVOKE = str(Path(sys.executable).parent / "invoke")


def run_check(output: Path, json_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, dict]:
    result = subprocess.run([INVOKE, "check", "--output", str(output), "--json", str(json_path), *args],
                            cwd=ROOT, capture_output=True, text=True, timeout=1200)
    report = json.loads(json_path.read_text()) if json_path.is_file() else {}
    return result, report


@pytest.fixture(scope="session")
def shipped_check(built_site, tmp_path_factory):
    """The full check, Lighthouse included, over the shipped site: run once per test session (about a minute)."""
    return run_check(built_site, tmp_path_factory.mktemp("check") / "report.json")


@pytest.fixture(scope="session")
def planted_check(tmp_path_factory):
    """Every check but Lighthouse over the fixture site, where each page but the home page has one problem."""
    return run_check(PLANTED, tmp_path_factory.mktemp("planted") / "report.json",
                     "--only", "html,static,weight,browser")


def test_shipped_site_passes_every_check(shipped_check):
    result, report = shipped_check
    assert result.returncode == 0, result.stdout + result.stderr
    assert report["findings"] == []
    assert "PASSED" in result.stdout
    # Lighthouse really ran on the home page and on an update, with passing scores.
    audited = report["figures"]["lighthouse"]
    assert "index.html" in audited
    assert any(page.startswith("updates/") and "/tag/" not in page for page in audited)
    for scores in audited.values():
        assert scores["accessibility"] == 1.0
        assert scores["best-practices"] == 1.0
    assert audited["index.html"]["seo"] == 1.0
    assert audited["search/index.html"]["seo"] == 1.0
    # Speed was judged on every page from the built files; Lighthouse's score and timings only reported.
    measures = report["figures"]["performance"]
    assert set(measures) == set(report["figures"]["weights"])
    assert all(len(page["render_blocking"]) == 1 for page in measures.values())
    assert "total_blocking_time_ms" in report["figures"]["lighthouse_performance"]["index.html"]
    assert any(note.startswith("Lighthouse index.html:") and "reported only" in note for note in report["notes"])


def test_shipped_site_is_checked_in_both_viewports_and_within_budget(shipped_check):
    _result, report = shipped_check
    weights = report["figures"]["weights"]
    assert "index.html" in weights and all(weight["total"] <= 50 * 1024 for weight in weights.values())
    assert report["figures"]["seconds"]["browser"] > 0


@pytest.mark.parametrize("page, check, rule", [
    ("third-party-script/index.html", "privacy", "third-party-request"),
    ("missing-alt/index.html", "images", "image-alt"),
    ("missing-alt/index.html", "axe", "image-alt"),
    ("broken-anchor/index.html", "links", "broken-anchor"),
    ("invalid-nesting/index.html", "html", "invalid-nesting"),
    ("low-contrast/index.html", "axe", "color-contrast"),
    ("scrolls-sideways/index.html", "browser", "scrolls-sideways"),
])
def test_planted_problem_is_reported_with_page_and_rule(planted_check, page, check, rule):
    result, report = planted_check
    assert result.returncode == 1
    assert any(f["page"] == page and f["check"] == check and f["rule"] == rule for f in report["findings"]), \
        result.stdout
    # The readable report names the page, then the check and rule under it.
    section = result.stdout.split(f"\n{page}\n", 1)[1].split("\n\n", 1)[0]
    assert f"[{check}: {rule}]" in section
    assert "How to fix:" in section


def test_third_party_request_is_blocked_in_the_browser_at_both_sizes(planted_check):
    _result, report = planted_check
    blocked = [f for f in report["findings"] if f["page"] == "third-party-script/index.html"
               and f["rule"] == "third-party-request" and "blocked" in f["what"]]
    assert blocked and "phone" in blocked[0]["where"] and "desktop" in blocked[0]["where"]
    assert "https://cdn.example.com/tracker.js" in blocked[0]["what"]


def test_fast_check_reads_the_files_only(tmp_path):
    """`invoke check --fast` (make check FAST=1): HTML, links, privacy, weight and speed, no browser."""
    json_path = tmp_path / "report.json"
    result = subprocess.run([INVOKE, "check", "--fast", "--output", str(PLANTED), "--json", str(json_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    report = json.loads(json_path.read_text())
    assert result.returncode == 1
    assert "(checks run: html, static, weight, performance)" in result.stdout
    found = {(f["page"], f["check"], f["rule"]) for f in report["findings"]}
    assert ("invalid-nesting/index.html", "html", "invalid-nesting") in found
    assert ("broken-anchor/index.html", "links", "broken-anchor") in found
    assert ("third-party-script/index.html", "privacy", "third-party-request") in found
    assert {check for _page, check, _rule in found} <= {"html", "links", "privacy", "images", "headings", "weight",
                                                        "performance"}
    assert "browser" not in report["figures"]["seconds"] and "lighthouse" not in report["figures"]["seconds"]


def test_page_without_problems_has_no_findings(planted_check):
    result, report = planted_check
    assert [f for f in report["findings"] if f["page"] == "index.html"] == []
    assert "FAILED: " in result.stdout and " on 6 of 7 pages" in result.stdout


def test_page_over_the_weight_budget_fails(tmp_path):
    settings = tmp_path / "tiny_budget.py"
    # 0.4 KB: between the planted pages (about 0.3 KB compressed each) and their longer index page (0.5 KB).
    settings.write_text("CHECKS_PAGE_BUDGET_KB = 0.4\n")
    result, report = run_check(PLANTED, tmp_path / "report.json", "--only", "weight", "--settings", str(settings))
    assert result.returncode == 1
    over = {f["page"] for f in report["findings"] if f["rule"] == "page-budget"}
    assert "index.html" in over and "broken-anchor/index.html" not in over
    assert "the budget is 0.4 KB" in result.stdout


def test_bad_setting_is_named_without_traceback(tmp_path):
    settings = tmp_path / "bad_settings.py"
    settings.write_text('CHECKS_PAGE_BUDGET_KB = "big"\n')
    result, _report = run_check(PLANTED, tmp_path / "report.json", "--only", "weight", "--settings", str(settings))
    assert result.returncode == 2
    assert "CHECKS_PAGE_BUDGET_KB: 'big' is not a positive number of KB" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_site_says_to_build_first(tmp_path):
    result, _report = run_check(tmp_path / "nothing", tmp_path / "report.json", "--only", "static")
    assert result.returncode == 2
    assert "Build the site first: make html" in result.stderr


def test_lighthouse_audits_home_and_one_page_of_each_kind():
    pages = ["404.html", "about/index.html", "index.html", "search/index.html", "take-action/index.html",
             "updates/a/index.html", "updates/b/index.html", "updates/index.html", "updates/page/2/index.html",
             "updates/page/3/index.html", "updates/tag/budget/index.html", "updates/tag/rally/index.html"]
    chosen = pages_to_audit(pages, also=["search/index.html", "missing/index.html"], skip=["404.html"])
    assert chosen == ["about/index.html", "index.html", "updates/a/index.html", "updates/page/2/index.html",
                      "updates/tag/budget/index.html", "search/index.html"]


def test_lighthouse_audits_another_editions_home_page_and_skips_what_the_main_edition_skips():
    pages = ["404.html", "about/index.html", "es/404.html", "es/about/index.html", "es/index.html",
             "es/updates/a/index.html", "index.html", "updates/a/index.html"]
    chosen = pages_to_audit(pages, also=[], skip=["404.html"], editions=["es"])
    # Each kind on its main-edition page, then the edition's home page; es/404.html is the 404 page, skipped too.
    assert chosen == ["about/index.html", "index.html", "updates/a/index.html", "es/index.html"]


@pytest.mark.parametrize("page, address, site_root, expected", [
    ("about/index.html", "../updates/", "", ("updates/index.html", "")),
    ("about/index.html", "#team", "", ("about/index.html", "team")),
    ("404.html", "/take-action/#sign", "", ("take-action/index.html", "sign")),
    ("404.html", "/heart/take-action/", "/heart", ("take-action/index.html", "")),
    ("index.html", "https://example.org/", "", (None, "")),
    ("index.html", "../../etc/passwd", "", ("../../etc/passwd", "")),
])
def test_addresses_resolve_to_files_in_the_site(tmp_path, page, address, site_root, expected):
    assert resolve(tmp_path, page, address, site_root) == expected


SLOW_PAGE = "about/index.html"


@pytest.fixture(scope="session")
def slow_site(built_site, tmp_path_factory):
    """The shipped site, with one page made slow on purpose: a 300 KB script it must wait for."""
    return plant_slow_page(built_site, tmp_path_factory.mktemp("slow") / "output", SLOW_PAGE)


def test_slow_page_fails_on_measures_that_do_not_move_with_load(slow_site, tmp_path):
    result, report = run_check(slow_site, tmp_path / "report.json", "--only", "weight,performance")
    assert result.returncode == 1, result.stdout
    failed = {(f["page"], f["check"], f["rule"]) for f in report["findings"]}
    assert failed == {(SLOW_PAGE, "performance", "render-blocking"), (SLOW_PAGE, "performance", "script-size"),
                      (SLOW_PAGE, "weight", "page-budget")}
    section = result.stdout.split(f"\n{SLOW_PAGE}\n", 1)[1].split("\n\n", 1)[0]
    assert "theme/js/slow-bundle.js" in section and "defer" in section
    assert report["figures"]["performance"][SLOW_PAGE]["script_bytes"] > 100 * 1024


def test_lighthouse_performance_score_is_reported_never_judged(slow_site, tmp_path):
    """Lighthouse audits only the slow page; its performance score is a note, the stable measures fail it."""
    others = sorted(path.relative_to(slow_site).as_posix() for path in slow_site.rglob("*.html"))
    settings = tmp_path / "one_page.py"
    settings.write_text(f"CHECKS_LIGHTHOUSE_ALSO = []\nCHECKS_LIGHTHOUSE_SKIP = "
                        f"{[page for page in others if page != SLOW_PAGE]!r}\n")
    result, report = run_check(slow_site, tmp_path / "report.json", "--only", "performance,lighthouse",
                               "--settings", str(settings))
    assert result.returncode == 1, result.stdout + result.stderr
    assert list(report["figures"]["lighthouse"]) == [SLOW_PAGE]
    assert {f["check"] for f in report["findings"]} == {"performance"}
    note = next(note for note in report["notes"] if note.startswith(f"Lighthouse {SLOW_PAGE}:"))
    assert "reported only (total blocking time ms" in note
    assert report["figures"]["lighthouse_performance"][SLOW_PAGE]["transfer_bytes"] > 100 * 1024


@pytest.mark.parametrize("head, body, expected", [
    # (what is in <head>, what is in <body>, {measure: value})
    ('<link rel="stylesheet" href="site.css">', "", {"render_blocking": ["site.css"], "requests": 2}),
    ('<link rel="stylesheet" href="print.css" media="print">', "", {"render_blocking": [], "requests": 2}),
    ('<script src="a.js" defer></script><script type="module" src="b.js"></script>', "",
     {"render_blocking": [], "requests": 3}),
    ('<script src="a.js"></script>', "", {"render_blocking": ["a.js"], "requests": 2}),
    ('<script type="application/ld+json">{"@type": "Event"}</script>', "", {"script_bytes": 0}),
    ('<link rel="icon" href="data:,">', "", {"requests": 1}),
    ("", '<img src="a.png" alt="A" width="10" height="10"><img src="b.png" alt="B">',
     {"unsized_images": ["line 1: b.png"], "requests": 3}),
    ("", "<div><div><p>deep</p></div></div><br>", {"dom_elements": 7, "dom_depth": 5}),
])
def test_page_measures_from_the_built_file(tmp_path, head, body, expected):
    (tmp_path / "site.css").write_text("body { color: #222; }")
    (tmp_path / "a.js").write_text("document.documentElement.className = 'js';")
    (tmp_path / "index.html").write_text(f"<!doctype html><html><head>{head}</head><body>{body}</body></html>")
    measured = measure_page(tmp_path, "index.html").as_dict()
    assert {key: measured[key] for key in expected} == expected


def test_stylesheet_import_is_one_more_blocking_file(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.css").write_text('@import url("fonts.css");\nbody { color: #222; }')
    (tmp_path / "css" / "fonts.css").write_text("")
    (tmp_path / "index.html").write_text('<html><head><link rel="stylesheet" href="css/site.css"></head></html>')
    measured = measure_page(tmp_path, "index.html")
    assert measured.render_blocking == ["css/site.css", "/css/fonts.css"] and measured.requests == 3


@pytest.mark.parametrize("setting, message", [
    ('CHECKS_LIGHTHOUSE_MINIMUM = {"performance": 0.9, "seo": 1.0}',
     "CHECKS_LIGHTHOUSE_MINIMUM: performance: the Lighthouse performance score moves with how busy the machine"),
    ('CHECKS_PERFORMANCE_LIMITS = {"scripts_kb": 30}',
     "CHECKS_PERFORMANCE_LIMITS: 'scripts_kb' is not a limit the check knows. Use one of: requests,"),
    ('CHECKS_PERFORMANCE_LIMITS = {"requests": "many"}',
     "CHECKS_PERFORMANCE_LIMITS: requests: 'many' is not a number of 0 or more. Write it like: {\"requests\": 20}"),
])
def test_bad_speed_setting_is_named_with_an_example(tmp_path, setting, message):
    settings = tmp_path / "bad_settings.py"
    settings.write_text(setting + "\n")
    result, _report = run_check(PLANTED, tmp_path / "report.json", "--only", "performance", "--settings", str(settings))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_limit_left_out_keeps_its_default(tmp_path):
    settings = tmp_path / "one_limit.py"
    settings.write_text('CHECKS_PERFORMANCE_LIMITS = {"dom_elements": 10}\n')
    result, report = run_check(PLANTED, tmp_path / "report.json", "--only", "performance", "--settings", str(settings))
    assert result.returncode == 1
    rules = {(f["page"], f["rule"]) for f in report["findings"]}
    assert ("index.html", "dom-size") in rules
    # The other limits kept their defaults, which the planted pages are within.
    assert {rule for _page, rule in rules} == {"dom-size"}
