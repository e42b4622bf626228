"""Publishing to a folder (switched atomically) and to GitHub Pages (a real bare git repository)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from publish_helpers import SITEURL
from publishing.directory import DirectoryTarget
from publishing.errors import PublishError
from publishing.pages import PagesTarget, cname_for


@pytest.fixture
def sites(public_sites):
    return public_sites.first, public_sites.changed, public_sites.changed_url


def tree(folder) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.md5(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- Directory ---

def test_directory_publish_switches_a_link_to_a_complete_copy(sites, tmp_path):
    first, changed, changed_url = sites
    served = tmp_path / "www" / "site"
    target = DirectoryTarget(served)

    report = target.publish(first)

    assert served.is_symlink()
    assert tree(served) == tree(first)
    assert len(report.copied) == len(tree(first))

    again = target.publish(first)
    assert again.changes.empty and again.copied == []

    old_release = served.resolve()
    report = target.publish(changed)
    page_key = changed_url + "index.html"
    assert page_key in report.copied
    # The search index (pagefind/) changes with any page's words; every other changed file lists the page.
    for key in (key for key in report.copied if not key.startswith("pagefind/")):
        assert changed_url in (changed / key).read_text(encoding="utf-8"), f"{key} copied but did not change"
    assert tree(served) == tree(changed)
    assert served.resolve() != old_release
    assert tree(old_release) == tree(first), "the previous copy stays whole, to go back to"
    # Unchanged files are hard links to the previous copy, not new copies.
    assert os.path.samefile(served / "about" / "index.html", old_release / "about" / "index.html")


def test_directory_publish_stopped_part_way_leaves_the_live_site_untouched(sites, tmp_path):
    first, changed, _url = sites
    served = tmp_path / "site"
    DirectoryTarget(served).publish(first)
    live_before = served.resolve()

    target = DirectoryTarget(served)
    real_copy = target.copy_file

    def copy_then_fail(source, destination):
        real_copy(source, destination)
        raise OSError(28, "No space left on device")

    target.copy_file = copy_then_fail
    with pytest.raises(OSError):
        target.publish(changed)

    assert served.resolve() == live_before
    assert tree(served) == tree(first)

    DirectoryTarget(served).publish(changed)
    assert tree(served) == tree(changed)
    assert not list(served.parent.glob("site.releases/.unfinished-*")), "the unfinished copy is cleaned up"


def test_directory_keeps_only_the_configured_number_of_copies(sites, tmp_path):
    first, changed, _url = sites
    served = tmp_path / "site"
    target = DirectoryTarget(served, keep=2)
    target.publish(first)
    target.publish(changed)
    target.publish(first)  # going back to content published before reuses its copy
    releases = [p for p in (tmp_path / "site.releases").iterdir() if not p.name.startswith(".")]
    assert len(releases) == 2
    assert tree(served) == tree(first)


# --- GitHub Pages ---

def git(*args, cwd) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def bare_repository(tmp_path):
    repository = tmp_path / "pages.git"
    git("init", "--bare", "--quiet", str(repository), cwd=tmp_path)
    return repository


def branch_files(repository, branch="gh-pages") -> dict[str, str]:
    listing = git("ls-tree", "-r", branch, cwd=repository)
    return {line.split("\t")[1]: line.split()[2] for line in listing.splitlines()}


def show(repository, path, branch="gh-pages") -> str:
    return git("show", f"{branch}:{path}", cwd=repository)


def test_pages_publish_commits_the_site_with_cname_and_nojekyll(sites, bare_repository):
    first, changed, changed_url = sites
    target = PagesTarget(str(bare_repository), cname=cname_for(SITEURL, None))

    report = target.publish(first)

    assert report.pushed
    files = branch_files(bare_repository)
    assert set(files) == set(tree(first)) | {"CNAME", ".nojekyll"}
    assert show(bare_repository, "CNAME").strip() == "heart.example.org"
    assert show(bare_repository, "index.html") == (first / "index.html").read_text(encoding="utf-8")

    tip = git("rev-parse", "gh-pages", cwd=bare_repository)
    again = target.publish(first)
    assert not again.pushed and again.changes.empty
    assert git("rev-parse", "gh-pages", cwd=bare_repository) == tip, "no change, no new commit"

    report = target.publish(changed)
    assert report.pushed
    changed_files = [f.key for f in report.changes.upload]
    assert changed_url + "index.html" in changed_files
    for key in (key for key in changed_files if not key.startswith("pagefind/")):
        assert changed_url in (changed / key).read_text(encoding="utf-8")
    assert show(bare_repository, "CNAME").strip() == "heart.example.org", "the custom domain is kept"
    assert git("rev-parse", "gh-pages~1", cwd=bare_repository) == tip, "history is kept, not forced"


def test_pages_push_refused_part_way_leaves_the_branch_and_a_rerun_converges(sites, bare_repository):
    first, changed, _url = sites
    PagesTarget(str(bare_repository)).publish(first)
    tip = git("rev-parse", "gh-pages", cwd=bare_repository)
    # The server receives the objects, then refuses to move the branch: like a connection lost at the end.
    hook = bare_repository / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'remote hung up' >&2\nexit 1\n")
    hook.chmod(0o755)

    with pytest.raises(PublishError, match="git push failed"):
        PagesTarget(str(bare_repository)).publish(changed)
    assert git("rev-parse", "gh-pages", cwd=bare_repository) == tip

    hook.unlink()
    PagesTarget(str(bare_repository)).publish(changed)
    assert set(branch_files(bare_repository)) - {".nojekyll"} == set(tree(changed))
    assert show(bare_repository, "index.html") == (changed / "index.html").read_text(encoding="utf-8")


def test_pages_dry_run_pushes_nothing(sites, bare_repository):
    first = sites[0]
    report = PagesTarget(str(bare_repository)).publish(first, dry_run=True)
    assert "  add index.html" in report.changes.lines()
    assert git("branch", "--list", cwd=bare_repository).strip() == ""


@pytest.mark.parametrize("siteurl, configured, expected", [
    ("https://heart.example.org", None, "heart.example.org"),
    ("https://owner.github.io/repo", None, None),
    ("https://heart.example.org", "www.example.net", "www.example.net"),
])
def test_cname_comes_from_the_setting_or_the_site_address(siteurl, configured, expected):
    assert cname_for(siteurl, configured) == expected


def test_invoke_publish_to_pages_writes_the_cname_of_siteurl_every_time(bare_repository, tmp_path):
    config = tmp_path / "deploy.toml"
    config.write_text(f'check = ["{sys.executable}", "-c", "pass"]\n'
                      '[targets.pages]\ntype = "github-pages"\nrepository = "${PAGES_REPOSITORY}"\n',
                      encoding="utf-8")
    env = {**os.environ, "SITEURL": SITEURL, "SOURCE_DATE_EPOCH": "1700000000",
           "PAGES_REPOSITORY": str(bare_repository), "GITHUB_TOKEN": "ghs_publishtesttoken123"}
    command = [str(Path(sys.executable).parent / "invoke"), "publish", "--config", str(config),
               "--target", "pages", "--output", str(tmp_path / "out")]

    first = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stdout + first.stderr
    tip = git("rev-parse", "gh-pages", cwd=bare_repository)
    second = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)

    assert second.returncode == 0 and "Nothing changed: nothing was sent." in second.stdout
    assert git("rev-parse", "gh-pages", cwd=bare_repository) == tip
    assert show(bare_repository, "CNAME").strip() == "heart.example.org"
    assert show(bare_repository, ".nojekyll") == ""
    assert "ghs_publishtesttoken123" not in first.stdout + first.stderr + second.stdout + second.stderr
