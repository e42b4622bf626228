"""Content-Security-Policy: every built page carries it, it blocks planted inline script in real Chromium while the
site's own scripts (and Pagefind's WebAssembly search) still work, and the quality gate reports a page without it."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.server import serve  # noqa: E402
from checks.static import scripts_only_from_the_site  # noqa: E402

INVOKE = str(Path(sys.executable).parent / "invoke")
_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def test_every_built_page_carries_a_policy_that_allows_only_the_sites_own_files(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        policies = [html.unescape(policy) for policy in _META.findall(text)]
        assert len(policies) == 1, page
        assert scripts_only_from_the_site(policies[0]), (page, policies[0])
        head = text.split("</head>", 1)[0]
        # The policy must come before anything it governs: a meta CSP covers only what follows it.
        assert head.index("Content-Security-Policy") < min(
            [head.find(tag) for tag in ("<script", "<link rel=\"stylesheet\"", "<style") if tag in head] or [10**9])
        # What the policy would block must not be needed: no inline code, handlers or style attributes.
        for script in re.findall(r"<script\b([^>]*)>(.*?)</script>", text, re.DOTALL):
            assert "src=" in script[0] or 'type="application/ld+json"' in script[0], (page, script[0])
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", text), page
        assert not re.search(r"<[^>]+\sstyle\s*=", text), page
        assert "<style" not in text, page


def _visit(browser, url: str):
    context = browser.new_context()
    page = context.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page, messages


def test_the_sites_own_scripts_and_search_run_under_the_policy(browser, built_site):
    with serve(built_site) as base_url:
        wanted = ["", "search/?q=overnight"]
        for folder in ("meetings", "letters"):
            found = sorted((built_site / folder).glob("*/index.html")) if (built_site / folder).is_dir() else []
            wanted += [str(path.parent.relative_to(built_site)) + "/" for path in found[:1]]
        explainer = [path for path in built_site.rglob("index.html") if "hs-clock__svg" in path.read_text("utf-8")]
        wanted += [str(path.parent.relative_to(built_site)) + "/" for path in explainer[:1]]
        assert len(wanted) >= 4, wanted
        for path in wanted:
            context, page, messages = _visit(browser, base_url + path)
            if path.startswith("search"):
                page.wait_for_selector(".hs-search__result a", timeout=15_000)
            # Scripts ran: each sets the `js` class on <html> before showing what needs it.
            if page.locator("script[src]").count():
                assert "js" in (page.get_attribute("html", "class") or "").split(), path
            assert [text for text in messages if "Content Security Policy" in text] == [], (path, messages)
            context.close()


def test_planted_inline_script_and_handler_are_blocked(browser, built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    home = site / "index.html"
    text = home.read_text(encoding="utf-8")
    planted = ('<script>document.title = "inline ran"</script>'
               '<img alt="" src="/nothing-here.png" onerror="document.title = &quot;handler ran&quot;">'
               '<a id="planted" href="javascript:void(document.title=&quot;link ran&quot;)">x</a>')
    home.write_text(text.replace("</main>", planted + "</main>", 1), encoding="utf-8")
    with serve(site) as base_url:
        context, page, messages = _visit(browser, base_url)
        title = page.title()
        assert title and "ran" not in title
        page.click("#planted")
        page.wait_for_timeout(200)
        assert page.title() == title
        assert any("Content Security Policy" in message for message in messages), messages
        context.close()


def test_the_gate_reports_a_page_without_the_policy(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "about" / "index.html" if (site / "about" / "index.html").is_file() else site / "404.html"
    page.write_text(_META.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    report_path = tmp_path / "report.json"
    result = subprocess.run([INVOKE, "check", "--output", str(site), "--only", "static", "--json", str(report_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    findings = json.loads(report_path.read_text())["findings"]
    assert result.returncode == 1, result.stdout
    assert [(f["page"], f["rule"]) for f in findings] == [(str(page.relative_to(site)), "content-security-policy")]
    assert "Content-Security-Policy" in result.stdout
