"""Publish to GitHub Pages: ghp-import commits the site to the gh-pages branch, with CNAME and .nojekyll.

ghp-import works in the current git repository, so it runs in a scratch repository made for each publish:
the project's own checkout and branches are never touched. The scratch repository fetches only the tip of
the branch; git then sends only the files that changed, and a push is all-or-nothing, so the branch
(and the live site) is either the old commit or the new one. When nothing changed, nothing is pushed.

A token for https remotes comes from GITHUB_TOKEN in the environment and is handed to git through
GIT_CONFIG_* variables: it is never written to a file, a command line or the log.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from sources.links import mask_credentials

from .errors import PublishError
from .files import Changes

COMMITTER = {"GIT_COMMITTER_NAME": "Site publisher", "GIT_COMMITTER_EMAIL": "publisher@localhost",
             "GIT_AUTHOR_NAME": "Site publisher", "GIT_AUTHOR_EMAIL": "publisher@localhost"}


@dataclass
class PagesReport:
    changes: Changes
    pushed: bool = False
    commit: str | None = None
    files: list[str] = field(default_factory=list)


def cname_for(siteurl: str | None, configured: str | None) -> str | None:
    """The custom domain for the CNAME file: the configured one, else the host of SITEURL.

    `*.github.io` addresses need no CNAME file.
    """
    if configured:
        return configured
    host = urlparse(siteurl or "").hostname
    if not host or host.endswith(".github.io") or host in ("localhost", "127.0.0.1"):
        return None
    return host


class PagesTarget:
    def __init__(self, repository: str, branch: str = "gh-pages", cname: str | None = None,
                 message: str = "Publish the site", environ=None):
        self.repository = repository
        self.branch = branch
        self.cname = cname
        self.message = message
        self.environ = dict(os.environ if environ is None else environ)

    @classmethod
    def from_config(cls, target, project_root: Path, siteurl: str | None) -> "PagesTarget":
        repository = target.get("repository", "origin")
        if repository == "origin":
            repository = _git(["remote", "get-url", "origin"], project_root).strip()
        elif "://" not in repository and not repository.startswith("git@"):
            repository = str((project_root / repository).resolve()) if not os.path.isabs(repository) else repository
        return cls(repository, target.get("branch", "gh-pages"), cname_for(siteurl, target.get("cname")),
                   target.get("message", "Publish the site"))

    def describe(self) -> str:
        return f"{mask_credentials(self.repository)} branch {self.branch}"

    def _env(self) -> dict:
        env = {**self.environ, **{k: v for k, v in COMMITTER.items() if k not in self.environ},
               "GIT_TERMINAL_PROMPT": "0"}
        token = self.environ.get("GITHUB_TOKEN")
        if token and self.repository.startswith("https://"):
            credential = base64.b64encode(f"x-access-token:{token}".encode()).decode()
            host = urlparse(self.repository)
            env.update({"GIT_CONFIG_COUNT": "1",
                        "GIT_CONFIG_KEY_0": f"http.{host.scheme}://{host.netloc}/.extraheader",
                        "GIT_CONFIG_VALUE_0": f"AUTHORIZATION: basic {credential}"})
        return env

    def publish(self, site: Path, dry_run: bool = False) -> PagesReport:
        env = self._env()
        with tempfile.TemporaryDirectory(prefix="publish-pages-") as scratch:
            work = Path(scratch)
            run = lambda args: _git(args, work, env)  # noqa: E731
            run(["init", "--quiet"])
            run(["remote", "add", "origin", self.repository])
            has_branch = bool(run(["ls-remote", "--heads", "origin", self.branch]).strip())
            if has_branch:
                run(["fetch", "--quiet", "--depth", "1", "origin", f"+refs/heads/{self.branch}:"
                     f"refs/remotes/origin/{self.branch}"])
            args = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--branch", self.branch,
                    "--remote", "origin", "--message", self.message]
            if self.cname:
                # ghp-import writes CNAME only when asked: without -c on every publish the custom domain is lost.
                args += ["--cname", self.cname]
            result = subprocess.run(args + [str(site)], cwd=work, env=env, capture_output=True, text=True)
            if result.returncode != 0:
                raise PublishError(f"ghp-import failed: {result.stderr.strip() or result.stdout.strip()}")
            if has_branch:
                diff = run(["diff", "--no-renames", "--name-status", f"origin/{self.branch}", self.branch])
            else:
                diff = run(["show", "--no-renames", "--name-status", "--format=", self.branch])
            changes = _changes_from_diff(diff)
            report = PagesReport(changes, files=sorted(f.key for f in changes.upload) + changes.delete)
            if dry_run or changes.empty:
                return report
            report.commit = run(["rev-parse", self.branch]).strip()
            # Not --force: the commit sits on top of the branch as fetched; if someone published meanwhile,
            # git refuses and the next run starts again from their commit.
            run(["push", "--quiet", "origin", f"{self.branch}:refs/heads/{self.branch}"])
            report.pushed = True
            return report


@dataclass(frozen=True)
class _Changed:
    key: str


def _changes_from_diff(diff: str) -> Changes:
    upload, new, delete = [], set(), []
    for line in diff.splitlines():
        if not line.strip():
            continue
        status, _, key = line.partition("\t")
        if status.startswith("D"):
            delete.append(key)
        else:
            upload.append(_Changed(key))
            if status.startswith("A"):
                new.add(key)
    return Changes(upload, new, sorted(delete))


def _git(args: list[str], cwd: Path, env: dict | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise PublishError(f"git {args[0]} failed: {mask_credentials(result.stderr.strip())}")
    return result.stdout
