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
from checks.site import resolve  # noqa: E402

PLANTED = ROOT / "tests" / "fixtures" / "checks" / "planted_site"
INVOKE = str(Path(sys.executable).parent / "invoke")


def run_check(output: Path, json_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, dict]:
    result = subprocess.run([INVOKE, "check", "--output", str(output), "--json", str(json_path), *args],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
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


def test_page_without_problems_has_no_findings(planted_check):
    result, report = planted_check
    assert [f for f in report["findings"] if f["page"] == "index.html"] == []
    assert "FAILED: " in result.stdout and " on 5 of 6 pages" in result.stdout


def test_page_over_the_weight_budget_fails(tmp_path):
    settings = tmp_path / "tiny_budget.py"
    settings.write_text("CHECKS_PAGE_BUDGET_KB = 0.3\n")
    result, report = run_check(PLANTED, tmp_path / "report.json", "--only", "weight", "--settings", str(settings))
    assert result.returncode == 1
    over = {f["page"] for f in report["findings"] if f["rule"] == "page-budget"}
    assert "index.html" in over and "broken-anchor/index.html" not in over
    assert "the budget is 0.3 KB" in result.stdout


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
