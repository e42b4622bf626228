"""Fingerprinted names for theme files (site.css -> site.3f2a9c1d.css), so browsers may cache them for a year."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from incremental.files import copy_if_changed

# Eight hex digits: a collision between two versions of one file is not a practical risk.
HASH_LENGTH = 8


def fingerprint(path: Path) -> str:
    """The first HASH_LENGTH hex digits of the file's SHA-256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]


def fingerprinted_name(relative: str, digest: str) -> str:
    """`css/site.css` with digest `abcd1234` -> `css/site.abcd1234.css`."""
    path = PurePosixPath(relative)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


class ThemeAssets:
    """Maps theme files to fingerprinted addresses while templates render, then writes those copies.

    The plain copy (theme/css/site.css) stays too, for anything that links to it by its plain name.
    """

    def __init__(self, static_dirs: list[Path], output_prefix: str = "theme"):
        self.static_dirs = static_dirs
        self.output_prefix = output_prefix
        self.used: dict[str, str] = {}

    def url(self, relative: str) -> str:
        """Address of a theme file below the site root, e.g. `theme/css/site.abcd1234.css`.

        Raises FileNotFoundError naming the file when no theme static folder has it.
        """
        if relative not in self.used:
            source = self._source(relative)
            self.used[relative] = fingerprinted_name(relative, fingerprint(source))
        return f"{self.output_prefix}/{self.used[relative]}"

    def _source(self, relative: str) -> Path:
        for folder in self.static_dirs:
            candidate = folder / relative
            if candidate.is_file():
                return candidate
        raise FileNotFoundError(f"theme file {relative!r} not found in {', '.join(map(str, self.static_dirs))}")

    def write(self, output: Path) -> list[Path]:
        """Copy each used file to its fingerprinted name in `output`; return the paths written (not already there)."""
        written = []
        for relative, named in sorted(self.used.items()):
            target = output / self.output_prefix / named
            target.parent.mkdir(parents=True, exist_ok=True)
            if copy_if_changed(self._source(relative), target):
                written.append(target)
        return written
