"""Editing in the browser with `make admin`, in real Chromium: on a copy of the repository, the editor at /admin/
logs in to the local backend (decap-server), writes an event file the build reads and builds, and refuses to
save an event without a start, with the build's own hint."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, copy_content, run_build

sys.path.insert(0, str(ROOT))

DECAP = ROOT / "admin" / "node_modules"
INVOKE = Path(sys.executable).parent / "invoke"
# Every policy violation and every host the page contacts, recorded from the first script on.
WATCH_POLICY = ("window.policyViolations = [];"
                "document.addEventListener('securitypolicyviolation',"
                " e => window.policyViolations.push(e.violatedDirective + ' ' + e.blockedURI));")

pytestmark = pytest.mark.skipif(not (DECAP / ".bin" / "decap-server").exists(),
                                reason="the editor is not installed: make admin-files")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float, data: bytes | None = None) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} did not answer within {seconds} s")
        time.sleep(1)


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """`invoke admin` (what `make admin` runs) in a copy of the repository.

    Yields (copy, preview address, local backend address)."""
    copy = tmp_path_factory.mktemp("editor") / "site"
    shutil.copytree(ROOT, copy, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "output", "cache", "__pycache__", ".pytest_cache", "tests", "bench"))
    (copy / "admin" / "node_modules").symlink_to(DECAP)
    port, backend_port = free_port(), free_port()
    log = open(copy.parent / "admin.log", "w")
    process = subprocess.Popen([str(INVOKE), "admin", "--port", str(port), "--backend-port", str(backend_port)],
                               cwd=copy, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                               env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    base = f"http://127.0.0.1:{port}"
    try:
        # Generous limits: the first build shares two cores with other work; the verdict does not depend on speed.
        wait_for(f"{base}/admin/config.yml", 300)
        wait_for(f"http://127.0.0.1:{backend_port}/api/v1", 60, data=b'{"action": "info"}')
        yield copy, base, f"127.0.0.1:{backend_port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def open_new_event(browser, base: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_POLICY)
    hosts: set[str] = set()
    context.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page = context.new_page()
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="Login").click(timeout=120_000)  # the local backend's sign-in
    page.goto(f"{base}/admin/#/collections/events/new")
    page.get_by_label("Title", exact=True).wait_for(timeout=60_000)
    return context, page, hosts


def optional(page, name: str):
    # Decap labels optional fields "Name (optional)".
    return page.get_by_label(re.compile(rf"^{name}\b"))


def publish(page) -> None:
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("menuitem", name="Publish now").click()


def test_an_event_made_in_the_editor_is_a_file_the_build_reads(browser, editor, tmp_path):
    copy, base, backend = editor
    context, page, hosts = open_new_event(browser, base)
    page.get_by_label("Title", exact=True).fill("Teach-in at the library")
    page.get_by_label("Start", exact=True).fill("2027-05-01T10:00")
    page.get_by_label("End", exact=True).fill("2027-05-01T12:00")
    optional(page, "Location").fill("Main Library, Room 2")
    optional(page, "Step free").click()
    page.get_by_role("option", name="yes", exact=True).click()
    publish(page)

    saved = copy / "content" / "events" / "2027-05-01-teach-in-at-the-library.md"
    deadline = time.monotonic() + 60
    while not saved.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert saved.read_text(encoding="utf-8") == (
        "Title: Teach-in at the library\n"
        "Start: 2027-05-01 10:00\n"
        "End: 2027-05-01 12:00\n"
        "Location: Main Library, Room 2\n"
        "Step_free: yes\n"
    )
    assert page.evaluate("window.policyViolations") == []
    # The preview site and the local backend only: the editor's files come from the site itself.
    assert hosts <= {base.split("/")[2], backend}, hosts
    context.close()

    # `make html` (invoke build) builds the new event's page.
    output = tmp_path / "output"
    result = subprocess.run([str(INVOKE), "build", "--output", str(output)], cwd=copy, capture_output=True,
                            text=True, timeout=600, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stdout + result.stderr
    html = (output / "events" / "2027-05-01-teach-in-at-the-library" / "index.html").read_text(encoding="utf-8")
    assert "Teach-in at the library" in html and "Main Library, Room 2" in html
    assert re.search(r"Step-free access: <strong>yes</strong>", html)


def test_an_event_without_a_start_is_refused_with_the_build_hint(browser, editor, tmp_path):
    copy, base, _backend = editor
    # What the build says about the same event.
    content = copy_content(tmp_path)
    (content / "events" / "no-start.md").write_text("Title: Teach-in without a start\nEnd: 2027-05-01 12:00\n\nText.\n",
                                                    encoding="utf-8")
    build = run_build(tmp_path / "output", content)
    message = next(line for line in build.messages.splitlines() if line.startswith("content/events/no-start.md"))
    assert "Start: is missing." in message
    build_hint = message.split("Every event needs the day and time it starts. ", 1)[1]

    before = sorted((copy / "content" / "events").iterdir())
    context, page, _hosts = open_new_event(browser, base)
    page.get_by_label("Title", exact=True).fill("Teach-in without a start")
    page.get_by_label("End", exact=True).fill("2027-05-01T12:00")
    publish(page)
    page.get_by_text("Start is required.").wait_for(timeout=30_000)
    page.get_by_text("Oops, you've missed a required field").first.wait_for()
    hint = page.locator("p", has_text="When the event starts").inner_text()
    assert hint.endswith(build_hint), (hint, build_hint)
    assert page.evaluate("window.policyViolations") == []
    context.close()
    assert sorted((copy / "content" / "events").iterdir()) == before

