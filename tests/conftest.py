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
              env: dict | None = None, strict: bool = True, extra: dict | None = None) -> Build:
    """Run `invoke build` the way `make html` does, into `output`; return its result (never raises)."""
    args = [str(Path(sys.executable).parent / "invoke"), "build", "--settings", settings,
            "--path", str(content or ROOT / "content"), "--output", str(output)]
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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped site, built once per test session. Tests must not modify it."""
    output = tmp_path_factory.mktemp("site") / "output"
    build = run_build(output)
    assert build.returncode == 0, build.messages
    return output
