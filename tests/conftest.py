"""Shared test helpers: build the real site with real Pelican into a temp folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))


@dataclass
class Build:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    @property
    def messages(self) -> str:
        return self.stdout + self.stderr


def run_build(output: Path, content: Path | None = None, settings: str = "pelicanconf.py",
              env: dict | None = None, strict: bool = True, extra: dict | None = None,
              campaign: Path | None = None) -> Build:
    """Run `invoke build` the way `make html` does, into `output`; return its result (never raises).

    `campaign` builds another campaign folder; `content` builds another content folder with this campaign's data.
    """
    args = [str(Path(sys.executable).parent / "invoke"), "build", "--settings", settings, "--output", str(output)]
    if campaign:
        args += ["--campaign", str(campaign)]
    if content or not campaign:
        args += ["--path", str(content or ROOT / "content")]
    if not strict:
        args.append("--no-strict")
    for key, value in (extra or {}).items():
        args += ["--extra", f"{key}={json.dumps(value)}"]
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", **(env or {})}
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=full_env, timeout=300)
    return Build(result.returncode, result.stdout, result.stderr, output)


def copy_content(destination: Path) -> Path:
    """A private copy of content/ that a test may break on purpose."""
    target = destination / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def copy_campaign(destination: Path) -> Path:
    """A private copy of the default campaign (content/ and data/) that a test may change on purpose."""
    target = destination / "campaign"
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("content", "data"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped site, built once per test session. Tests must not modify it."""
    output = tmp_path_factory.mktemp("site") / "output"
    build = run_build(output)
    assert build.returncode == 0, build.messages
    return output


# --- Publishing (tests/publish_helpers.py): public builds shared by the publishing tests, built once. ---
@pytest.fixture(scope="session")
def public_sites(tmp_path_factory):
    """Public builds shared by the publishing tests (each build takes seconds, so they are made once)."""
    from publish_helpers import PublicSites, build_public_site, change_one_update

    tmp = tmp_path_factory.mktemp("public-sites")
    content = copy_content(tmp)
    first = build_public_site(tmp, "first", content)
    again = build_public_site(tmp, "again", content)
    changed_url = change_one_update(content)
    changed = build_public_site(tmp, "changed", content)

    other = copy_content(tmp / "other")
    linked = "\n".join(p.read_text(encoding="utf-8") for p in other.rglob("*.md"))
    # An update in the main language (NAME.md, not a translation NAME.es.md), removed with its translations.
    unlinked = next(p for p in sorted((other / "updates").glob("*.md")) if p.name not in linked and p.suffixes == [".md"])
    for path in [unlinked, *(other / "updates").glob(f"{unlinked.stem}.*.md")]:
        path.unlink()
    (other / "updates" / "2025-07-01-new-update.md").write_text(
        "Title: A new update for the test\nDate: 2025-07-01\nSummary: Test summary.\n\nBody text.\n",
        encoding="utf-8")
    return PublicSites(first, again, changed, changed_url, build_public_site(tmp, "next", other))


EDITOR_REPO = "example-org/example-site"


@pytest.fixture(scope="session")
def ci_build(tmp_path_factory) -> tuple[Build, Path]:
    """The shipped site built as the pull-request check builds it (GITHUB_ACTIONS=true, a job-summary file),
    with the browser editor switched on ([editor] repo set in a copy of data/site.toml).

    Returns the build and the summary file's path. Tests must not modify the output.
    """
    folder = tmp_path_factory.mktemp("ci")
    summary = folder / "step-summary.md"
    site_file = folder / "site.toml"
    site_file.write_text((ROOT / "data" / "site.toml").read_text(encoding="utf-8")
                         .replace('repo = ""', f'repo = "{EDITOR_REPO}"'), encoding="utf-8")
    build = run_build(folder / "output", env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
                      extra={"EDITOR_SITE_FILE": str(site_file)})
    assert build.returncode == 0, build.messages
    return build, summary


# --- Real headless Chromium (Playwright), the one way tests start it. ---
@pytest.fixture(scope="module")
def browser():
    """A headless /usr/bin/chromium for the tests of one module, with the quality gate's flags (no sandbox as root,
    nothing fetched from the internet by the browser itself). Give each test its own context (browser.new_context()).

    Module scope: Playwright's sync API runs one instance per thread at a time, so a test must not start its own
    (`with sync_playwright()`) while this one runs; a module that needs a browser takes this fixture.
    """
    from playwright.sync_api import sync_playwright

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from checks.browser import CHROMIUM_ARGS

    chromium = Path("/usr/bin/chromium")
    assert chromium.is_file(), "Chromium is missing: apt-get install -y chromium (make test installs it)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
