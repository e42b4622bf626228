"""`make test` does all the set-up: scripts/ensure-system-packages finds the Debian packages that are missing,
and a user who is not root and has no sudo is stopped before any test with the one command to run.

These run the real script (and real make) as the `nobody` user, with dpkg's real query tool reading an empty
package database and a PATH without java, node or npm: what a fresh machine looks like to the script.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "ensure-system-packages"
# What the script and make need to run; java, node, npm, chromium and sudo are left out on purpose.
TOOLS = ("bash", "sh", "env", "id", "dpkg-query", "make", "python3")


@pytest.fixture
def fresh_machine():
    """(folder nobody can read, environment): PATH with only TOOLS, DPKG_ADMINDIR an empty dpkg database."""
    if os.geteuid() != 0:
        pytest.skip("switching to the nobody user needs root (CI runs as root)")
    folder = Path(tempfile.mkdtemp(prefix="fresh-machine-"))
    try:
        folder.chmod(0o755)
        bin_dir = folder / "bin"
        bin_dir.mkdir()
        for tool in TOOLS:
            # The system's own tools (this process's PATH may start with a virtual environment, or pyenv's
            # Python under /root, which nobody cannot read).
            (bin_dir / tool).symlink_to(shutil.which(tool, path="/usr/bin:/bin"))
        dpkg = folder / "dpkg"
        dpkg.mkdir()
        (dpkg / "status").write_text("")
        for path in folder.rglob("*"):
            path.chmod(0o755)
        yield folder, {"PATH": str(bin_dir), "DPKG_ADMINDIR": str(dpkg), "HOME": str(folder), "LANG": "C.UTF-8"}
    finally:
        shutil.rmtree(folder)


def as_nobody(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([shutil.which("setpriv") or "/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_nothing_is_installed_when_nothing_is_missing():
    """On this machine (set up by `make test`) every need is met: the script says nothing and succeeds."""
    result = subprocess.run([str(SCRIPT), "--for", "make test", "venv", "browser", "qr", "java", "node"],
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_user_without_root_or_sudo_gets_the_one_command(fresh_machine):
    folder, env = fresh_machine
    result = as_nobody([str(SCRIPT), "--for", "make test", "browser", "qr", "java", "node"], env, folder)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "make test needs Debian packages that are not installed:"
    assert "  - libzbar0 (tests decode the flyers' QR codes)" in lines
    assert lines[-1] == ("  sudo sh -c 'apt-get update && apt-get install -y chromium fonts-liberation libzbar0 "
                         "default-jre-headless nodejs npm'")


def test_make_test_stops_before_any_test(fresh_machine):
    """`make test` on that machine: the script's message, then make stops; no .venv, no npm, no pytest."""
    folder, env = fresh_machine
    project = folder / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy2(ROOT / "Makefile", project / "Makefile")
    shutil.copy2(SCRIPT, project / "scripts" / SCRIPT.name)
    for path in [project, *project.rglob("*")]:
        path.chmod(0o755)
    result = as_nobody(["make", "test"], env, project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "make test needs Debian packages that are not installed:" in result.stderr
    assert "sudo sh -c 'apt-get update && apt-get install -y chromium" in result.stderr
    assert sorted(path.name for path in project.iterdir()) == ["Makefile", "scripts"]
    assert "pytest" not in result.stdout + result.stderr and "npm ci" not in result.stdout


def test_an_unknown_need_is_named():
    result = subprocess.run([str(SCRIPT), "chrome"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 64
    assert "unknown need 'chrome' (use venv, browser, qr, java or node)" in result.stderr
