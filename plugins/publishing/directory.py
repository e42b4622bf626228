"""Publish to a folder a web server serves, switched in one step.

The served path is a symbolic link to a complete copy of the site in `<path>.releases/`. A new copy is
made beside the live one (unchanged files are hard links to the live copy, so only changed files are
written), then the link is replaced with one rename, which is atomic: visitors see the old site or the
new one, never a mix. A publish that stops part-way leaves the link, and so the live site, untouched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .files import Changes, plan_changes, scan_site


@dataclass
class DirectoryReport:
    changes: Changes
    copied: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    release: Path | None = None


def release_name(files) -> str:
    """A name made from the site's content, so publishing the same site twice finds it already there."""
    digest = hashlib.sha256()
    for key in sorted(files):
        digest.update(f"{key}\0{files[key].md5}\n".encode())
    return "site-" + digest.hexdigest()[:16]


class DirectoryTarget:
    def __init__(self, path: Path, keep: int = 3):
        self.path = Path(path).absolute()
        self.releases = self.path.parent / f"{self.path.name}.releases"
        self.keep = keep
        # The one step that writes file contents; tests replace it to stop a publish part-way.
        self.copy_file = shutil.copyfile

    @classmethod
    def from_config(cls, target) -> "DirectoryTarget":
        return cls(Path(os.path.expanduser(str(target.get("path")))), int(target.get("keep", 3)))

    def describe(self) -> str:
        return str(self.path)

    def live(self) -> Path | None:
        """The folder visitors see now, or None before the first publish."""
        if self.path.is_symlink() or self.path.is_dir():
            return self.path.resolve()
        return None

    def published(self) -> dict[str, str]:
        live = self.live()
        if live is None or not live.is_dir():
            return {}
        return {key: f.md5 for key, f in scan_site(live).items()}

    def plan(self, site: Path) -> Changes:
        return plan_changes(scan_site(site), self.published())

    def publish(self, site: Path, dry_run: bool = False) -> DirectoryReport:
        files = scan_site(site)
        live = self.live()
        live_md5 = self.published()
        changes = plan_changes(files, live_md5)
        report = DirectoryReport(changes)
        if dry_run or changes.empty:
            return report

        self.releases.mkdir(parents=True, exist_ok=True)
        self._remove_unfinished()
        release = self.releases / release_name(files)
        if not release.is_dir():
            building = self.releases / f".unfinished-{release.name}-{os.getpid()}"
            for key, file in files.items():
                target = building / key
                target.parent.mkdir(parents=True, exist_ok=True)
                if live is not None and live_md5.get(key) == file.md5:
                    os.link(live / key, target)
                    report.linked.append(key)
                else:
                    self.copy_file(file.path, target)
                    report.copied.append(key)
            os.replace(building, release)
        os.utime(release)  # newest first when old releases are pruned
        self._switch_to(release)
        report.release = release
        self._prune(keep={release, live})
        return report

    def _switch_to(self, release: Path) -> None:
        if self.path.exists() and not self.path.is_symlink():
            # First publish over a plain folder: keep it as a release, then link. This one time there is
            # a moment between the two renames when the path is missing.
            os.replace(self.path, self.releases / f"site-before-publishing-{os.getpid()}")
        link = self.path.parent / f".{self.path.name}.switching-{os.getpid()}"
        if link.is_symlink():
            link.unlink()
        os.symlink(os.path.relpath(release, self.path.parent), link)
        os.replace(link, self.path)  # rename(2) over the old link: atomic

    def _remove_unfinished(self) -> None:
        for stale in self.releases.glob(".unfinished-*"):
            shutil.rmtree(stale, ignore_errors=True)

    def _prune(self, keep: set) -> None:
        releases = sorted((p for p in self.releases.iterdir() if p.is_dir() and not p.name.startswith(".")),
                          key=lambda p: p.stat().st_mtime, reverse=True)
        for old in releases[self.keep:]:
            if old not in keep:
                shutil.rmtree(old, ignore_errors=True)
